// What the bus shows on /metrics: publications on the sending node,
// receptions on the other, and the bus queues' depths.

#include <thread>

#include "integration/multinode/cluster_fixture.hpp"
#include "integration/support/metrics_scrape.hpp"

namespace natter::testing {
namespace {

class bus_metrics : public cluster_test {
 protected:
  std::vector<std::string> extra_args() const override { return {"--metrics-listen", "127.0.0.1:0"}; }
  metrics_scrape scrape(int i) { return metrics_scrape(node(i).metrics_port()); }
};

const std::string published = R"(natter_bus_events_total{what="published"})";
const std::string received = R"(natter_bus_events_total{what="received"})";

TEST_F(bus_metrics, a_message_across_nodes_is_published_by_one_and_received_by_the_other) {
  ASSERT_NE(node(0).metrics_port(), 0) << node(0).log();
  auto alice = join_as("alice", 0);
  auto bob = join_as("bob", 1);
  const auto sent_before = scrape(0)[published];
  const auto got_before = scrape(1)[received];
  send_to(*alice, "@bob", "across");
  bob->event("message");
  EXPECT_GT(scrape(1)[received], got_before) << "counted before it is delivered";
  // The publisher counts once Redis answers, which may be after bob has it.
  double sent = sent_before;
  for (int i = 0; i < 300 && sent == sent_before; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    sent = scrape(0)[published];
  }
  EXPECT_GT(sent, sent_before);
  for (int i : {0, 1}) {
    const auto now = scrape(i);
    EXPECT_TRUE(now.has(R"(natter_queue_depth{queue="bus_inbox"})")) << now.text();
    EXPECT_TRUE(now.has(R"(natter_queue_depth{queue="bus_publish"})")) << now.text();
  }
}

}  // namespace
}  // namespace natter::testing
