#pragma once
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_future.hpp>

namespace natter::delivery::testing {

template <class T>
T run_on(boost::asio::io_context& io, boost::asio::awaitable<T> task) {
  return boost::asio::co_spawn(io, std::move(task), boost::asio::use_future).get();
}

}  // namespace natter::delivery::testing
