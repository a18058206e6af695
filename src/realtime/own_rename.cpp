#include "realtime/own_rename.hpp"

#include "protocol/codec.hpp"

namespace natter::realtime {

std::optional<std::string> own_new_username(const std::string& frame, user_id self) {
  // Cheap test first: most user events are presence and requests.
  if (frame.find("\"user.updated\"") == std::string::npos) return std::nullopt;
  auto decoded = protocol::decode_incoming(frame);
  if (!decoded) return std::nullopt;
  const auto* e = std::get_if<protocol::event>(&*decoded);
  if (!e) return std::nullopt;
  const auto* updated = std::get_if<protocol::user_updated_event>(e);
  if (!updated || updated->user_id != self) return std::nullopt;
  return updated->username;
}

}  // namespace natter::realtime
