// session_metrics: bounded label sets, whatever a client sends.

#include "realtime/session_metrics.hpp"

#include <gtest/gtest.h>

namespace natter::realtime {
namespace {

TEST(session_metrics, requests_are_counted_by_wire_type_and_code) {
  metrics::registry registry;
  session_metrics counts(registry);
  const protocol::request send = protocol::send_request{};
  counts.answered(send.index(), std::nullopt);
  counts.answered(send.index(), std::nullopt);
  counts.answered(send.index(), errc::rate_limited);
  counts.answered(std::nullopt, errc::unknown_type);
  EXPECT_EQ(registry.websocket_requests.with(R"(type="message.send",code="ok")").value(), 2u);
  EXPECT_EQ(registry.websocket_requests.with(R"(type="message.send",code="RATE_LIMITED")").value(), 1u);
  EXPECT_EQ(registry.websocket_requests.with(R"(type="unknown",code="UNKNOWN_TYPE")").value(), 1u);
}

TEST(session_metrics, a_type_index_out_of_range_counts_as_unknown) {
  metrics::registry registry;
  session_metrics counts(registry);
  counts.answered(std::size_t{100000}, std::nullopt);
  EXPECT_EQ(registry.websocket_requests.with(R"(type="unknown",code="ok")").value(), 1u);
}

TEST(session_metrics, close_codes_natterd_does_not_know_are_other) {
  metrics::registry registry;
  session_metrics counts(registry);
  counts.closed(4008, closed_by::server);
  counts.closed(4999, closed_by::client);
  counts.closed(3123, closed_by::client);
  EXPECT_EQ(registry.websocket_closes.with(R"(code="4008",by="server")").value(), 1u);
  EXPECT_EQ(registry.websocket_closes.with(R"(code="other",by="client")").value(), 2u);
}

}  // namespace
}  // namespace natter::realtime
