#pragma once
// TLS for the attack tests: a throw-away self-signed RSA certificate made with
// the openssl command, and a raw exchange over TLS with natterd.

#include <filesystem>
#include <string>

namespace natter::testing {

// A self-signed certificate for 127.0.0.1 (RSA 2048, so that static-RSA
// suites could be negotiated if natterd offered them), removed with the object.
class test_certificate {
 public:
  test_certificate();
  ~test_certificate();
  test_certificate(const test_certificate&) = delete;
  test_certificate& operator=(const test_certificate&) = delete;

  std::string cert() const { return (dir_ / "cert.pem").string(); }
  std::string key() const { return (dir_ / "key.pem").string(); }

 private:
  std::filesystem::path dir_;
};

// Sends bytes over TLS (certificate not verified) and returns what came back
// up to the end of the response's header block (or up to the close).
std::string tls_exchange_head(unsigned short port, const std::string& bytes);

// Runs `openssl s_client` against 127.0.0.1:port with the given options
// (e.g. "-tls1_2 -cipher AES128-SHA"); returns its output (stdout and stderr)
// when the handshake succeeded, nothing when it failed.
struct s_client_result {
  bool connected = false;
  std::string output;
};
s_client_result openssl_s_client(unsigned short port, const std::string& options);

}  // namespace natter::testing
