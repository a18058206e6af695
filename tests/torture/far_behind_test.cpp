// A member far behind: offline while a few thousand messages of a few
// hundred characters are written, then back with a session resuming from the
// last seq it saw. Its sync backlog is far larger than one frame may be; it
// must still get everything, once and in order.

#include "torture/single_node.hpp"

namespace natter::torture {
namespace {

TEST_F(torture_single, a_member_far_behind_catches_up_on_everything) {
  const int per_sender = 1500 * torture_scale();
  const auto c = group_of({"ann", "bob", "far"}, port());
  auto& far = get("far");
  far.stop();
  start_senders({"ann", "bob"}, {c, per_sender, 16, 900});
  EXPECT_TRUE(senders_done(deadline_in(std::chrono::seconds(120))));
  const bool back = far.start();
  EXPECT_TRUE(back) << "far did not come back online: its sync never completed";
  finish("far_behind", port(), "ann", c, back ? converge_patience : std::chrono::seconds(0));
}

}  // namespace
}  // namespace natter::torture
