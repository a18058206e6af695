#pragma once
// What natterd migrate-store must move: a SQLite database with one of
// everything (fill), and what a store opened on the copy must then show
// (expect_everything_copied). Shared by the copies into each target.

#include <gtest/gtest.h>

#include <array>
#include <stdexcept>
#include <string>
#include <vector>

#include "conversation_conformance.hpp"
#include "sqlite_test_database.hpp"

namespace natter::store::conformance {

struct source_data {
  user_record alice, bob;
  conversation_id direct = 0, group = 0;
  std::vector<log_entry> group_log;
  conversation_id room = 0;
};

// Fills the SQLite database with one of everything, ids not starting at 1.
inline source_data fill(sqlite_test_database& db) {
  auto backend = db.open_backend();
  backend->migrate();
  auto s = backend->open_writer();
  source_data d;
  if (!s->insert_user(make_new_user("placeholder")).ok()) throw std::runtime_error("insert failed");  // ids not all 1
  d.alice = s->insert_user(make_new_user("alice")).value();
  d.bob = s->insert_user(make_new_user("bob")).value();
  d.direct = s->create_conversation(make_direct(d.alice.id, d.bob.id)).value().id;
  d.group = s->create_conversation(make_conversation(conversation_kind::group, "Team <b>'; DROP")).value().id;
  s->add_member(d.group, d.alice.id, member_role::owner, t0, 0);
  s->add_member(d.group, d.bob.id, member_role::member, t0, 0);
  for (int i = 0; i < 3; ++i) {
    s->append(
        make_message(d.group, d.alice.id, "line " + std::to_string(i) + "\ttab\nnewline \\", "m" + std::to_string(i)));
  }
  s->advance_receipts(d.group, d.bob.id, 2, 1);
  s->add_contact(d.alice.id, d.bob.id);
  s->add_block(d.bob.id, d.alice.id);
  const auto placeholder = s->user_by_username("placeholder")->id;
  s->add_invitation(d.group, placeholder, d.alice.id, t0 + 3);
  s->insert_refresh_token(make_token(d.alice.id, "family-1", "hash-1"));
  s->append_audit_event(make_event(d.alice.id, "login", "ok"));
  s->set_last_seen(d.bob.id, t0 + 5);
  // Room moderation: a mute and a moderation entry.
  d.room = s->create_conversation(make_conversation(conversation_kind::room, "lobby")).value().id;
  s->add_sanction({d.room, d.bob.id, sanction_kind::mute, d.alice.id, t0 + 6, "Calm down"});
  auto muted = new_entry(d.room, entry_kind::updated, d.alice.id, t0 + 6);
  muted.subject = d.bob.id;
  muted.action = "mute";
  muted.reason = "Calm down";
  s->append(muted);
  // Reactions, a pin and a forward.
  d.group_log = s->log_after(d.group, 0, 100);
  const auto first = d.group_log.front().message->id;
  s->add_reaction(first, d.bob.id, "👍🏽", t0 + 7);
  s->pin_message(d.group, first, d.alice.id, t0 + 8);
  // A reply in the thread under the first message (migration 19).
  const std::array thread_reply{new_message{d.group, d.bob.id, t0 + 9, "in a thread", "th", std::nullopt, {}, first}};
  s->append_messages(thread_reply);
  // A mention of bob and one of everyone, in a message bob has not read.
  const auto& second = *d.group_log.at(1).message;
  const std::array mentioned{mention_record{second.id, d.bob.id, "bob"},
                             mention_record{second.id, mention_of_everyone, ""}};
  s->set_mentions(second, mentioned);
  auto forwarded = make_message(d.group, d.bob.id, "copy", "fw");
  forwarded.forwarded_sender = "alice";
  forwarded.forwarded_at = t0 + 1;
  s->append(forwarded);
  d.group_log = s->log_after(d.group, 0, 100);
  // A device with a one-time and a fallback key, and a signed list (migration 20).
  device_record phone;
  phone.user = d.alice.id;
  phone.device_id = "phone";
  phone.session = "family-1";
  phone.curve25519 = "curve";
  phone.ed25519 = "ed";
  phone.signature = "sig";
  phone.display_name = "Phone";
  phone.created_at = t0 + 10;
  s->insert_device(phone);
  const std::array otk{device_key_record{"k1", "otk", "otk-sig"}};
  s->add_one_time_keys(d.alice.id, "phone", otk);
  s->set_fallback_key(d.alice.id, "phone", {"fb", "fallback", "fb-sig"});
  s->set_signing_key(d.alice.id, "ssk");
  s->sign_device_list(d.alice.id, 2, "list-sig", "phone ed\n");
  return d;
}

// The copy, opened as *s, holds every row of d with its id, and carries on.
inline void expect_everything_copied(store* s, const source_data& d) {
  auto alice = s->user_by_username("alice");
  ASSERT_TRUE(alice);
  EXPECT_EQ(alice->id, d.alice.id);
  EXPECT_EQ(s->credentials_of(alice->id)->password_hash, make_new_user("alice").password_hash);
  EXPECT_EQ(s->direct_conversation(d.alice.id, d.bob.id)->id, d.direct);
  EXPECT_EQ(s->conversation_by_id(d.group)->name, "Team <b>'; DROP");

  const auto log = s->log_after(d.group, 0, 100);
  ASSERT_EQ(log.size(), d.group_log.size());
  for (std::size_t i = 0; i < log.size(); ++i) {
    EXPECT_EQ(log[i].seq, d.group_log[i].seq);
    EXPECT_EQ(log[i].message->id, d.group_log[i].message->id);
    EXPECT_EQ(log[i].message->text, d.group_log[i].message->text);
  }
  EXPECT_EQ(s->member(d.group, d.bob.id)->read_seq, 1);
  // The unread counters come along: bob has read one of alice's three.
  EXPECT_EQ(s->unread_count(d.group, d.bob.id), 2);
  EXPECT_EQ(s->conversations_of(d.bob.id).at(0).unread, 2);
  EXPECT_TRUE(s->is_contact(d.alice.id, d.bob.id));
  EXPECT_TRUE(s->is_blocked(d.bob.id, d.alice.id));
  const auto placeholder = s->user_by_username("placeholder")->id;
  ASSERT_TRUE(s->invitation(d.group, placeholder));
  EXPECT_EQ(s->invitation(d.group, placeholder)->invited_by, d.alice.id);
  EXPECT_TRUE(s->refresh_token_by_hash("hash-1"));
  EXPECT_EQ(s->audit_events_of_user(d.alice.id, 10).size(), 1U);
  EXPECT_EQ(s->last_seen(d.bob.id), t0 + 5);
  const auto mute = s->sanction(d.room, d.bob.id, sanction_kind::mute);
  ASSERT_TRUE(mute);
  EXPECT_EQ(mute->reason, "Calm down");
  EXPECT_EQ(mute->by, d.alice.id);
  const auto room_log = s->log_after(d.room, 0, 10);
  ASSERT_EQ(room_log.size(), 1U);
  EXPECT_EQ(room_log[0].action, "mute");
  EXPECT_EQ(room_log[0].reason, "Calm down");
  ASSERT_TRUE(s->device_of(d.alice.id, "phone"));
  EXPECT_EQ(s->device_of(d.alice.id, "phone")->display_name, "Phone");
  EXPECT_EQ(s->key_owner(d.alice.id).signed_version, 2);
  EXPECT_EQ(s->key_owner(d.alice.id).signing_key, "ssk");
  EXPECT_EQ(s->claim_key(d.alice.id, "phone")->key.key_id, "k1");
  EXPECT_TRUE(s->claim_key(d.alice.id, "phone")->fallback);
  const auto first = d.group_log.front().message->id;
  const std::array reacted{first};
  const auto reactions = s->reactions_on(reacted, 10);
  const auto second = d.group_log.at(1).message->id;
  const std::array mentioned{second};
  const std::vector<mention_record> mentions{{second, d.bob.id, "bob"}, {second, mention_of_everyone, ""}};
  EXPECT_EQ(s->mentions_on(mentioned), mentions);
  EXPECT_EQ(s->unread_mentions(d.group, d.bob.id), 1);
  ASSERT_EQ(reactions.size(), 1U);
  EXPECT_EQ(reactions[0].emoji, "👍🏽");
  EXPECT_EQ(reactions[0].users.at(0).id, d.bob.id);
  ASSERT_EQ(s->pins_of(d.group, 10).size(), 1U);
  EXPECT_EQ(s->pins_of(d.group, 10)[0].by.id, d.alice.id);
  EXPECT_EQ(log.back().message->forwarded_sender, "alice");
  EXPECT_EQ(log.back().message->forwarded_at, t0 + 1);
  const auto threads = s->thread_summaries(reacted);
  ASSERT_EQ(threads.size(), 1U);
  EXPECT_EQ(threads[0].reply_count, 1);
  EXPECT_EQ(log[log.size() - 2].message->thread_id, first);
  EXPECT_EQ(s->thread_read_seq(first, d.bob.id), log[log.size() - 2].seq);
  // The copied messages are searchable in the target.
  message_search_query search;
  search.reader = d.bob.id;
  search.words = {"line", "newl"};
  EXPECT_EQ(s->search_messages(search).size(), 3U);

  // New rows get ids after the copied ones, and the log carries on.
  auto carol = s->insert_user(make_new_user("carol"));
  ASSERT_TRUE(carol.ok());
  EXPECT_GT(carol->id, d.bob.id);
  const auto next = s->append(make_message(d.group, d.bob.id, "after the move", "b1")).entry;
  EXPECT_EQ(next.seq, d.group_log.back().seq + 1);
  EXPECT_GT(next.message->id, d.group_log.back().message->id);
  EXPECT_EQ(s->unread_count(d.group, d.alice.id), 3) << "bob's reply in a thread, his forward and this one";
  s->delete_message(d.group_log.back().message->id, t0);
  for (const auto who : {d.alice.id, d.bob.id}) {
    EXPECT_EQ(s->unread_count(d.group, who), unread_by_counting(*s, d.group, who));
  }
}

}  // namespace natter::store::conformance
