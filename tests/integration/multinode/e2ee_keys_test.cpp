// The key directory on two nodes: announcements cross the bus, and claims
// made on both nodes at once never hand a one-time key out twice.
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
}

}  // namespace
}  // namespace natter::testing
