#include "common/error.hpp"

namespace natter {

const error_info& info(errc code) noexcept {
  static const error_info table[] = {
      {"BAD_REQUEST", 400, "The request is malformed."},
      {"VALIDATION_FAILED", 422, "A field has an invalid value."},
      {"UNAUTHORIZED", 401, "Authentication is required."},
      {"INVALID_CREDENTIALS", 401, "Wrong login or password."},
      {"TOKEN_EXPIRED", 401, "The token has expired."},
      {"FORBIDDEN", 403, "You are not allowed to do this."},
      {"NOT_FOUND", 404, "Not found."},
      {"METHOD_NOT_ALLOWED", 405, "Method not allowed on this resource."},
      {"EMAIL_TAKEN", 409, "This email is already registered."},
      {"USERNAME_TAKEN", 409, "This username is already taken."},
      {"PAYLOAD_TOO_LARGE", 413, "The request body is too large."},
      {"UNSUPPORTED_MEDIA_TYPE", 415, "The body must be application/json."},
      {"QUOTA_EXCEEDED", 413, "This upload would pass your storage quota."},
      {"RANGE_NOT_SATISFIABLE", 416, "The range lies past the end of the file."},
      {"RESET_TOKEN_INVALID", 400, "This reset link is unknown, used or expired: ask for a new one."},
      {"EMAIL_TOKEN_INVALID", 400, "This confirmation link is unknown, used or expired: ask for a new one."},
      {"RATE_LIMITED", 429, "Too many requests; retry later."},
      {"TOO_MANY_CONNECTIONS", 429, "Too many open connections; close one first."},
      {"BUSY", 503, "The server is busy; retry later."},
      {"STORE_UNAVAILABLE", 503, "The database is unavailable; retry later."},
      {"UNKNOWN_TYPE", 400, "Unknown request type."},
      {"NOT_A_MEMBER", 403, "You are not a member of this conversation."},
      {"ALREADY_MEMBER", 409, "Already a member."},
      {"ROOM_NOT_FOUND", 404, "No room of that name."},
      {"ROOM_EXISTS", 409, "A room of that name exists."},
      {"USER_NOT_FOUND", 404, "No user of that name."},
      {"BLOCKED", 403, "You cannot message this user."},
      {"REQUEST_DECLINED", 403, "The chat request was declined."},
      {"MESSAGE_TOO_LONG", 422, "The message is too long."},
      // --- administration ---
      {"ACCOUNT_DISABLED", 403, "This account is disabled; ask the server's operator."},
      {"INVITE_INVALID", 400, "This invite is unknown, used or expired: ask for a new one."},
      // --- end administration ---
      // --- room moderation ---
      {"BANNED", 403, "You are banned from this room."},
      {"MUTED", 403, "You are muted in this room."},
      // --- end room moderation ---
      // --- reactions and pins ---
      {"LIMIT_REACHED", 409, "A limit on reactions or pins is reached."},
      // --- end reactions and pins ---
      // --- end-to-end encryption keys ---
      {"SIGNATURE_INVALID", 422, "A signature does not verify."},
      {"KEY_CONFLICT", 409, "These keys contradict the ones published."},
      // --- end end-to-end encryption keys ---
      {"BACKUP_VERSION_MISMATCH", 409, "This key backup version is not the current one."},
      {"ENCRYPTION_REQUIRED", 422, "This conversation is end-to-end encrypted: send an encrypted envelope."},
      {"INTERNAL", 500, "Internal error."},
  };
  static_assert(sizeof(table) / sizeof(table[0]) == static_cast<size_t>(errc::internal) + 1,
                "every errc needs a catalogue entry");
  return table[static_cast<size_t>(code)];
}

}  // namespace natter
