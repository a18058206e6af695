#pragma once
// The parts of an HTTP connection shared by the plain and the TLS session
// (http_session.cpp, http_session_tls.cpp): each instantiates them for its
// own stream type, so the two compile in parallel.

#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/chunk_encode.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <memory>
#include <optional>

#include "realtime/websocket_session.hpp"
#include "transport/http_session.hpp"
#include "transport/request_framing.hpp"

namespace natter::transport::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

// Connection state shared with the shutdown closer (which holds a weak_ptr).
template <class Stream>
struct connection {
  template <class... Args>
  explicit connection(Args&&... args) : stream(std::forward<Args>(args)...) {}
  Stream stream;
  bool idle = false;                  // waiting for the first byte of a request
  bool stopping = false;              // server shutdown: finish the current request, then close
  bool upgraded = false;              // the stream now belongs to a WebSocket session
  connection_limiter::ticket ticket;  // its place under the connection caps
};

// The first read of a request, while the connection is idle.
constexpr std::size_t first_read_bytes = 4096;

template <class Stream>
asio::awaitable<bool> write(connection<Stream>& c, response& res, const http_limits& limits) {
  beast::get_lowest_layer(c.stream).expires_after(limits.request_timeout);
  auto [ec, n] = co_await http::async_write(c.stream, res, use_tuple);
  co_return !ec;
}

// Answers a request the session will not read to its end (too large,
// malformed, ambiguous framing); the connection closes after it.
template <class Stream>
asio::awaitable<void> reject(connection<Stream>& c, http_session_env& env, response res, const std::string& remote,
                             bool secure) {
  res.keep_alive(false);
  res = env.service.finish(std::move(res), "unreadable", secure, 0, "-", "-", remote, http_service::new_request_id());
  co_await write(c, res, env.limits);
}

inline response unreadable_response(beast::error_code ec) {
  error err = ec == http::error::body_limit     ? error(errc::payload_too_large)
              : ec == http::error::header_limit ? error(errc::bad_request, "Headers too large.")
                                                : error(errc::bad_request, "Malformed HTTP request.");
  auto res = api::error_response(err);
  if (ec == http::error::header_limit) res.result(http::status::request_header_fields_too_large);
  return res;
}

inline bool is_quiet_end(beast::error_code ec) {
  return ec == http::error::end_of_stream || ec == asio::error::operation_aborted || ec == asio::error::eof ||
         ec == asio::error::connection_reset || ec == beast::error::timeout || ec == asio::ssl::error::stream_truncated;
}

template <class Stream>
asio::awaitable<void> refuse_upgrade(connection<Stream>& c, http_session_env& env, const error& why,
                                     const std::string& remote, bool secure, std::string_view path) {
  auto refused = env.service.finish(api::error_response(why), path, secure, 0, "GET", path, remote,
                                    http_service::new_request_id());
  refused.keep_alive(false);
  co_await write(c, refused, env.limits);
}

// Hands the connection to a WebSocket session, or refuses the upgrade: 403
// for an Origin not allowed, 401 for bad credentials in Authorization.
// stomp: GET /stomp (STOMP 1.2 frames), else GET /ws (the JSON protocol).
template <class Stream>
asio::awaitable<void> upgrade(connection<Stream>& c, http_session_env& env, request req, const std::string& remote,
                              bool secure, bool stomp) {
  if (!origin_allowed(req, env.allowed_origins, secure)) {
    const error why(errc::forbidden, "Origin not allowed.");
    co_await refuse_upgrade(c, env, why, remote, secure, stomp ? "/stomp" : "/ws");
    co_return;
  }
  auto identity = co_await realtime::authenticate_upgrade(req, env.websocket->accounts);
  if (!identity) {
    co_await refuse_upgrade(c, env, identity.err(), remote, secure, stomp ? "/stomp" : "/ws");
    co_return;
  }
  c.upgraded = true;
  if (stomp) {
    realtime::start_session<realtime::stomp_dialect>(std::move(c.stream), std::move(req), *env.websocket, remote,
                                                     std::move(c.ticket), std::move(*identity));
    co_return;
  }
  realtime::start_session<realtime::json_dialect>(std::move(c.stream), std::move(req), *env.websocket, remote,
                                                  std::move(c.ticket), std::move(*identity));
}

// The body of a request whose route reads it itself (an upload): pieces of
// up to piece_bytes, each read within request_timeout (a slow upload may
// take longer in all, a stalled one may not), at most upload_limit in all.
template <class Stream>
class streamed_body final : public body_reader {
 public:
  static constexpr std::size_t piece_bytes = 64 * 1024;

