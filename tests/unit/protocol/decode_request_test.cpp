// decode_request: which frames are refused, with which error, naming which
// field, and whether the reply can carry the request's id.

#include <gtest/gtest.h>

#include <string>
#include <variant>

#include "protocol/codec.hpp"
#include "unit/protocol/decode_checks.hpp"

namespace natter::protocol {
namespace {

std::string nested_arrays(std::size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

// ---------- the frame ----------

TEST(decode_request, malformed_json_is_bad_request_without_id) {
  auto decoded = decode_request(R"({"type":"ping","id":"1")");
  EXPECT_FALSE(decoded.id.has_value());
  ASSERT_FALSE(decoded.body.ok());
  EXPECT_EQ(decoded.body.err().code, errc::bad_request);
}

TEST(decode_request, trailing_garbage_is_bad_request) {
  expect_error(R"({"type":"ping","id":"1"} x)", errc::bad_request, "");
}

TEST(decode_request, non_object_frames_are_bad_request_without_id) {
  for (std::string_view frame : {R"(["ping","1"])", R"("ping")", "42", "null", "true"}) {
    auto decoded = decode_request(frame);
    EXPECT_FALSE(decoded.id.has_value()) << frame;
    ASSERT_FALSE(decoded.body.ok()) << frame;
    EXPECT_EQ(decoded.body.err().code, errc::bad_request) << frame;
  }
}

TEST(decode_request, nesting_deeper_than_the_limit_is_bad_request) {
  // The frame object itself is one level.
  const std::string frame = R"({"type":"ping","id":"1","x":)" + nested_arrays(max_json_depth) + "}";
  auto decoded = decode_request(frame);
  EXPECT_FALSE(decoded.id.has_value());
  ASSERT_FALSE(decoded.body.ok());
  EXPECT_EQ(decoded.body.err().code, errc::bad_request);
}

TEST(decode_request, nesting_up_to_the_limit_is_accepted) {
  const std::string frame = R"({"type":"ping","id":"1","x":)" + nested_arrays(max_json_depth - 1) + "}";
  EXPECT_TRUE(decode_request(frame).body.ok());
}

TEST(decode_request, unknown_fields_are_ignored) {
  auto r = decode_as<history_request>(
      R"({"type":"history","id":"1","conversation_id":7,"colour":"blue","extra":{"a":[1,2]},"limit":10})");
  EXPECT_EQ(r.conversation, 7);
  EXPECT_EQ(r.limit, 10);
}

// ---------- id ----------

TEST(decode_request, missing_id_is_bad_request_naming_id) {
  expect_error(R"({"type":"ping"})", errc::bad_request, "id");
  EXPECT_FALSE(decode_request(R"({"type":"ping"})").id.has_value());
}

TEST(decode_request, numeric_id_is_bad_request_without_id) {
  auto decoded = decode_request(R"({"type":"ping","id":7})");
  EXPECT_FALSE(decoded.id.has_value());
  expect_error(R"({"type":"ping","id":7})", errc::bad_request, "id");
}

TEST(decode_request, empty_id_is_bad_request) {
  expect_error(R"({"type":"ping","id":""})", errc::bad_request, "id");
}

TEST(decode_request, id_over_64_characters_is_bad_request_without_id) {
  const std::string frame = R"({"type":"ping","id":")" + std::string(65, 'a') + R"("})";
  EXPECT_FALSE(decode_request(frame).id.has_value());
  expect_error(frame, errc::bad_request, "id");
}

TEST(decode_request, id_of_64_characters_is_accepted) {
  const std::string id(64, 'a');
  EXPECT_EQ(decode_request(R"({"type":"ping","id":")" + id + R"("})").id, id);
}

TEST(decode_request, id_length_counts_characters_not_bytes) {
  std::string id;
  for (int i = 0; i < 64; ++i) id += "\xC3\xA9";  // 64 characters, 128 bytes
  auto decoded = decode_request(R"({"type":"ping","id":")" + id + R"("})");
  EXPECT_EQ(decoded.id, id);
  EXPECT_TRUE(decoded.body.ok());
}

// ---------- type ----------

TEST(decode_request, missing_type_is_bad_request_keeping_id) {
  auto decoded = decode_request(R"({"id":"3"})");
  EXPECT_EQ(decoded.id, "3");
  expect_error(R"({"id":"3"})", errc::bad_request, "type");
}

TEST(decode_request, non_string_type_is_bad_request_naming_type) {
  expect_error(R"({"type":["ping"],"id":"3"})", errc::bad_request, "type");
}

TEST(decode_request, unknown_type_is_unknown_type_keeping_id) {
  auto decoded = decode_request(R"({"type":"message.sned","id":"9"})");
  EXPECT_EQ(decoded.id, "9");
  ASSERT_FALSE(decoded.body.ok());
  EXPECT_EQ(decoded.body.err().code, errc::unknown_type);
}

TEST(decode_request, type_is_case_sensitive) {
  EXPECT_EQ(decode_request(R"({"type":"PING","id":"9"})").body.err().code, errc::unknown_type);
}

// ---------- fields ----------

TEST(decode_request, missing_field_is_bad_request_naming_it_and_keeping_id) {
  auto decoded = decode_request(R"({"type":"auth","id":"4"})");
  EXPECT_EQ(decoded.id, "4");
  expect_error(R"({"type":"auth","id":"4"})", errc::bad_request, "token");
}

TEST(decode_request, null_required_field_counts_as_missing) {
  expect_error(R"({"type":"auth","id":"4","token":null})", errc::bad_request, "token");
}

TEST(decode_request, wrong_typed_string_field_names_it) {
  expect_error(R"({"type":"message.edit","id":"4","message_id":42,"text":5})", errc::bad_request, "text");
}

TEST(decode_request, wrong_typed_integer_field_names_it_with_its_wire_name) {
  expect_error(R"({"type":"message.delete","id":"4","message_id":"42"})", errc::bad_request, "message_id");
  expect_error(R"({"type":"typing","id":"4","conversation_id":true})", errc::bad_request, "conversation_id");
}

TEST(decode_request, double_where_integer_expected_is_bad_request) {
  expect_error(R"({"type":"typing","id":"4","conversation_id":1.5})", errc::bad_request, "conversation_id");
  expect_error(R"({"type":"typing","id":"4","conversation_id":7.0})", errc::bad_request, "conversation_id");
  expect_error(R"({"type":"typing","id":"4","conversation_id":7e0})", errc::bad_request, "conversation_id");
}

TEST(decode_request, integer_beyond_int64_is_bad_request) {
  expect_error(R"({"type":"typing","id":"4","conversation_id":9223372036854775808})", errc::bad_request,
               "conversation_id");
}

TEST(decode_request, largest_int64_is_accepted) {
  EXPECT_EQ(
      decode_as<typing_request>(R"({"type":"typing","id":"4","conversation_id":9223372036854775807})").conversation,
      9223372036854775807);
}

TEST(decode_request, group_create_members_must_be_strings) {
  expect_error(R"({"type":"group.create","id":"4","name":"G","members":["bob",7]})", errc::bad_request, "members");
  expect_error(R"({"type":"group.create","id":"4","name":"G","members":"bob"})", errc::bad_request, "members");
}

TEST(decode_request, group_create_with_over_256_members_is_validation_failed) {
  std::string members;
  for (int i = 0; i < 257; ++i) members += (i ? ",\"u" : "\"u") + std::to_string(i) + "\"";
  expect_error(R"({"type":"group.create","id":"4","name":"G","members":[)" + members + "]}", errc::validation_failed,
               "members");
}

TEST(decode_request, group_create_with_256_members_is_accepted) {
  std::string members;
  for (int i = 0; i < 256; ++i) members += (i ? ",\"u" : "\"u") + std::to_string(i) + "\"";
  auto r =
      decode_as<group_create_request>(R"({"type":"group.create","id":"4","name":"G","members":[)" + members + "]}");
  EXPECT_EQ(r.members.size(), 256u);
}

TEST(decode_request, room_create_topic_defaults_to_empty) {
  EXPECT_EQ(decode_as<room_create_request>(R"({"type":"room.create","id":"4","name":"general"})").topic, "");
}

}  // namespace
}  // namespace natter::protocol
