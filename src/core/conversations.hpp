#pragma once
// Groups, rooms and the conversation list.
//
// Membership changes are log entries of their conversation (member_joined,
// member_left, updated), written in the same transaction as the change and
// published after the commit to the members (for a removal: the members
// before it, so the removed person learns of it too).
//
// Nobody is put in a group without consent. Adding someone (group.create's
// members, group.add) adds them at once only when they added the adder as a
// contact or have an accepted direct chat with them; otherwise it sends them
// an invitation, which they accept (and join) or decline. Nobody can add or
// invite someone they blocked or who blocked them (blocked), nor someone who
// declined their chat request or one of their invitations (request_declined).
// Declining an invitation declines every pending one from the same inviter.

#include <boost/asio/awaitable.hpp>
#include <optional>

#include "core/conversation_log.hpp"
#include "core/event_sink.hpp"
#include "core/membership_cache.hpp"
#include "core/rate_limiter.hpp"
#include "core/views.hpp"
#include "store/database.hpp"

namespace natter::core {

inline constexpr std::size_t max_group_name_chars = 64;
inline constexpr std::size_t max_room_topic_chars = 200;
inline constexpr std::size_t max_group_members = 1000;
// Invitations a user may send, per minute (burst the same): each fills a
// stranger's conversation list until answered.
inline constexpr rate_limit invitation_rate{30, 30};
// conversation.encrypt, per user per minute (burst the same): each logs an
// entry and an audit event.
inline constexpr rate_limit encryption_rate{10, 10};

// How many groups and rooms one user may create (per hour, burst the same;
// nothing: no cap). Beyond: rate_limited with retry_after.
struct conversation_limits {
  std::optional<rate_limit> groups = rate_limit{30, 30.0 / 60};
  std::optional<rate_limit> rooms = rate_limit{10, 10.0 / 60};
};

class conversations {
 public:
  conversations(store::database& db, event_sink& sink, membership_cache& members, const clock& clock,
                conversation_limits limits = {});

  // The caller's conversations, preceded by their pending group invitations
  // (as groups with request {from: inviter, state: "pending"}, last_seq 0 and
  // no messages: nothing of the group's log is shown before accepting).
  boost::asio::awaitable<result<std::vector<protocol::conversation>>> list(caller who);

  // The caller becomes owner; members join or are invited (see above).
  // Errors: validation_failed, user_not_found, blocked, request_declined,
  // rate_limited (each naming the member in the message; nothing is created).
  boost::asio::awaitable<result<protocol::group_create_reply>> group_create(caller who, std::string name,
                                                                            std::vector<std::string> members);
  // Admins and the owner. Adding someone already invited is not an error.
  // Errors: not_a_member (caller), forbidden, user_not_found, already_member,
  // validation_failed (not a group), blocked, request_declined, rate_limited.
  boost::asio::awaitable<result<protocol::group_add_reply>> group_add(caller who, store::conversation_id c,
                                                                      std::string username);
  // The invitee answers. Accepting joins the group (member.joined, by the
  // inviter). Errors: not_found (no pending invitation to c).
  boost::asio::awaitable<status> accept_invitation(caller who, store::conversation_id c);
  boost::asio::awaitable<status> decline_invitation(caller who, store::conversation_id c);
  // Admins remove members; the owner removes anyone but themself.
  // Errors: not_a_member (caller or target), forbidden.
  boost::asio::awaitable<status> group_remove(caller who, store::conversation_id c, std::string username);
  // role: "admin" or "member". Admins promote; only the owner demotes admins.
  // Works in rooms too: how a room's owner appoints its admins.
  boost::asio::awaitable<status> group_role(caller who, store::conversation_id c, std::string username,
                                            std::string role);
  // Admins and the owner change a group's name and/or avatar (an upload of
  // theirs with purpose avatar; "" removes it): one conversation.updated.
  // Errors: not_a_member, forbidden, validation_failed (nothing to change, a
  // bad name, field "avatar").
  boost::asio::awaitable<status> group_update(caller who, store::conversation_id c, std::optional<std::string> name,
                                              std::optional<std::string> avatar);
  // When the owner leaves, the longest-standing admin, else member, becomes owner.
  boost::asio::awaitable<status> group_leave(caller who, store::conversation_id c);
  // Leaves every group and room of the user's (an account being deleted):
  // one member.left in each, in one transaction. Direct chats stay, so that
  // the other person keeps the history.
  boost::asio::awaitable<status> leave_all(store::user_id user);

