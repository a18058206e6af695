// What operators see: the metrics a scripted session moves, on the metrics
// listener, and the health routes answering HEAD.

#include <algorithm>
#include <boost/beast/http/verb.hpp>
#include <thread>

#include "integration/support/metrics_scrape.hpp"
#include "integration/support/realtime_fixture.hpp"

namespace natter::testing {
namespace {

class observability : public realtime_test {
 protected:
  std::vector<std::string> natterd_args() override {
    auto args = realtime_test::natterd_args();
    const auto rate = std::find(args.begin(), args.end(), "--login-rate-per-account");
    if (rate != args.end()) *std::next(rate) = "2";  // two failed logins a minute per account
    args.insert(args.end(), {"--metrics-listen", "127.0.0.1:0", "--ws-auth-timeout-ms", "300"});
    return args;
  }
  metrics_scrape scrape() const { return metrics_scrape(server_->metrics_port()); }

  // /metrics until sample has this value (sessions end asynchronously after
  // the client sees the close).
  metrics_scrape scrape_until(const std::string& sample, double value) const {
    for (int i = 0; i < 300; ++i) {
      auto now = scrape();
      if (now[sample] == value) return now;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << sample << " never became " << value;
    return scrape();
  }
};

std::string requests(const std::string& type, const std::string& code) {
  return R"(natter_websocket_requests_total{type=")" + type + R"(",code=")" + code + R"("})";
}
std::string closes(const std::string& code, const std::string& by) {
  return R"(natter_websocket_closes_total{code=")" + code + R"(",by=")" + by + R"("})";
}
const std::string login_route = R"(natter_http_requests_total{route="/api/v1/auth/login",status=")";

TEST_F(observability, a_scripted_session_moves_each_counter_by_what_it_did) {
  ASSERT_NE(server_->metrics_port(), 0) << server_->log();
  const auto before = scrape();
  const auto alice = register_and_login("alice");
  register_and_login("bob");
  EXPECT_EQ(login_reply("alice", "not the password").status, 401);
  EXPECT_EQ(login_reply("alice", "nor this one").status, 401);
  EXPECT_EQ(login_reply("alice").status, 429) << "two failed attempts per minute";

  auto a = connect(alice);
  auto b = join_as("carol");
  const auto during = scrape();
  EXPECT_EQ(during["natter_websocket_sessions"], 2);
  EXPECT_EQ(during["natter_online_users"], 2);
  for (int i = 0; i < 3; ++i) send_to(*a, "@carol", "hello " + std::to_string(i));
  EXPECT_EQ(a->error_of({{"type", "message.send"}, {"to", "@nobody"}, {"client_msg_id", "x1"}, {"text", "hi"}}),
            "USER_NOT_FOUND");
  EXPECT_EQ(a->error_of({{"type", "no.such.type"}}), "UNKNOWN_TYPE");
  for (int i = 0; i < 3; ++i) b->event("message");
  a->close(1000);
  auto idle = std::make_unique<ws_client>(server_->port());  // never authenticates: closed with 4001
  EXPECT_EQ(idle->wait_closed(), 4001);

  const auto after = scrape_until(closes("4001", "server"), before[closes("4001", "server")] + 1);
  const auto moved = [&](const std::string& sample) { return after[sample] - before[sample]; };
  EXPECT_EQ(moved("natter_messages_stored_total"), 3);
  EXPECT_EQ(moved(requests("message.send", "ok")), 3);
  EXPECT_EQ(moved(requests("message.send", "USER_NOT_FOUND")), 1);
  EXPECT_EQ(moved(requests("unknown", "UNKNOWN_TYPE")), 1);
  EXPECT_EQ(moved(requests("auth", "ok")), 2);
  EXPECT_EQ(moved(requests("sync", "ok")), 2);
  EXPECT_GE(moved("natter_websocket_events_sent_total"), 3) << "carol got three messages";
  EXPECT_EQ(moved(login_route + "401\"}"), 2);
  EXPECT_EQ(moved(login_route + "429\"}"), 1);
  EXPECT_EQ(moved(closes("4001", "server")), 1);
  const auto settled = scrape_until(closes("1000", "client"), before[closes("1000", "client")] + 1);
  EXPECT_EQ(settled["natter_websocket_sessions"], 1) << "carol is still connected";
  EXPECT_EQ(settled["natter_online_users"], 1);
  EXPECT_FALSE(settled.text().find("no.such.type") != std::string::npos) << "a label from user input";
}

TEST_F(observability, metrics_include_process_build_and_queue_metrics) {
  ASSERT_NE(server_->metrics_port(), 0) << server_->log();
  const auto now = scrape();
  EXPECT_EQ(now[R"(natter_build_info{version="0.1.0"})"], 1) << now.text();
  EXPECT_GT(now["process_cpu_seconds_total"], 0);
  EXPECT_GT(now["process_resident_memory_bytes"], 0);
  EXPECT_GT(now["process_open_fds"], 0);
  EXPECT_GT(now["process_start_time_seconds"], 1.7e9);
  for (const char* queue : {"store_writes", "store_reads", "hashing", "images", "mail"}) {
    EXPECT_TRUE(now.has(std::string(R"(natter_queue_depth{queue=")") + queue + "\"}")) << queue;
  }
  EXPECT_TRUE(now.has(R"(natter_queue_refusals_total{queue="hashing"})"));
}

TEST_F(observability, metrics_are_not_served_on_the_public_listener) {
  // 404, or the web app's page when it is built (its fallback for any path):
  // never the metrics.
  const auto reply = http_->get("/metrics");
  EXPECT_TRUE(reply.status == 404 || reply.status == 200) << reply.status;
  EXPECT_EQ(reply.body.find("natter_"), std::string::npos) << reply.body.substr(0, 200);
  EXPECT_EQ(reply.header("content-type").find("text/plain"), std::string::npos);
}

TEST_F(observability, head_on_the_health_routes_answers_without_a_body) {
  for (const char* route : {"/healthz", "/readyz"}) {
    const auto get = http_->get(route);
    const auto head = http_->request(boost::beast::http::verb::head, route);
    EXPECT_EQ(head.status, 200) << route;
    EXPECT_TRUE(head.body.empty()) << route;
    EXPECT_EQ(head.header("content-length"), std::to_string(get.body.size())) << route;
  }
}

}  // namespace
}  // namespace natter::testing
