// natterd's TLS offers modern suites only: TLS 1.3, and for TLS 1.2 ECDHE key
// exchange with AES-GCM or ChaCha20-Poly1305, in the server's order. A client
// asking for static-RSA key exchange or CBC (OpenSSL's defaults used to allow
// both) gets no handshake. Tested with `openssl s_client`.

#include <gtest/gtest.h>

#include <string>

#include "attack/tls_support.hpp"
#include "integration/support/server_fixture.hpp"

namespace natter::testing {
namespace {

class tls_ciphers : public server_test {
 protected:
  std::vector<std::string> natterd_args() override {
    auto args = relaxed_limits();
    args.insert(args.end(), {"--tls-cert", certificate_.cert(), "--tls-key", certificate_.key()});
    return args;
  }
  s_client_result tls12_with(const std::string& ciphers) {
    return openssl_s_client(server_->port(), "-tls1_2 -cipher " + ciphers);
  }
  void expect_healthy() {
    const auto head = tls_exchange_head(server_->port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(head.substr(0, 12), "HTTP/1.1 200") << head;
  }
  test_certificate certificate_;
};

TEST_F(tls_ciphers, static_rsa_and_cbc_suites_are_refused) {
  for (const char* weak : {"AES128-GCM-SHA256", "AES256-SHA256", "AES128-SHA", "ECDHE-RSA-AES128-SHA",
                           "ECDHE-RSA-AES256-SHA384", "DHE-RSA-AES128-GCM-SHA256"}) {
    const auto attempt = tls12_with(weak);
    EXPECT_FALSE(attempt.connected) << weak << " was negotiated:\n" << attempt.output;
    EXPECT_NE(attempt.output.find("alert handshake failure"), std::string::npos) << weak << ":\n" << attempt.output;
  }
  expect_healthy();
}

TEST_F(tls_ciphers, ecdhe_with_aead_on_tls12_and_tls13_work) {
  for (const char* good :
       {"ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-RSA-CHACHA20-POLY1305"}) {
    const auto attempt = tls12_with(good);
    EXPECT_TRUE(attempt.connected) << good << ":\n" << attempt.output;
    EXPECT_NE(attempt.output.find(std::string("Cipher is ") + good), std::string::npos) << attempt.output;
  }
  const auto tls13 = openssl_s_client(server_->port(), "-tls1_3");
  EXPECT_TRUE(tls13.connected) << tls13.output;
  EXPECT_NE(tls13.output.find("TLSv1.3"), std::string::npos) << tls13.output;
  expect_healthy();
}

TEST_F(tls_ciphers, the_server_chooses_the_suite_and_old_protocol_versions_are_refused) {
  // The client prefers CHACHA20; the server's first choice, AES128-GCM, wins.
  const auto chosen = tls12_with("ECDHE-RSA-CHACHA20-POLY1305:ECDHE-RSA-AES128-GCM-SHA256");
  EXPECT_TRUE(chosen.connected) << chosen.output;
  EXPECT_NE(chosen.output.find("Cipher is ECDHE-RSA-AES128-GCM-SHA256"), std::string::npos) << chosen.output;
  for (const char* old : {"-tls1", "-tls1_1"}) {
    const auto attempt = openssl_s_client(server_->port(), std::string(old) + " -cipher DEFAULT@SECLEVEL=0");
    EXPECT_FALSE(attempt.connected) << old << ":\n" << attempt.output;
    EXPECT_NE(attempt.output.find("alert protocol version"), std::string::npos) << old << ":\n" << attempt.output;
  }
  expect_healthy();
}

}  // namespace
}  // namespace natter::testing
