#include "core/reactions.hpp"

#include <array>
#include <iterator>
#include <optional>
#include <vector>

#include "core/conversation_log.hpp"
#include "core/emoji.hpp"
#include "core/reaction_views.hpp"
#include "protocol/reply_budget.hpp"

namespace natter::core {

namespace asio = boost::asio;
using store::entry_kind;

// A logged change and who receives it; nothing when nothing changed.
struct reactions::change {
  std::optional<store::log_entry> entry;
  member_list members;
  reaction_map reactions;
};

namespace {

// The message and the caller's membership of its conversation, if the caller
// may see it: not deleted, in a conversation of theirs.
struct visible_message {
  store::message_record msg;
  store::conversation_record conv;
  store::member_record me;
};

result<visible_message> visible(store::store& s, store::user_id user, store::message_id id) {
  auto msg = s.message_by_id(id);
  if (!msg || msg->deleted) return errc::not_found;
  auto me = s.member(msg->conversation, user);
  auto conv = me ? s.conversation_by_id(msg->conversation) : std::nullopt;
  if (!conv) return errc::not_found;
  return visible_message{std::move(*msg), std::move(*conv), std::move(*me)};
}

status may_pin(const visible_message& v) {
  if (v.conv.kind == store::conversation_kind::direct) return ok;
  return v.me.role == store::member_role::member ? status(errc::forbidden) : status(ok);
}

}  // namespace

reactions::reactions(store::database& db, event_sink& sink, membership_cache& members, const clock& clock,
                     reaction_limits limits)
    : db_(db), sink_(sink), members_(members), clock_(clock), limits_(limits), changes_(limits.changes, clock) {}

void reactions::publish(const change& c) {
  if (!c.entry) return;
  auto view = log_event_view(*c.entry);
  attach_reactions(view, c.reactions);
  sink_.to_conversation(c.entry->conversation, c.members, c.entry->seq, as_event(std::move(view)));
}

asio::awaitable<status> reactions::react(caller who, store::message_id id, std::string emoji, bool add) {
  if (!is_emoji(emoji)) co_return validation_error("emoji", "Must be one emoji.");
  if (auto wait = changes_.acquire(std::to_string(who.id))) co_return rate_limited_error(*wait);
  const unix_ms now = clock_.now_ms();
  auto job = [this, who, id, emoji, add, now](store::store& s) -> result<change> {
    auto v = visible(s, who.id, id);
    if (!v) return std::move(v).err();
    if (auto allowed = may_write(s, who.id, v->conv); !allowed) return std::move(allowed).err();
    const bool changed = add ? s.add_reaction(id, who.id, emoji, now) : s.remove_reaction(id, who.id, emoji);
    if (!changed) return change{};
    if (add) {  // counted with the new one; over a cap, the savepoint is rolled back
      const auto tally = s.reaction_tally_of(id, who.id, emoji);
      if (tally.emoji_kinds > limits_.max_emoji_per_message || tally.by_user > limits_.max_reactions_per_user) {
        return errc::limit_reached;
      }
    }
    auto e = store::new_entry(v->conv.id, entry_kind::updated, who.id, now);
    e.target = id;
    e.action = add ? store::reaction_added_action : store::reaction_removed_action;
    e.text = emoji;
    change out;
    out.entry = s.append(e).entry;
    out.members = members_.members_at(v->conv.id, out.entry->seq, s);
    const std::array ids{id};
    out.reactions = reactions_of(s, ids);
    return out;
  };
  auto after = [this](const result<change>& r) { publish(*r); };
  auto done = co_await db_.write(std::move(job), std::move(after));
  if (!done) co_return std::move(done).err();
  co_return ok;
}

asio::awaitable<status> reactions::pin(caller who, store::message_id id, bool pinned) {
  if (auto wait = changes_.acquire(std::to_string(who.id))) co_return rate_limited_error(*wait);
  const unix_ms now = clock_.now_ms();
  auto job = [this, who, id, pinned, now](store::store& s) -> result<change> {
    auto v = visible(s, who.id, id);
    if (!v) return std::move(v).err();
    if (auto allowed = may_pin(*v); !allowed) return std::move(allowed).err();
    if (pinned && static_cast<int>(s.pins_of(v->conv.id, limits_.max_pins).size()) >= limits_.max_pins) {
      return errc::limit_reached;
    }
    const bool changed = pinned ? s.pin_message(v->conv.id, id, who.id, now) : s.unpin_message(v->conv.id, id);
    if (!changed) return change{};
    auto e = store::new_entry(v->conv.id, entry_kind::updated, who.id, now);
    e.target = id;
    e.action = pinned ? store::pinned_action : store::unpinned_action;
    change out;
    out.entry = s.append(e).entry;
    out.members = members_.members_at(v->conv.id, out.entry->seq, s);
    return out;
  };
  auto after = [this](const result<change>& r) { publish(*r); };
  auto done = co_await db_.write(std::move(job), std::move(after));
  if (!done) co_return std::move(done).err();
  co_return ok;
}

namespace {

// Whether pin p comes after the cursor in the list's order (pinned_at, then
// message id, both descending).
bool after_cursor(const store::pin_record& p, const std::optional<protocol::pin_cursor>& c) {
  if (!c) return true;
  return p.at < c->at || (p.at == c->at && p.message.id < c->id);
}

}  // namespace

asio::awaitable<result<protocol::pins_reply>> reactions::pins(caller who, protocol::pins_list_request r) {
  // A conversation holds at most max_pins, so the page is cut from all of
  // them: one bounded read, whatever the cursor.
  const int limit = limits_.max_pins;
  auto query = [who, r, limit](store::store& s) -> result<protocol::pins_reply> {
    if (!s.member(r.conversation, who.id)) return errc::not_a_member;
    std::vector<store::pin_record> page;
    bool more = false;
    for (auto& p : s.pins_of(r.conversation, limit)) {
      if (!after_cursor(p, r.cursor)) continue;
      if (std::ssize(page) == r.limit) {
        more = true;
        break;
      }
      page.push_back(std::move(p));
    }
    std::vector<store::message_id> ids;
    ids.reserve(page.size());
    for (const auto& p : page) ids.push_back(p.message.id);
    const auto shown = reactions_of(s, ids);
    protocol::reply_budget budget(protocol::max_reply_bytes - protocol::reply_envelope_bytes);
    protocol::pins_reply out;
    for (const auto& p : page) {
      auto view = pin_view(p, shown);
      if (!budget.take(view)) {
        more = true;
        break;
      }
      out.pins.push_back(std::move(view));
    }
    out.has_more = more && !out.pins.empty();
    if (out.has_more) out.next_cursor = protocol::pin_cursor{out.pins.back().ts, out.pins.back().msg.id};
    return out;
  };
  co_return co_await db_.read(std::move(query));
}

}  // namespace natter::core
