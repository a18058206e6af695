// Reconnect churn: while two members write, every member's session is stopped
// and a new one started, in turn, again and again. A new session resumes
// from the last seq its member saw (session_options::resume_from); sends cut
// off by a stop are sent again with the same client_msg_id.

#include "torture/single_node.hpp"

namespace natter::torture {
namespace {

TEST_F(torture_single, reconnect_churn_resumes_exactly_where_each_member_left_off) {
  const int cycles = 12 * torture_scale();
  const int per_sender = 300 * torture_scale();
  const std::vector<std::string> names{"ann", "bob", "cat", "dan"};
  const auto c = group_of(names, port());
  start_senders({"ann", "bob"}, {c, per_sender, 8, 160});
  for (int k = 1; k <= cycles; ++k) {
    if (!reached(2 * per_sender, k, cycles + 1)) break;
    auto& m = get(names[static_cast<std::size_t>(k) % names.size()]);
    m.stop();
    EXPECT_TRUE(m.start()) << m.name() << " did not come back";
  }
  finish("churn", port(), "ann", c);
}

}  // namespace
}  // namespace natter::torture
