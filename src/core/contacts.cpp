#include "core/contacts.hpp"

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
    if (chat && chat->request == request_state::pending && chat->requested_by == other->id) {
      s.set_request_state(chat->id, request_state::none);
      return answered(std::pair{chat->id, other->id});
    }
    return answered{};
  };
  auto publish = [this, who](result<answered>& r) {
    if (!*r) return;
    const auto [conversation, requester] = **r;
    sink_.to_users({requester}, protocol::request_accepted_event{conversation, who.username});
  };
  auto added = co_await db_.write(std::move(change), std::move(publish));
  if (!added) co_return std::move(added).err();
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

asio::awaitable<result<std::vector<protocol::contact>>> contacts::list(caller who) {
  auto query = [who](store::store& s) -> result<std::vector<store::user_record>> { return s.contacts_of(who.id); };
  auto people = co_await db_.read(std::move(query));
  if (!people) co_return std::move(people).err();
  std::vector<store::user_id> ids;
  for (const auto& p : *people) ids.push_back(p.id);
  auto statuses = co_await presence_.statuses_of(std::move(ids));  // on every node
  std::vector<protocol::contact> out;
  for (std::size_t i = 0; i < people->size(); ++i) {
    const auto& p = (*people)[i];
    out.push_back({p.username, p.display_name, std::move(statuses[i]), p.last_seen.value_or(0)});
  }
  co_return out;
}

asio::awaitable<status> contacts::block(caller who, std::string username) {
  auto change = [who, username](store::store& s) -> status {
    auto other = other_person(s, who, username);
    if (!other) return std::move(other).err();
    s.add_block(who.id, other->id);
    return ok;
  };
  co_return co_await db_.write(std::move(change));
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

// The pending request to `who` in c, as (conversation, requester). Errors: not_found.
result<store::conversation_record> pending_request_to(store::store& s, const caller& who, store::conversation_id c) {
  auto conv = s.conversation_by_id(c);
  if (!conv || conv->request != request_state::pending || !conv->requested_by || *conv->requested_by == who.id ||
      !s.member(c, who.id)) {
    return errc::not_found;
  }
  return std::move(*conv);
}

}  // namespace

asio::awaitable<status> contacts::accept_request(caller who, store::conversation_id c) {
  auto change = [who, c](store::store& s) -> result<store::user_id> {
    auto conv = pending_request_to(s, who, c);
    if (!conv) return std::move(conv).err();
    s.set_request_state(c, request_state::none);
    return *conv->requested_by;
  };
  auto publish = [this, who, c](result<store::user_id>& requester) {
    sink_.to_users({*requester}, protocol::request_accepted_event{c, who.username});
  };
  auto accepted = co_await db_.write(std::move(change), std::move(publish));
  if (!accepted) co_return std::move(accepted).err();
  co_return ok;
}

asio::awaitable<status> contacts::decline_request(caller who, store::conversation_id c) {
  auto job = [who, c](store::store& s) -> result<store::user_id> {
    auto conv = pending_request_to(s, who, c);
    if (!conv) return std::move(conv).err();
    s.set_request_state(c, request_state::declined);
    return *conv->requested_by;
  };
  auto publish = [this, who, c](result<store::user_id>& requester) {
    sink_.to_users({*requester}, protocol::request_declined_event{c, who.username});
  };
  auto declined = co_await db_.write(std::move(job), std::move(publish));
  if (!declined) co_return std::move(declined).err();
  co_return ok;
}

}  // namespace natter::core
