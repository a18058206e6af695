#include "realtime/stomp_session_impl.hpp"

namespace natter::realtime {

template class stomp_session<asio::ip::tcp::socket>;

void start_stomp(beast::tcp_stream stream, upgrade_request upgrade, session_env& env, std::string remote,
                 connection_limiter::ticket ticket, std::optional<upgrade_identity> identity) {
  auto session = std::make_shared<stomp_session<asio::ip::tcp::socket>>(stream.release_socket(), env, std::move(remote),
                                                                        std::move(ticket));
  auto executor = session->executor();
  auto run = session->run(std::move(upgrade), std::move(identity));
  asio::co_spawn(executor, std::move(run), asio::detached);
}

}  // namespace natter::realtime
