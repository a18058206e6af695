// End-to-end encrypted conversations across nodes: turning encryption on on
// one node is announced on another, and holds for the sends made there.
#include "integration/multinode/cluster_fixture.hpp"

namespace natter::testing {
namespace {

using boost::json::object;

class multinode_encryption : public cluster_test {};

TEST_F(multinode_encryption, encryption_turned_on_on_one_node_holds_on_another) {
  auto alice = join_as("alice", 0);
  auto bob = join_as("bob", 1);
  const auto chat = conversation_of(send_to(*alice, "@bob", "hello"));
  bob->event("request");
  alice->event("message");  // her own "hello"
  alice->ok({{"type", "conversation.encrypt"}, {"conversation_id", chat}});
  auto told = bob->event("conversation.updated");
  EXPECT_EQ(told.at("action"), "encrypt");
  EXPECT_EQ(told.at("by"), "alice");

  EXPECT_EQ(
      bob->error_of({{"type", "message.send"}, {"conversation_id", chat}, {"client_msg_id", "p1"}, {"text", "plain"}}),
      "ENCRYPTION_REQUIRED");
  const object envelope{{"v", 1},
                        {"alg", "megolm.v1"},
                        {"sender_device", "bobphone"},
                        {"session_id", "c2Vzcw"},
                        {"ciphertext", "Y2lwaGVy"}};
  bob->ok({{"type", "message.send"},
           {"conversation_id", chat},
           {"client_msg_id", "e1"},
           {"text", ""},
           {"encrypted", envelope}});
  auto got = alice->event("message").at("message").as_object();
  EXPECT_EQ(got.at("text"), "");
  EXPECT_EQ(got.at("encrypted"), envelope);
}

}  // namespace
}  // namespace natter::testing
