// Several senders at once in one group: every member sees one order, no gaps.
#include <algorithm>
#include <thread>

#include "integration/support/realtime_fixture.hpp"

namespace natter::testing {
namespace {

class ordering : public realtime_test {};

TEST_F(ordering, concurrent_senders_produce_one_gapless_order_seen_by_everyone) {
  constexpr int senders = 3;
  constexpr int per_sender = 40;
  std::vector<session> sessions;
  std::vector<std::unique_ptr<ws_client>> clients;
  for (int i = 0; i < senders; ++i) {
    sessions.push_back(register_and_login("user" + std::to_string(i)));
    clients.push_back(connect(sessions.back()));
  }
  for (int i = 1; i < senders; ++i) clients[i]->ok({{"type", "contact.add"}, {"username", "user0"}});
  auto reply =
      clients[0]->ok({{"type", "group.create"}, {"name", "race"}, {"members", boost::json::array{"user1", "user2"}}});
  const auto group = conversation_of(reply);
  // Each sender on its own thread with its own connection.
  std::vector<std::unique_ptr<ws_client>> senders_ws;
  for (int i = 0; i < senders; ++i) senders_ws.push_back(connect(sessions[i], false));
  std::vector<std::thread> threads;
  for (int i = 0; i < senders; ++i) {
    threads.emplace_back([&, i] {
      for (int n = 0; n < per_sender; ++n) {
        senders_ws[i]->request({{"type", "message.send"},
                                {"conversation_id", group},
                                {"client_msg_id", "s" + std::to_string(i) + "-" + std::to_string(n)},
                                {"text", std::to_string(i) + ":" + std::to_string(n)}});
      }
    });
  }
  for (auto& t : threads) t.join();
  std::vector<std::vector<std::string>> seen(senders);
  for (int member = 0; member < senders; ++member) {
    std::int64_t last_seq = 3;  // the three member.joined entries
    for (int k = 0; k < senders * per_sender; ++k) {
      auto msg = clients[member]->event("message").at("message");
      EXPECT_EQ(msg.at("seq").as_int64(), ++last_seq) << "member " << member;
      seen[member].emplace_back(msg.at("text").as_string());
    }
  }
  EXPECT_EQ(seen[0], seen[1]);
  EXPECT_EQ(seen[0], seen[2]);
}

// One sender pipelines its sends, so the writer commits them in groups and
// each member's session takes a group's events from its inbox as one burst:
// every member still sees each message once, in seq order.
TEST_F(ordering, a_pipelined_burst_reaches_every_member_once_in_seq_order) {
  constexpr int messages = 300;
  auto alice = register_and_login("alice");
  auto reader_alice = connect(alice);
  auto bob = join_as("bob");
  auto carol = join_as("carol");
  const auto room = conversation_of(reader_alice->ok({{"type", "room.create"}, {"name", "burst"}}));
  bob->ok({{"type", "room.join"}, {"name", "burst"}});
  carol->ok({{"type", "room.join"}, {"name", "burst"}});
  auto sender = connect(alice, false);
  std::vector<std::string> ids;
  for (int n = 0; n < messages; ++n) {
    ids.push_back(sender->send_request({{"type", "message.send"},
                                        {"conversation_id", room},
                                        {"client_msg_id", "b" + std::to_string(n)},
                                        {"text", std::to_string(n)}}));
  }
  for (const auto& id : ids) EXPECT_TRUE(sender->reply(id).contains("ok")) << id;
  std::vector<std::vector<std::string>> seen(3);
  std::vector<ws_client*> members{reader_alice.get(), bob.get(), carol.get()};
  for (std::size_t m = 0; m < members.size(); ++m) {
    std::int64_t last_seq = 0;
    for (int k = 0; k < messages; ++k) {
      auto msg = members[m]->event("message").at("message");
      const auto seq = msg.at("seq").as_int64();
      if (last_seq != 0) {
        EXPECT_EQ(seq, last_seq + 1) << "member " << m;
      }
      last_seq = seq;
      seen[m].emplace_back(msg.at("text").as_string());
    }
  }
  auto sorted = seen[0];
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(std::unique(sorted.begin(), sorted.end()), sorted.end()) << "each message once";
  EXPECT_EQ(seen[0], seen[1]);
  EXPECT_EQ(seen[0], seen[2]);
}

}  // namespace
}  // namespace natter::testing
