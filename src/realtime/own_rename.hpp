#pragma once
// A session keeps its user's username for the events it makes (typing,
// presence); a rename reaches it as a user event, and it takes the new name
// from there, so that no open connection speaks under the old one.

#include <optional>
#include <string>

#include "common/ids.hpp"

namespace natter::realtime {

// The new username if frame is a user.updated event about self.
std::optional<std::string> own_new_username(const std::string& frame, user_id self);

}  // namespace natter::realtime
