#include "core/accounts_recovery.hpp"

#include <algorithm>
#include <cctype>

#include "core/secrets.hpp"
#include "core/validation.hpp"

namespace natter::core {

namespace asio = boost::asio;

namespace {

// Addresses are matched case-insensitively (store::user_by_login), and so
// are they counted.
std::string address_key(std::string_view email) {
  std::string key(email);
  std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::tolower(c); });
  return key;
}

mail reset_mail(const std::string& to, const std::string& link, std::chrono::seconds ttl) {
  const auto minutes = std::max<long long>(1, std::chrono::duration_cast<std::chrono::minutes>(ttl).count());
  return {to, "Reset your Natter password",
          "Someone asked to reset the password of the Natter account with this address.\n\n"
          "To choose a new password, open this link within " +
              std::to_string(minutes) + (minutes == 1 ? " minute" : " minutes") + ":\n\n" + link +
              "\n\nThe link works once. Setting a new password logs the account out everywhere.\n"
              "If you did not ask for this, ignore this mail: your password stays as it is.\n"};
}

mail password_changed_mail(const std::string& to) {
  return {to, "Your Natter password was changed",
          "The password of the Natter account with this address was just reset with a link mailed here,\n"
          "and every session of the account was logged out.\n\n"
          "If that was not you, reset it again at once and tell your server's operator.\n"};
}

}  // namespace

password_recovery::password_recovery(store::database& db, password_hasher& hasher, session_guard& sessions,
                                     event_sink& events, mailer& mail, const clock& clock, recovery_settings settings)
    : db_(db),
      hasher_(hasher),
      sessions_(sessions),
      events_(events),
      mail_(mail),
      clock_(clock),
      settings_(std::move(settings)),
      by_address_(settings_.requests_per_address, clock),
      by_client_(settings_.requests_per_client, clock),
      confirmations_(settings_.confirmations_per_client, clock) {
  set_public_url(settings_.public_url);
}

void password_recovery::set_public_url(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  settings_.public_url = std::move(url);
}

// Known or not, the address costs the same: one write transaction that looks
// it up and writes an audit event (and, when it is known, the reset), so both
// commit to disk; the mail leaves from a queue.
asio::awaitable<status> password_recovery::request(std::string email, client_info who) {
  if (auto v = validate_email(email); !v) co_return v;
  if (auto wait = by_client_.acquire(who.remote_addr)) co_return rate_limited_error(*wait);
  if (auto wait = by_address_.acquire(address_key(email))) co_return rate_limited_error(*wait);
  const unix_ms now = clock_.now_ms();
  const std::string token = random_token(32);
  const store::password_reset_record reset{
      sha256_hex(token), 0, now,
      now + std::chrono::duration_cast<std::chrono::milliseconds>(settings_.token_ttl).count()};
  auto job = [this, email, reset, who](store::store& s) -> result<std::optional<std::string>> {
    auto user = s.user_by_login(email);
    if (!user) {
      s.append_audit_event(make_audit_event(clock_, std::nullopt, "password.reset_requested", who));
      return std::optional<std::string>{};
    }
    auto mine = reset;
    mine.user = user->id;
    s.insert_password_reset(mine);
    s.append_audit_event(make_audit_event(clock_, user->id, "password.reset_requested", who));
    return std::optional<std::string>(user->email);
  };
  auto stored = co_await db_.write(std::move(job));
  if (!stored) co_return std::move(stored).err();
  if (*stored) mail_.send(reset_mail(**stored, settings_.public_url + "/#reset=" + token, settings_.token_ttl));
  co_return ok;
}

asio::awaitable<status> password_recovery::reset(std::string token, std::string new_password, client_info who) {
  if (auto v = validate_password(new_password, "new_password"); !v) co_return v;
  if (auto wait = confirmations_.acquire(who.remote_addr)) co_return rate_limited_error(*wait);
  const std::string token_hash = sha256_hex(token);
  // Refused before any Argon2 work is spent on it; the write checks again.
  auto look = [token_hash, now = clock_.now_ms()](store::store& s) -> result<store::user_id> {
    auto user = s.password_reset_user(token_hash, now);
    if (!user) return errc::reset_token_invalid;
    return *user;
  };
  auto user = co_await db_.read(std::move(look));
  if (!user) co_return std::move(user).err();
  auto hash = co_await hasher_.hash(std::move(new_password));
  if (!hash) co_return std::move(hash).err();
  struct outcome {
    store::user_id user = 0;
    std::string email;
    std::vector<std::string> families;
  };
  auto change = [this, token_hash, hash = std::move(*hash), now = clock_.now_ms(),
                 who](store::store& s) -> result<outcome> {
    auto owner = s.use_password_reset(token_hash, now);
    if (!owner) return errc::reset_token_invalid;
    s.set_credentials({*owner, hash});
    outcome out{*owner, {}, s.revoke_refresh_tokens_of_user(*owner, now, std::nullopt)};
    if (auto u = s.user_by_id(*owner)) out.email = u->email;
    s.append_audit_event(make_audit_event(clock_, *owner, "password.reset", who));
    return out;
  };
  auto ended = [this](const result<outcome>& r) { end_sessions(sessions_, events_, r->user, r->families); };
  auto done = co_await db_.write(std::move(change), std::move(ended));
  if (!done) co_return std::move(done).err();
  if (!done->email.empty()) mail_.send(password_changed_mail(done->email));
  co_return ok;
}

}  // namespace natter::core
