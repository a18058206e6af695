// kill -9 cycles under load: natterd is killed and restarted on the same port
// while two members write into a group of four. Every acknowledged message
// must survive, and every member must see each entry once, in order.

#include "torture/single_node.hpp"

namespace natter::torture {
namespace {

TEST_F(torture_single, kill9_cycles_under_load_lose_nothing_and_repeat_nothing) {
  const int kills = 3 * torture_scale();
  const int per_sender = 300 * torture_scale();
  const auto c = group_of({"ann", "bob", "cat", "dan"}, port());
  start_senders({"ann", "bob"}, {c, per_sender, 8, 160});
  for (int k = 1; k <= kills; ++k) {
    if (!reached(2 * per_sender, k, kills + 1)) break;
    server_->kill();
    server_->restart(true);
  }
  finish("kill9", port(), "ann", c);
}

}  // namespace
}  // namespace natter::torture
