// Watching someone's presence without their consent: contact.add needs none,
// so it must not show the other person's status or last seen; a block must
// hide both at once, whatever else the two share.

#include <gtest/gtest.h>

#include "integration/support/realtime_fixture.hpp"

namespace natter::testing {
namespace {

class presence_privacy : public realtime_test {
 protected:
  // The contact.list row for username.
  static boost::json::object contact_row(ws_client& ws, const std::string& username) {
    auto reply = ws.ok({{"type", "contact.list"}});
    for (const auto& c : reply.at("contacts").as_array()) {
      if (c.at("username").as_string() == username) return c.as_object();
    }
    ADD_FAILURE() << username << " is not listed";
    return {};
  }

  // Whether the sync reply names username among the people whose presence it shows.
  static bool sync_shows(ws_client& ws, const std::string& username) {
    auto reply = ws.ok({{"type", "sync"}, {"since", boost::json::object{}}});
    for (const auto& p : reply.at("presence").as_array()) {
      if (p.at("user").as_string() == username) return true;
    }
    return false;
  }

  // Whether a presence event about username reached watcher by now. A
  // presence.set answers after its events were handed to every recipient's
  // connection, and the watcher's ping is answered after whatever was handed
  // to it before: so anything sent shows up before the ping's reply.
  static bool heard_presence_of(ws_client& watcher, const std::string& username) {
    watcher.ok({{"type", "ping"}});
    while (auto e = watcher.maybe_event("presence", std::chrono::milliseconds(0))) {
      if (e->at("user").as_string() == username) return true;
    }
    return false;
  }
};

TEST_F(presence_privacy, adding_someone_as_a_contact_does_not_show_their_presence) {
  auto bob = join_as("bob");
  auto carol = join_as("carol");
  auto mallory = join_as("mallory");
  bob->ok({{"type", "contact.add"}, {"username", "carol"}});  // bob shares his presence with carol
  carol->ok({{"type", "contact.add"}, {"username", "bob"}});
  mallory->ok({{"type", "contact.add"}, {"username", "bob"}});  // nobody asked bob

  auto row = contact_row(*mallory, "bob");
  EXPECT_EQ(row.at("status"), "offline");
  EXPECT_EQ(row.at("last_seen").as_int64(), 0);
  EXPECT_FALSE(sync_shows(*mallory, "bob"));
  EXPECT_EQ(contact_row(*carol, "bob").at("status"), "online");
  EXPECT_TRUE(sync_shows(*carol, "bob"));

  bob->ok({{"type", "presence.set"}, {"status", "away"}});
  EXPECT_FALSE(heard_presence_of(*mallory, "bob"));
  EXPECT_TRUE(heard_presence_of(*carol, "bob"));

  // Bob leaves: carol learns when; mallory does not.
  bob.reset();
  for (;;) {
    auto e = carol->event("presence");
    if (e.empty() || (e.at("user") == "bob" && e.at("status") == "offline")) {
      EXPECT_GT(e.at("last_seen").as_int64(), 0);
      break;
    }
  }
  EXPECT_GT(contact_row(*carol, "bob").at("last_seen").as_int64(), 0);
  row = contact_row(*mallory, "bob");
  EXPECT_EQ(row.at("status"), "offline");
  EXPECT_EQ(row.at("last_seen").as_int64(), 0);
  EXPECT_FALSE(heard_presence_of(*mallory, "bob"));
}

TEST_F(presence_privacy, a_block_hides_presence_at_once_even_between_contacts_in_a_group) {
  auto alice = join_as("alice");
  auto bob = join_as("bob");
  auto carol = join_as("carol");
  alice->ok({{"type", "contact.add"}, {"username", "bob"}});
  bob->ok({{"type", "contact.add"}, {"username", "alice"}});
  for (auto* ws : {alice.get(), bob.get()}) ws->ok({{"type", "contact.add"}, {"username", "carol"}});
  carol->ok({{"type", "contact.add"}, {"username", "alice"}});
  carol->ok({{"type", "contact.add"}, {"username", "bob"}});
  alice->ok({{"type", "group.create"}, {"name", "Three"}, {"members", boost::json::array{"bob", "carol"}}});
  EXPECT_EQ(contact_row(*alice, "bob").at("status"), "online");

  bob->ok({{"type", "block"}, {"username", "alice"}});
  // What alice was shown of bob is withdrawn at once, and the other way round.
  auto hidden = alice->event("presence");
  EXPECT_EQ(hidden.at("user"), "bob");
  EXPECT_EQ(hidden.at("status"), "offline");
  EXPECT_EQ(hidden.at("last_seen").as_int64(), 0);
  auto hidden_too = bob->event("presence");
  EXPECT_EQ(hidden_too.at("user"), "alice");
  EXPECT_EQ(hidden_too.at("status"), "offline");

  auto row = contact_row(*alice, "bob");
  EXPECT_EQ(row.at("status"), "offline");
  EXPECT_EQ(row.at("last_seen").as_int64(), 0);
  EXPECT_FALSE(sync_shows(*alice, "bob"));
  EXPECT_FALSE(sync_shows(*bob, "alice"));
  bob->ok({{"type", "presence.set"}, {"status", "busy"}});
  EXPECT_FALSE(heard_presence_of(*alice, "bob"));
  EXPECT_TRUE(heard_presence_of(*carol, "bob"));  // carol still sees bob
  alice->ok({{"type", "presence.set"}, {"status", "away"}});
  EXPECT_FALSE(heard_presence_of(*bob, "alice"));
  EXPECT_TRUE(heard_presence_of(*carol, "alice"));
}

// The chosen status is kept by the server: a restart (or a reconnect) must
// not bring an invisible user back as online, not even for a moment.
TEST_F(presence_privacy, an_invisible_user_stays_offline_to_contacts_after_a_restart) {
  auto a = register_and_login("alice");
  auto b = register_and_login("bob");
  {
    auto alice = connect(a);
    auto bob = connect(b);
    alice->ok({{"type", "contact.add"}, {"username", "bob"}});  // alice shares her presence with bob
    bob->ok({{"type", "contact.add"}, {"username", "alice"}});
    alice->ok({{"type", "presence.set"}, {"status", "invisible"}});
  }
  restart();
  auto bob = connect(b);
  auto alice = connect(a);
  EXPECT_EQ(alice->auth(a.access_token).at("status"), "invisible");
  alice->ok({{"type", "ping"}});
  EXPECT_FALSE(heard_presence_of(*bob, "alice"));
  auto row = contact_row(*bob, "alice");
  EXPECT_EQ(row.at("status"), "offline");
  auto synced = bob->ok({{"type", "sync"}, {"since", boost::json::object{}}});
  for (const auto& p : synced.at("presence").as_array()) {
    if (p.at("user") == "alice") {
      EXPECT_EQ(p.at("status"), "offline");
    }
  }
  // A reconnect changes nothing either.
  alice.reset();
  auto again = connect(a);
  again->ok({{"type", "ping"}});
  EXPECT_FALSE(heard_presence_of(*bob, "alice"));
  EXPECT_EQ(contact_row(*bob, "alice").at("status"), "offline");
}

}  // namespace
}  // namespace natter::testing
