// GET /api/v1/search: full-text search over the caller's messages.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <charconv>

#include "api/routes.hpp"

namespace natter::api {

namespace asio = boost::asio;
using boost::json::object;

namespace {

// A whole number in the query string, or nothing when the parameter is absent or empty.
result<std::optional<std::int64_t>> int_param(const request_context& ctx, std::string_view name) {
  const auto text = query_param(ctx.req.target(), name);
  if (text.empty()) return std::optional<std::int64_t>{};
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value < 0) {
    return error(errc::bad_request, std::string(name) + " must be a whole number.", std::string(name));
  }
  return std::optional<std::int64_t>{value};
}

result<core::search_request> search_request_of(const request_context& ctx) {
  core::search_request req;
  req.text = query_param(ctx.req.target(), "q");
  if (auto sender = query_param(ctx.req.target(), "sender"); !sender.empty()) {
    if (sender.front() == '@') sender.erase(0, 1);
    for (auto& c : sender) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    req.sender = std::move(sender);
  }
  for (auto [name, target] : {std::pair{"conversation_id", &req.conversation},
                              {"after", &req.after},
                              {"before", &req.before},
                              {"cursor", &req.cursor}}) {
    auto value = int_param(ctx, name);
    if (!value) return std::move(value).err();
    *target = *value;
  }
  auto limit = int_param(ctx, "limit");
  if (!limit) return std::move(limit).err();
  if (*limit) req.limit = static_cast<int>(std::min<std::int64_t>(**limit, 1'000'000));
  return req;
}

object result_json(const core::search_result& r) {
  return object{{"conversation_id", r.conversation},
                {"message_id", r.id},
                {"seq", r.seq},
                {"sender", r.sender},
                {"ts", r.at},
                {"snippet", r.snippet}};
}

asio::awaitable<transport::response> search_messages(core::accounts& accounts, core::message_search& search,
                                                     request_context& ctx) {
  auto caller = co_await bearer_claims(ctx, accounts);
  if (!caller) co_return error_response(caller.err());
  auto req = search_request_of(ctx);
  if (!req) co_return error_response(req.err());
  auto page = co_await search.search(caller->user, std::move(*req));
  if (!page) co_return error_response(page.err());
  boost::json::array results;
  for (const auto& r : page->results) results.push_back(result_json(r));
  object body{{"results", std::move(results)}, {"next_cursor", nullptr}};
  if (page->next_cursor) body["next_cursor"] = std::to_string(*page->next_cursor);
  co_return json_response(http::status::ok, body);
}

}  // namespace

void add_search_route(router& r, core::accounts& accounts, core::message_search& search) {
  r.add(http::verb::get, "/api/v1/search",
        [&accounts, &search](request_context& ctx) { return search_messages(accounts, search, ctx); });
}

}  // namespace natter::api
