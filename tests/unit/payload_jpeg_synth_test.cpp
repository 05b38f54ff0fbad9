#include <gtest/gtest.h>
#include <turbojpeg.h>

#include "core/error.hpp"
#include "payload/image_size.hpp"
#include "payload/jpeg_synth.hpp"

using latbench::payload::ImageSize;
using latbench::payload::JpegSpec;
using latbench::payload::synthesize_jpeg;

namespace {

// Read the header with libjpeg-turbo directly, independently of the code under test.
struct Header {
  int width = 0, height = 0, subsamp = -1;
  bool ok = false;
};

Header decode_header(const std::vector<unsigned char>& jpeg) {
  Header h;
  tjhandle tj = tjInitDecompress();
  int colorspace = 0;
  h.ok = tjDecompressHeader3(tj, jpeg.data(), static_cast<unsigned long>(jpeg.size()), &h.width,
                             &h.height, &h.subsamp, &colorspace) == 0;
  tjDestroy(tj);
  return h;
}

bool fully_decodes(const std::vector<unsigned char>& jpeg, int w, int h) {
  std::vector<unsigned char> rgb(static_cast<std::size_t>(w) * h * 3);
  tjhandle tj = tjInitDecompress();
  int rc = tjDecompress2(tj, jpeg.data(), static_cast<unsigned long>(jpeg.size()), rgb.data(), w, 0,
                         h, TJPF_RGB, 0);
  tjDestroy(tj);
  return rc == 0;
}

}  // namespace

TEST(PayloadJpegSynth, VgaIsAValidJpegOfTheRightSize) {
  auto jpeg = synthesize_jpeg({{640, 480}, 80, 1});
  ASSERT_GE(jpeg.size(), 4u);
  EXPECT_EQ(jpeg[0], 0xFF);  // SOI marker
  EXPECT_EQ(jpeg[1], 0xD8);
  EXPECT_EQ(jpeg[jpeg.size() - 2], 0xFF);  // EOI marker
  EXPECT_EQ(jpeg[jpeg.size() - 1], 0xD9);
  Header h = decode_header(jpeg);
  ASSERT_TRUE(h.ok);
  EXPECT_EQ(h.width, 640);
  EXPECT_EQ(h.height, 480);
  EXPECT_EQ(h.subsamp, TJSAMP_420);
  EXPECT_TRUE(fully_decodes(jpeg, 640, 480));
}

TEST(PayloadJpegSynth, VgaAtQuality80WeighsTensOfKilobytesLikeACamera) {
  auto jpeg = synthesize_jpeg({{640, 480}, 80, 1});
  // ESP32-CAM VGA frames are typically 20-80 KB; random bytes would be 921 KB, a flat image 5 KB.
  EXPECT_GE(jpeg.size(), 15'000u);
  EXPECT_LE(jpeg.size(), 100'000u);
}

TEST(PayloadJpegSynth, SizeGrowsWithResolutionAndQuality) {
  auto vga = synthesize_jpeg({{640, 480}, 80, 1}).size();
  auto hd = synthesize_jpeg({{1280, 720}, 80, 1}).size();
  auto vga_low = synthesize_jpeg({{640, 480}, 40, 1}).size();
  auto vga_high = synthesize_jpeg({{640, 480}, 95, 1}).size();
  EXPECT_GT(hd, vga * 2);  // 3x the pixels
  EXPECT_LT(vga_low, vga);
  EXPECT_GT(vga_high, vga);
}

TEST(PayloadJpegSynth, SameSeedSameBytesOtherSeedOtherBytes) {
  EXPECT_EQ(synthesize_jpeg({{320, 240}, 80, 7}), synthesize_jpeg({{320, 240}, 80, 7}));
  EXPECT_NE(synthesize_jpeg({{320, 240}, 80, 7}), synthesize_jpeg({{320, 240}, 80, 8}));
}

TEST(PayloadJpegSynth, OddSizesEncodeToo) {
  auto jpeg = synthesize_jpeg({{33, 17}, 80, 1});
  Header h = decode_header(jpeg);
  ASSERT_TRUE(h.ok);
  EXPECT_EQ(h.width, 33);
  EXPECT_EQ(h.height, 17);
}

TEST(PayloadJpegSynth, QualityOutOfRangeIsAUsageError) {
  try {
    synthesize_jpeg({{64, 64}, 0, 1});
    FAIL() << "expected an error";
  } catch (const latbench::Error& e) {
    EXPECT_EQ(e.kind(), latbench::ErrorKind::usage);
    // The engine names the key; the CLI names the flag (issue 15, item 6).
    EXPECT_EQ(std::string(e.what()).rfind("quality: 0 is out of range", 0), 0u) << e.what();
  }
}
