#pragma once
// A blocking HTTP/1.1 client for integration tests: one connection per request.

#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>
#include <boost/json/value.hpp>
#include <map>
#include <string>

namespace natter::testing {

struct http_reply {
  int status = 0;
  std::multimap<std::string, std::string> headers;  // names in lower case
  std::string body;

  // The body parsed as JSON (null when it is not JSON).
  boost::json::value json() const;
  // The first value of a header, or empty.
  std::string header(const std::string& lower_name) const;
  // The error code of a JSON error body, or empty.
  std::string error_code() const;
};

class http_client {
 public:
  explicit http_client(unsigned short port) : port_(port) {}

  http_reply request(boost::beast::http::verb method, const std::string& target, const std::string& body = {},
                     const std::map<std::string, std::string>& headers = {},
                     const std::string& content_type = "application/json") const;

  http_reply get(const std::string& target, const std::string& bearer = {}) const;
  http_reply post(const std::string& target, const boost::json::value& body, const std::string& bearer = {}) const;
  http_reply patch(const std::string& target, const boost::json::value& body, const std::string& bearer = {}) const;
  // Sends raw bytes and returns whatever came back (for malformed requests).
  std::string raw(const std::string& bytes) const;

 private:
  unsigned short port_;
};

}  // namespace natter::testing
