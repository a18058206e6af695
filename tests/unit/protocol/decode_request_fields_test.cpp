// decode_request field rules of message.send, history, sync and pins.list: the requests
// whose fields are more than "present and of the right type".

#include <gtest/gtest.h>

#include <string>
#include <variant>

#include "protocol/codec.hpp"
#include "unit/protocol/decode_checks.hpp"

namespace natter::protocol {
namespace {

std::string send_with(std::string_view fields) {
  return R"({"type":"message.send","id":"1","client_msg_id":"c-1","text":"hi")" + std::string(fields) + "}";
}

std::string sync_with(std::string_view since) {
  return R"({"type":"sync","id":"1","since":)" + std::string(since) + "}";
}

std::string history_with(std::string_view fields) {
  return R"({"type":"history","id":"1","conversation_id":7)" + std::string(fields) + "}";
}

// ---------- message.send ----------

TEST(decode_send, both_conversation_id_and_to_is_bad_request_naming_conversation_id) {
  expect_error(send_with(R"(,"conversation_id":7,"to":"@bob")"), errc::bad_request, "conversation_id");
}

TEST(decode_send, neither_conversation_id_nor_to_is_bad_request_naming_conversation_id) {
  expect_error(send_with(""), errc::bad_request, "conversation_id");
}

TEST(decode_send, null_counts_as_absent_for_the_target) {
  auto r = decode_as<send_request>(send_with(R"(,"conversation_id":null,"to":"#general","reply_to":null)"));
  EXPECT_FALSE(r.conversation.has_value());
  EXPECT_EQ(r.to, "#general");
  EXPECT_FALSE(r.reply_to.has_value());
}

TEST(decode_send, wrong_typed_to_names_to) {
  expect_error(send_with(R"(,"to":7)"), errc::bad_request, "to");
}

TEST(decode_send, double_reply_to_is_bad_request_naming_reply_to) {
  expect_error(send_with(R"(,"conversation_id":7,"reply_to":40.5)"), errc::bad_request, "reply_to");
}

TEST(decode_send, empty_client_msg_id_is_validation_failed) {
  expect_error(R"({"type":"message.send","id":"1","conversation_id":7,"client_msg_id":"","text":"hi"})",
               errc::validation_failed, "client_msg_id");
}

TEST(decode_send, client_msg_id_over_64_characters_is_validation_failed) {
  expect_error(R"({"type":"message.send","id":"1","conversation_id":7,"client_msg_id":")" + std::string(65, 'c') +
                   R"(","text":"hi"})",
               errc::validation_failed, "client_msg_id");
}

TEST(decode_send, missing_text_is_bad_request_naming_text) {
  expect_error(R"({"type":"message.send","id":"1","conversation_id":7,"client_msg_id":"c"})", errc::bad_request,
               "text");
}

TEST(decode_send, empty_and_overlong_text_is_left_to_the_core) {
  const std::string long_text(100000, 'x');
  EXPECT_EQ(decode_as<send_request>(send_with(R"(,"conversation_id":7)")).text, "hi");
  EXPECT_EQ(decode_as<send_request>(R"({"type":"message.send","id":"1","conversation_id":7,"client_msg_id":"c",)"
                                    R"("text":")" +
                                    long_text + R"("})")
                .text,
            long_text);
}

// ---------- history ----------

TEST(decode_history, limit_defaults_to_50) {
  auto r = decode_as<history_request>(history_with(""));
  EXPECT_EQ(r.limit, 50);
  EXPECT_FALSE(r.before_seq.has_value());
  EXPECT_FALSE(r.after_seq.has_value());
}

TEST(decode_history, limit_of_1_and_100_is_accepted) {
  EXPECT_EQ(decode_as<history_request>(history_with(R"(,"limit":1)")).limit, 1);
  EXPECT_EQ(decode_as<history_request>(history_with(R"(,"limit":100)")).limit, 100);
}

TEST(decode_history, limit_out_of_range_is_validation_failed_naming_limit) {
  for (std::string_view limit : {"0", "101", "-1", "1000000000000"}) {
    expect_error(history_with(R"(,"limit":)" + std::string(limit)), errc::validation_failed, "limit");
  }
}

TEST(decode_history, non_integer_limit_is_bad_request_naming_limit) {
  expect_error(history_with(R"(,"limit":10.5)"), errc::bad_request, "limit");
  expect_error(history_with(R"(,"limit":"10")"), errc::bad_request, "limit");
}

TEST(decode_history, seq_bounds_are_read) {
  auto r = decode_as<history_request>(history_with(R"(,"before_seq":20,"after_seq":10)"));
  EXPECT_EQ(r.before_seq, 20);
  EXPECT_EQ(r.after_seq, 10);
}

// ---------- threads ----------

TEST(decode_send, thread_id_is_read_with_a_conversation_id) {
  EXPECT_EQ(decode_as<send_request>(send_with(R"(,"conversation_id":7,"thread_id":42)")).thread_id, 42);
}

TEST(decode_send, thread_id_with_to_is_validation_failed_naming_thread_id) {
  expect_error(send_with(R"(,"to":"@bob","thread_id":42)"), errc::validation_failed, "thread_id");
}

