// accounts: the sessions list, and ending one session or all the others.
#include "core/accounts.hpp"

namespace natter::core {

namespace asio = boost::asio;

asio::awaitable<result<std::vector<session_view>>> accounts::sessions(const access_claims& caller) {
  auto query = [caller, now = clock_.now_ms()](store::store& s) -> result<std::vector<session_view>> {
    std::vector<session_view> out;
    for (auto& session : s.sessions_of(caller.user, now, max_sessions_listed)) {
      const bool current = session.family == caller.session;
      out.push_back({std::move(session), current});
    }
    return out;
  };
  co_return co_await db_.read(std::move(query));
}

asio::awaitable<status> accounts::end_session(const access_claims& caller, std::string id, client_info who) {
  const unix_ms now = clock_.now_ms();
  auto change = [this, caller, id, now, who](store::store& s) -> result<std::vector<std::string>> {
    if (id.empty() || !s.refresh_family_active(id, caller.user)) return errc::not_found;
    s.revoke_refresh_family(id, now);
    s.append_audit_event(audit_event(caller.user, "session.ended", who));
    return std::vector<std::string>{id};
  };
  auto announce = [this, user = caller.user](const result<std::vector<std::string>>& r) { announce_ended(user, *r); };
  auto done = co_await db_.write(std::move(change), std::move(announce));
  if (!done) co_return std::move(done).err();
  co_return ok;
}

asio::awaitable<status> accounts::end_other_sessions(const access_claims& caller, client_info who) {
  const unix_ms now = clock_.now_ms();
  auto change = [this, caller, now, who](store::store& s) -> result<std::vector<std::string>> {
    auto ended = s.revoke_refresh_tokens_of_user(caller.user, now, caller.session);
    s.append_audit_event(audit_event(caller.user, "logout.others", who));
    return ended;
  };
  auto announce = [this, user = caller.user](const result<std::vector<std::string>>& r) { announce_ended(user, *r); };
  auto done = co_await db_.write(std::move(change), std::move(announce));
  if (!done) co_return std::move(done).err();
  co_return ok;
}

}  // namespace natter::core
