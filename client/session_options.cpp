#include "client/session_options.hpp"

#include <memory>

namespace natter::client {

authenticator with_password(std::string login, std::string password) {
  struct state {
    std::string login;
    std::string password;
    std::string refresh_token;
  };
  auto s = std::make_shared<state>(state{std::move(login), std::move(password), {}});
  return [s](const http_api& api) -> outcome<tokens> {
    if (!s->refresh_token.empty()) {
      auto refreshed = api.refresh(s->refresh_token);
      if (refreshed || refreshed.error().what == failure::kind::connection) {
        if (refreshed) s->refresh_token = refreshed->refresh_token;
        return refreshed;
      }
    }
    auto logged_in = api.login(s->login, s->password);
    if (logged_in) s->refresh_token = logged_in->refresh_token;
    return logged_in;
  };
}

authenticator with_refresh_token(std::string refresh_token, std::function<void(const tokens&)> rotated) {
  auto current = std::make_shared<std::string>(std::move(refresh_token));
  return [current, rotated = std::move(rotated)](const http_api& api) -> outcome<tokens> {
    auto refreshed = api.refresh(*current);
    if (refreshed) {
      *current = refreshed->refresh_token;
      if (rotated) rotated(refreshed.value());
    }
    return refreshed;
  };
}

}  // namespace natter::client
