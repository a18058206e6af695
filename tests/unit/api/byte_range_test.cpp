#include "api/byte_range.hpp"

#include <gtest/gtest.h>

namespace natter::api {
namespace {

TEST(byte_range, one_range_in_each_form) {
  auto r = parse_byte_range("bytes=0-9", 100);
  EXPECT_EQ(r.first, 0u);
  EXPECT_EQ(r.last, 9u);
  r = parse_byte_range("bytes=90-", 100);
  EXPECT_EQ(r.first, 90u);
  EXPECT_EQ(r.last, 99u);
  r = parse_byte_range("bytes=-5", 100);
  EXPECT_EQ(r.first, 95u);
  EXPECT_EQ(r.last, 99u);
  r = parse_byte_range("bytes=-500", 100);  // more than there is: all of it
  EXPECT_EQ(r.first, 0u);
  EXPECT_EQ(r.last, 99u);
  r = parse_byte_range("bytes=50-5000", 100);  // the end is clamped
  EXPECT_EQ(r.last, 99u);
}

TEST(byte_range, past_the_end_is_unsatisfiable) {
  EXPECT_TRUE(parse_byte_range("bytes=100-", 100).unsatisfiable);
  EXPECT_TRUE(parse_byte_range("bytes=100-200", 100).unsatisfiable);
  EXPECT_TRUE(parse_byte_range("bytes=-0", 100).unsatisfiable);
  EXPECT_TRUE(parse_byte_range("bytes=0-", 0).unsatisfiable);
}

TEST(byte_range, anything_else_means_the_whole_body) {
  for (const char* header :
       {"", "bytes=", "bytes=-", "bytes=a-b", "bytes=5-1", "bytes=0-1,3-4", "items=0-1", "bytes = 0-1", "bytes=0x10-20",
        "bytes=99999999999999999999-", "bytes=18446744073709551615-18446744073709551615", "bytes=1-2-3"}) {
    const auto r = parse_byte_range(header, 100);
    EXPECT_FALSE(r.first.has_value()) << header;
    EXPECT_FALSE(r.unsatisfiable) << header;
  }
}

}  // namespace
}  // namespace natter::api
