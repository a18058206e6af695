#include "ledger.hpp"

namespace natter::delivery::testing {

namespace {

constexpr std::size_t max_details = 10;

// Fingerprints of membership entries (cluster.cpp): "<variant index>:<user>".
const std::string joined_prefix = std::to_string(protocol::log_event(protocol::member_joined_event{}).index()) + ":";
const std::string left_prefix = std::to_string(protocol::log_event(protocol::member_left_event{}).index()) + ":";

struct interval {
  seq_t from = 1;        // the join entry: everything from here on is theirs
  seq_t batch_from = 1;  // the first entry written with the join, which they may get too
  seq_t to = 0;          // 0: still a member
};

const std::string updated_prefix =
    std::to_string(protocol::log_event(protocol::conversation_updated_event{}).index()) + ":";

bool membership_entry(const store_log& log, seq_t s) {
  auto it = log.find(s);
  return it != log.end() && (it->second.starts_with(joined_prefix) || it->second.starts_with(updated_prefix));
}

// The stretches of the log during which `username` was a member. A join
// comes with the membership entries written with it (core/conversation_log:
// a batch goes to its audience whole), so a member may also get the
// membership entries right before their join.
std::vector<interval> memberships(const store_log& log, const std::string& username) {
  std::vector<interval> out;
  for (const auto& [seq, fp] : log) {
    if (fp == joined_prefix + username) {
      seq_t from = seq;
      while (from > 1 && membership_entry(log, from - 1)) --from;
      out.push_back({seq, from, 0});
    }
    if (fp == left_prefix + username && !out.empty() && out.back().to == 0) out.back().to = seq;
  }
  return out;
}

// Whether s is theirs (`strict`: must be delivered) or may be delivered.
bool inside(const std::vector<interval>& spans, seq_t s, bool strict) {
  for (const auto& i : spans) {
    if (s >= (strict ? i.from : i.batch_from) && (i.to == 0 || s <= i.to)) return true;
  }
  return false;
}

void note(figures& f, std::string what) {
  if (f.details.size() < max_details) f.details.push_back(std::move(what));
}

seq_t view_start(const client_view::conversation& v) {
  if (v.floor > 0) return v.floor + 1;
  return v.entries.empty() ? 0 : v.entries.begin()->first;
}

}  // namespace

std::string figures::line() const {
  return "lost " + std::to_string(lost) + ", dup " + std::to_string(dup) + ", inversions " +
         std::to_string(inversions) + ", phantoms " + std::to_string(phantoms) + ", before join " +
         std::to_string(before_join) + ", after leave " + std::to_string(after_leave);
}

figures& figures::operator+=(const figures& o) {
  lost += o.lost;
  dup += o.dup;
  inversions += o.inversions;
  phantoms += o.phantoms;
  before_join += o.before_join;
  after_leave += o.after_leave;
  for (const auto& d : o.details) {
    if (details.size() < max_details) details.push_back(d);
  }
  return *this;
}

seq_t membership_end(const store_log& log, const std::string& username) {
  auto spans = memberships(log, username);
  if (spans.empty()) return 0;
  return spans.back().to == 0 ? (log.empty() ? 0 : log.rbegin()->first) : spans.back().to;
}

figures check(const client_view& view, const std::string& username, conversation_id c, const store_log& log) {
  figures f;
  const auto all = view.snapshot();
  auto it = all.find(c);
  if (it == all.end()) return f;
  const auto& v = it->second;
  const auto where = username + " in " + std::to_string(c) + ": ";
  for (const auto& p : v.problems) {
    (p.find("after live") != std::string::npos ? f.inversions : f.dup) += 1;
    note(f, where + p);
  }
  for (const auto& [seq, fp] : v.entries) {
    auto stored = log.find(seq);
    if (stored == log.end() || stored->second != fp) {
      ++f.phantoms;
      note(f, where + "seq " + std::to_string(seq) + " is " + fp + ", the store has " +
                  (stored == log.end() ? "nothing" : stored->second));
    }
  }
  const auto spans = memberships(log, username);
  for (auto seq : v.live) {
    if (inside(spans, seq, false)) continue;
    const bool early = spans.empty() || seq < spans.front().batch_from;
    ++(early ? f.before_join : f.after_leave);
    note(f, where + "live seq " + std::to_string(seq) + (early ? " before joining" : " while not a member"));
  }
  const auto end = membership_end(log, username);
  for (auto s = view_start(v); s > 0 && s <= end; ++s) {
    if (v.entries.contains(s) || !inside(spans, s, true)) continue;
    ++f.lost;
    auto stored = log.find(s);
    note(f, where + "missing seq " + std::to_string(s) + " (" + (stored == log.end() ? "?" : stored->second) + ")");
  }
  return f;
}

bool caught_up(const client_view& view, const std::string& username, conversation_id c, const store_log& log) {
  const auto end = membership_end(log, username);
  const auto all = view.snapshot();
  auto it = all.find(c);
  if (it == all.end()) return end == 0;
  const auto& v = it->second;
  const auto spans = memberships(log, username);
  for (auto s = view_start(v); s > 0 && s <= end; ++s) {
    if (!v.entries.contains(s) && inside(spans, s, true)) return false;
  }
  return view_start(v) > 0 || end == 0;
}

}  // namespace natter::delivery::testing
