// The session bridge's message search: the client library's http_api on
// Qt's thread pool.

#include <memory>
#include <optional>

#include "session_bridge.hpp"

namespace natter::desktop {

void session_bridge::search(const client::search_query& query, search_handler done) {
  if (!session_) return done(client::failure::local("STOPPED", tr("Not logged in.").toStdString()));
  auto result = std::make_shared<std::optional<client::outcome<client::search_results>>>();
  in_pool(
      [result, query](const client::http_api& http, const client::outcome<std::string>& token) {
        if (!token) {
          *result = token.error();
          return;
        }
        *result = http.search(token.value(), query);
      },
      [result, done = std::move(done)] { done(std::move(**result)); });
}

}  // namespace natter::desktop
