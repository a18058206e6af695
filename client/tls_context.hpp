#pragma once
// The TLS settings for https and wss: the system's trust store, or a CA file
// (for a self-signed natterd), with peer and host name verification always on.

#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <string>

namespace natter::client {

struct tls_options {
  std::string ca_file;  // PEM; empty: the system's default verify paths
};

// Errors: throws boost::system::system_error when ca_file cannot be read
// (a misconfiguration: the caller should refuse to start).
std::shared_ptr<boost::asio::ssl::context> make_tls_context(const tls_options& options);

}  // namespace natter::client