TEST(decode_send, non_integer_thread_id_is_bad_request_naming_thread_id) {
  expect_error(send_with(R"(,"conversation_id":7,"thread_id":"42")"), errc::bad_request, "thread_id");
}

TEST(decode_thread_history, limit_defaults_to_50_and_is_bounded) {
  const std::string frame = R"({"type":"thread.history","id":"1","conversation_id":7,"thread_id":42)";
  EXPECT_EQ(decode_as<thread_history_request>(frame + "}").limit, 50);
  EXPECT_EQ(decode_as<thread_history_request>(frame + R"(,"limit":100,"before_seq":9})").before_seq, 9);
  for (std::string_view limit : {"0", "101"}) {
    expect_error(frame + R"(,"limit":)" + std::string(limit) + "}", errc::validation_failed, "limit");
  }
  expect_error(R"({"type":"thread.history","id":"1","conversation_id":7})", errc::bad_request, "thread_id");
}

TEST(decode_thread_read, every_field_is_required) {
  expect_error(R"({"type":"thread.read","id":"1","conversation_id":7,"thread_id":42})", errc::bad_request, "seq");
  EXPECT_EQ(
      decode_as<thread_read_request>(R"({"type":"thread.read","id":"1","conversation_id":7,"thread_id":42,"seq":5})")
          .seq,
      5);
}

// ---------- sync ----------

TEST(decode_sync, since_maps_conversation_ids_to_seqs) {
  auto r = decode_as<sync_request>(sync_with(R"({"7":12,"9":0})"));
  EXPECT_EQ(r.since, (std::map<conversation_id, seq_t>{{7, 12}, {9, 0}}));
}

TEST(decode_sync, empty_since_is_accepted) {
  EXPECT_TRUE(decode_as<sync_request>(sync_with("{}")).since.empty());
}

TEST(decode_sync, after_says_where_a_later_page_starts_and_defaults_to_the_first) {
  EXPECT_EQ(decode_as<sync_request>(sync_with("{}")).after, 0);
  EXPECT_EQ(decode_as<sync_request>(R"({"type":"sync","id":"1","since":{},"after":7})").after, 7);
  expect_error(R"({"type":"sync","id":"1","since":{},"after":-1})", errc::validation_failed, "after");
  expect_error(R"({"type":"sync","id":"1","since":{},"after":"7"})", errc::bad_request, "after");
}

TEST(decode_sync, missing_since_is_bad_request_naming_since) {
  expect_error(R"({"type":"sync","id":"1"})", errc::bad_request, "since");
}

TEST(decode_sync, non_object_since_is_bad_request_naming_since) {
  expect_error(sync_with("[7,12]"), errc::bad_request, "since");
}

TEST(decode_sync, keys_that_are_not_decimal_ids_are_bad_request) {
  for (std::string_view key : {"abc", "-1", "+1", "07", "1.5", "", " 7", "7 ", "1e3", "99999999999999999999"}) {
    expect_error(sync_with(R"({")" + std::string(key) + R"(":1})"), errc::bad_request, "since");
  }
}

TEST(decode_sync, values_that_are_not_non_negative_integers_are_bad_request) {
  for (std::string_view value : {"-1", "1.5", R"("3")", "null", "[]"}) {
    expect_error(sync_with(R"({"7":)" + std::string(value) + "}"), errc::bad_request, "since");
  }
}

// ---------- pins.list ----------

std::string pins_with(std::string_view fields) {
  return R"({"type":"pins.list","id":"1","conversation_id":7)" + std::string(fields) + "}";
}

TEST(decode_pins_list, limit_defaults_to_50_and_no_cursor_starts_at_the_newest) {
  auto r = decode_as<pins_list_request>(pins_with(""));
  EXPECT_EQ(r.limit, 50);
  EXPECT_FALSE(r.cursor.has_value());
}

TEST(decode_pins_list, limit_outside_1_to_50_is_validation_failed_naming_limit) {
  EXPECT_EQ(decode_as<pins_list_request>(pins_with(R"(,"limit":1)")).limit, 1);
  for (std::string_view limit : {"0", "51", "-1", "1000000000000"}) {
    expect_error(pins_with(R"(,"limit":)" + std::string(limit)), errc::validation_failed, "limit");
  }
  expect_error(pins_with(R"(,"limit":"5")"), errc::bad_request, "limit");
}

TEST(decode_pins_list, a_cursor_is_when_and_which_message) {
  auto r = decode_as<pins_list_request>(pins_with(R"(,"cursor":"1763719200000.42")"));
  ASSERT_TRUE(r.cursor.has_value());
  EXPECT_EQ(r.cursor->at, 1763719200000);
  EXPECT_EQ(r.cursor->id, 42);
}

TEST(decode_pins_list, anything_else_as_cursor_is_bad_request_naming_cursor) {
  for (std::string_view c : {R"("")", R"("42")", R"("a.1")", R"("1.")", R"(".1")", R"("1.2.3")", R"("-1.2")",
                             R"("1.9999999999999999999")", "42", "[]"}) {
    expect_error(pins_with(R"(,"cursor":)" + std::string(c)), errc::bad_request, "cursor");
  }
}

}  // namespace
}  // namespace natter::protocol
