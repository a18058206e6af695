#include "protocol/key_formats.hpp"

namespace natter::protocol {

std::string device_signed_bytes(user_id u, std::string_view device_id, std::string_view curve25519,
                                std::string_view ed25519) {
  std::string out = "natter-device-v1\n" + std::to_string(u) + "\n";
  out.append(device_id).append("\n").append(curve25519).append("\n").append(ed25519);
  return out;
}

std::string key_signed_bytes(user_id u, std::string_view device_id, std::string_view key_id,
                             std::string_view curve25519) {
  std::string out = "natter-otk-v1\n" + std::to_string(u) + "\n";
  out.append(device_id).append("\n").append(key_id).append("\n").append(curve25519);
  return out;
}

std::string signing_key_signed_bytes(user_id u, std::string_view ed25519) {
  std::string out = "natter-ssk-v1\n" + std::to_string(u) + "\n";
  out.append(ed25519);
  return out;
}

void append_device_list_line(std::string& lines, std::string_view device_id, std::string_view ed25519) {
  lines.append(device_id).append(" ").append(ed25519).append("\n");
}

std::string device_list_signed_bytes(user_id u, std::int64_t list_version, std::string_view lines) {
  std::string out = "natter-devices-v1\n" + std::to_string(u) + "\n" + std::to_string(list_version) + "\n";
  out.append(lines);
  return out;
}

}  // namespace natter::protocol
