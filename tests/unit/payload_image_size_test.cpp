#include <gtest/gtest.h>

#include "payload/image_size.hpp"

using latbench::payload::ImageSize;
using latbench::payload::looks_like_image_size;
using latbench::payload::parse_image_size;

TEST(PayloadImageSize, NamedSizes) {
  EXPECT_EQ(*parse_image_size("vga"), (ImageSize{640, 480}));
  EXPECT_EQ(*parse_image_size("hd"), (ImageSize{1280, 720}));
  EXPECT_EQ(*parse_image_size("fullhd"), (ImageSize{1920, 1080}));
}

TEST(PayloadImageSize, WidthByHeight) {
  EXPECT_EQ(*parse_image_size("800x600"), (ImageSize{800, 600}));
  EXPECT_EQ(*parse_image_size("320X240"), (ImageSize{320, 240}));
}

TEST(PayloadImageSize, BadValuesNameTheOption) {
  for (const char* bad : {"", "x", "800x", "x600", "800x600x3", "4x4", "100000x10", "-5x10", "big"}) {
    auto r = parse_image_size(bad, "--image");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(std::string(r.error().what()).find("--image"), std::string::npos);
  }
}

TEST(PayloadImageSize, TellsSizesFromPaths) {
  EXPECT_TRUE(looks_like_image_size("hd"));
  EXPECT_TRUE(looks_like_image_size("640x480"));
  EXPECT_FALSE(looks_like_image_size("frames/"));
  EXPECT_FALSE(looks_like_image_size("cat.jpg"));
}
