#pragma once
// Rooms with an owner (alice), an admin (dave) and members, for the room
// moderation tests.

#include "integration/support/realtime_fixture.hpp"

namespace natter::testing {

class room_moderation : public realtime_test {
 protected:
  // alice creates #general; each of `members` joins it. Every connection has
  // seen every join when this returns.
  std::int64_t open_room(ws_client& owner, std::vector<ws_client*> members) {
    const auto room = conversation_of(owner.ok({{"type", "room.create"}, {"name", "general"}}));
    owner.event("member.joined");
    std::vector<ws_client*> in{&owner};
    for (auto* m : members) {
      m->ok({{"type", "room.join"}, {"name", "general"}});
      in.push_back(m);
      for (auto* present : in) present->event("member.joined");
    }
    return room;
  }

  // The owner makes username an admin; everyone in `seen_by` sees it.
  static void appoint(ws_client& owner, std::int64_t room, const std::string& username,
                      std::vector<ws_client*> seen_by) {
    owner.ok({{"type", "group.role"}, {"conversation_id", room}, {"username", username}, {"role", "admin"}});
    for (auto* c : seen_by) c->event("conversation.updated");
  }

  static boost::json::object moderation(const std::string& type, std::int64_t room, const std::string& username,
                                        const std::string& reason = {}) {
    boost::json::object req{{"type", type}, {"conversation_id", room}, {"username", username}};
    if (!reason.empty()) req["reason"] = reason;
    return req;
  }

  boost::json::object send_request_in(std::int64_t room, const std::string& text) {
    return {{"type", "message.send"}, {"conversation_id", room}, {"client_msg_id", next_client_id()}, {"text", text}};
  }

  // The events of the room's log, as history returns them to `who`.
  static boost::json::array history_of(ws_client& who, std::int64_t room) {
    return who.ok({{"type", "history"}, {"conversation_id", room}}).at("events").as_array();
  }
};

}  // namespace natter::testing
