#pragma once
// Store records as protocol frames.

#include "protocol/frames.hpp"
#include "store/conversation_records.hpp"

namespace natter::core {

struct caller {
  store::user_id id = 0;
  std::string username;
};

protocol::message message_view(const store::message_record& m);
// The live event for a log entry (message, edit, deletion, membership, update).
protocol::log_event log_event_view(const store::log_entry& e);
protocol::event as_event(protocol::log_event e);
protocol::conversation conversation_view(const store::conversation_summary& s,
                                         const std::vector<store::member_record>& members,
                                         const std::string& direct_peer);
// A group the user is invited to: its name and members, and request
// {from: inviter, state: "pending"}; nothing of its log (last_seq 0).
protocol::conversation invitation_view(const store::conversation_record& group,
                                       const std::vector<store::member_record>& members, const std::string& inviter,
                                       store::user_id inviter_id);

}  // namespace natter::core
