// reply_budget: pieces taken within a budget encode to at most that much.
#include "protocol/reply_budget.hpp"

#include <gtest/gtest.h>

#include "protocol/codec.hpp"
#include "sample_frames.hpp"

namespace natter::protocol {
namespace {

message_event message_of(std::string text, seq_t seq) {
  auto m = samples::sample_message();
  m.seq = seq;
  m.text = std::move(text);
  return message_event{m};
}

// The reply as encoded, less what reply_envelope_bytes stands for.
std::size_t pieces_bytes(const std::string& encoded, std::string_view id) {
  return encoded.size() - std::string(R"({"re":"","ok":true})").size() - id.size();
}

TEST(reply_budget, events_taken_within_a_budget_encode_to_no_more_than_it) {
  for (std::size_t bytes : {100U, 1000U, 5000U, 40000U}) {
    reply_budget budget(bytes);
    history_reply page;
    for (seq_t seq = 1; seq < 1000; ++seq) {
      // Quotes, controls and multi-byte text: what escaping makes longer.
      auto e = message_of(std::string(seq % 7 * 10, '"') + "\x01\xc3\xa9" + std::string(seq % 5, 'x'), seq);
      if (!budget.take(log_event(e))) break;
      page.events.emplace_back(std::move(e));
    }
    page.has_more = true;
    const auto encoded = encode_reply("7", page);
    EXPECT_LE(pieces_bytes(encoded, "7"), bytes + reply_envelope_bytes) << bytes;
    EXPECT_GT(pieces_bytes(encoded, "7") + 2000, bytes) << "the budget is used, not wasted: " << bytes;
  }
}

TEST(reply_budget, a_piece_that_does_not_fit_takes_nothing) {
  reply_budget budget(100);
  EXPECT_FALSE(budget.take(log_event(message_of(std::string(100, 'x'), 1))));
  EXPECT_EQ(budget.left(), 100U);
  EXPECT_TRUE(budget.take(receipt_event{7, "bob", 1, 1}));
  EXPECT_LT(budget.left(), 100U);
}

TEST(reply_budget, a_sync_reply_built_within_the_bound_stays_within_max_reply_bytes) {
  reply_budget budget(max_reply_bytes - reply_envelope_bytes);
  sync_reply r;
  seq_t seq = 0;
  for (conversation_id c = 1; c < 100000; ++c) {
    sync_conversation entry{c, 1000000 + c, false, {}};
    if (!budget.take_entry(entry) || !budget.take(receipt_event{c, "someone", 5, 5})) break;
    for (int i = 0; i < 50; ++i) {
      auto e = message_of(std::string(4000, 'y'), ++seq);
      if (!budget.take(log_event(e))) break;
      entry.events.emplace_back(std::move(e));
    }
    entry.has_more = true;
    r.conversations.push_back(std::move(entry));
    r.receipts.push_back({c, "someone", 5, 5});
  }
  r.has_more = true;
  const std::string id(64, '\x01');  // the longest id, every character escaped
  EXPECT_LE(encode_reply(id, r).size(), max_reply_bytes);
  EXPECT_GT(r.conversations.size(), 1U);
}

}  // namespace
}  // namespace natter::protocol
