// core/size: the one byte-size parser of every size option (serve --max-body, run --send-buffer,
// a link's burst=).
#include <gtest/gtest.h>

#include "core/size.hpp"
#include "link/link_spec.hpp"

using latbench::parse_size;

TEST(CoreSize, UnitsFollowCoreutilsBinaryLettersAndDecimalB) {
  EXPECT_EQ(parse_size("4096", "x").value(), 4096u);
  EXPECT_EQ(parse_size("4096B", "x").value(), 4096u);
  EXPECT_EQ(parse_size("16KiB", "x").value(), 16u * 1024);
  EXPECT_EQ(parse_size("16k", "x").value(), 16u * 1024);
  EXPECT_EQ(parse_size("16K", "x").value(), 16u * 1024);
  EXPECT_EQ(parse_size("500kB", "x").value(), 500'000u);
  EXPECT_EQ(parse_size("500KB", "x").value(), 500'000u);
  EXPECT_EQ(parse_size("8MiB", "x").value(), 8u << 20);
  EXPECT_EQ(parse_size("1m", "x").value(), 1u << 20);
  EXPECT_EQ(parse_size("1MB", "x").value(), 1'000'000u);
  EXPECT_EQ(parse_size("2GiB", "x").value(), std::size_t{2} << 30);
  EXPECT_EQ(parse_size("1GB", "x").value(), 1'000'000'000u);
  EXPECT_EQ(parse_size("1.5KiB", "x").value(), 1536u);
}

TEST(CoreSize, RefusesWhatIsNoSizeNamingTheCallersWord) {
  for (const char* bad : {"", "abc", "-1", "+5", "12XB", "1e30", "inf", "nan", "99999999999GiB", "8 MiB", "2mbit", "1b"}) {
    auto r = parse_size(bad, "--max-body");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(std::string(r.error().what()),
              std::string("--max-body: invalid size '") + bad + "' (expected e.g. 8MiB, 500kB, 4096)");
  }
}

TEST(CoreSize, LinkBurstTakesSizesToo) {
  EXPECT_EQ(latbench::link::parse_link_spec("burst=1500")->burst_bytes, 1500u);
  EXPECT_EQ(latbench::link::parse_link_spec("burst=4KiB")->burst_bytes, 4096u);
  EXPECT_FALSE(latbench::link::parse_link_spec("burst=0").ok());
}
