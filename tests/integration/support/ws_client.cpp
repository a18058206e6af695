#include "integration/support/ws_client.hpp"

#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <stdexcept>

namespace natter::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace json = boost::json;
using namespace std::chrono_literals;

ws_client::ws_client(unsigned short port, std::map<std::string, std::string> headers) : ws_(io_) {
  beast::get_lowest_layer(ws_).connect({asio::ip::make_address("127.0.0.1"), port});
  ws_.set_option(websocket::stream_base::decorator([headers](websocket::request_type& req) {
    for (const auto& [name, value] : headers) req.set(name, value);
  }));
  ws_.read_message_max(64 * 1024 * 1024);
  ws_.handshake("127.0.0.1:" + std::to_string(port), "/ws");
  auto first = next_frame(std::chrono::milliseconds(patience));
  if (!first || first->at("type") != "hello") throw std::runtime_error("no hello frame");
  hello_ = *first;
}

ws_client::~ws_client() {
  if (!open_) return;
  beast::error_code ec;
  beast::get_lowest_layer(ws_).socket().close(ec);
}

std::optional<std::string> ws_client::read_text(std::chrono::milliseconds wait) {
  if (!open_) return std::nullopt;
  if (!reading_) {
    reading_ = true;
    read_done_ = false;
    buffer_.clear();
    ws_.async_read(buffer_, [this](beast::error_code ec, std::size_t) {
      read_error_ = ec;
      read_done_ = true;
    });
  }
  io_.restart();
  io_.poll();  // whatever is ready, even with no time to wait
  const auto deadline = std::chrono::steady_clock::now() + wait;
  while (!read_done_ && std::chrono::steady_clock::now() < deadline) io_.run_one_until(deadline);
  if (!read_done_) return std::nullopt;
  reading_ = false;
  if (read_error_) {
    open_ = false;
    return std::nullopt;
  }
  largest_frame_ = std::max(largest_frame_, buffer_.size());
  return beast::buffers_to_string(buffer_.data());
}

std::optional<json::object> ws_client::next_frame(std::chrono::milliseconds wait) {
  auto text = read_text(wait);
  if (!text) return std::nullopt;
  return json::parse(*text).as_object();
}

void ws_client::send_text(const std::string& text) {
  ws_.text(true);
  ws_.write(asio::buffer(text));
}

void ws_client::send_binary(const std::string& bytes) {
  ws_.binary(true);
  ws_.write(asio::buffer(bytes));
}

std::string ws_client::send_request(json::object req) {
  std::string id = std::to_string(next_id_++);
  req["id"] = id;
  send_text(json::serialize(req));
  return id;
}

json::object ws_client::reply(const std::string& id) {
  if (auto kept = replies_.find(id); kept != replies_.end()) {
    auto found = std::move(kept->second);
    replies_.erase(kept);
    return found;
  }
  const auto deadline = std::chrono::steady_clock::now() + patience;
  while (std::chrono::steady_clock::now() < deadline) {
    auto frame =
        next_frame(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()));
    if (!frame) break;
    if (!frame->contains("re")) {
      events_.push_back(std::move(*frame));
    } else if (frame->at("re").is_string() && frame->at("re").as_string() == id) {
      return *frame;
    } else if (frame->at("re").is_string()) {
      replies_.emplace(frame->at("re").as_string(), std::move(*frame));
    }
  }
  ADD_FAILURE() << "no reply to request " << id;
  return {};
}

json::object ws_client::request(json::object req) {
  const auto serialized = json::serialize(req);
  auto r = reply(send_request(std::move(req)));
  if (r.empty()) ADD_FAILURE() << "the request was " << serialized;
  return r;
}

json::object ws_client::ok(json::object req) {
  auto reply = request(req);
  EXPECT_TRUE(reply.contains("ok")) << json::serialize(req) << " -> " << json::serialize(reply);
  return reply;
}

std::string ws_client::error_of(json::object req) {
  auto reply = request(req);
  if (!reply.contains("error")) {
    ADD_FAILURE() << "expected an error: " << json::serialize(req) << " -> " << json::serialize(reply);
    return {};
  }
  return std::string(reply.at("error").at("code").as_string());
}

json::object ws_client::auth(const std::string& token) {
  return ok({{"type", "auth"}, {"token", token}});
}

std::optional<json::object> ws_client::maybe_event(const std::string& type, std::chrono::milliseconds wait) {
  for (auto it = events_.begin(); it != events_.end(); ++it) {
    if (it->at("type").as_string() == type) {
      auto found = std::move(*it);
      events_.erase(it);
      return found;
    }
  }
  const auto deadline = std::chrono::steady_clock::now() + wait;
  for (;;) {  // at least one look, even with no time to wait
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    auto frame = next_frame(std::max(left, std::chrono::milliseconds(0)));
    if (!frame) return std::nullopt;
    if (frame->contains("re")) {
      if (frame->at("re").is_string()) replies_.emplace(frame->at("re").as_string(), std::move(*frame));
      continue;
    }
    if (frame->at("type").as_string() == type) return frame;
    events_.push_back(std::move(*frame));
  }
}

json::object ws_client::event(const std::string& type) {
  auto found = maybe_event(type, std::chrono::milliseconds(patience));
  if (!found) {
    ADD_FAILURE() << "no " << type << " event";
    return {};
  }
  return *found;
}

std::deque<json::object> ws_client::drain(std::chrono::milliseconds settle) {
  while (auto frame = next_frame(settle)) {
    if (!frame->contains("re")) {
      events_.push_back(std::move(*frame));
    } else if (frame->at("re").is_string()) {
      replies_.emplace(frame->at("re").as_string(), std::move(*frame));
    }
  }
  return std::exchange(events_, {});
}

void ws_client::close(std::uint16_t code) {
  if (!open_) return;
  bool closed = false;
  ws_.async_close(websocket::close_reason(static_cast<websocket::close_code>(code)),
                  [&closed](beast::error_code) { closed = true; });
  io_.restart();
  const auto deadline = std::chrono::steady_clock::now() + patience;
  while ((!closed || (reading_ && !read_done_)) && std::chrono::steady_clock::now() < deadline) {
    io_.run_one_until(deadline);
  }
  EXPECT_TRUE(closed) << "the server did not answer the close";
  reading_ = false;
  open_ = false;
}

int ws_client::wait_closed() {
  const auto deadline = std::chrono::steady_clock::now() + patience;
  while (open_ && std::chrono::steady_clock::now() < deadline) {
    read_text(std::chrono::milliseconds(500));
  }
  if (open_) {
    ADD_FAILURE() << "the server did not close the connection";
    return -1;
  }
  // A close frame may arrive just before the connection drops.
  return ws_.reason().code;
}

}  // namespace natter::testing
