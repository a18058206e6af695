#include "core/e2ee_keys.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <optional>

#include "common/on_pool.hpp"
#include "core/key_signatures.hpp"
#include "core/validation.hpp"

namespace natter::core {

namespace asio = boost::asio;

namespace {

status check_key(const protocol::device_key& k, store::user_id u, std::string_view device_id, std::string_view ed25519,
                 const std::string& field) {
  if (!is_key_name(k.key_id)) return validation_error(field + ".key_id", "1 to 32 of A-Z a-z 0-9 _ -.");
  if (!is_public_key(k.curve25519)) return validation_error(field + ".curve25519", "Not a base64 public key.");
  if (!is_signature(k.signature)) return validation_error(field + ".signature", "Not a base64 signature.");
  if (!signature_verifies(ed25519, k.signature, key_signed_bytes(u, device_id, k.key_id, k.curve25519))) {
    return error(errc::signature_invalid, "The signature of key " + k.key_id + " does not verify.", field);
  }
  return ok;
}

// The checks of keys.upload that need neither the store nor much CPU.
status check_upload_shape(const protocol::keys_upload_request& r) {
  if (!is_key_name(r.device_id)) return validation_error("device_id", "1 to 32 of A-Z a-z 0-9 _ -.");
  if (!is_public_key(r.curve25519)) return validation_error("curve25519", "Not a base64 public key.");
  if (!is_public_key(r.ed25519)) return validation_error("ed25519", "Not a base64 public key.");
  if (!is_signature(r.signature)) return validation_error("signature", "Not a base64 signature.");
  if (r.display_name) {
    if (auto s = validate_display_name(*r.display_name); !s) return s;
  }
  if (r.one_time_keys.size() > static_cast<std::size_t>(protocol::max_keys_per_upload)) {
    return validation_error("one_time_keys", "At most 50 keys per upload.");
  }
  return ok;
}

// The upload's signatures (up to 52 Ed25519 checks): run on the work pool.
status check_upload_signatures(const protocol::keys_upload_request& r, store::user_id u) {
  if (!signature_verifies(r.ed25519, r.signature, device_signed_bytes(u, r.device_id, r.curve25519, r.ed25519))) {
    return error(errc::signature_invalid, "The device signature does not verify.", "signature");
  }
  for (const auto& k : r.one_time_keys) {
    if (auto s = check_key(k, u, r.device_id, r.ed25519, "one_time_keys"); !s) return s;
  }
  if (r.fallback_key) return check_key(*r.fallback_key, u, r.device_id, r.ed25519, "fallback_key");
  return ok;
}

std::vector<store::device_key_record> key_records(const std::vector<protocol::device_key>& keys) {
  std::vector<store::device_key_record> out;
  out.reserve(keys.size());
  for (const auto& k : keys) out.push_back({k.key_id, k.curve25519, k.signature});
  return out;
}

// A user's device list as read for checking its signature.
struct signed_list {
  std::string signing_key;
  std::int64_t version = 0;
  std::string lines;
};

// A write's outcome and who hears of the owner's changed device list.
template <class T>
struct announced {
  T value;
  std::vector<store::user_id> audience;  // empty: nothing changed
};

}  // namespace

e2ee_keys::e2ee_keys(store::database& db, event_sink& sink, const clock& clock, asio::any_io_executor executor,
                     asio::thread_pool& work, key_limits limits)
    : db_(db),
      sink_(sink),
      clock_(clock),
      executor_(std::move(executor)),
      work_(work),
      limits_(limits),
      uploads_(limits.uploads, clock),
      queries_(limits.queries, clock),
      claims_(limits.claims, clock) {}

void e2ee_keys::announce(store::user_id user, const std::vector<store::user_id>& audience) {
  if (audience.empty()) return;
  sink_.to_users(audience, protocol::devices_changed_event{user});
}

asio::awaitable<result<protocol::keys_upload_reply>> e2ee_keys::upload(caller who, std::string session,
                                                                       protocol::keys_upload_request r) {
  if (session.empty()) co_return errc::forbidden;  // a device needs a session to live as long as
  if (auto s = check_upload_shape(r); !s) co_return std::move(s).err();
  if (auto wait = uploads_.acquire(std::to_string(who.id))) co_return rate_limited_error(*wait);
  auto verify = [&r, u = who.id] { return check_upload_signatures(r, u); };
  if (auto s = co_await on_pool(work_, verify); !s) co_return std::move(s).err();
  const unix_ms now = clock_.now_ms();
  using outcome = announced<protocol::keys_upload_reply>;
  auto job = [this, who, session = std::move(session), r = std::move(r), now](store::store& s) -> result<outcome> {
    outcome out{{}, {}};
    auto existing = s.device_of(who.id, r.device_id);
    if (existing) {
      // A device's identity never changes: a reinstall is a new device.
      if (existing->curve25519 != r.curve25519 || existing->ed25519 != r.ed25519) return errc::key_conflict;
      if (existing->session != session) return errc::forbidden;
      if (r.display_name && *r.display_name != existing->display_name) {
        s.rename_device(who.id, r.device_id, *r.display_name);
      }
      out.value.list_version = s.key_owner(who.id).list_version;
    } else {
      if (static_cast<int>(s.devices_of(who.id, limits_.max_devices_per_user).size()) >= limits_.max_devices_per_user) {
        return error(errc::limit_reached, "At most " + std::to_string(limits_.max_devices_per_user) + " devices.");
      }
      store::device_record d{
          who.id, r.device_id, session, r.curve25519, r.ed25519, r.signature, r.display_name.value_or(std::string()),
          now};
      out.value.list_version = s.insert_device(d);
      out.audience = s.profile_audience(who.id, limits_.max_audience);
      out.audience.push_back(who.id);
    }
    const auto keys = key_records(r.one_time_keys);
    const int stock = s.add_one_time_keys(who.id, r.device_id, keys);
    if (stock > limits_.max_one_time_keys_per_device) {  // the savepoint is rolled back
      return error(errc::limit_reached,
                   "At most " + std::to_string(limits_.max_one_time_keys_per_device) + " one-time keys per device.");
    }
    out.value.one_time_key_count = stock;
    if (r.fallback_key) {
      s.set_fallback_key(who.id, r.device_id,
                         {r.fallback_key->key_id, r.fallback_key->curve25519, r.fallback_key->signature});
    }
    return out;
  };
  auto after = [this, user = who.id](const result<outcome>& o) { announce(user, o->audience); };
  auto done = co_await db_.write(std::move(job), std::move(after));
  if (!done) co_return std::move(done).err();
  co_return done->value;
}

asio::awaitable<result<protocol::keys_version_reply>> e2ee_keys::set_signing_key(caller who,
                                                                                 protocol::keys_signing_key_request r) {
  if (!is_public_key(r.ed25519)) co_return validation_error("ed25519", "Not a base64 public key.");
  if (!is_signature(r.signature)) co_return validation_error("signature", "Not a base64 signature.");
  if (auto wait = uploads_.acquire(std::to_string(who.id))) co_return rate_limited_error(*wait);
  if (!signature_verifies(r.ed25519, r.signature, signing_key_signed_bytes(who.id, r.ed25519))) {
    co_return error(errc::signature_invalid, "The signing key's signature does not verify.", "signature");
  }
  const unix_ms now = clock_.now_ms();
  using outcome = announced<protocol::keys_version_reply>;
  auto job = [this, who, r, now](store::store& s) -> result<outcome> {
    const auto owner = s.key_owner(who.id);
    if (owner.signing_key == r.ed25519) return outcome{{owner.list_version}, {}};
    if (!owner.signing_key.empty() && !r.replace) {
      return error(errc::key_conflict, "A signing key is published; replacing it needs \"replace\": true.");
    }
    outcome out{{s.set_signing_key(who.id, r.ed25519)}, s.profile_audience(who.id, limits_.max_audience)};
    out.audience.push_back(who.id);
    const bool replaced = !owner.signing_key.empty();
    s.append_audit_event(store::audit_event{0, now, who.id,
                                            replaced ? "e2ee.signing_key_replaced" : "e2ee.signing_key_set", "",
                                            "list version " + std::to_string(out.value.list_version)});
    return out;
  };
  auto after = [this, user = who.id](const result<outcome>& o) { announce(user, o->audience); };
  auto done = co_await db_.write(std::move(job), std::move(after));
  if (!done) co_return std::move(done).err();
  co_return done->value;
}

asio::awaitable<status> e2ee_keys::sign_list(caller who, protocol::keys_sign_list_request r) {
  if (!is_signature(r.signature)) co_return validation_error("signature", "Not a base64 signature.");
  if (r.version < 1) co_return validation_error("version", "A list version (1 or more).");
  if (auto wait = uploads_.acquire(std::to_string(who.id))) co_return rate_limited_error(*wait);
  // The signature is checked against a read of the list, off the writer;
  // the write then stores it only if the list is still the one checked.
  const int max_devices = limits_.max_devices_per_user;
  auto read_list = [u = who.id, max_devices](store::store& s) -> result<signed_list> {
    auto owner = s.key_owner(u);
    return signed_list{owner.signing_key, owner.list_version, device_list_lines(s.devices_of(u, max_devices))};
  };
  auto listed = co_await db_.read(std::move(read_list));
  if (!listed) co_return std::move(listed).err();
  if (listed->signing_key.empty()) co_return error(errc::key_conflict, "No signing key is published.");
  if (listed->version != r.version) {
    co_return error(errc::key_conflict, "The list is at version " + std::to_string(listed->version) + ".");
  }
  auto verify = [&listed, &r, u = who.id] {
    return signature_verifies(listed->signing_key, r.signature, device_list_signed_bytes(u, r.version, listed->lines));
  };
  if (!co_await on_pool(work_, verify)) {
    co_return error(errc::signature_invalid, "The list signature does not verify.", "signature");
  }
  using outcome = announced<bool>;
  auto job = [this, who, r, checked = std::move(*listed)](store::store& s) -> result<outcome> {
    const auto owner = s.key_owner(who.id);
    const auto lines = device_list_lines(s.devices_of(who.id, limits_.max_devices_per_user));
    if (owner.signing_key != checked.signing_key || owner.list_version != r.version || lines != checked.lines) {
      return error(errc::key_conflict, "The list changed while its signature was checked; sign it again.");
    }
    if (!s.sign_device_list(who.id, r.version, r.signature, lines)) return errc::key_conflict;
    outcome out{true, s.profile_audience(who.id, limits_.max_audience)};
    out.audience.push_back(who.id);
    return out;
  };
  auto after = [this, user = who.id](const result<outcome>& o) { announce(user, o->audience); };
  auto done = co_await db_.write(std::move(job), std::move(after));
  if (!done) co_return std::move(done).err();
  co_return ok;
}

void e2ee_keys::sessions_ended(store::user_id user) {
  asio::co_spawn(executor_, announce_later(user), asio::detached);
}

asio::awaitable<void> e2ee_keys::announce_later(store::user_id user) {
  const int max_audience = limits_.max_audience;
  auto audience_of = [user, max_audience](store::store& s) -> result<std::vector<store::user_id>> {
    std::vector<store::user_id> out;
    if (s.key_owner(user).list_version == 0) return out;  // never had a device: nothing to tell
    out = s.profile_audience(user, max_audience);
    out.push_back(user);
    return out;
  };
  auto audience = co_await db_.read(std::move(audience_of));
  if (audience) announce(user, *audience);
}

}  // namespace natter::core
