#include "transport/server.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace natter::transport {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
using asio::ip::tcp;

// TLS 1.2 and 1.3 only. For TLS 1.2, forward-secret AEAD suites only (ECDHE
// with AES-GCM or ChaCha20-Poly1305; no static RSA key exchange, no CBC), in
// natterd's order of preference rather than the client's. TLS 1.3's suites
// are all AEAD and forward-secret; OpenSSL's default list of them is kept.
// docs/security.md lists them.
constexpr const char* tls12_ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

static std::unique_ptr<ssl::context> make_tls(const tls_files& files) {
  auto ctx = std::make_unique<ssl::context>(ssl::context::tls_server);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                   ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
  SSL_CTX* native = ctx->native_handle();
  SSL_CTX_set_options(native, SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION);
  if (SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION) != 1 ||
      SSL_CTX_set_cipher_list(native, tls12_ciphers) != 1) {
    throw std::runtime_error("cannot configure the TLS protocol versions and cipher suites");
  }
  boost::system::error_code ec;
  ctx->use_certificate_chain_file(files.certificate_chain, ec);
  if (ec) throw std::runtime_error("cannot load TLS certificate " + files.certificate_chain + ": " + ec.message());
  ctx->use_private_key_file(files.private_key, ssl::context::pem, ec);
  if (ec) throw std::runtime_error("cannot load TLS key " + files.private_key + ": " + ec.message());
  return ctx;
}

server::server(asio::io_context& io, server_options options, http_service& service, metrics::registry& metrics,
               connection_registry& connections)
    : io_(io),
      options_(std::move(options)),
      tls_(options_.tls ? make_tls(*options_.tls) : nullptr),
      connections_(connections),
      limiter_(options_.caps),
      refusals_(metrics, options_.tls.has_value()),
      env_{service,
           connections_,
           metrics,
           options_.limits,
           tls_.get(),
           options_.websocket,
           options_.allowed_origins,
           options_.proxies},
      acceptor_(asio::make_strand(io)) {}

// A failure to listen, said plainly: which address, and why in words.
[[noreturn]] static void cannot_listen(const tcp::endpoint& at, const boost::system::error_code& ec) {
  std::string hint;
  if (ec == asio::error::address_in_use) hint = " (another program, or another natterd, is listening there)";
  if (ec == asio::error::access_denied) hint = " (ports below 1024 need privileges)";
  if (ec == std::errc::address_not_available) hint = " (no network interface of this machine has that address)";
  const auto address = at.address().is_v6() ? "[" + at.address().to_string() + "]" : at.address().to_string();
  throw std::runtime_error("cannot listen on " + address + ":" + std::to_string(at.port()) + ": " + ec.message() +
                           hint);
}

tcp::endpoint server::start() {
  boost::system::error_code ec;
  acceptor_.open(options_.listen.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(options_.listen, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) cannot_listen(options_.listen, ec);
  asio::co_spawn(acceptor_.get_executor(), accept_loop(), [](std::exception_ptr e) {
    if (e) std::rethrow_exception(e);
  });
  return acceptor_.local_endpoint();
}

asio::awaitable<void> server::accept_loop() {
  for (;;) {
    auto [ec, socket] = co_await acceptor_.async_accept(asio::make_strand(io_), asio::as_tuple(asio::use_awaitable));
    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) co_return;
    if (ec) {
      // Out of descriptors and the like: keep serving the connections we
      // have, and try again shortly rather than spin.
      spdlog::warn("accept: {}", ec.message());
      asio::steady_timer pause(acceptor_.get_executor(), std::chrono::milliseconds(100));
      co_await pause.async_wait(asio::as_tuple(asio::use_awaitable));
      continue;
    }
    const auto peer = socket.remote_endpoint(ec);
    if (ec) continue;  // already gone
    auto admitted = admit(unmapped(peer.address()));
    if (!admitted) {
      refusals_.refuse(std::move(socket), admitted.err());
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    auto executor = socket.get_executor();
    auto session = run_http_session(std::move(socket), env_, std::move(*admitted));
    asio::co_spawn(executor, std::move(session), [](std::exception_ptr e) {
      if (!e) return;
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        spdlog::error("connection ended by exception: {}", ex.what());
      }
    });
  }
}

// A trusted proxy speaks for many clients: only the total cap applies to it.
result<connection_limiter::ticket> server::admit(const asio::ip::address& peer) {
  return limiter_.admit(options_.proxies.contains(peer) ? std::string() : peer.to_string());
}

void server::stop() {
  asio::post(acceptor_.get_executor(), [this] {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
  });
  connections_.close_all();
}

}  // namespace natter::transport
