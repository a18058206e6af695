// Connection floods from one address, past the total cap, and at the open
// file limit. natterd answers over-cap connections at once (429
// TOO_MANY_CONNECTIONS for an address over its cap, 503 BUSY over the total)
// and keeps serving everyone else; it never runs out of descriptors.
// Every flood is bounded (at most 400 connections) and aims at 127.0.0.1.

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "attack/raw_connection.hpp"
#include "integration/support/realtime_fixture.hpp"

namespace natter::testing {
namespace {

// Opens connections from source, each sending one keep-alive GET, until one
// is refused or `most` are served. Served ones stay open in `held`.
raw_answer flood_until_refused(unsigned short port, std::vector<raw_connection>& held, std::size_t most,
                               const std::string& source = "127.0.0.1") {
  while (held.size() < most) {
    raw_connection c(port, source);
    auto answer = c.get("/healthz");
    if (answer.status != 200) return answer;
    held.push_back(std::move(c));
  }
  return {};
}

bool served(const http_client& http) {
  return http.get("/healthz").status == 200;
}

class flood_test : public realtime_test {
 protected:
  // Two ordinary users register, connect and exchange a message.
  void expect_ordinary_chat() {
    auto alice = join_as("alice");
    auto bob = join_as("bob");
    send_to(*alice, "@bob", "still here");
    EXPECT_EQ(bob->event("message").at("message").at("text"), "still here");
  }
};

class per_address_cap : public flood_test {
 protected:
  std::vector<std::string> natterd_args() override {
    auto args = realtime_test::natterd_args();
    args.insert(args.end(), {"--max-connections-per-address", "20"});
    return args;
  }
};

TEST_F(per_address_cap, an_address_over_its_cap_gets_429_and_other_addresses_are_still_served) {
  std::vector<raw_connection> held;
  const auto refused = flood_until_refused(server_->port(), held, 40);
  EXPECT_EQ(held.size(), 20U);
  EXPECT_EQ(refused.status, 429) << refused.head;
  EXPECT_NE(refused.body.find("TOO_MANY_CONNECTIONS"), std::string::npos) << refused.body;
  for (int i = 0; i < 10; ++i) {
    raw_connection more(server_->port());
    EXPECT_EQ(more.read_answer().status, 429) << "refused before it sent anything";
  }

  // Another address is served while the flood holds its connections.
  raw_connection neighbour(server_->port(), "127.0.0.2");
  EXPECT_EQ(neighbour.get("/healthz").status, 200);

  held.clear();
  ASSERT_TRUE(eventually([&] { return served(*http_); })) << "the flood's places were not freed";
  expect_ordinary_chat();
}

class total_cap : public flood_test {
 protected:
  std::vector<std::string> natterd_args() override {
    auto args = realtime_test::natterd_args();
    args.insert(args.end(), {"--max-connections", "30", "--max-connections-per-address", "0"});
    return args;
  }
};

TEST_F(total_cap, past_the_total_cap_connections_get_503_busy_until_places_free_up) {
  std::vector<raw_connection> held;
  const auto refused = flood_until_refused(server_->port(), held, 60);
  EXPECT_EQ(held.size(), 30U);
  EXPECT_EQ(refused.status, 503) << refused.head;
  EXPECT_NE(refused.body.find("BUSY"), std::string::npos) << refused.body;
  EXPECT_NE(refused.head.find("Retry-After: 5"), std::string::npos) << refused.head;

  held.pop_back();
  ASSERT_TRUE(eventually([&] { return raw_connection(server_->port()).get("/healthz").status == 200; }));
  held.clear();
  ASSERT_TRUE(eventually([&] { return served(*http_); }));
  expect_ordinary_chat();
}

// natterd started with a soft limit of 200 and a hard limit of 400 open
// files: it raises the soft limit to 400 and caps connections at 400 - 128.
// Before, the 200th descriptor ended in EMFILE: accept failed, and
// connections waited in the backlog with no answer, everyone's included.
class open_file_limit : public flood_test {
 protected:
  void SetUp() override {
    ASSERT_GE(raise_own_open_files_limit(), 1024UL) << "the test itself needs descriptors for its flood";
    auto args = realtime_test::natterd_args();
    args.insert(args.end(), {"--max-connections-per-address", "0"});
    server_ = std::make_unique<natterd_process>(args, open_files_limit{200, 400});
    http_ = std::make_unique<http_client>(server_->port());
  }
};

TEST_F(open_file_limit, the_cap_stops_connections_before_descriptors_run_out) {
  EXPECT_NE(server_->log().find("at most 272 (open file limit 400)"), std::string::npos) << server_->log();
  std::vector<raw_connection> held;
  const auto refused = flood_until_refused(server_->port(), held, 400);
  EXPECT_EQ(held.size(), 272U);
  EXPECT_EQ(refused.status, 503) << "a connection got no answer: " << refused.head;
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(raw_connection(server_->port()).get("/healthz").status, 503);
  }
  EXPECT_EQ(server_->log().find("accept:"), std::string::npos) << "natterd ran out of descriptors";

  held.clear();
  ASSERT_TRUE(eventually([&] { return served(*http_); }));
  expect_ordinary_chat();
}

TEST(open_file_limit_settings, a_connection_cap_the_descriptors_cannot_hold_refuses_to_start) {
  try {
    natterd_process server({"--max-connections", "1000"}, open_files_limit{400, 400});
    ADD_FAILURE() << "natterd started with --max-connections 1000 and 400 descriptors:\n" << server.log();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("--max-connections 1000 needs 1128 file descriptors, but the limit is 400"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace natter::testing
