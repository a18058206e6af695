// POST /api/v1/auth/email/confirm and POST /api/v1/me/email/verify.
#include "api/json_body.hpp"
#include "api/routes.hpp"

namespace natter::api {

namespace asio = boost::asio;

namespace {

// The token is the credential: no bearer token, so a link opened on another
// device (or before logging in) works.
asio::awaitable<transport::response> confirm_email(core::email_addresses& emails, request_context& ctx) {
  auto body = json_object_body(ctx.req);
  if (!body) co_return error_response(body.err());
  auto token = required_string(*body, "token");
  if (!token) co_return error_response(token.err());
  auto done = co_await emails.confirm(std::move(*token), client_of(ctx));
  if (!done) co_return error_response(done.err());
  co_return no_content();
}

asio::awaitable<transport::response> resend_verification(core::accounts& accounts, core::email_addresses& emails,
                                                         request_context& ctx) {
  auto caller = co_await bearer_claims(ctx, accounts);
  if (!caller) co_return error_response(caller.err());
  auto done = co_await emails.request_verification(caller->user, client_of(ctx));
  if (!done) co_return error_response(done.err());
  co_return no_content();
}

}  // namespace

void add_email_routes(router& r, core::accounts& accounts, core::email_addresses& emails) {
  r.add(http::verb::post, "/api/v1/auth/email/confirm",
        [&emails](request_context& ctx) { return confirm_email(emails, ctx); });
  r.add(http::verb::post, "/api/v1/me/email/verify",
        [&accounts, &emails](request_context& ctx) { return resend_verification(accounts, emails, ctx); });
}

}  // namespace natter::api
