#pragma once
// The completion token the client library's coroutines use: an awaitable that
// gives (error_code, results...) instead of throwing. Internal to the library.

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace natter::client::detail {

inline constexpr auto use_tuple = boost::asio::as_tuple(boost::asio::use_awaitable);

}  // namespace natter::client::detail
