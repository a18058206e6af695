// Request smuggling: a request whose body length a proxy and natterd could
// read differently. Each is answered 400 and the connection closed, so the
// bytes behind it never run as a second request (RFC 9112 §6.3).

#include <gtest/gtest.h>

#include <cctype>
#include <string>
#include <vector>

#include "integration/support/server_fixture.hpp"

namespace natter::testing {
namespace {

class request_smuggling : public server_test {
 protected:
  // Sends head, a blank line, then a complete second request as the "body",
  // and returns every status line natterd answered with.
  std::vector<std::string> statuses_for(const std::string& head) {
    const std::string smuggled = "GET /smuggled HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    const std::string answer = http_->raw(head + "\r\n" + smuggled);
    std::vector<std::string> statuses;
    for (auto at = answer.find("HTTP/1."); at != std::string::npos; at = answer.find("HTTP/1.", at + 1)) {
      const auto line = answer.substr(at, 12);
      if (line.size() == 12 && line[8] == ' ' && std::isdigit(static_cast<unsigned char>(line[9]))) {
        statuses.push_back(line);
      }
    }
    return statuses;
  }

  void expect_refused(const std::string& head) {
    EXPECT_EQ(statuses_for(head), std::vector<std::string>{"HTTP/1.1 400"}) << head;
  }
};

TEST_F(request_smuggling, a_transfer_encoding_other_than_chunked_is_refused_and_nothing_behind_it_runs) {
  for (const char* encoding :
       {"xchunked", "identity", "gzip", "chunked, identity", "gzip, chunked", "chunked, chunked"}) {
    expect_refused(std::string("POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: ") + encoding +
                   "\r\n");
  }
  expect_refused("GET /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n");
  expect_refused("GET /healthz HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n");
  EXPECT_EQ(server_->log().find("/smuggled"), std::string::npos) << "a smuggled request was served";
  EXPECT_EQ(http_->get("/healthz").status, 200);
}

TEST_F(request_smuggling, content_length_with_transfer_encoding_is_refused_in_either_order) {
  expect_refused("POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\nContent-Length: 0\r\n");
  expect_refused("POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nTransfer-Encoding: chunked\r\n");
  expect_refused("POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 0\r\n");
  EXPECT_EQ(server_->log().find("/smuggled"), std::string::npos) << "a smuggled request was served";
  EXPECT_EQ(http_->get("/healthz").status, 200);
}

TEST_F(request_smuggling, differing_content_lengths_are_refused) {
  expect_refused("POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: 5\r\n");
  expect_refused("POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 0, 5\r\n");
  EXPECT_EQ(server_->log().find("/smuggled"), std::string::npos) << "a smuggled request was served";
  EXPECT_EQ(http_->get("/healthz").status, 200);
}

TEST_F(request_smuggling, a_chunked_body_still_works) {
  auto answer = http_->raw(
      "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
      "1e\r\n{\"login\":\"x\",\"password\":\"y123\"\r\n1\r\n}\r\n0\r\n\r\n");
  EXPECT_EQ(answer.substr(0, 12), "HTTP/1.1 401") << answer;
}

}  // namespace
}  // namespace natter::testing
