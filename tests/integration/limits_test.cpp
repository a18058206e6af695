// Send rate limits, dead peers, and TLS.
#include <unistd.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <cctype>
#include <cstdio>

#include "integration/support/realtime_fixture.hpp"

namespace natter::testing {
namespace {

namespace asio = boost::asio;

class send_limits : public realtime_test {
 protected:
  std::vector<std::string> natterd_args() override {
    auto args = relaxed_limits();
    args.insert(args.end(), {"--send-rate", "3"});
    return args;
  }
};

TEST_F(send_limits, sending_faster_than_the_rate_is_refused_with_retry_after) {
  auto alice = join_as("alice");
  join_as("bob");
  std::optional<boost::json::object> refused;
  for (int i = 0; i < 10 && !refused; ++i) {
    auto reply = alice->request({{"type", "message.send"},
                                 {"to", "@bob"},
                                 {"client_msg_id", next_client_id()},
                                 {"text", "spam " + std::to_string(i)}});
    if (reply.contains("error")) refused = reply;
  }
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->at("error").at("code"), "RATE_LIMITED");
  EXPECT_GE(refused->at("error").at("retry_after").as_int64(), 1);
}

class dead_peers : public realtime_test {
 protected:
  std::vector<std::string> natterd_args() override {
    auto args = realtime_test::natterd_args();
    args.insert(args.end(), {"--ws-idle-timeout-ms", "1000"});
    return args;
  }
};

TEST_F(dead_peers, a_peer_that_stops_answering_is_dropped) {
  // A raw upgrade and then silence: no pong will ever come.
  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  socket.connect({asio::ip::make_address("127.0.0.1"), server_->port()});
  const std::string upgrade =
      "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
  asio::write(socket, asio::buffer(upgrade));
  std::string received;
  boost::system::error_code ec;
  asio::read(socket, asio::dynamic_buffer(received), ec);  // returns when the server closes
  EXPECT_NE(received.find("101 Switching Protocols"), std::string::npos);
  EXPECT_TRUE(ec == asio::error::eof || ec == asio::error::connection_reset) << ec.message();
}

class tls : public server_test {
 protected:
  std::vector<std::string> natterd_args() override {
    dir_ = std::filesystem::temp_directory_path() / ("natter-tls-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    const auto cmd = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -keyout " +
                     (dir_ / "key.pem").string() + " -out " + (dir_ / "cert.pem").string() + " 2>/dev/null";
    EXPECT_EQ(std::system(cmd.c_str()), 0);
    return {"--tls-cert", (dir_ / "cert.pem").string(), "--tls-key", (dir_ / "key.pem").string()};
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(tls, https_is_served_when_a_certificate_is_configured) {
  const auto cmd = "curl -sk -D - https://127.0.0.1:" + std::to_string(server_->port()) + "/healthz";
  std::string output;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  char buf[4096];
  while (auto n = std::fread(buf, 1, sizeof buf, pipe)) output.append(buf, n);
  EXPECT_EQ(::pclose(pipe), 0);
  for (auto& c : output) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_NE(output.find("200"), std::string::npos) << output;
  EXPECT_NE(output.find("strict-transport-security"), std::string::npos);
  EXPECT_NE(output.find("\"alive\""), std::string::npos);
  EXPECT_NE(server_->log().find("listening on https://"), std::string::npos);
}

}  // namespace
}  // namespace natter::testing
