#include "core/accounts_email.hpp"

#include "core/secrets.hpp"
#include "core/validation.hpp"

namespace natter::core {

namespace asio = boost::asio;

namespace {

// Addresses are unique case-insensitively (store::user_by_login).
bool same_address(std::string_view a, std::string_view b) {
  return normalize_username(a) == normalize_username(b);
}

std::string hours_text(std::chrono::seconds ttl) {
  const auto hours = std::max<long long>(1, std::chrono::duration_cast<std::chrono::hours>(ttl).count());
  return std::to_string(hours) + (hours == 1 ? " hour" : " hours");
}

mail link_mail(const std::string& to, const std::string& link, bool change, std::chrono::seconds ttl) {
  if (change) {
    return {to, "Confirm your new Natter address",
            "Someone asked to make this the email address of a Natter account.\n\n"
            "To confirm it, open this link within " +
                hours_text(ttl) + ":\n\n" + link +
                "\n\nUntil then the account keeps its old address.\n"
                "If you did not ask for this, ignore this mail: nothing changes.\n"};
  }
  return {to, "Confirm your Natter address",
          "Welcome to Natter. To confirm that this address is yours, open this link within " + hours_text(ttl) +
              ":\n\n" + link + "\n\nIf you did not create an account, ignore this mail.\n"};
}

mail email_changed_mail(const std::string& to, const std::string& new_address) {
  return {to, "Your Natter address was changed",
          "The email address of the Natter account that had this address is now " + new_address +
              ".\nMail about the account (password resets) goes there from now on.\n\n"
              "If that was not you, log in, change your password and tell your server's operator.\n"};
}

enum class plan { send, nothing, refused };

struct confirmed {
  bool refused = false;
  std::string old_email;  // empty: the address was confirmed, not changed
  std::string new_email;
};

}  // namespace

email_addresses::email_addresses(store::database& db, mailer& mail, const clock& clock, email_settings settings)
    : db_(db),
      mail_(mail),
      clock_(clock),
      settings_(std::move(settings)),
      mails_(settings_.mails_per_account, clock),
      confirmations_(settings_.confirmations_per_client, clock) {
  set_public_url(settings_.public_url);
}

void email_addresses::set_public_url(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  settings_.public_url = std::move(url);
}

asio::awaitable<status> email_addresses::request_change(store::user_id user, std::string email, client_info who) {
  if (auto v = validate_email(email); !v) co_return v;
  link_request request{user, std::move(email), true};  // named: GCC 12
  co_return co_await send_link(std::move(request), std::move(who));
}

asio::awaitable<status> email_addresses::request_verification(store::user_id user, client_info who) {
  link_request request{user, {}, true};  // named: GCC 12
  co_return co_await send_link(std::move(request), std::move(who));
}

asio::awaitable<status> email_addresses::welcome(store::user_id user, client_info who) {
  link_request request{user, {}, false};  // named: GCC 12
  co_return co_await send_link(std::move(request), std::move(who));
}

asio::awaitable<status> email_addresses::send_link(link_request request, client_info who) {
  const unix_ms now = clock_.now_ms();
  const store::user_id user = request.user;
  const bool change = !request.email.empty();
  // Only a real mail costs budget: a profile form sends the current address
  // with every save, and a confirmed address needs no link.
  auto look = [user, change, email = request.email, now](store::store& s) -> result<std::string> {
    auto current = s.user_by_id(user);
    if (!current) return errc::not_found;
    if (change) return same_address(current->email, email) ? std::string() : email;
    return s.email_state_of(user, now).verified ? std::string() : current->email;
  };
  auto target = co_await db_.read(std::move(look));
  if (!target) co_return std::move(target).err();
  if (target->empty()) co_return ok;
  if (auto wait = request.charged ? mails_.acquire(std::to_string(user)) : std::nullopt) {
    auto limited = [this, user, who](store::store& s) -> status {
      s.append_audit_event(make_audit_event(clock_, user, "email.change_limited", who));
      return ok;
    };
    co_await db_.write(std::move(limited));
    co_return rate_limited_error(*wait);
  }
  const std::string token = random_token(32);
  const store::email_confirmation_record record{
      sha256_hex(token), user, *target, now,
      now + std::chrono::duration_cast<std::chrono::milliseconds>(settings_.token_ttl).count()};
  auto store_link = [this, record, change, who](store::store& s) -> result<plan> {
    if (auto holder = s.user_by_login(record.email); holder && holder->id != record.user) {
      s.append_audit_event(make_audit_event(clock_, record.user, "email.change_refused", who));
      return plan::refused;
    }
    s.insert_email_confirmation(record);
    s.append_audit_event(
        make_audit_event(clock_, record.user, change ? "email.change_requested" : "email.verification_sent", who));
    return plan::send;
  };
  auto stored = co_await db_.write(std::move(store_link));
  if (!stored) co_return std::move(stored).err();
  // Not EMAIL_TAKEN: the answer must not tell whether another account holds
  // the address (the budget bounds what probing can learn).
  if (*stored == plan::refused) co_return validation_error("email", "This address cannot be used.");
  mail_.send(link_mail(record.email, settings_.public_url + "/#confirm-email=" + token, change, settings_.token_ttl));
  co_return ok;
}

asio::awaitable<status> email_addresses::confirm(std::string token, client_info who) {
  if (auto wait = confirmations_.acquire(who.remote_addr)) co_return rate_limited_error(*wait);
  auto use = [this, token_hash = sha256_hex(token), who](store::store& s) -> result<confirmed> {
    const unix_ms now = clock_.now_ms();
    auto link = s.use_email_confirmation(token_hash, now);
    if (!link) return errc::email_token_invalid;
    auto current = s.user_by_id(link->user);
    if (!current) return errc::email_token_invalid;
    confirmed out;
    if (!same_address(current->email, link->email)) {
      store::profile_update update;
      update.email = link->email;
      if (!s.update_profile(link->user, update)) {  // taken since the link was sent
        s.append_audit_event(make_audit_event(clock_, link->user, "email.change_refused", who));
        out.refused = true;
        return out;
      }
      out.old_email = current->email;
      out.new_email = link->email;
    }
    s.set_email_verified(link->user, now);
    s.append_audit_event(
        make_audit_event(clock_, link->user, out.old_email.empty() ? "email.verified" : "email.changed", who));
    return out;
  };
  auto done = co_await db_.write(std::move(use));
  if (!done) co_return std::move(done).err();
  if (done->refused) co_return validation_error("email", "This address cannot be used.");
  if (!done->old_email.empty()) mail_.send(email_changed_mail(done->old_email, done->new_email));
  co_return ok;
}

asio::awaitable<result<store::email_state>> email_addresses::state(store::user_id user) {
  auto look = [user, now = clock_.now_ms()](store::store& s) -> result<store::email_state> {
    return s.email_state_of(user, now);
  };
  co_return co_await db_.read(std::move(look));
}

}  // namespace natter::core
