// Group avatars against the real natterd: group.update sets and removes one
// (an avatar upload of the admin's own), members hear conversation.updated,
// the conversation carries it, anyone may load it, and the collector keeps it
// while the group holds it and frees it once replaced.

#include <boost/json.hpp>

#include "integration/media_fixture.hpp"
#include "integration/support/test_images.hpp"

namespace natter::testing {
namespace {

using boost::json::array;
using boost::json::object;

// alice owns the group "Friends" with bob (who trusts her) as a member; both
// are connected.
class group_avatar_test : public media_test {
 protected:
  void SetUp() override {
    media_test::SetUp();
    alice_ = register_and_login("alice");
    bob_ = register_and_login("bob");
    a_ = connect(alice_);
    b_ = connect(bob_);
    b_->ok({{"type", "contact.add"}, {"username", "alice"}});
    group_ = conversation_of(a_->ok({{"type", "group.create"}, {"name", "Friends"}, {"members", array{"bob"}}}));
    b_->event("member.joined");
  }
  static object conversation_in(ws_client& who, std::int64_t id) {
    const auto listed = who.ok({{"type", "conversations.list"}});
    for (const auto& c : listed.at("conversations").as_array()) {
      if (c.at("conversation_id").as_int64() == id) return c.as_object();
    }
    ADD_FAILURE() << "no conversation " << id;
    return {};
  }
  // The next conversation.updated event for the conversation, skipping others.
  static object next_update(ws_client& who) { return who.event("conversation.updated"); }

  session alice_;
  session bob_;
  std::unique_ptr<ws_client> a_;
  std::unique_ptr<ws_client> b_;
  std::int64_t group_ = 0;
};

TEST_F(group_avatar_test, an_admin_sets_a_group_avatar_that_members_see_and_anyone_loads) {
  EXPECT_TRUE(conversation_in(*b_, group_).at("avatar").is_null());
  auto picture = uploaded(alice_, encoded_image(300, 200, ".png"), "name=g.png&purpose=avatar");
  a_->ok({{"type", "group.update"}, {"conversation_id", group_}, {"avatar", id_of(picture)}});
  auto updated = next_update(*b_);
  EXPECT_EQ(updated.at("avatar"), picture.at("id"));
  EXPECT_FALSE(updated.contains("name"));  // only what changed
  EXPECT_EQ(conversation_in(*b_, group_).at("avatar"), picture.at("id"));
  EXPECT_EQ(download(id_of(picture), "", "/thumbnail").status, 200);  // avatars need no token
  // In history too, and a rename with it in one event.
  a_->ok({{"type", "group.update"}, {"conversation_id", group_}, {"name", "Climbers"}, {"avatar", ""}});
  updated = next_update(*b_);
  EXPECT_EQ(updated.at("name"), "Climbers");
  EXPECT_EQ(updated.at("avatar"), "");  // removed
  const auto listed = conversation_in(*b_, group_);
  EXPECT_TRUE(listed.at("avatar").is_null());
  EXPECT_EQ(listed.at("name"), "Climbers");
  auto events = b_->ok({{"type", "history"}, {"conversation_id", group_}}).at("events").as_array();
  ASSERT_GE(events.size(), 2U);
  EXPECT_EQ(events[events.size() - 2].at("avatar"), picture.at("id"));
  EXPECT_EQ(events.back().at("avatar"), "");
  // Removed, and used once: the collector frees it.
  EXPECT_TRUE(eventually([&] { return download(id_of(picture), "").status == 404; }));
}

TEST_F(group_avatar_test, only_admins_set_it_and_only_to_an_avatar_upload_of_their_own) {
  auto bobs = uploaded(bob_, encoded_image(40, 40, ".png"), "name=b.png&purpose=avatar");
  EXPECT_EQ(b_->error_of({{"type", "group.update"}, {"conversation_id", group_}, {"avatar", id_of(bobs)}}),
            "FORBIDDEN");
  auto picture = uploaded(alice_, encoded_image(40, 40, ".png"), "name=p.png");  // an attachment, not an avatar
  for (const auto& bad : {id_of(bobs), id_of(picture), std::string("nonsense"), std::string(22, 'x')}) {
    auto refused = a_->request({{"type", "group.update"}, {"conversation_id", group_}, {"avatar", bad}});
    EXPECT_EQ(refused.at("error").at("code"), "VALIDATION_FAILED") << bad;
    EXPECT_EQ(refused.at("error").at("field"), "avatar") << bad;
  }
  EXPECT_EQ(a_->error_of({{"type", "group.update"}, {"conversation_id", group_}}), "VALIDATION_FAILED");
  EXPECT_EQ(a_->error_of({{"type", "group.update"}, {"conversation_id", group_}, {"avatar", 7}}), "BAD_REQUEST");
  EXPECT_TRUE(conversation_in(*a_, group_).at("avatar").is_null());
  // A direct chat has no group avatar to set.
  auto direct = conversation_of(send_to(*a_, "@bob", "hi"));
  auto mine = uploaded(alice_, encoded_image(40, 40, ".png"), "name=m.png&purpose=avatar");
  EXPECT_EQ(a_->error_of({{"type", "group.update"}, {"conversation_id", direct}, {"avatar", id_of(mine)}}),
            "VALIDATION_FAILED");
}

TEST_F(group_avatar_test, a_replaced_group_avatar_is_freed_and_the_one_in_use_is_kept) {
  auto first = uploaded(alice_, encoded_image(40, 40, ".png"), "name=1&purpose=avatar");
  auto second = uploaded(alice_, encoded_image(40, 40, ".jpg"), "name=2&purpose=avatar");
  a_->ok({{"type", "group.update"}, {"conversation_id", group_}, {"avatar", id_of(first)}});
  a_->ok({{"type", "group.update"}, {"conversation_id", group_}, {"avatar", id_of(second)}});
  EXPECT_TRUE(eventually([&] { return download(id_of(first), "").status == 404; }));
  EXPECT_EQ(download(id_of(second), "").status, 200);
  EXPECT_EQ(conversation_in(*b_, group_).at("avatar"), second.at("id"));
}

}  // namespace
}  // namespace natter::testing
