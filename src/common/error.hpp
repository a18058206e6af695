#pragma once
// The one catalogue of error codes, shared by the HTTP API and (later) the
// WebSocket protocol. Each code maps to its wire name, HTTP status and default
// message in exactly one place: error.cpp. docs/protocol.md documents them.

#include <chrono>
#include <string>
#include <string_view>

namespace natter {

enum class errc {
  bad_request,          // malformed JSON, wrong types, missing fields
  validation_failed,    // a field is syntactically fine but not acceptable
  unauthorized,         // no, malformed or revoked credentials
  invalid_credentials,  // login with a wrong login or password
  token_expired,        // the access or refresh token is past its expiry
  forbidden,            // authenticated, but not allowed
  not_found,            // no such route or resource
  method_not_allowed,   // the route exists, the method does not
  email_taken,          // another account has this email
  username_taken,       // another account has this username
  payload_too_large,    // request body over the limit
  unsupported_media_type,
  quota_exceeded,         // an upload past the user's storage quota
  range_not_satisfiable,  // a Range past the end of a download
  reset_token_invalid,    // a password reset token that is unknown, used or expired
  email_token_invalid,    // an email confirmation token that is unknown, used or expired
  rate_limited,           // too many attempts; see retry_after
  too_many_connections,   // this address or user holds as many connections as allowed
  busy,                   // a bounded queue is full; retry later
  store_unavailable,      // the database cannot be reached or written
  // WebSocket protocol
  unknown_type,      // a request type the server does not know
  not_a_member,      // not a member, or no such conversation (not revealed)
  already_member,    // joining or adding someone already in
  room_not_found,    // no room of that name
  room_exists,       // creating a room whose name is taken
  user_not_found,    // no user of that name
  blocked,           // the recipient blocked the sender
  request_declined,  // the recipient declined the chat request
  message_too_long,  // text over the configured number of code points
  // --- administration ---
  account_disabled,  // an operator disabled the account (told only after the right password)
  invite_invalid,    // a registration invite that is missing, unknown, used, revoked or expired
  // --- end administration ---
  // --- room moderation ---
  banned,  // joining a room that banned the caller
  muted,   // posting in a room that muted the caller
  // --- end room moderation ---
  // --- reactions and pins ---
  limit_reached,  // a cap on reactions to a message or on pins in a conversation
  // --- end reactions and pins ---
  // --- end-to-end encryption keys ---
  signature_invalid,  // a key or list signature that does not verify
  key_conflict,  // keys that contradict the published ones (a device's identity, the signing key, a stale list version)
  // --- end end-to-end encryption keys ---
  // A key backup request naming a version that is not the user's current one.
  backup_version_mismatch,
  encryption_required,  // plain text (or a plain forward or attachment) in an end-to-end encrypted conversation
  internal,             // a bug; never caused by input; always last
};

struct error_info {
  std::string_view code;     // wire name, e.g. "EMAIL_TAKEN"
  int http_status;           // e.g. 409
  std::string_view message;  // default human-readable message
};

// The catalogue entry for a code. Total: every enumerator has an entry.
const error_info& info(errc code) noexcept;

// An expected failure, returned as a value.
struct error {
  errc code = errc::internal;
  std::string message;                 // empty: the catalogue's default
  std::string field;                   // for validation_failed: which field
  std::chrono::seconds retry_after{};  // for rate_limited and busy

  error() = default;
  error(errc c, std::string msg = {}, std::string fld = {})  // NOLINT(google-explicit-constructor)
      : code(c), message(std::move(msg)), field(std::move(fld)) {}

  std::string_view message_or_default() const noexcept {
    return message.empty() ? info(code).message : std::string_view(message);
  }
};

inline error validation_error(std::string field, std::string message) {
  return error(errc::validation_failed, std::move(message), std::move(field));
}

inline error rate_limited_error(std::chrono::seconds retry_after) {
  error e(errc::rate_limited);
  e.retry_after = retry_after;
  return e;
}

}  // namespace natter
