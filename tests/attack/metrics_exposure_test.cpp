// /metrics told anyone who reached the API how busy the server was, by route.
// It is now served only on --metrics-listen; on the public listener the path
// is nothing special (404, or the web app's shell when a web root is served).

#include <gtest/gtest.h>

#include <string>

#include "integration/support/server_fixture.hpp"

namespace natter::testing {
namespace {

// Whether an answer is Prometheus metrics.
bool is_metrics(const http_reply& reply) {
  return reply.status == 200 && reply.body.find("natter_http_requests_total") != std::string::npos;
}

class metrics_exposure : public server_test {};

TEST_F(metrics_exposure, the_public_listener_does_not_serve_metrics) {
  http_->get("/healthz");
  for (const char* target : {"/metrics", "/metrics/", "/METRICS", "/metrics?format=prometheus"}) {
    const auto reply = http_->get(target);
    EXPECT_FALSE(is_metrics(reply)) << target << ": " << reply.body.substr(0, 200);
    EXPECT_NE(reply.header("content-type"), "text/plain; version=0.0.4") << target;
  }
  EXPECT_EQ(http_->get("/healthz").status, 200);
}

class metrics_listener : public server_test {
 protected:
  std::vector<std::string> natterd_args() override {
    auto args = relaxed_limits();
    args.insert(args.end(), {"--metrics-listen", "127.0.0.1:0"});
    return args;
  }
};

TEST_F(metrics_listener, metrics_are_served_on_their_own_listener_only) {
  ASSERT_NE(server_->metrics_port(), 0) << server_->log();
  const http_client metrics(server_->metrics_port());
  http_->get("/healthz");
  EXPECT_TRUE(is_metrics(metrics.get("/metrics")));
  EXPECT_EQ(metrics.get("/api/v1/me").status, 404) << "the metrics listener serves nothing else";
  EXPECT_EQ(metrics.get("/healthz").status, 404);
  EXPECT_FALSE(is_metrics(http_->get("/metrics")));
  EXPECT_EQ(http_->get("/healthz").status, 200);
}

}  // namespace
}  // namespace natter::testing
