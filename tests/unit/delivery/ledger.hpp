#pragma once
// Checks what clients saw against the store: the delivery promise, counted.
//   lost:        an entry the client should have and does not (from where
//                its view starts to the end of its membership)
//   dup:         a conversation event sent twice on one connection
//   inversions:  a live event after a later one
//   phantoms:    an entry that is not the store's at that seq
//   before_join: a live event from before the member joined
//   after_leave: a live event from after the member left

#include <map>
#include <string>
#include <vector>

#include "probe.hpp"

namespace natter::delivery::testing {

struct figures {
  int lost = 0;
  int dup = 0;
  int inversions = 0;
  int phantoms = 0;
  int before_join = 0;
  int after_leave = 0;
  std::vector<std::string> details;  // the first few of each

  bool clean() const { return lost + dup + inversions + phantoms + before_join + after_leave == 0; }
  std::string line() const;
  figures& operator+=(const figures& o);
};

using store_log = std::map<seq_t, std::string>;  // seq -> fingerprint (cluster::log_of)

// The seq at which `username`'s view of a conversation must end: the last
// seq while a member, 0 when they never were.
seq_t membership_end(const store_log& log, const std::string& username);

// One user's view of one conversation against its log.
figures check(const client_view& view, const std::string& username, conversation_id c, const store_log& log);

// True once the view holds every entry up to membership_end.
bool caught_up(const client_view& view, const std::string& username, conversation_id c, const store_log& log);

}  // namespace natter::delivery::testing
