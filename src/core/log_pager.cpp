#include "core/log_pager.hpp"

#include <algorithm>

#include "core/views.hpp"

namespace natter::core {
namespace {

constexpr std::size_t first_guess_bytes = 512;  // per entry, before any was measured
constexpr std::size_t max_chunk = 256;

}  // namespace

int log_pager::next_chunk() const {
  const std::size_t average =
      taken_ > 0 ? std::max<std::size_t>(used_ / static_cast<std::size_t>(taken_), 1) : first_guess_bytes;
  const std::size_t fit = budget_.left() / average + 1;
  const auto wanted = static_cast<std::size_t>(limit_ - taken_);
  return static_cast<int>(std::min({fit, max_chunk, wanted}));
}

bool log_pager::take(const store::log_entry& e, const reaction_map& reactions, const mention_map& mentions,
                     const thread_map& threads, std::vector<protocol::log_event>& out) {
  auto view = log_event_view(e);
  attach_reactions(view, reactions);
  attach_mentions(view, mentions);
  attach_threads(view, threads);
  const auto left = budget_.left();
  if (!budget_.take(view)) {
    out_of_room_ = true;
    return false;
  }
  used_ += left - budget_.left();
  ++taken_;
  edge_ = e.seq;
  out.push_back(std::move(view));
  return true;
}

std::vector<protocol::log_event> log_pager::after(store::seq_t after, store::seq_t last) {
  std::vector<protocol::log_event> out;
  edge_ = after;
  while (taken_ < limit_ && edge_ < last) {
    const auto entries = store_.log_after(conversation_, edge_, next_chunk());
    if (entries.empty()) break;
    const auto reactions = reactions_for(store_, entries);
    const auto mentions = mentions_for(store_, entries);
    const auto threads = threads_for(store_, conversation_, reader_, entries);
    for (const auto& e : entries) {
      if (!take(e, reactions, mentions, threads, out)) return out;
    }
  }
  return out;
}

std::vector<protocol::log_event> log_pager::before(store::seq_t before) {
  std::vector<protocol::log_event> out;
  edge_ = before;
  while (taken_ < limit_ && edge_ > 1) {
    const auto entries = store_.log_before(conversation_, edge_, next_chunk());
    if (entries.empty()) break;
    const auto reactions = reactions_for(store_, entries);
    const auto mentions = mentions_for(store_, entries);
    const auto threads = threads_for(store_, conversation_, reader_, entries);
    bool room = true;
    for (auto it = entries.rbegin(); room && it != entries.rend(); ++it)
      room = take(*it, reactions, mentions, threads, out);
    if (!room) break;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace natter::core
