#include "transport/request_framing.hpp"

#include <gtest/gtest.h>

namespace natter::transport {
namespace {

http::request_header<> header_with(std::initializer_list<std::pair<http::field, const char*>> fields,
                                   unsigned version = 11) {
  http::request_header<> h;
  h.method(http::verb::post);
  h.target("/api/v1/auth/login");
  h.version(version);
  for (const auto& [name, value] : fields) h.insert(name, value);
  return h;
}

TEST(request_framing, content_length_alone_and_chunked_alone_are_fine) {
  EXPECT_FALSE(framing_problem(header_with({})));
  EXPECT_FALSE(framing_problem(header_with({{http::field::content_length, "12"}})));
  EXPECT_FALSE(framing_problem(header_with({{http::field::transfer_encoding, "chunked"}})));
  EXPECT_FALSE(framing_problem(header_with({{http::field::transfer_encoding, "Chunked"}})));
}

TEST(request_framing, any_other_transfer_encoding_is_a_problem) {
  for (const char* te : {"xchunked", "identity", "gzip", "chunked, identity", "gzip, chunked", "", "chunked;x=1"}) {
    EXPECT_TRUE(framing_problem(header_with({{http::field::transfer_encoding, te}}))) << te;
  }
}

TEST(request_framing, two_transfer_encodings_or_one_with_content_length_or_on_http10_are_problems) {
  EXPECT_TRUE(framing_problem(
      header_with({{http::field::transfer_encoding, "chunked"}, {http::field::transfer_encoding, "chunked"}})));
  EXPECT_TRUE(
      framing_problem(header_with({{http::field::transfer_encoding, "chunked"}, {http::field::content_length, "0"}})));
  EXPECT_TRUE(framing_problem(header_with({{http::field::transfer_encoding, "chunked"}}, 10)));
}

}  // namespace
}  // namespace natter::transport
