#pragma once
// The bytes end-to-end encryption keys are signed over: fixed UTF-8 strings
// with fields separated by "\n" (no canonical JSON), the same in every
// language (docs/protocol.md, "Signed bytes"). natterd checks signatures over
// them; clients sign them. Pure functions; any thread.

#include <cstdint>
#include <string>
#include <string_view>

#include "common/ids.hpp"

namespace natter::protocol {

// "natter-device-v1\n<user_id>\n<device_id>\n<curve25519>\n<ed25519>"
std::string device_signed_bytes(user_id u, std::string_view device_id, std::string_view curve25519,
                                std::string_view ed25519);
// "natter-otk-v1\n<user_id>\n<device_id>\n<key_id>\n<curve25519>" (one-time and fallback keys)
std::string key_signed_bytes(user_id u, std::string_view device_id, std::string_view key_id,
                             std::string_view curve25519);
// "natter-ssk-v1\n<user_id>\n<ed25519>", signed by that key itself.
std::string signing_key_signed_bytes(user_id u, std::string_view ed25519);
// Appends one device's line of a device list: "<device_id> <ed25519>\n".
// A list's lines are its devices' in device_id order (bytewise ascending).
void append_device_list_line(std::string& lines, std::string_view device_id, std::string_view ed25519);
// "natter-devices-v1\n<user_id>\n<version>\n" followed by the list's lines.
std::string device_list_signed_bytes(user_id u, std::int64_t list_version, std::string_view lines);

}  // namespace natter::protocol
