#pragma once
// A database written before migration 5 (the unread counters), and what its
// unread counts must be once migrated: the same data for each backend's
// migration test.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "conversation_conformance.hpp"

namespace natter::store::conformance {

// The rows, as SQL for a schema at version 4. yes, no: how the backend
// writes a boolean; keep_ids: what lets an INSERT give identity ids.
//
// Conversation 1 (group): alice, bob, and carol who joined at seq 5.
//   1 alice  2 bob  3 alice (deleted)  4 edit of 1  5 carol joins
//   6 carol  7 bob (deleted)  8 alice  9 deletion of 7
// Read: alice 0, bob 4 (an edit), carol 4 (her join made it so).
// Conversation 2 (direct, alice and carol): 1 alice, 2 carol; alice read 2.
// Conversation 3 (group): alice alone, nothing said.
inline std::vector<std::string> version_4_history(const std::string& yes, const std::string& no,
                                                  const std::string& keep_ids) {
  // conversation, seq, kind, actor, target, subject, deleted
  const auto entry = [&](int c, int seq, const char* kind, int actor, const char* target, const char* subject,
                         bool deleted) {
    return "(" + std::to_string(c) + ", " + std::to_string(seq) + ", '" + kind + "', " + std::to_string(actor) +
           ", 0, " + target + ", " + subject + ", " + (deleted ? yes : no) + ")";
  };
  return {
      "INSERT INTO users (id, email, email_lower, username, password_hash, created_at) " + keep_ids +
          "VALUES (1, 'a@x', 'a@x', 'alice', 'h', 0), (2, 'b@x', 'b@x', 'bob', 'h', 0), "
          "(3, 'c@x', 'c@x', 'carol', 'h', 0)",
      "INSERT INTO conversations (id, kind, created_at, last_seq, direct_key) " + keep_ids +
          "VALUES (1, 'group', 0, 9, NULL), (2, 'direct', 0, 2, '1:3'), (3, 'group', 0, 0, NULL)",
      "INSERT INTO conversation_members (conversation_id, user_id, role, joined_at, read_seq, delivered_seq, "
      "joined_seq) VALUES (1, 1, 'owner', 0, 0, 0, 1), (1, 2, 'member', 0, 4, 9, 1), (1, 3, 'member', 0, 4, 4, 5), "
      "(2, 1, 'member', 0, 2, 2, 0), (2, 3, 'member', 0, 0, 0, 0), (3, 1, 'owner', 0, 0, 0, 0)",
      "INSERT INTO conversation_log (conversation_id, seq, kind, actor_id, occurred_at, target_id, subject_id, "
      "deleted) VALUES " +
          entry(1, 1, "message", 1, "NULL", "NULL", false) + ", " + entry(1, 2, "message", 2, "NULL", "NULL", false) +
          ", " + entry(1, 3, "message", 1, "NULL", "NULL", true) + ", " + entry(1, 4, "edit", 1, "1", "NULL", false) +
          ", " + entry(1, 5, "member_joined", 1, "NULL", "3", false) + ", " +
          entry(1, 6, "message", 3, "NULL", "NULL", false) + ", " + entry(1, 7, "message", 2, "NULL", "NULL", true) +
          ", " + entry(1, 8, "message", 1, "NULL", "NULL", false) + ", " +
          entry(1, 9, "deletion", 2, "7", "NULL", false) + ", " + entry(2, 1, "message", 1, "NULL", "NULL", false) +
          ", " + entry(2, 2, "message", 3, "NULL", "NULL", false),
  };
}

// The counts of version_4_history, then after more of everything.
inline void expect_exact_unread_after_upgrade(store& s) {
  constexpr user_id alice = 1, bob = 2, carol = 3;
  EXPECT_EQ(s.unread_count(1, alice), 2);  // 2, 6
  EXPECT_EQ(s.unread_count(1, bob), 2);    // 6, 8
  EXPECT_EQ(s.unread_count(1, carol), 1);  // 8
  EXPECT_EQ(s.unread_count(2, alice), 0);
  EXPECT_EQ(s.unread_count(2, carol), 1);
  EXPECT_EQ(s.unread_count(3, alice), 0);
  for (const auto& row : s.conversations_of(alice)) {
    EXPECT_EQ(row.unread, unread_by_counting(s, row.conversation.id, alice)) << "conversation " << row.conversation.id;
  }

  const auto next = s.append(make_message(1, alice, "after the upgrade", "u1")).entry;
  EXPECT_EQ(next.seq, 10);
  s.advance_receipts(1, bob, 0, 6);
  EXPECT_EQ(s.unread_count(1, bob), 2);                 // 8, 10
  s.delete_message(s.log_after(1, 7, 1).at(0).id, t0);  // alice's seq 8
  EXPECT_EQ(s.unread_count(1, bob), 1);
  EXPECT_EQ(s.unread_count(1, carol), 1);
  s.advance_receipts(2, carol, 0, 2);
  for (const user_id u : {alice, bob, carol}) {
    for (const conversation_id c : {1, 2, 3}) {
      EXPECT_EQ(s.unread_count(c, u), unread_by_counting(s, c, u)) << "conversation " << c << ", user " << u;
    }
  }
}

}  // namespace natter::store::conformance
