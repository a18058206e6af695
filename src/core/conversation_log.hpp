#pragma once
// Building blocks shared by the services that change membership: each change
// is made and logged in one step, and the logged entries are published
// together after the commit.

#include <boost/asio/awaitable.hpp>
#include <functional>

#include "core/event_sink.hpp"
#include "core/views.hpp"
#include "store/database.hpp"

namespace natter::core {

// Log entries written by one transaction, and who is to receive them.
struct log_batch {
  store::conversation_id conversation = 0;
  std::vector<store::log_entry> entries;
  member_list audience;
};

void join(store::store& s, log_batch& out, store::user_id user, store::user_id by, store::member_role role,
          unix_ms now);
// Removes user; when the owner leaves, the longest-standing admin, else
// member, becomes owner. action and reason: a room moderator's kick or ban.
void leave(store::store& s, log_batch& out, store::user_id user, store::user_id by, unix_ms now,
           std::string_view action = {}, std::string_view reason = {});
void set_role(store::store& s, log_batch& out, store::user_id user, store::user_id by, store::member_role role,
              unix_ms now);

// How someone came into a group that another member brought them into.
enum class admission { joined, invited, already_invited };

// Brings user into the group out.conversation for `by`: joins them (logged in
// out) when they have `by` as a contact or an accepted direct chat with them,
// else invites them (already_invited: an invitation was pending). Errors:
// blocked (either blocked the other), request_declined (they declined a chat
// request or an invitation from `by`, or an invitation to this group).
result<admission> admit(store::store& s, log_batch& out, store::user_id user, store::user_id by, unix_ms now);

// The caller's membership of c if it is of `kind` and the caller is an admin
// or the owner. Errors: not_a_member, validation_failed (other kind), forbidden.
result<store::member_record> moderator_of(store::store& s, store::user_id user, store::conversation_id c,
                                          store::conversation_kind kind);

// Whether user, a member of conv, may write in it (send, react): not when a
// member of a direct chat blocked them or declined their request, nor when a
// room muted them. Errors: blocked, request_declined, muted.
status may_write(store::store& s, store::user_id user, const store::conversation_record& conv);

// Publishes a committed log_batch (after the commit, on the writer thread).
void publish(event_sink& sink, const log_batch& batch);
// The after-commit hook that publishes a log_batch.
std::function<void(const result<log_batch>&)> publisher(event_sink& sink);

// A conversation as the given member sees it.
protocol::conversation describe(store::store& s, const store::conversation_summary& summary, store::user_id me);
boost::asio::awaitable<result<protocol::conversation>> describe_for(store::database& db, store::conversation_id c,
                                                                    store::user_id me);

}  // namespace natter::core
