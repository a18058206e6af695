// natter contacts | requests | status.

#include "client/support/cli_fixture.hpp"

namespace natter::testing {
namespace {

// The conversation id of the first request line ("ID\tfrom\tstate").
std::string first_request_id(const std::string& listing) {
  return listing.substr(0, listing.find('\t'));
}

TEST_F(cli_test, contacts_are_added_listed_and_removed) {
  auto alice = user("alice");
  auto bob = user("bob");
  EXPECT_EQ(ok(*alice, {"contacts"}), "");
  EXPECT_EQ(ok(*alice, {"contacts", "add", "bob"}), "added bob\n");
  EXPECT_EQ(ok(*alice, {"contacts"}).rfind("bob\t", 0), 0u);
  EXPECT_EQ(ok(*alice, {"contacts", "remove", "bob"}), "removed bob\n");
  EXPECT_EQ(ok(*alice, {"contacts"}), "");
}

TEST_F(cli_test, adding_an_unknown_contact_exits_1_and_bad_usage_exits_2) {
  auto alice = user("alice");
  auto r = alice->run({"contacts", "add", "nobody"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("USER_NOT_FOUND"), std::string::npos) << r.err;
  EXPECT_EQ(alice->run({"contacts", "befriend", "bob"}).exit_code, 2);
  EXPECT_EQ(alice->run({"contacts", "add"}).exit_code, 2);
}

TEST_F(cli_test, a_chat_request_is_listed_and_accepted) {
  auto alice = user("alice");
  auto bob = user("bob");
  ok(*bob, {"send", "@alice", "may I?"});
  const auto listing = ok(*alice, {"requests"});
  EXPECT_NE(listing.find("\tbob\tpending"), std::string::npos) << listing;
  EXPECT_EQ(ok(*bob, {"requests"}), "");  // the sender has nothing to answer
  const auto id = first_request_id(listing);
  EXPECT_EQ(ok(*alice, {"requests", "accept", id}), "accepted " + id + "\n");
  EXPECT_EQ(ok(*alice, {"requests"}), "");
}

TEST_F(cli_test, a_declined_request_refuses_further_sends) {
  auto alice = user("alice");
  auto carol = user("carol");
  ok(*carol, {"send", "@alice", "hello?"});
  const auto id = first_request_id(ok(*alice, {"requests"}));
  EXPECT_EQ(ok(*alice, {"requests", "decline", id}), "declined " + id + "\n");
  auto r = carol->run({"send", "@alice", "hello again"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("REQUEST_DECLINED"), std::string::npos) << r.err;
}

TEST_F(cli_test, block_stops_someone_writing_and_unblock_lets_them_again) {
  auto alice = user("alice");
  auto dave = user("dave");
  EXPECT_EQ(ok(*alice, {"block", "dave"}), "blocked dave\n");
  auto r = dave->run({"send", "@alice", "let me in"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("BLOCKED"), std::string::npos) << r.err;
  EXPECT_EQ(ok(*alice, {"unblock", "dave"}), "unblocked dave\n");
  ok(*dave, {"send", "@alice", "thanks"});
  EXPECT_NE(ok(*alice, {"requests"}).find("\tdave\tpending"), std::string::npos);
  auto unknown = alice->run({"block", "nobody"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("USER_NOT_FOUND"), std::string::npos) << unknown.err;
  EXPECT_EQ(alice->run({"block"}).exit_code, 2);
}

TEST_F(cli_test, answering_an_unknown_request_exits_1_and_a_bad_id_exits_2) {
  auto alice = user("alice");
  auto r = alice->run({"requests", "accept", "999"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("NOT_FOUND"), std::string::npos) << r.err;
  EXPECT_EQ(alice->run({"requests", "accept", "bob"}).exit_code, 2);
  EXPECT_EQ(alice->run({"requests", "ignore", "1"}).exit_code, 2);
}

TEST_F(cli_test, status_sets_the_presence_contacts_see) {
  auto alice = user("alice");
  auto bob = user("bob");
  ok(*bob, {"contacts", "add", "alice"});
  ok(*alice, {"contacts", "add", "bob"});  // alice shares her presence with bob
  // A chosen status lasts while its user is online: a listen keeps alice so.
  auto listening = alice->start({"listen"});
  ASSERT_TRUE(listening->wait_for_err("online", cli_patience));
  EXPECT_EQ(ok(*alice, {"status", "busy"}), "status busy\n");
  std::string shown;
  const auto deadline = std::chrono::steady_clock::now() + cli_patience;
  while (std::chrono::steady_clock::now() < deadline) {
    shown = ok(*bob, {"contacts"});
    if (shown.find("alice\tbusy") != std::string::npos) break;
  }
  EXPECT_NE(shown.find("alice\tbusy"), std::string::npos) << shown;
  EXPECT_EQ(listening->interrupt(), 0);
}

}  // namespace
}  // namespace natter::testing