  using parser_type = http::request_parser<http::buffer_body>;

  streamed_body(connection<Stream>& c, beast::flat_buffer& buffer, std::unique_ptr<parser_type> parser,
                std::chrono::milliseconds timeout)
      : c_(c),
        buffer_(buffer),
        parser_(std::move(parser)),
        timeout_(timeout),
        expects_continue_(beast::iequals(parser_->get()[http::field::expect], "100-continue")) {}

  asio::awaitable<std::string_view> next(beast::error_code& ec) override {
    ec = {};
    if (expects_continue_) {
      // The route wants the body (it checked what it could first): tell a
      // client that waits for it (RFC 9110 §10.1.1) to send it now.
      expects_continue_ = false;
      beast::get_lowest_layer(c_.stream).expires_after(timeout_);
      static constexpr std::string_view go_on = "HTTP/1.1 100 Continue\r\n\r\n";
      auto [write_ec, n] = co_await asio::async_write(c_.stream, asio::buffer(go_on), use_tuple);
      if (write_ec) {
        ec = write_ec;
        co_return std::string_view{};
      }
    }
    while (!parser_->is_done()) {
      parser_->get().body().data = piece_.data();
      parser_->get().body().size = piece_.size();
      beast::get_lowest_layer(c_.stream).expires_after(timeout_);
      auto [read_ec, n] = co_await http::async_read_some(c_.stream, buffer_, *parser_, use_tuple);
      if (read_ec == http::error::need_buffer) read_ec = {};
      if (read_ec) {
        ec = read_ec;
        co_return std::string_view{};
      }
      const std::size_t got = piece_.size() - parser_->get().body().size;
      if (got > 0) co_return std::string_view(piece_.data(), got);
    }
    co_return std::string_view{};
  }

  bool done() const override { return parser_->is_done(); }

 private:
  connection<Stream>& c_;
  beast::flat_buffer& buffer_;
  std::unique_ptr<parser_type> parser_;
  std::chrono::milliseconds timeout_;
  bool expects_continue_;
  std::array<char, piece_bytes> piece_{};
};

// A request as read: whole, or (for a route that streams its body) its
// header and the parser that goes on to read its body.
struct incoming {
  request req;
  std::unique_ptr<http::request_parser<http::buffer_body>> body;  // parsers do not move
};

// Reads the next request: waits up to idle_timeout for its first byte, then
// header_timeout for the rest of its header (a header trickled in slowly is
// cut off), then request_timeout for its body. Nothing when the connection
// ended or the request was refused (then the answer was written).
template <class Stream>
asio::awaitable<std::optional<incoming>> read_request(connection<Stream>& c, http_session_env& env,
                                                      beast::flat_buffer& buffer, const std::string& peer,
                                                      bool secure) {
  auto& tcp = beast::get_lowest_layer(c.stream);
  if (buffer.size() == 0) {
    c.idle = true;
    tcp.expires_after(env.limits.idle_timeout);
    auto [ec, n] = co_await c.stream.async_read_some(buffer.prepare(first_read_bytes), use_tuple);
    c.idle = false;
    if (ec || c.stopping) co_return std::nullopt;
    buffer.commit(n);
  }
  http::request_parser<http::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(env.limits.header_limit));
  // The header decides which limit holds (an upload's, or every other
  // request's): Beast checks a Content-Length against the limit set before
  // the header is read, so the larger one goes first and the smaller is
  // checked below.
  parser.body_limit(std::max<std::uint64_t>(env.limits.body_limit, env.limits.upload_limit));
  tcp.expires_after(env.limits.header_timeout);
  auto [ec, n] = co_await http::async_read_header(c.stream, buffer, parser, use_tuple);
  if (!ec) {
    if (auto problem = framing_problem(parser.get())) {
      auto refusal = api::error_response(error(errc::bad_request, std::string(*problem)));  // named: GCC 12
      co_await reject(c, env, std::move(refusal), peer, secure);
      co_return std::nullopt;
    }
    if (!env.service.streams_body(parser.get())) {
      parser.body_limit(env.limits.body_limit);
      if (parser.content_length().value_or(0) > env.limits.body_limit) {
        auto refusal = unreadable_response(http::error::body_limit);  // named: GCC 12
        co_await reject(c, env, std::move(refusal), peer, secure);
        co_return std::nullopt;
      }
    } else {
      incoming streamed{request(parser.get().base()), nullptr};
      streamed.body = std::make_unique<http::request_parser<http::buffer_body>>(std::move(parser));
      streamed.body->body_limit(env.limits.upload_limit);
      co_return streamed;
    }
    tcp.expires_after(env.limits.request_timeout);
    std::tie(ec, n) = co_await http::async_read(c.stream, buffer, parser, use_tuple);
  }
  if (ec) {
    if (!is_quiet_end(ec)) {
      auto refusal = unreadable_response(ec);  // named: GCC 12
      co_await reject(c, env, std::move(refusal), peer, secure);
    }
    co_return std::nullopt;
  }
  co_return incoming{parser.release(), nullptr};
}