  boost::asio::awaitable<result<std::vector<protocol::room_summary>>> room_list(caller who);
  // name: [a-z0-9-]{2,48}. The creator becomes owner. Errors: validation_failed, room_exists,
  // rate_limited.
  boost::asio::awaitable<result<protocol::conversation>> room_create(caller who, std::string name, std::string topic);
  // Errors: room_not_found, already_member, banned.
  boost::asio::awaitable<result<protocol::conversation>> room_join(caller who, std::string name);
  // Errors: room_not_found, not_a_member.
  boost::asio::awaitable<status> room_leave(caller who, std::string name);

  // --- administration (conversations_admin.cpp) ---
  // An operator deletes a room: every member is removed (each gets
  // member.left, `by` the operator; by themself when by is empty), then the
  // room is unlisted and its name freed; its log stays. Returns the room's
  // id. Errors: room_not_found.
  boost::asio::awaitable<result<store::conversation_id>> room_delete(std::string name,
                                                                     std::optional<store::user_id> by);
  // The same for group `id`: every member removed, the group gone from their
  // lists; its log stays. Errors: not_found (no such group).
  boost::asio::awaitable<status> group_delete(store::conversation_id id, std::optional<store::user_id> by);
  // --- end administration ---
  // --- room moderation (conversations_moderation.cpp; docs/protocol.md, "Room moderation") ---
  // The owner and admins of room c act on `username`, ranked owner > admin >
  // member (someone not in the room ranks as a member): only on someone
  // ranked below themselves, never on themselves.
  // - kick: removes a member (member.left with action "kick"); they may rejoin.
  // - ban: removes them if a member (member.left, action "ban"), else logs
  //   conversation.updated (action "ban"); room.join then answers banned.
  // - unban, mute, unmute: conversation.updated with that action. A muted
  //   member reads but may not send (muted); the mute outlives leaving.
  // A ban, mute, unban or unmute that changes nothing is ok and logs nothing.
  // reason: at most 200 characters, no control characters. Each action is
  // audited ("room.<action>"). Errors: not_a_member (the caller; kick and mute:
  // the target), validation_failed (not a room, the reason, oneself),
  // forbidden (the caller is a member, or the target ranks as high),
  // user_not_found.
  boost::asio::awaitable<status> room_moderate(caller who, store::conversation_id c, protocol::room_action action,
                                               std::string username, std::string reason);
  // The owner and admins set the topic (at most 200 characters, no control
  // characters; "" clears it): conversation.updated with action "topic".
  // Errors: not_a_member, validation_failed, forbidden.
  boost::asio::awaitable<status> room_topic(caller who, store::conversation_id c, std::string topic);
  // --- end room moderation ---

  // --- end-to-end encryption (conversations_encryption.cpp; docs/protocol.md,
  // "End-to-end encryption: messages") ---
  // Turns c's end-to-end encryption on, for good: from then on its messages
  // carry envelopes, never text (core::chats). Either person of a direct chat
  // (a pending request too); the owner and admins of a group. Logs
  // conversation.updated with action "encrypt" and audits it; on already: ok,
  // nothing changes. Errors: not_a_member, forbidden (a member of a group; any
  // room: anyone can join one), rate_limited.
  boost::asio::awaitable<status> encrypt(caller who, store::conversation_id c);

 private:
  struct membership_change;
  status bring_in(store::store& s, membership_change& change, const caller& who, const store::user_record& person,
                  unix_ms now);
  // After the commit: the change's log entries, and each new invitation.
  void announce(const membership_change& change, const caller& who);
  // Removes every member of c, their leaving logged into out (administration).
  void remove_everyone(store::store& s, log_batch& out, store::conversation_id c, std::optional<store::user_id> by,
                       unix_ms now);

  store::database& db_;
  event_sink& sink_;
  membership_cache& members_;
  const clock& clock_;
  std::optional<rate_limiter> groups_created_;  // by user id
  std::optional<rate_limiter> rooms_created_;   // by user id
  rate_limiter invitations_;
  rate_limiter encryptions_;  // by user id
};

}  // namespace natter::core
