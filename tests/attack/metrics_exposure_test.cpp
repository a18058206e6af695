// /metrics told anyone who reached the API how busy the server was, by route.
// It is now served only on --metrics-listen; the public listener answers 404.

#include <gtest/gtest.h>

#include <string>

#include "integration/support/server_fixture.hpp"

namespace natter::testing {
namespace {

class metrics_exposure : public server_test {};

TEST_F(metrics_exposure, the_public_listener_does_not_serve_metrics) {
  EXPECT_EQ(http_->get("/metrics").status, 404);
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
  const auto text = metrics.get("/metrics");
  EXPECT_EQ(text.status, 200);
  EXPECT_NE(text.body.find("natter_http_requests_total"), std::string::npos);
  EXPECT_EQ(metrics.get("/api/v1/me").status, 404) << "the metrics listener serves nothing else";
  EXPECT_EQ(http_->get("/metrics").status, 404);
  EXPECT_EQ(http_->get("/healthz").status, 200);
}

}  // namespace
}  // namespace natter::testing
