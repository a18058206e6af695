#include "client/tls_context.hpp"

namespace natter::client {

std::shared_ptr<boost::asio::ssl::context> make_tls_context(const tls_options& options) {
  namespace ssl = boost::asio::ssl;
  auto context = std::make_shared<ssl::context>(ssl::context::tls_client);
  context->set_verify_mode(ssl::verify_peer);
  if (options.ca_file.empty()) {
    context->set_default_verify_paths();
  } else {
    context->load_verify_file(options.ca_file);
  }
  return context;
}

}  // namespace natter::client
