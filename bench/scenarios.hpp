#pragma once
// The scenarios of docs/benchmarks.md. Each returns its results as one JSON
// object; parameters come from the command line (see natter_bench.cpp).

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include "harness.hpp"

namespace natter::bench {

// N idle connections: server memory per connection, kernel slab, connect rate.
boost::asio::awaitable<boost::json::object> run_idle(bench_context& ctx, const options& opt);
// One room of N connections, one sender at a fixed rate, repeated.
boost::asio::awaitable<boost::json::object> run_fanout(bench_context& ctx, const options& opt);
// One room of N connections at increasing rates: the highest that passes.
boost::asio::awaitable<boost::json::object> run_sweep(bench_context& ctx, const options& opt);
// Some receivers stop reading: server memory and the others' latency.
boost::asio::awaitable<boost::json::object> run_slow_consumer(bench_context& ctx, const options& opt);
// Natter only: every connection in a direct chat and a group of 10.
boost::asio::awaitable<boost::json::object> run_many_rooms(bench_context& ctx, const options& opt);
// Natter only: acknowledged (committed) sends per second and ack latency.
boost::asio::awaitable<boost::json::object> run_durable(bench_context& ctx, const options& opt);
// Natter only: logins per second while a room keeps chatting.
boost::asio::awaitable<boost::json::object> run_login(bench_context& ctx, const options& opt);

}  // namespace natter::bench
