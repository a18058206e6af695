// Request smuggling shapes: a request whose body length is ambiguous must be
// refused with one 400 and the connection closed, so that nothing after it
// on the connection is read as another request (fuzz/http_request.cpp checks
// the same rules on arbitrary bytes).

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "integration/support/server_fixture.hpp"

namespace natter::testing {
namespace {

class http_framing : public server_test {
 protected:
  // A login request with the given framing headers and body bytes, followed
  // on the same connection by a request a proxy might have taken for body.
  std::string send_with_smuggled_request(const std::string& version, const std::string& framing,
                                         const std::string& body) const {
    return http_->raw("POST /api/v1/auth/login " + version + "\r\nHost: localhost\r\nConnection: keep-alive\r\n" +
                      "Content-Type: application/json\r\n" + framing + "\r\n" + body +
                      "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
  }
};

// Responses in an answer: natterd gives each one X-Request-Id (a status line
// cannot be counted by "HTTP/1.": an error message may mention HTTP/1.0).
std::size_t responses_in(const std::string& answer) {
  std::size_t count = 0;
  for (auto pos = answer.find("X-Request-Id:"); pos != std::string::npos; pos = answer.find("X-Request-Id:", pos + 1)) {
    ++count;
  }
  return count;
}

TEST_F(http_framing, a_request_whose_body_length_is_ambiguous_is_refused_and_ends_the_connection) {
  struct shape {
    std::string version;
    std::string framing;
    std::string body;
  };
  const std::vector<shape> shapes = {
      {"HTTP/1.1", "Transfer-Encoding: chunked, identity\r\n", ""},
      {"HTTP/1.1", "Transfer-Encoding: identity\r\n", ""},
      {"HTTP/1.1", "Transfer-Encoding: xchunked\r\n", ""},
      {"HTTP/1.1", "Transfer-Encoding: gzip\r\nContent-Length: 2\r\n", "{}"},
      {"HTTP/1.1", "Transfer-Encoding: identity\r\nContent-Length: 2\r\n", "{}"},
      {"HTTP/1.1", "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n", ""},
      {"HTTP/1.1", "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n", "2\r\n{}\r\n0\r\n\r\n"},
      {"HTTP/1.1", "Transfer-Encoding: gzip, chunked\r\n", "2\r\n{}\r\n0\r\n\r\n"},
      {"HTTP/1.1", "Transfer-Encoding: chunked, ?identity\r\n", "2\r\n{}\r\n0\r\n\r\n"},
      {"HTTP/1.1", "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n", "2\r\n{}\r\n0\r\n\r\n"},
      {"HTTP/1.1", "Transfer-Encoding: chunked\r\nContent-Length: 2\r\n", "2\r\n{}\r\n0\r\n\r\n"},
      {"HTTP/1.1", "Content-Length: 2\r\nContent-Length: 3\r\n", "{}"},
      {"HTTP/1.0", "Transfer-Encoding: chunked\r\n", "2\r\n{}\r\n0\r\n\r\n"},
  };
  for (const auto& s : shapes) {
    const auto answer = send_with_smuggled_request(s.version, s.framing, s.body);
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 400")) << s.framing << answer.substr(0, 200);
    EXPECT_EQ(responses_in(answer), 1u) << s.framing << answer;
    EXPECT_EQ(answer.find("alive"), std::string::npos) << s.framing << answer;
  }
  // A chunked body and pipelining still work.
  const auto chunked = send_with_smuggled_request("HTTP/1.1", "Transfer-Encoding: chunked\r\n", "2\r\n{}\r\n0\r\n\r\n");
  EXPECT_TRUE(chunked.starts_with("HTTP/1.1 400")) << chunked;  // {} has no login: BAD_REQUEST from the route
  EXPECT_NE(chunked.find("BAD_REQUEST"), std::string::npos) << chunked;
  EXPECT_EQ(responses_in(chunked), 2u) << chunked;
  EXPECT_NE(chunked.find("alive"), std::string::npos) << chunked;
  EXPECT_EQ(http_->get("/healthz").status, 200);
}

}  // namespace
}  // namespace natter::testing
