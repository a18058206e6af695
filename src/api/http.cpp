#include "api/http.hpp"

#include <boost/json/serialize.hpp>

namespace natter::api {

transport::response json_response(http::status status, const boost::json::value& body) {
  transport::response res{status, 11};
  res.set(http::field::content_type, "application/json");
  res.set(http::field::cache_control, "no-store");
  res.body() = boost::json::serialize(body);
  res.prepare_payload();
  return res;
}

transport::response error_response(const error& err) {
  const auto& entry = info(err.code);
  boost::json::object detail{{"code", entry.code}, {"message", err.message_or_default()}};
  if (!err.field.empty()) detail["field"] = err.field;
  if (err.retry_after.count() > 0) detail["retry_after"] = err.retry_after.count();
  auto res = json_response(static_cast<http::status>(entry.http_status), boost::json::object{{"error", detail}});
  if (err.retry_after.count() > 0) res.set(http::field::retry_after, std::to_string(err.retry_after.count()));
  return res;
}

transport::response no_content() {
  transport::response res{http::status::no_content, 11};
  res.set(http::field::cache_control, "no-store");
  res.prepare_payload();
  return res;
}

}  // namespace natter::api
