#include "core/contacts.hpp"

#include <algorithm>

namespace natter::core {

namespace asio = boost::asio;
using store::request_state;

contacts::contacts(store::database& db, event_sink& sink, presence& presence, const clock& clock)
    : db_(db), sink_(sink), presence_(presence), clock_(clock) {}

namespace {

// The other person, checked. Errors: user_not_found, validation_failed.
result<store::user_record> other_person(store::store& s, const caller& who, const std::string& username) {
  auto user = s.user_by_username(username);
  if (!user) return errc::user_not_found;
  if (user->id == who.id) return validation_error("username", "That is you.");
  return std::move(*user);
}

}  // namespace

asio::awaitable<status> contacts::add(caller who, std::string username) {
  // The chat request this answers, if any: (conversation, requester).
  using answered = std::optional<std::pair<store::conversation_id, store::user_id>>;
  auto change = [who, username](store::store& s) -> result<answered> {
    auto other = other_person(s, who, username);
    if (!other) return std::move(other).err();
    s.add_contact(who.id, other->id);
    // Adding someone answers their pending request.
    auto chat = s.direct_conversation(who.id, other->id);
    if (chat && chat->request != request_state::none && chat->requested_by == other->id) {
      s.set_request_state(chat->id, request_state::none);
      return answered(std::pair{chat->id, other->id});
    }
    return answered{};
  };
  auto publish = [this, who](const result<answered>& r) {
    if (!*r) return;
    const auto [conversation, requester] = **r;
    sink_.to_users({requester}, protocol::request_accepted_event{conversation, who.username, who.id});
  };
  auto added = co_await db_.write(std::move(change), std::move(publish));
  if (!added) co_return std::move(added).err();
  if (*added) co_await presence_.show_each_other(who, (*added)->second);  // the request it accepted
  co_return ok;
}

asio::awaitable<status> contacts::remove(caller who, std::string username) {
  auto change = [who, username](store::store& s) -> status {
    auto other = other_person(s, who, username);
    if (!other) return std::move(other).err();
    s.remove_contact(who.id, other->id);
    return ok;
  };
  co_return co_await db_.write(std::move(change));
}

namespace {

// The caller's contacts, and which of them share their presence with the caller.
struct contact_rows {
  std::vector<store::user_record> people;
  std::vector<bool> visible;
};

}  // namespace

asio::awaitable<result<std::vector<protocol::contact>>> contacts::list(caller who) {
  auto query = [who](store::store& s) -> result<contact_rows> {
    contact_rows out{s.contacts_of(who.id), {}};
    const auto visible = s.presence_visible_to(who.id);  // ascending
    for (const auto& p : out.people) out.visible.push_back(std::binary_search(visible.begin(), visible.end(), p.id));
    return out;
  };
  auto rows = co_await db_.read(std::move(query));
  if (!rows) co_return std::move(rows).err();
  std::vector<store::user_id> ids;
  for (std::size_t i = 0; i < rows->people.size(); ++i) {
    if (rows->visible[i]) ids.push_back(rows->people[i].id);
  }
  auto statuses = co_await presence_.statuses_of(std::move(ids));  // on every node
  std::vector<protocol::contact> out;
  std::size_t next_status = 0;
  for (std::size_t i = 0; i < rows->people.size(); ++i) {
    const auto& p = rows->people[i];
    if (!rows->visible[i]) {
      out.push_back({p.username, p.display_name, "offline", 0, p.id});
      continue;
    }
    out.push_back({p.username, p.display_name, std::move(statuses[next_status++]), p.last_seen.value_or(0), p.id});
  }
  co_return out;
}

namespace {

// Who saw whose presence before a block.
struct hidden_by_block {
  store::user_id other = 0;
  std::string other_name;
  bool other_saw_me = false;
  bool i_saw_other = false;
};

bool listed(const std::vector<store::user_id>& ascending, store::user_id u) {
  return std::binary_search(ascending.begin(), ascending.end(), u);
}

}  // namespace

asio::awaitable<status> contacts::block(caller who, std::string username) {
  auto change = [who, username](store::store& s) -> result<hidden_by_block> {
    auto other = other_person(s, who, username);
    if (!other) return std::move(other).err();
    hidden_by_block out{other->id, other->username, listed(s.presence_audience(who.id), other->id),
                        listed(s.presence_visible_to(who.id), other->id)};
    s.add_block(who.id, other->id);
    return out;
  };
  // What each of them was shown of the other is withdrawn at once: offline,
  // never seen, as for anyone who may not see it.
  auto hide = [this, who](const result<hidden_by_block>& r) {
    if (r->other_saw_me) sink_.to_users({r->other}, protocol::presence_event{who.username, "offline", 0, who.id});
    if (r->i_saw_other) sink_.to_users({who.id}, protocol::presence_event{r->other_name, "offline", 0, r->other});
  };
  auto blocked = co_await db_.write(std::move(change), std::move(hide));
  if (!blocked) co_return std::move(blocked).err();
  co_return ok;
}

asio::awaitable<status> contacts::unblock(caller who, std::string username) {
  auto change = [who, username](store::store& s) -> status {
    auto other = other_person(s, who, username);
    if (!other) return std::move(other).err();
    s.remove_block(who.id, other->id);
    return ok;
  };
  co_return co_await db_.write(std::move(change));
}

namespace {

// The request to `who` in c that is in one of the states allowed. Errors: not_found.
result<store::conversation_record> request_to(store::store& s, const caller& who, store::conversation_id c,
                                              std::initializer_list<request_state> allowed) {
  auto conv = s.conversation_by_id(c);
  if (!conv || std::find(allowed.begin(), allowed.end(), conv->request) == allowed.end() || !conv->requested_by ||
      *conv->requested_by == who.id || !s.member(c, who.id)) {
    return errc::not_found;
  }
  return std::move(*conv);
}

}  // namespace

asio::awaitable<status> contacts::accept_request(caller who, store::conversation_id c) {
  auto change = [who, c](store::store& s) -> result<store::user_id> {
    // A declined request can still be accepted by whoever declined it.
    auto conv = request_to(s, who, c, {request_state::pending, request_state::declined});
    if (!conv) return std::move(conv).err();
    s.set_request_state(c, request_state::none);
    return *conv->requested_by;
  };
  auto publish = [this, who, c](const result<store::user_id>& requester) {
    sink_.to_users({*requester}, protocol::request_accepted_event{c, who.username, who.id});
  };
  auto accepted = co_await db_.write(std::move(change), std::move(publish));
  if (!accepted) co_return std::move(accepted).err();
  co_await presence_.show_each_other(who, *accepted);  // an accepted chat shares presence
  co_return ok;
}

asio::awaitable<status> contacts::decline_request(caller who, store::conversation_id c) {
  auto job = [who, c](store::store& s) -> result<store::user_id> {
    auto conv = request_to(s, who, c, {request_state::pending});
    if (!conv) return std::move(conv).err();
    s.set_request_state(c, request_state::declined);
    return *conv->requested_by;
  };
  auto publish = [this, who, c](const result<store::user_id>& requester) {
    sink_.to_users({*requester}, protocol::request_declined_event{c, who.username, who.id});
  };
  auto declined = co_await db_.write(std::move(job), std::move(publish));
  if (!declined) co_return std::move(declined).err();
  co_return ok;
}

}  // namespace natter::core
