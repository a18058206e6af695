#include "core/accounts_deletion.hpp"

namespace natter::core {

namespace asio = boost::asio;

account_deletion::account_deletion(accounts& accounts, conversations& conversations)
    : accounts_(accounts), conversations_(conversations) {}

asio::awaitable<status> account_deletion::remove(const access_claims& caller, std::string password, client_info who) {
  if (auto checked = co_await accounts_.check_password(caller, std::move(password), who); !checked) co_return checked;
  if (auto left = co_await conversations_.leave_all(caller.user); !left) co_return left;
  co_return co_await accounts_.erase(caller, who);
}

asio::awaitable<status> account_deletion::remove_by_operator(store::user_id user, client_info who) {
  if (auto left = co_await conversations_.leave_all(user); !left) co_return left;
  access_claims owner;
  owner.user = user;
  co_return co_await accounts_.erase(owner, who);
}

asio::awaitable<status> accounts::check_password(const access_claims& caller, std::string password, client_info who) {
  const own_password check{"password", "The password is wrong.", "account.delete_refused"};
  co_return co_await verify_own_password(caller, std::move(password), check, who);
}

asio::awaitable<status> accounts::erase(const access_claims& caller, client_info who) {
  const unix_ms now = clock_.now_ms();
  const auto reserve = std::chrono::duration_cast<std::chrono::milliseconds>(username_reserve).count();
  const std::string id = std::to_string(caller.user);
  const store::account_erasure tombstone{"deleted-" + id, id + "@deleted.invalid", "Deleted user", now, now + reserve};
  auto change = [this, caller, tombstone, now, who](store::store& s) -> result<std::vector<std::string>> {
    auto families = s.revoke_refresh_tokens_of_user(caller.user, now, std::nullopt);
    s.erase_account(caller.user, tombstone);
    s.append_audit_event(audit_event(caller.user, "account.deleted", who));
    return families;
  };
  auto announce = [this, user = caller.user](const result<std::vector<std::string>>& r) { announce_ended(user, *r); };
  auto done = co_await db_.write(std::move(change), std::move(announce));
  if (!done) co_return std::move(done).err();
  co_return ok;
}

}  // namespace natter::core
