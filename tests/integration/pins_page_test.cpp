// pins.list in pages: a bounded limit and a cursor that carries on where the
// previous page stopped, even when the pin it names is gone.
#include <string>
#include <vector>

#include "integration/reactions_fixture.hpp"

namespace natter::testing {
namespace {

using boost::json::object;

class pins_page : public reactions_test {
 protected:
  // Three more messages of alice's, each pinned in turn: the list shows the
  // last one first.
  void SetUp() override {
    reactions_test::SetUp();
    for (const char* text : {"one", "two", "three"}) {
      auto sent = send_to(*alice_, "@bob", text);
      const auto id = sent.at("message").at("id").as_int64();
      alice_->ok({{"type", "message.pin"}, {"message_id", id}});
      pinned_.insert(pinned_.begin(), id);
    }
  }

  object page(ws_client& ws, int limit, const boost::json::value& cursor = nullptr) {
    object req{{"type", "pins.list"}, {"conversation_id", chat_}, {"limit", limit}};
    if (!cursor.is_null()) req["cursor"] = cursor;
    return ws.ok(req);
  }

  static std::vector<std::int64_t> ids_of(const object& reply) {
    std::vector<std::int64_t> out;
    for (const auto& p : reply.at("pins").as_array()) out.push_back(p.at("message").at("id").as_int64());
    return out;
  }

  std::vector<std::int64_t> pinned_;  // most recently pinned first
};

TEST_F(pins_page, pages_follow_each_other_without_gap_or_repeat) {
  auto first = page(*bob_, 2);
  EXPECT_EQ(ids_of(first), (std::vector<std::int64_t>{pinned_[0], pinned_[1]}));
  EXPECT_TRUE(first.at("has_more").as_bool());
  ASSERT_TRUE(first.at("next_cursor").is_string());

  auto second = page(*bob_, 2, first.at("next_cursor"));
  EXPECT_EQ(ids_of(second), (std::vector<std::int64_t>{pinned_[2]}));
  EXPECT_FALSE(second.at("has_more").as_bool());
  EXPECT_TRUE(second.at("next_cursor").is_null());
}

TEST_F(pins_page, a_whole_list_in_one_page_has_no_cursor) {
  auto all = bob_->ok({{"type", "pins.list"}, {"conversation_id", chat_}});
  EXPECT_EQ(ids_of(all), pinned_);
  EXPECT_FALSE(all.at("has_more").as_bool());
  EXPECT_TRUE(all.at("next_cursor").is_null());
}

TEST_F(pins_page, a_cursor_whose_pin_was_taken_off_still_places_the_next_page) {
  auto first = page(*bob_, 1);
  ASSERT_EQ(ids_of(first), (std::vector<std::int64_t>{pinned_[0]}));
  alice_->ok({{"type", "message.unpin"}, {"message_id", pinned_[0]}});
  auto rest = page(*bob_, 50, first.at("next_cursor"));
  EXPECT_EQ(ids_of(rest), (std::vector<std::int64_t>{pinned_[1], pinned_[2]}));
}

TEST_F(pins_page, a_limit_outside_1_to_50_or_a_made_up_cursor_is_refused) {
  object req{{"type", "pins.list"}, {"conversation_id", chat_}};
  req["limit"] = 0;
  EXPECT_EQ(bob_->error_of(req), "VALIDATION_FAILED");
  req["limit"] = 51;
  EXPECT_EQ(bob_->error_of(req), "VALIDATION_FAILED");
  req["limit"] = 10;
  for (const char* bad : {"", "abc", "12", "1.x", "-5.3"}) {
    req["cursor"] = bad;
    EXPECT_EQ(bob_->error_of(req), "BAD_REQUEST") << bad;
  }
}

TEST_F(pins_page, a_non_member_with_a_cursor_learns_nothing) {
  auto first = page(*bob_, 1);
  object req{{"type", "pins.list"}, {"conversation_id", chat_}, {"limit", 1}, {"cursor", first.at("next_cursor")}};
  EXPECT_EQ(carol_->error_of(req), "NOT_A_MEMBER");
}

}  // namespace
}  // namespace natter::testing
