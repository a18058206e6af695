// A session ended on one node ends on the others at once: the bus carries it.
#include "integration/multinode/cluster_fixture.hpp"

namespace natter::testing {
namespace {

class multinode_sessions : public cluster_test {};

session login_on(const http_client& http, const std::string& username) {
  auto reply = http.post("/api/v1/auth/login", {{"login", username}, {"password", default_password}});
  EXPECT_EQ(reply.status, 200) << reply.body;
  auto body = reply.json().as_object();
  return {std::string(body.at("access_token").as_string()), std::string(body.at("refresh_token").as_string()),
          body.at("user").as_object()};
}

TEST_F(multinode_sessions, a_password_change_on_one_node_closes_and_refuses_the_other_session_on_another) {
  auto kept = register_and_login("alice");
  const http_client node1(node(1).port());
  auto other = login_on(node1, "alice");
  // Node 1 has seen the other session open (and may trust that for a while).
  ASSERT_EQ(node1.get("/api/v1/me", other.access_token).status, 200);
  auto other_ws = connect(other, 1);
  auto bob = join_as("bob", 1);
  send_to(*bob, "@alice", "before");
  EXPECT_EQ(other_ws->event("message").at("message").at("text"), "before");

  const http_client node0(node(0).port());
  auto changed =
      node0.post("/api/v1/me/password",
                 {{"current_password", default_password}, {"new_password", "a brand new password"}}, kept.access_token);
  ASSERT_EQ(changed.status, 204) << changed.body;

  EXPECT_EQ(other_ws->wait_closed(), 4003);
  // Node 1 learned it from the bus before closing the socket: refused at once.
  EXPECT_EQ(node1.get("/api/v1/me", other.access_token).status, 401);
  ws_client again(node(1).port());
  EXPECT_EQ(again.error_of({{"type", "auth"}, {"token", other.access_token}}), "UNAUTHORIZED");
  EXPECT_EQ(node1.get("/api/v1/me", kept.access_token).status, 200);
  send_to(*bob, "@alice", "after");
  auto kept_ws = connect(kept, 1, false);
  kept_ws->ok({{"type", "ping"}});
}

}  // namespace
}  // namespace natter::testing
