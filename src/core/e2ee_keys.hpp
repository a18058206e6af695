#pragma once
// The end-to-end encryption key directory: devices with their public
// identity keys, one-time and fallback keys, and each user's self-signing
// key and signed device list (docs/protocol.md, "End-to-end encryption:
// keys"). The server stores public keys only and checks every signature.
//
// Who may read a user's keys: the user and the people who share a
// conversation (group or direct chat, requests too; not a room) or a contact
// with them (store::profile_audience). Anyone else gets the reply of a user
// without devices, so a query does not tell whether a stranger exists.
//
// Changes of a device list are announced after the commit (devices.changed)
// to the owner's sessions and that audience, on every node (event_sink).

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "core/event_sink.hpp"
#include "core/rate_limiter.hpp"
#include "core/views.hpp"
#include "store/database.hpp"

namespace natter::core {

struct key_limits {
  int max_devices_per_user = 20;           // over: LIMIT_REACHED
  int max_one_time_keys_per_device = 100;  // stock after an upload; over: LIMIT_REACHED
  int low_key_mark = 10;                   // a claim leaving this many or fewer sends keys.low
  int max_audience = 10000;                // people told of a change; who may read keys
  rate_limit uploads{30, 30};              // keys.upload, keys.signing_key, keys.sign_list, per user
  rate_limit queries{30, 60};              // keys.query, per user
  rate_limit claims{10, 10};               // keys.claim, per user: bounds how fast one account drains keys
};

class e2ee_keys {
 public:
  // Signatures are checked on work (up to 52 per upload: milliseconds of
  // CPU), after the caller's rate limit, never on an I/O thread.
  e2ee_keys(store::database& db, event_sink& sink, const clock& clock, boost::asio::any_io_executor executor,
            boost::asio::thread_pool& work, key_limits limits = {});

  // Publishes (or confirms) the caller's device r.device_id, bound to the
  // caller's session, with its one-time and fallback keys. Errors:
  // validation_failed (field named), signature_invalid, key_conflict (the
  // device exists with other identity keys), forbidden (the device belongs
  // to another session of the caller's), limit_reached (devices or key
  // stock), rate_limited.
  boost::asio::awaitable<result<protocol::keys_upload_reply>> upload(caller who, std::string session,
                                                                     protocol::keys_upload_request r);
  // Publishes the caller's self-signing key; replacing one needs r.replace
  // (audited). Errors: validation_failed, signature_invalid, key_conflict
  // (another key is published and replace is false), rate_limited.
  boost::asio::awaitable<result<protocol::keys_version_reply>> set_signing_key(caller who,
                                                                               protocol::keys_signing_key_request r);
  // Stores the signing key's signature over the caller's device list at
  // r.version. Errors: validation_failed, key_conflict (no signing key, or
  // r.version is not the current version), signature_invalid, rate_limited.
  boost::asio::awaitable<status> sign_list(caller who, protocol::keys_sign_list_request r);
  // The keys of up to max_key_query_users users. Errors: validation_failed,
  // rate_limited.
  boost::asio::awaitable<result<protocol::keys_query_reply>> query(caller who, protocol::keys_query_request r);
  // One key per device asked for (each device once): a one-time key, taken
  // for good, or the device's fallback key. Errors: validation_failed,
  // rate_limited.
  boost::asio::awaitable<result<protocol::keys_claim_reply>> claim(caller who, protocol::keys_claim_request r);

  // Sessions of user ended on this node (their devices went with them in
  // the same transaction): announces the change. Any thread.
  void sessions_ended(store::user_id user);

 private:
  boost::asio::awaitable<void> announce_later(store::user_id user);
  void announce(store::user_id user, const std::vector<store::user_id>& audience);

  store::database& db_;
  event_sink& sink_;
  const clock& clock_;
  boost::asio::any_io_executor executor_;
  boost::asio::thread_pool& work_;
  key_limits limits_;
  rate_limiter uploads_;
  rate_limiter queries_;
  rate_limiter claims_;
};

}  // namespace natter::core
