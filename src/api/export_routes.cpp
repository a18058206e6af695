// GET /api/v1/me/export: the caller's data as one JSON document, streamed as
// a chunked body a piece at a time (the profile and contacts, then each
// conversation with its history a page at a time), so that an account of any
// size costs a page of memory and a client can show progress as it reads.
#include <boost/json/serialize.hpp>
#include <utility>

#include "api/routes.hpp"
#include "api/user_json.hpp"
#include "protocol/frame_json.hpp"
#include "protocol/log_events.hpp"

namespace natter::api {

namespace asio = boost::asio;
using boost::json::object;

namespace {

constexpr int export_page = 100;  // events per history read (chats caps it too)

std::string conversation_json(const protocol::conversation& c) {
  object o;
  protocol::write_fields(o, c);
  return boost::json::serialize(o);
}

// Writes the conversations after the head, one history page per piece. A
// conversation whose history cannot be read (left meanwhile, the database
// gone) gets "error" with the code and the document goes on, so that what
// was read is kept and the gap is visible.
class export_stream final : public transport::body_source {
 public:
  export_stream(core::chats& chats, core::caller who, std::string head,
                std::vector<protocol::conversation> conversations)
      : chats_(chats), who_(std::move(who)), head_(std::move(head)), conversations_(std::move(conversations)) {}

  asio::awaitable<std::string> next() override {
    if (!head_.empty()) co_return std::exchange(head_, {});
    if (finished_) co_return std::string();
    if (index_ == conversations_.size()) {
      finished_ = true;
      co_return std::string("]}\n");
    }
    co_return co_await next_page();
  }

 private:
  asio::awaitable<std::string> next_page() {
    const auto& c = conversations_[index_];
    std::string out;
    if (!open_) {
      out = (index_ > 0 ? "," : "") + std::string(R"({"conversation":)") + conversation_json(c) + R"(,"events":[)";
      open_ = true;
      after_ = 0;
      first_event_ = true;
    }
    protocol::history_request req{c.id, std::nullopt, after_, export_page};
    auto page = co_await chats_.history(who_, req);
    if (!page) {
      out += R"(],"error":")" + std::string(info(page.err().code).code) + "\"}";
      close_conversation();
      co_return out;
    }
    for (const auto& e : page->events) {
      if (!std::exchange(first_event_, false)) out += ',';
      out += boost::json::serialize(protocol::to_json(e, {}));
      after_ = protocol::seq_of(e);
    }
    if (!page->has_more || page->events.empty()) {
      out += "]}";
      close_conversation();
    }
    co_return out;
  }

  void close_conversation() {
    open_ = false;
    ++index_;
  }

  core::chats& chats_;
  core::caller who_;
  std::string head_;
  std::vector<protocol::conversation> conversations_;
  std::size_t index_ = 0;
  bool open_ = false;
  bool first_event_ = true;
  bool finished_ = false;
  store::seq_t after_ = 0;
};

// Everything before the conversations' contents, up to the opening bracket
// of their array.
std::string export_head(const object& user, const std::vector<protocol::contact>& contacts, std::size_t count,
                        unix_ms now) {
  boost::json::array contact_list;
  for (const auto& c : contacts) {
    object o;
    protocol::write_fields(o, c);
    contact_list.push_back(std::move(o));
  }
  object head{{"format", "natter-export"},
              {"version", 1},
              {"exported_at", now},
              {"user", user},
              {"contacts", std::move(contact_list)},
              {"conversation_count", count}};
  auto text = boost::json::serialize(head);
  text.pop_back();  // the closing brace: the conversations follow
  return text + R"(,"conversations":[)";
}

asio::awaitable<transport::response> export_data(const export_services& s, request_context& ctx) {
  auto caller = co_await bearer_claims(ctx, s.accounts);
  if (!caller) co_return error_response(caller.err());
  if (auto wait = s.limiter.acquire(std::to_string(caller->user))) co_return error_response(rate_limited_error(*wait));
  auto user = co_await s.accounts.user(caller->user);
  if (!user) co_return error_response(user.err());
  const core::caller who{user->id, user->username};
  auto contacts = co_await s.contacts.list(who);
  if (!contacts) co_return error_response(contacts.err());
  auto conversations = co_await s.conversations.list(who);
  if (!conversations) co_return error_response(conversations.err());
  transport::response res{http::status::ok, 11};
  res.set(http::field::content_type, "application/json");
  res.set(http::field::content_disposition, "attachment; filename=\"natter-export-" + user->username + ".json\"");
  res.set(http::field::cache_control, "no-store");
  res.chunked(true);
  auto head = export_head(own_user_json(*user), *contacts, conversations->size(), s.time.now_ms());
  ctx.stream = std::make_unique<export_stream>(s.chats, who, std::move(head), std::move(*conversations));
  co_return res;
}

}  // namespace

void add_export_route(router& r, const export_services& services) {
  r.add(http::verb::get, "/api/v1/me/export", [&services](request_context& ctx) { return export_data(services, ctx); });
}

}  // namespace natter::api
