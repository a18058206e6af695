#include <boost/json/object.hpp>

#include "api/routes.hpp"

namespace natter::api {

namespace asio = boost::asio;

void add_health_routes(router& r, store::database& db) {
  r.add(http::verb::get, "/healthz", [](request_context&) -> asio::awaitable<response> {
    co_return json_response(http::status::ok, boost::json::object{{"status", "alive"}});
  });
  r.add(http::verb::get, "/readyz", [&db](request_context&) -> asio::awaitable<response> {
    auto query = [](store::store& s) -> status { return s.ping() ? status(ok) : status(errc::store_unavailable); };
    auto reachable = co_await db.read(std::move(query));
    if (!reachable) co_return error_response(reachable.err());
    co_return json_response(http::status::ok, boost::json::object{{"status", "ready"}});
  });
}

void add_metrics_route(router& r, const metrics::registry& metrics) {
  r.add(http::verb::get, "/metrics", [&metrics](request_context&) -> asio::awaitable<response> {
    response res{http::status::ok, 11};
    res.set(http::field::content_type, "text/plain; version=0.0.4");
    res.set(http::field::cache_control, "no-store");
    res.body() = metrics.render();
    res.prepare_payload();
    co_return res;
  });
}

}  // namespace natter::api
