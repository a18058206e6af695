#pragma once
// Typing indicators both ways, for the full-screen chat.
// In: who is typing where, each for `ttl` after their last `typing` event
// (the server's typing_ttl_ms), or until their message arrives.
// Out: while the user types a message, one `typing` request per
// conversation at most every `resend` (under the server's limit of 30 a
// minute, and often enough to keep the indicator alive on the other side).

#include <chrono>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "protocol/frames.hpp"

namespace natter::cli {

class typing_state {
 public:
  using clock = std::chrono::steady_clock;

  explicit typing_state(std::chrono::milliseconds ttl = std::chrono::milliseconds(5000),
                        std::chrono::milliseconds resend = std::chrono::milliseconds(3000))
      : ttl_(ttl), resend_(resend) {}

  // In: a `typing` event; their message (they stopped).
  void typing(protocol::conversation_id c, const std::string& user, clock::time_point now);
  void stopped(protocol::conversation_id c, const std::string& user);
  // Forgets who stopped typing; true when someone did (redraw).
  bool expire(clock::time_point now);
  // Who types in `c`, by name.
  std::vector<std::string> typers(protocol::conversation_id c) const;
  // "bob is typing…", "bob and carol are typing…", "3 people are typing…";
  // empty for nobody.
  static std::string describe(const std::vector<std::string>& names);

  // Out: true when a `typing` request for `c` is due now (and counts it sent).
  bool should_send(protocol::conversation_id c, clock::time_point now);

 private:
  std::chrono::milliseconds ttl_;
  std::chrono::milliseconds resend_;
  std::map<std::pair<protocol::conversation_id, std::string>, clock::time_point> until_;
  std::map<protocol::conversation_id, clock::time_point> sent_;
};

}  // namespace natter::cli
