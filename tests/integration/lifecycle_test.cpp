// Start, health, metrics, graceful stop, restart, and what the logs never hold.
#include <cstdio>

#include "integration/support/server_fixture.hpp"

namespace natter::testing {
namespace {

class lifecycle : public server_test {};

TEST_F(lifecycle, healthz_and_readyz_answer) {
  EXPECT_EQ(http_->get("/healthz").json().at("status"), "alive");
  EXPECT_EQ(http_->get("/readyz").json().at("status"), "ready");
}

class lifecycle_with_metrics : public server_test {
 protected:
  std::vector<std::string> natterd_args() override {
    auto args = relaxed_limits();
    args.insert(args.end(), {"--metrics-listen", "127.0.0.1:0"});
    return args;
  }
};

TEST_F(lifecycle_with_metrics, metrics_count_requests_by_route_and_status) {
  http_->get("/healthz");
  http_->get("/api/v1/me");
  ASSERT_NE(server_->metrics_port(), 0) << server_->log();
  auto text = http_client(server_->metrics_port()).get("/metrics").body;
  EXPECT_NE(text.find("natter_http_requests_total{route=\"/healthz\",status=\"200\"} 1"), std::string::npos) << text;
  EXPECT_NE(text.find("natter_http_requests_total{route=\"/api/v1/me\",status=\"401\"} 1"), std::string::npos);
  EXPECT_NE(text.find("natter_http_request_duration_seconds_count"), std::string::npos);
  EXPECT_NE(text.find("natter_http_connections"), std::string::npos);
  EXPECT_NE(text.find("natter_store_commit_duration_seconds_bucket"), std::string::npos);
}

TEST_F(lifecycle_with_metrics, metrics_show_how_many_writes_each_group_commit_held) {
  register_and_login("alice");  // at least one committed write
  ASSERT_NE(server_->metrics_port(), 0) << server_->log();
  auto text = http_client(server_->metrics_port()).get("/metrics").body;
  EXPECT_NE(text.find("# TYPE natter_store_commit_writes histogram"), std::string::npos) << text;
  EXPECT_NE(text.find("natter_store_commit_writes_bucket{le=\"4096\"}"), std::string::npos) << text;
  const std::string count = "natter_store_commit_writes_count ";
  const auto at = text.find(count);
  ASSERT_NE(at, std::string::npos) << text;
  EXPECT_GT(std::stoll(text.substr(at + count.size())), 0) << text;
}

TEST_F(lifecycle, sigterm_stops_cleanly_with_exit_code_zero) {
  register_and_login("alice");
  EXPECT_EQ(server_->stop(), 0);
  EXPECT_NE(server_->log().find("stopped"), std::string::npos);
}

TEST_F(lifecycle, restart_keeps_users_and_sessions) {
  auto s = register_and_login("alice");
  restart();
  EXPECT_EQ(login_reply("alice").status, 200);
  EXPECT_EQ(refresh(s.refresh_token).status, 200) << "refresh tokens survive a restart";
  EXPECT_EQ(http_->get("/api/v1/me", s.access_token).status, 200) << "the signing key is kept in the data dir";
}

TEST_F(lifecycle, writes_acknowledged_before_a_kill_survive_it) {
  ASSERT_EQ(register_user("alice").status, 201);
  server_->kill();
  server_->restart();
  http_ = std::make_unique<http_client>(server_->port());
  EXPECT_EQ(login_reply("alice").status, 200);
}

TEST_F(lifecycle, logs_never_hold_passwords_or_tokens) {
  auto s = register_and_login("alice");
  auto rotated = refresh(s.refresh_token);
  login_reply("alice", "a wrong password here");
  auto log = server_->log();
  EXPECT_EQ(log.find(default_password), std::string::npos);
  EXPECT_EQ(log.find("a wrong password here"), std::string::npos);
  EXPECT_EQ(log.find(s.refresh_token), std::string::npos);
  EXPECT_EQ(log.find(s.access_token), std::string::npos);
  EXPECT_EQ(log.find(std::string(rotated.json().at("refresh_token").as_string())), std::string::npos);
  EXPECT_NE(log.find("audit login.failed"), std::string::npos);
}

TEST_F(lifecycle, signing_key_file_is_private_to_the_owner) {
  auto key = server_->data_dir() / "data" / "jwt.key";
  ASSERT_TRUE(std::filesystem::exists(key));
  auto perms = std::filesystem::status(key).permissions();
  EXPECT_EQ(perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all),
            std::filesystem::perms::none);
}

// A data directory that vanished (a volume that did not mount) must not be
// replaced by an empty one: no accounts, everyone logged out.
TEST_F(lifecycle, a_missing_data_directory_refuses_to_start_and_says_how_to_create_one) {
  register_and_login("alice");
  ASSERT_EQ(server_->stop(), 0);
  std::filesystem::rename(server_->data_dir() / "data", server_->data_dir() / "unmounted");
  try {
    server_->restart();
    ADD_FAILURE() << "natterd started without its data directory";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("--create-data-dir"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(server_->data_dir() / "data")) << "nothing was created";
  std::filesystem::rename(server_->data_dir() / "unmounted", server_->data_dir() / "data");
  restart();
  login("alice");
}

TEST_F(lifecycle, an_empty_data_directory_refuses_to_start_naming_the_database_and_the_key) {
  ASSERT_EQ(server_->stop(), 0);
  const auto data = server_->data_dir() / "data";
  std::filesystem::remove_all(data);
  std::filesystem::create_directory(data);  // a mount point whose volume is missing
  try {
    server_->restart();
    ADD_FAILURE() << "natterd started on an empty data directory";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("natter.db"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("jwt.key"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(std::filesystem::is_empty(data));
}

TEST_F(lifecycle, a_taken_port_is_refused_in_a_plain_sentence) {
  const auto taken = "127.0.0.1:" + std::to_string(server_->port());
  try {
    natterd_process second({"--listen", taken});
    ADD_FAILURE() << "a second natterd started on " << taken;
  } catch (const std::runtime_error& e) {
    const std::string said = e.what();
    EXPECT_NE(said.find("cannot listen on " + taken + ": Address already in use"), std::string::npos) << said;
    EXPECT_EQ(said.find(".hpp:"), std::string::npos) << "no source locations: " << said;
  }
  login_reply("nobody");  // the first one still serves
}

TEST(natterd_cli, help_lists_every_option) {
  std::string output;
  FILE* pipe = ::popen((std::string(NATTERD_PATH) + " --help").c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  char buf[4096];
  while (auto n = std::fread(buf, 1, sizeof buf, pipe)) output.append(buf, n);
  EXPECT_EQ(::pclose(pipe), 0);
  for (auto flag :
       {"--listen", "--data-dir", "--create-data-dir", "--db", "--web-root", "--threads", "--log-format", "--log-level",
        "--tls-cert", "--tls-key", "--allowed-origins", "--max-body-bytes", "--jwt-secret"}) {
    EXPECT_NE(output.find(flag), std::string::npos) << flag;
  }
}

TEST(natterd_cli, an_unusable_address_refuses_to_start) {
  natterd_process first;
  EXPECT_THROW(natterd_process({"--listen", "127.0.0.1:" + std::to_string(first.port())}), std::runtime_error);
}

}  // namespace
}  // namespace natter::testing
