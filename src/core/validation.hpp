#pragma once
// Validation of user-supplied account fields. Each returns ok or a
// validation_failed error naming the field. Inputs may be any bytes.

#include <string>
#include <string_view>

#include "common/result.hpp"

namespace natter::core {

inline constexpr std::size_t max_email_bytes = 254;
inline constexpr std::size_t min_password_chars = 8;
inline constexpr std::size_t max_password_chars = 256;
inline constexpr std::size_t max_display_name_chars = 64;
inline constexpr std::size_t max_bio_chars = 500;

// Lower-cases ASCII letters; usernames are stored and compared in lower case.
std::string normalize_username(std::string_view username);

status validate_email(std::string_view email);        // field "email"
status validate_username(std::string_view username);  // field "username"; expects normalized
// A username someone takes (registration, rename): also never "deleted-...".
status validate_new_username(std::string_view username);
status validate_password(std::string_view password, std::string_view field = "password");
status validate_display_name(std::string_view name);  // field "display_name"
status validate_bio(std::string_view bio);            // field "bio"

// Message text (field "text"): 1..max_chars code points of valid UTF-8,
// without NUL, and with at least one visible character: text made only of
// whitespace, control characters, zero-width and other invisible format
// characters (bidi controls included) is refused. Bidi controls inside
// visible text are kept as they are; clients render text isolated.
// Errors: validation_failed, message_too_long.
status validate_message_text(std::string_view text, std::size_t max_chars);

}  // namespace natter::core
