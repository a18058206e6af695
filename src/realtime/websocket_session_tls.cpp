#include <boost/beast/websocket/ssl.hpp>

#include "realtime/json_dialect.hpp"
#include "realtime/websocket_session_impl.hpp"

namespace natter::realtime {

template class websocket_session<json_dialect, beast::ssl_stream<beast::tcp_stream>>;
template void start_session<json_dialect>(beast::ssl_stream<beast::tcp_stream>, upgrade_request, session_env&,
                                          std::string, connection_limiter::ticket, std::optional<upgrade_identity>);

}  // namespace natter::realtime
