// Several senders at once in one group: every member sees one order, no gaps.
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

}  // namespace
}  // namespace natter::testing
