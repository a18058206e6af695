// Concurrent senders with resend storms: four members write with 64 sends in
// flight each, and every connection is cut mid-flight again and again, so
// their outboxes resend what was (or was not) stored. Each send is stored
// once and acknowledged as that one message.

#include "torture/single_node.hpp"
#include "torture/tcp_proxy.hpp"

namespace natter::torture {
namespace {

TEST_F(torture_single, resend_storms_store_every_send_once) {
  const int cuts = 10 * torture_scale();
  const int per_sender = 150 * torture_scale();
  tcp_proxy proxy(port());
  const auto c = group_of({"ann", "bob", "cat", "dan"}, proxy.port());
  start_senders({"ann", "bob", "cat", "dan"}, {c, per_sender, 64, 200});
  for (int k = 1; k <= cuts; ++k) {
    if (!reached(4 * per_sender, k, cuts + 1)) break;
    proxy.cut();
  }
  finish("storm", proxy.port(), "ann", c);
}

}  // namespace
}  // namespace natter::torture