// Writes a response whose body comes from a body_source, piece by piece
// (each piece within request_timeout): as they come when the response has a
// Content-Length, else each piece as a chunk of a chunked body. False when
// the connection failed.
template <class Stream>
asio::awaitable<bool> write_streamed(connection<Stream>& c, response& res, body_source& source,
                                     const http_limits& limits) {
  auto& tcp = beast::get_lowest_layer(c.stream);
  const bool chunked = res.chunked();
  http::response<http::empty_body> head(std::move(res.base()));
  http::response_serializer<http::empty_body> serializer(head);
  tcp.expires_after(limits.request_timeout);
  auto [ec, n] = co_await http::async_write_header(c.stream, serializer, use_tuple);
  if (ec) co_return false;
  for (;;) {
    std::string piece = co_await source.next();
    tcp.expires_after(limits.request_timeout);
    if (piece.empty()) {
      if (!chunked) co_return true;
      std::tie(ec, n) = co_await asio::async_write(c.stream, http::make_chunk_last(), use_tuple);
      co_return !ec;
    }
    if (chunked) {
      std::tie(ec, n) = co_await asio::async_write(c.stream, http::make_chunk(asio::buffer(piece)), use_tuple);
    } else {
      std::tie(ec, n) = co_await asio::async_write(c.stream, asio::buffer(piece), use_tuple);
    }
    if (ec) co_return false;
  }
}

// Serves requests until the connection closes or becomes a WebSocket. The
// client's address (for rate limits, audit and logs) is worked out here, once
// per request, from the peer and --trusted-proxies.
template <class Stream>
asio::awaitable<void> serve(connection<Stream>& c, http_session_env& env, const asio::ip::address& peer, bool secure) {
  beast::flat_buffer buffer;
  const std::string peer_text = peer.to_string();
  while (!c.stopping) {
    auto in = co_await read_request(c, env, buffer, peer_text, secure);
    if (!in) co_return;
    request& req = in->req;
    const std::string remote = env.proxies.client_of(peer, req);
    const auto path = api::target_path(req.target());
    if (!in->body && env.websocket && beast::websocket::is_upgrade(req) && (path == "/ws" || path == "/stomp")) {
      const bool stomp = path == "/stomp";  // before req moves: path points into it
      co_await upgrade(c, env, std::move(req), remote, secure, stomp);
      co_return;
    }
    std::optional<streamed_body<Stream>> body;
    if (in->body) body.emplace(c, buffer, std::move(in->body), env.limits.request_timeout);
    auto served = co_await env.service.handle(req, remote, secure, body ? &*body : nullptr);
    auto& res = served.res;
    // A body left unread is still on the connection: close it after this.
    res.keep_alive(req.keep_alive() && !c.stopping && (!body || body->done()));
    bool written = false;  // no co_await in a conditional expression: GCC 12
    if (served.stream) {
      written = co_await write_streamed(c, res, *served.stream, env.limits);
    } else {
      written = co_await write(c, res, env.limits);
    }
    if (!written || !res.keep_alive()) co_return;
  }
}

// Unregisters a connection however its coroutine ends.
struct registration {
  connection_registry& registry;
  std::uint64_t id;
  ~registration() { registry.remove(id); }
};

template <class Stream>
std::uint64_t register_connection(const std::shared_ptr<connection<Stream>>& c, connection_registry& registry) {
  std::weak_ptr<connection<Stream>> weak = c;
  auto executor = c->stream.get_executor();
  return registry.add([weak, executor] {
    asio::post(executor, [weak] {
      auto conn = weak.lock();
      if (!conn) return;
      conn->stopping = true;
      if (conn->idle && !conn->upgraded) beast::get_lowest_layer(conn->stream).cancel();
    });
  });
}

asio::awaitable<void> run_plain(tcp::socket socket, http_session_env& env, asio::ip::address peer,
                                connection_limiter::ticket ticket);
asio::awaitable<void> run_tls(tcp::socket socket, http_session_env& env, asio::ip::address peer,
                              connection_limiter::ticket ticket);

}  // namespace natter::transport::detail
