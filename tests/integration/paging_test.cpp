// A member far behind catches up in pages: sync and history replies never
// exceed max_reply_bytes (256 KiB), whatever the backlog, and has_more says
// to ask again.
#include "integration/support/realtime_fixture.hpp"

namespace natter::testing {
namespace {

using boost::json::array;
using boost::json::object;

constexpr std::size_t max_reply_bytes = 256 * 1024;

// 4000 characters, nearly all emoji of 4 bytes: the longest message, 16 KB
// on the wire.
std::string heavy_text(int n) {
  std::string text = std::to_string(n) + " ";
  for (std::size_t chars = text.size(); chars < 4000; ++chars) text += "\xF0\x9F\x98\x80";
  return text;
}

std::int64_t seq_of(const boost::json::value& e) {
  return e.at("type") == "message" ? e.at("message").at("seq").as_int64() : e.at("seq").as_int64();
}

class paging : public realtime_test {
 protected:
  // count heavy messages into c, 16 in flight.
  void send_many(ws_client& ws, std::int64_t c, int count) {
    for (int first = 0; first < count; first += 16) {
      std::vector<std::string> ids;
      for (int i = first; i < std::min(first + 16, count); ++i) {
        ids.push_back(ws.send_request({{"type", "message.send"},
                                       {"conversation_id", c},
                                       {"client_msg_id", next_client_id()},
                                       {"text", heavy_text(i)}}));
      }
      for (const auto& id : ids) ASSERT_TRUE(ws.reply(id).contains("ok"));
    }
  }

  // What a client does after a reconnect: sync from what it has, page on with
  // sync while the reply has_more, and with history for a conversation that
  // has_more. Returns the seqs received per conversation; checks every reply
  // against the bound.
  std::map<std::int64_t, std::vector<std::int64_t>> catch_up(ws_client& ws, const object& since) {
    std::map<std::int64_t, std::vector<std::int64_t>> got;
    std::int64_t after = 0;
    for (int page = 0; page < 100; ++page) {
      object req{{"type", "sync"}, {"since", since}};
      if (after != 0) req["after"] = after;
      auto reply = ws.ok(req);
      for (const auto& c : reply.at("conversations").as_array()) {
        const auto id = c.at("conversation_id").as_int64();
        for (const auto& e : c.at("events").as_array()) got[id].push_back(seq_of(e));
        if (c.at("has_more").as_bool()) page_on(ws, id, got[id]);
        after = id;
      }
      if (!reply.at("has_more").as_bool()) break;
      ++pages_;
    }
    EXPECT_LE(ws.largest_frame(), max_reply_bytes);
    return got;
  }

  void page_on(ws_client& ws, std::int64_t c, std::vector<std::int64_t>& seqs) {
    for (;;) {
      auto page = ws.ok({{"type", "history"}, {"conversation_id", c}, {"after_seq", seqs.back()}, {"limit", 100}});
      for (const auto& e : page.at("events").as_array()) seqs.push_back(seq_of(e));
      if (!page.at("has_more").as_bool()) return;
    }
  }

  static std::vector<std::int64_t> range(std::int64_t from, std::int64_t to) {
    std::vector<std::int64_t> out;
    for (auto s = from; s <= to; ++s) out.push_back(s);
    return out;
  }

  int pages_ = 0;  // sync pages after the first
};

// The deliberate version: 300 messages of 4000 emoji in a public room make a
// 4.8 MB backlog, beyond the 4 MiB outbound queue, for every member who was away.
TEST_F(paging, a_member_far_behind_in_a_room_catches_up_in_pages_within_the_bound) {
  auto alice = join_as("alice");
  auto bob_session = register_and_login("bob");
  const auto room = conversation_of(alice->ok({{"type", "room.create"}, {"name", "lobby"}}));
  const auto joined_at =
      connect(bob_session)->ok({{"type", "room.join"}, {"name", "lobby"}}).at("conversation").at("last_seq").as_int64();
  send_many(*alice, room, 300);

  auto bob = connect(bob_session, false);
  auto got = catch_up(*bob, object{{std::to_string(room), joined_at}});
  EXPECT_EQ(got[room], range(joined_at + 1, joined_at + 300)) << "everything, once, in order";
  bob->ok({{"type", "ping"}});
}

TEST_F(paging, a_member_of_several_groups_far_behind_gets_them_over_several_sync_pages) {
  auto alice = join_as("alice");
  auto bob_session = register_and_login("bob");
  connect(bob_session)->ok({{"type", "contact.add"}, {"username", "alice"}});  // so alice adds him at once
  object since;
  std::vector<std::int64_t> groups;
  for (const char* name : {"one", "two", "three"}) {
    groups.push_back(conversation_of(alice->ok({{"type", "group.create"}, {"name", name}, {"members", array{"bob"}}})));
    since[std::to_string(groups.back())] = 2;  // alice's join and bob's
  }
  for (auto g : groups) send_many(*alice, g, 100);

  auto bob = connect(bob_session, false);
  auto got = catch_up(*bob, since);
  EXPECT_GE(pages_, 2) << "4.8 MB of backlog takes more than one sync page";
  for (auto g : groups) EXPECT_EQ(got[g], range(3, 102)) << g;
}

TEST_F(paging, history_is_paged_by_bytes_too) {
  auto alice = join_as("alice");
  const auto group = conversation_of(alice->ok({{"type", "group.create"}, {"name", "g"}, {"members", array{}}}));
  send_many(*alice, group, 100);  // seqs 2 to 101

  std::vector<std::int64_t> seqs;
  object req{{"type", "history"}, {"conversation_id", group}, {"limit", 100}};
  for (int page = 0; page < 20; ++page) {
    auto reply = alice->ok(req);
    const auto& events = reply.at("events").as_array();
    ASSERT_FALSE(events.empty());
    std::vector<std::int64_t> these;
    for (const auto& e : events) these.push_back(seq_of(e));
    seqs.insert(seqs.begin(), these.begin(), these.end());
    if (!reply.at("has_more").as_bool()) break;
    req["before_seq"] = these.front();
  }
  EXPECT_LE(alice->largest_frame(), max_reply_bytes);
  EXPECT_EQ(seqs, range(1, 101));
}

// 32 history pages asked at once, 8 MiB in all, twice the outbound queue:
// the replies wait for room instead of closing the connection.
TEST_F(paging, replies_wait_for_room_in_the_outbound_queue_instead_of_closing) {
  auto alice = join_as("alice");
  const auto group = conversation_of(alice->ok({{"type", "group.create"}, {"name", "g"}, {"members", array{}}}));
  send_many(*alice, group, 100);

  std::vector<std::string> ids;
  for (int i = 0; i < 32; ++i) {
    ids.push_back(alice->send_request({{"type", "history"}, {"conversation_id", group}, {"limit", 100}}));
  }
  for (const auto& id : ids) {
    auto reply = alice->reply(id);
    ASSERT_TRUE(reply.contains("ok")) << "the connection was closed";
    EXPECT_TRUE(reply.at("has_more").as_bool());
  }
  alice->ok({{"type", "ping"}});
}

}  // namespace
}  // namespace natter::testing
