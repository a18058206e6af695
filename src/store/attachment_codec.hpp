#pragma once
// How a message's attachments are kept in its log row (one text column, NULL
// when none): fields separated by U+001F, attachments by U+001E. Media names
// and every other field are free of control characters (made so at upload),
// so the separators never occur inside a field.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/conversation_records.hpp"

namespace natter::store {

// Nothing for no attachments (the column stays NULL).
std::optional<std::string> encode_attachments(const std::vector<attachment_record>& attachments);
// What encode_attachments wrote; a field it cannot read is left empty or 0.
std::vector<attachment_record> decode_attachments(std::string_view text);

}  // namespace natter::store
