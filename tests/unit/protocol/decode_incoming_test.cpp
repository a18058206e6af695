// decode_incoming: how a client sorts the frames it reads.

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <variant>

#include "protocol/codec.hpp"

namespace natter::protocol {
namespace {

incoming_reply decode_reply_frame(std::string_view frame) {
  auto decoded = decode_incoming(frame);
  if (!decoded.ok()) {
    ADD_FAILURE() << decoded.err().message;
    return {};
  }
  if (!std::holds_alternative<incoming_reply>(decoded.value())) {
    ADD_FAILURE() << "not decoded as a reply";
    return {};
  }
  return std::get<incoming_reply>(decoded.value());
}

TEST(decode_incoming, hello_round_trips) {
  hello h;
  h.server = "natterd/0.1.0";
  h.limits.sync_limit = 250;
  auto decoded = decode_incoming(encode_hello(h));
  ASSERT_TRUE(decoded.ok());
  ASSERT_TRUE(std::holds_alternative<hello>(decoded.value()));
  EXPECT_EQ(std::get<hello>(decoded.value()), h);
}

TEST(decode_incoming, hello_without_a_limit_keeps_its_default) {
  auto decoded = decode_incoming(R"({"type":"hello","protocol":1,"server":"s","limits":{"sync_limit":5}})");
  ASSERT_TRUE(decoded.ok());
  const auto& h = std::get<hello>(decoded.value());
  EXPECT_EQ(h.limits.sync_limit, 5);
  EXPECT_EQ(h.limits.max_frame_bytes, hello_limits{}.max_frame_bytes);
}

TEST(decode_incoming, error_reply_carries_code_message_field_and_retry_after) {
  error e = validation_error("limit", "Between 1 and 100.");
  e.retry_after = std::chrono::seconds(4);
  auto r = decode_reply_frame(encode_error("9", e));
  EXPECT_EQ(r.id, "9");
  ASSERT_TRUE(r.failure.has_value());
  EXPECT_EQ(r.failure->code, errc::validation_failed);
  EXPECT_EQ(r.failure->message, "Between 1 and 100.");
  EXPECT_EQ(r.failure->field, "limit");
  EXPECT_EQ(r.failure->retry_after, std::chrono::seconds(4));
}

TEST(decode_incoming, error_reply_with_null_re_has_no_id) {
  auto r = decode_reply_frame(encode_error(std::nullopt, error(errc::bad_request)));
  EXPECT_FALSE(r.id.has_value());
  ASSERT_TRUE(r.failure.has_value());
  EXPECT_EQ(r.failure->code, errc::bad_request);
}

TEST(decode_incoming, every_catalogue_code_decodes_to_itself) {
  for (int i = 0; i <= static_cast<int>(errc::internal); ++i) {
    const auto code = static_cast<errc>(i);
    auto r = decode_reply_frame(encode_error("1", error(code)));
    ASSERT_TRUE(r.failure.has_value());
    EXPECT_EQ(r.failure->code, code) << info(code).code;
  }
}

TEST(decode_incoming, unknown_error_code_becomes_internal_keeping_the_message) {
  auto r = decode_reply_frame(R"({"re":"1","error":{"code":"FROM_THE_FUTURE","message":"New."}})");
  ASSERT_TRUE(r.failure.has_value());
  EXPECT_EQ(r.failure->code, errc::internal);
  EXPECT_EQ(r.failure->message, "New.");
}

TEST(decode_incoming, non_string_re_is_bad_request) {
  auto decoded = decode_incoming(R"({"re":7,"ok":true})");
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.err().field, "re");
}

TEST(decode_incoming, unknown_event_type_is_bad_request) {
  auto decoded = decode_incoming(R"({"type":"message.send","id":"1"})");
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.err().code, errc::bad_request);
  EXPECT_EQ(decoded.err().field, "type");
}

TEST(decode_incoming, frame_without_re_or_type_is_bad_request) {
  auto decoded = decode_incoming(R"({"ok":true})");
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.err().code, errc::bad_request);
}

TEST(decode_incoming, non_object_frame_is_bad_request) {
  auto decoded = decode_incoming("[]");
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.err().code, errc::bad_request);
}

TEST(decode_incoming, event_missing_a_field_is_bad_request_naming_it) {
  auto decoded = decode_incoming(R"({"type":"typing","conversation_id":7})");
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.err().field, "user");
}

TEST(decode_incoming, event_ignores_unknown_fields) {
  auto decoded = decode_incoming(R"({"type":"typing","conversation_id":7,"user":"bob","new":[1]})");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(std::get<event>(decoded.value()), event(typing_event{7, "bob"}));
}

TEST(decode_incoming, history_event_of_a_non_log_type_is_bad_request) {
  auto decoded = decode_reply(R"({"re":"1","ok":true,"has_more":false,"events":[{"type":"typing",)"
                              R"("conversation_id":7,"user":"bob"}]})",
                              "history");
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.err().field, "events.type");
}

}  // namespace
}  // namespace natter::protocol
