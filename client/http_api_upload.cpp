// http_api::upload: POST /api/v1/media with a file's bytes as the body,
// streamed from disk. natterd may answer before it has read the body (a
// Content-Length over its limit, a quota, an upload_id it has seen), so the
// body waits for "100 Continue" (Expect: 100-continue), the answer is read
// while the body is written, and an early answer ends the writing.

#include <boost/asio/buffer.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json.hpp>
#include <fstream>
#include <random>
#include <vector>

#include "client/file_names.hpp"
#include "client/http_api.hpp"
#include "client/http_connection.hpp"
#include "protocol/frame_json.hpp"

namespace natter::client {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
namespace fs = std::filesystem;
using detail::use_tuple;

namespace {

constexpr std::size_t max_answer_bytes = 1 << 20;
// How long the body waits for "100 Continue" before it is sent anyway: a
// server or proxy that ignores Expect never sends one (RFC 9110 §10.1.1).
constexpr auto continue_patience = std::chrono::seconds(2);

// What one attempt sends.
struct upload_plan {
  fs::path file;
  std::uint64_t size = 0;
  http::request<http::empty_body> head;
  std::chrono::seconds timeout{0};
};

// Shared by the writer of the body and the reader of the answer.
struct attempt_state {
  explicit attempt_state(const asio::any_io_executor& executor) : go(executor, continue_patience) {}
  asio::steady_timer go;  // the body waits on it; "100 Continue" or an answer cancels it
  bool stop = false;      // natterd answered, or the connection failed: write no more
  bool sent = false;      // the whole body is written
  failure read_failure = failure::connection("no answer");
};

// Writes the file, piece by piece, each within the timeout. Nothing when the
// body was written or natterd answered first; else why not.
template <class Stream>
asio::awaitable<std::optional<failure>> send_body(Stream& stream, const upload_plan& plan, attempt_state& state) {
  auto& tcp = beast::get_lowest_layer(stream);
  co_await state.go.async_wait(use_tuple);  // cancelled, or patience ran out: go on either way
  std::ifstream in(plan.file, std::ios::binary);
  std::vector<char> piece(detail::transfer_piece_bytes);
  for (std::uint64_t left = plan.size; left > 0 && !state.stop;) {
    const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(left, piece.size()));
    in.read(piece.data(), static_cast<std::streamsize>(want));
    if (static_cast<std::size_t>(in.gcount()) != want) {
      tcp.close();  // natterd waits for bytes that will not come
      co_return failure::local("FILE_CHANGED", plan.file.string() + " shrank while it was being sent.");
    }
    tcp.expires_after(plan.timeout);
    auto [ec, n] = co_await asio::async_write(stream, asio::buffer(piece.data(), want), use_tuple);
    if (ec) co_return state.stop ? std::nullopt : std::optional<failure>(detail::dropped(ec, "write"));
    left -= want;
  }
  state.sent = true;
  tcp.expires_after(plan.timeout);  // for the answer: an image is decoded first
  co_return std::nullopt;
}

// Reads natterd's answer, whenever it comes; "100 Continue" before it lets
// the body go.
template <class Stream>
asio::awaitable<std::optional<http_api::response>> read_answer(Stream& stream, attempt_state& state) {
  beast::flat_buffer buffer;
  for (;;) {
    http::response_parser<http::string_body> parser;
    parser.body_limit(max_answer_bytes);
    auto [ec, n] = co_await http::async_read(stream, buffer, parser, use_tuple);
    state.go.cancel();
    if (!ec && parser.get().result_int() / 100 == 1) continue;  // interim: the final answer follows the body
    state.stop = true;
    if (!state.sent) beast::get_lowest_layer(stream).cancel();  // the writer's piece in flight
    if (ec) {
      state.read_failure = detail::dropped(ec, "read");
      co_return std::nullopt;
    }
    auto res = parser.release();
    co_return http_api::response{static_cast<int>(res.result_int()), std::move(res.body())};
  }
}

template <class Stream>
asio::awaitable<outcome<http_api::response>> upload_exchange(Stream& stream, upload_plan plan) {
  using namespace asio::experimental::awaitable_operators;
  beast::get_lowest_layer(stream).expires_after(plan.timeout);
  http::request_serializer<http::empty_body> head(plan.head);
  auto [hec, hn] = co_await http::async_write_header(stream, head, use_tuple);
  if (hec) co_return detail::dropped(hec, "write");
  auto executor = co_await asio::this_coro::executor;
  attempt_state state(executor);
  auto writing = send_body(stream, plan, state);
  auto reading = read_answer(stream, state);
  auto both = std::move(writing) && std::move(reading);
  auto [written, answer] = co_await std::move(both);
  if (answer) co_return std::move(*answer);  // natterd's word, even when it cut the body short
  if (written) co_return *written;
  co_return state.read_failure;
}

std::string fresh_upload_id() {
  static constexpr char alphabet[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
  std::random_device device;
  std::string id = "c";
  for (int i = 0; i < 24; ++i) id += alphabet[device() % 64];  // 144 random bits
  return id;
}

outcome<protocol::media> media_of(const outcome<http_api::response>& r) {
  if (!r) return r.error();
  if (r->status != 201 && r->status != 200) return detail::refusal(r.value());
  boost::system::error_code ec;
  auto v = json::parse(r->body, ec);
  const auto* body = ec ? nullptr : v.if_object();
  const auto* media = body ? body->if_contains("media") : nullptr;
  protocol::media out;
  if (!media || !media->is_object() || !protocol::read_fields(media->as_object(), out)) {
    return failure::local("BAD_RESPONSE", "No media in the answer.");
  }
  return out;
}

}  // namespace

outcome<protocol::media> http_api::upload(std::string_view access_token, const fs::path& file,
                                          upload_options options) const {
  if (server_.tls && !tls_) return failure::local("BAD_URL", "https needs TLS settings.");
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  if (ec || !fs::is_regular_file(file, ec) || !std::ifstream(file, std::ios::binary)) {
    return failure::local("FILE_UNREADABLE", "Cannot read " + file.string() + ".");
  }
  if (options.name.empty()) options.name = file.filename().string();
  if (options.upload_id.empty()) options.upload_id = fresh_upload_id();
  upload_plan plan{file, size, {http::verb::post, "", 11}, timeout_};
  plan.head.target(server_.prefix + "/api/v1/media?name=" + percent_encoded(options.name) +
                   "&upload_id=" + percent_encoded(options.upload_id) + "&purpose=" + percent_encoded(options.purpose));
  plan.head.set(http::field::host, server_.authority());
  plan.head.set(http::field::user_agent, "natter-client/0.1");
  plan.head.set(http::field::authorization, "Bearer " + std::string(access_token));
  plan.head.set(http::field::content_type, "application/octet-stream");
  plan.head.set(http::field::expect, "100-continue");
  plan.head.content_length(size);
  auto attempt = [this, &plan] {
    auto exchange = [plan](auto& stream) { return upload_exchange(stream, plan); };
    return detail::run_blocking(detail::with_connection<response>(server_, tls_, timeout_, std::move(exchange)));
  };
  auto answer = attempt();
  if (!answer && answer.error().what == failure::kind::connection) answer = attempt();  // same upload_id
  return media_of(answer);
}

}  // namespace natter::client
