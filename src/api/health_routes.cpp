#include <boost/json/object.hpp>
#include <chrono>

#include "api/routes.hpp"

namespace natter::api {

namespace asio = boost::asio;

namespace {

// How long a storage failure seen by real traffic (a read of a corrupted
// page, say) keeps a node unready.
constexpr auto failure_memory = std::chrono::seconds(10);

// Ready when a real write commits (a full disk fails it), a read answers, and
// no read or write failed in the store within failure_memory.
asio::awaitable<transport::response> readiness(store::database& db) {
  auto probe = [](store::store& s) -> status {
    s.probe_write();
    return ok;
  };
  auto written = co_await db.write(std::move(probe));
  if (!written) co_return error_response(error(errc::store_unavailable, "The database does not take writes."));
  auto query = [](store::store& s) -> status { return s.ping() ? status(ok) : status(errc::store_unavailable); };
  auto reachable = co_await db.read(std::move(query));
  if (!reachable) co_return error_response(error(errc::store_unavailable, "The database does not answer reads."));
  const auto failed = db.last_storage_failure();
  if (failed && std::chrono::steady_clock::now() - *failed < failure_memory) {
    co_return error_response(error(errc::store_unavailable, "The database failed a request in the last 10 s."));
  }
  co_return json_response(http::status::ok, boost::json::object{{"status", "ready"}});
}

}  // namespace

void add_health_routes(router& r, store::database& db) {
  r.add(http::verb::get, "/healthz", [](request_context&) -> asio::awaitable<transport::response> {
    co_return json_response(http::status::ok, boost::json::object{{"status", "alive"}});
  });
  r.add(http::verb::get, "/readyz",
        [&db](request_context&) -> asio::awaitable<transport::response> { co_return co_await readiness(db); });
}

void add_metrics_route(router& r, const metrics::registry& metrics) {
  r.add(http::verb::get, "/metrics", [&metrics](request_context&) -> asio::awaitable<transport::response> {
    transport::response res{http::status::ok, 11};
    res.set(http::field::content_type, "text/plain; version=0.0.4");
    res.set(http::field::cache_control, "no-store");
    res.body() = metrics.render();
    res.prepare_payload();
    co_return res;
  });
}

}  // namespace natter::api
