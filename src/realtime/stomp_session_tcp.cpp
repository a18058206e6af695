#include "realtime/stomp_dialect_frames.hpp"
#include "realtime/websocket_session_impl.hpp"

namespace natter::realtime {

template class websocket_session<stomp_dialect, asio::ip::tcp::socket>;
template void start_session<stomp_dialect>(beast::tcp_stream, upgrade_request, session_env&, std::string,
                                           connection_limiter::ticket, std::optional<upgrade_identity>);

}  // namespace natter::realtime
