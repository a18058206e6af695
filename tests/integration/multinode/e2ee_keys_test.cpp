// The key directory on two nodes: announcements cross the bus, claims made
// on both nodes at once never hand a one-time key out twice, and a device
// message reaches a session on the other node.
#include <set>

#include "integration/e2ee_device.hpp"
#include "integration/multinode/cluster_fixture.hpp"

namespace natter::testing {
namespace {

using boost::json::array;
using boost::json::object;

class multinode_keys : public cluster_test {};

TEST_F(multinode_keys, an_upload_on_one_node_is_announced_on_the_other_and_keys_go_out_once) {
  auto alice_session = register_and_login("alice");
  auto alice = connect(alice_session, 0);
  auto bob = join_as("bob", 1);
  auto dave = join_as("dave", 0);
  bob->ok({{"type", "contact.add"}, {"username", "alice"}});
  dave->ok({{"type", "contact.add"}, {"username", "alice"}});
  const auto alice_id = alice_session.user.at("id").as_int64();

  test_device phone;
  phone.user = alice_id;
  phone.id = "phone";
  alice->ok(phone.upload(50, true));
  EXPECT_EQ(bob->event("devices.changed").at("user_id").as_int64(), alice_id);  // node 0 -> node 1

  const object ask{{"type", "keys.claim"}, {"devices", array{object{{"user_id", alice_id}, {"device_id", "phone"}}}}};
  std::set<std::string> seen;
  for (int round = 0; round < 10; ++round) {
    const auto on1 = bob->send_request(ask);
    const auto on0 = dave->send_request(ask);
    for (auto r : {bob->reply(on1), dave->reply(on0)}) {
      ASSERT_TRUE(r.contains("ok")) << boost::json::serialize(r);
      const auto& k = r.at("keys").at(0).as_object();
      EXPECT_FALSE(k.at("fallback").as_bool());
      EXPECT_TRUE(seen.insert(std::string(k.at("key_id").as_string())).second) << "handed out twice";
    }
  }
  EXPECT_EQ(seen.size(), 20U);

  // A device message from node 0 reaches the recipient's session on node 1 live.
  auto erin_session = register_and_login("erin");
  auto erin = connect(erin_session, 1);
  const auto erin_id = erin_session.user.at("id").as_int64();
  erin->ok({{"type", "contact.add"}, {"username", "alice"}});
  alice->ok({{"type", "contact.add"}, {"username", "erin"}});
  test_device tablet;
  tablet.user = erin_id;
  tablet.id = "tablet";
  erin->ok(tablet.upload(1));
  const object envelope{
      {"v", 1},
      {"alg", "olm.v1"},
      {"sender_device", "phone"},
      {"ciphertexts", object{{std::to_string(erin_id) + ":tablet", object{{"type", 0}, {"body", "AwoB"}}}}}};
  auto sent =
      alice->ok({{"type", "to_device.send"},
                 {"messages", array{object{{"user_id", erin_id}, {"device_id", "tablet"}, {"envelope", envelope}}}}});
  EXPECT_EQ(sent.at("queued").as_int64(), 1);
  auto got = erin->event("to_device");
  EXPECT_EQ(got.at("sender").as_int64(), alice_id);
  EXPECT_EQ(got.at("sender_device").as_string(), "phone");
  EXPECT_EQ(got.at("envelope"), boost::json::value(envelope));
}

}  // namespace
}  // namespace natter::testing
