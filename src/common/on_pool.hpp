#pragma once
// Runs blocking work (file and blob I/O, batches of signature checks) on a
// thread pool and resumes the caller on its own executor: an I/O thread never
// waits on a disk or spends milliseconds of CPU on one request.

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <type_traits>
#include <utility>

namespace natter {

// fn's exception, if any, is rethrown in the caller.
template <class Fn>
auto on_pool(boost::asio::thread_pool& pool, Fn fn) -> boost::asio::awaitable<std::invoke_result_t<Fn>> {
  using R = std::invoke_result_t<Fn>;
  auto work = [fn = std::move(fn)]() mutable -> boost::asio::awaitable<R> { co_return fn(); };  // named: GCC 12
  co_return co_await boost::asio::co_spawn(pool, std::move(work), boost::asio::use_awaitable);
}

}  // namespace natter
