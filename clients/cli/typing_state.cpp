#include "clients/cli/typing_state.hpp"

namespace natter::cli {

void typing_state::typing(protocol::conversation_id c, const std::string& user, clock::time_point now) {
  // Bounded by the people in the user's conversations; expire() prunes.
  until_[{c, user}] = now + ttl_;
}

void typing_state::stopped(protocol::conversation_id c, const std::string& user) {
  until_.erase({c, user});
}

bool typing_state::expire(clock::time_point now) {
  return std::erase_if(until_, [now](const auto& entry) { return entry.second <= now; }) > 0;
}

std::vector<std::string> typing_state::typers(protocol::conversation_id c) const {
  std::vector<std::string> out;
  for (auto it = until_.lower_bound({c, std::string()}); it != until_.end() && it->first.first == c; ++it) {
    out.push_back(it->first.second);
  }
  return out;
}

std::string typing_state::describe(const std::vector<std::string>& names) {
  if (names.empty()) return {};
  if (names.size() == 1) return names[0] + " is typing…";
  if (names.size() == 2) return names[0] + " and " + names[1] + " are typing…";
  return std::to_string(names.size()) + " people are typing…";
}

bool typing_state::should_send(protocol::conversation_id c, clock::time_point now) {
  auto it = sent_.find(c);
  if (it != sent_.end() && now - it->second < resend_) return false;
  sent_[c] = now;
  return true;
}

}  // namespace natter::cli
