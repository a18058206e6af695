#pragma once
// A fixture for WebSocket tests: users, their connections, and the requests
// tests make most.

#include <memory>

#include "integration/support/server_fixture.hpp"
#include "integration/support/ws_client.hpp"

namespace natter::testing {

// A WebSocket upgrade of /ws with this Authorization header, as a plain HTTP
// exchange (101 when accepted, else the refusal with its JSON error).
inline http_reply upgrade_with(unsigned short port, const std::string& authorization) {
  return http_client(port).request(boost::beast::http::verb::get, "/ws", "",
                                   {{"Connection", "Upgrade"},
                                    {"Upgrade", "websocket"},
                                    {"Sec-WebSocket-Version", "13"},
                                    {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="},
                                    {"Authorization", authorization}});
}

class realtime_test : public server_test {
 protected:
  std::vector<std::string> natterd_args() override {
    auto args = relaxed_limits();
    args.insert(args.end(), {"--offline-grace-ms", "200", "--send-rate", "100000"});
    return args;
  }

  // A connection of an existing session: authenticated, and synced "from now"
  // unless told otherwise.
  std::unique_ptr<ws_client> connect(const session& s, bool sync = true) {
    auto ws = std::make_unique<ws_client>(server_->port());
    ws->auth(s.access_token);
    if (sync) ws->ok({{"type", "sync"}, {"since", boost::json::object{}}});
    return ws;
  }

  // Registers, logs in and connects.
  std::unique_ptr<ws_client> join_as(const std::string& username) { return connect(register_and_login(username)); }

  boost::json::object send_to(ws_client& ws, const std::string& to, const std::string& text) {
    return ws.ok({{"type", "message.send"}, {"to", to}, {"client_msg_id", next_client_id()}, {"text", text}});
  }
  boost::json::object send_in(ws_client& ws, std::int64_t conversation, const std::string& text) {
    return ws.ok({{"type", "message.send"},
                  {"conversation_id", conversation},
                  {"client_msg_id", next_client_id()},
                  {"text", text}});
  }
  static std::int64_t conversation_of(const boost::json::object& reply) {
    if (reply.contains("message")) return reply.at("message").at("conversation_id").as_int64();
    return reply.at("conversation").at("conversation_id").as_int64();
  }

  std::string next_client_id() { return "c" + std::to_string(++client_ids_); }

 private:
  int client_ids_ = 0;
};

}  // namespace natter::testing
