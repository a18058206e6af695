#pragma once
// Checks the decode_request tests share: a frame that decodes to a T, and a
// frame refused with a given error naming a given field.

#include <gtest/gtest.h>

#include <string_view>
#include <variant>

#include "protocol/codec.hpp"

namespace natter::protocol {

// The decoded body, which the test expects to be a T.
template <class T>
T decode_as(std::string_view frame) {
  auto decoded = decode_request(frame);
  if (!decoded.body.ok()) {
    ADD_FAILURE() << decoded.body.err().message;
    return T{};
  }
  if (!std::holds_alternative<T>(decoded.body.value())) {
    ADD_FAILURE() << "decoded as another request type";
    return T{};
  }
  return std::get<T>(decoded.body.value());
}

inline void expect_error(std::string_view frame, errc code, std::string_view field) {
  auto decoded = decode_request(frame);
  ASSERT_FALSE(decoded.body.ok()) << frame;
  EXPECT_EQ(decoded.body.err().code, code) << frame << ": " << decoded.body.err().message;
  EXPECT_EQ(decoded.body.err().field, field) << frame;
}

}  // namespace natter::protocol
