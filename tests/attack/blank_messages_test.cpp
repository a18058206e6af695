// Messages that show nothing: only whitespace, zero-width characters, bidi
// controls, or NUL anywhere. Each is refused with VALIDATION_FAILED, for a
// send and for an edit; visible text that contains bidi controls is kept as
// it was written (clients render message text isolated).

#include <gtest/gtest.h>

#include <string>

#include "integration/support/realtime_fixture.hpp"

namespace natter::testing {
namespace {

using namespace std::string_literals;

class blank_messages : public realtime_test {};

const std::string blanks[] = {
    " "s,
    "\t \n"s,
    "\xE2\x80\x8B"s,                          // zero-width space
    "\xE2\x80\x8B\xE2\x80\x8C\xE2\x80\x8D"s,  // ZWSP ZWNJ ZWJ
    "\xE2\x80\xAE"s,                          // right-to-left override
    "\xE2\x81\xA6 \xE2\x81\xA9"s,             // isolate, space, pop
    "\xEF\xBB\xBF"s,                          // BOM
    "\xE3\x85\xA4"s,                          // Hangul filler
    "\0"s,
    "hello\0world"s,
};

TEST_F(blank_messages, sends_and_edits_that_show_nothing_or_hold_nul_are_refused) {
  auto alice = join_as("alice");
  auto bob = join_as("bob");
  for (const auto& text : blanks) {
    EXPECT_EQ(alice->error_of(
                  {{"type", "message.send"}, {"to", "@bob"}, {"client_msg_id", next_client_id()}, {"text", text}}),
              "VALIDATION_FAILED")
        << text.size() << " bytes";
  }
  const auto sent = send_to(*alice, "@bob", "visible");
  const auto id = sent.at("message").at("id").as_int64();
  for (const auto& text : blanks) {
    EXPECT_EQ(alice->error_of({{"type", "message.edit"}, {"message_id", id}, {"text", text}}), "VALIDATION_FAILED");
  }
  send_to(*alice, "@bob", "second");
  // Bob got the two real messages in a row, and no edit: anything refused
  // would have come before "second".
  EXPECT_EQ(bob->event("message").at("message").at("text"), "visible");
  EXPECT_EQ(bob->event("message").at("message").at("text"), "second");
  EXPECT_FALSE(bob->maybe_event("message.edited", std::chrono::milliseconds(0)));
}

TEST_F(blank_messages, visible_text_with_bidi_controls_is_stored_as_written) {
  auto alice = join_as("alice");
  auto bob = join_as("bob");
  const std::string text =
      "invoice \xE2\x80\xAE"
      "fdp.exe";
  EXPECT_EQ(send_to(*alice, "@bob", text).at("message").at("text").as_string(), text);
  EXPECT_EQ(bob->event("message").at("message").at("text").as_string(), text);
  EXPECT_EQ(send_to(*bob, "@alice", "ordinary").at("message").at("text"), "ordinary");
}

}  // namespace
}  // namespace natter::testing
