#include "realtime/websocket_session_impl.hpp"

namespace natter::realtime {

template class websocket_session<beast::tcp_stream>;

asio::awaitable<void> serve_websocket(beast::tcp_stream stream, api::request upgrade, session_env& env,
                                      std::string remote) {
  auto session = std::make_shared<websocket_session<beast::tcp_stream>>(std::move(stream), env, std::move(remote));
  co_await session->run(std::move(upgrade));
}

}  // namespace natter::realtime
