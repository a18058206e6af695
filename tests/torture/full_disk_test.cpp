// A full disk: natterd's data directory is a small tmpfs that fills up while
// two members write. Sends must then fail with an error (STORE_UNAVAILABLE),
// never be acknowledged and lost; the senders retry them with the same
// client_msg_id. Once space is freed everything goes through, and after a
// kill -9 and restart every acknowledged message is still there.
// Needs root to mount the tmpfs; skipped otherwise.

#include "integration/support/small_disk.hpp"
#include "torture/single_node.hpp"

namespace natter::torture {
namespace {

class torture_full_disk : public torture_single {
 protected:
  std::vector<std::string> natterd_args() override {
    auto args = torture_single::natterd_args();
    args.insert(args.end(), {"--data-dir", (disk_.path() / "data").string()});
    return args;
  }
  void SetUp() override {
    if (!disk_.mounted()) GTEST_SKIP() << "needs root to mount a small tmpfs";
    torture_single::SetUp();
  }
  void TearDown() override {
    torture_single::TearDown();
    server_.reset();  // before the tmpfs goes
  }

  testing::small_disk disk_{"16m"};
};

TEST_F(torture_full_disk, sends_on_a_full_disk_fail_and_nothing_acknowledged_is_lost) {
  const int per_sender = 400 * torture_scale();
  const auto c = group_of({"ann", "bob", "cat"}, port());
  start_senders({"ann", "bob"}, {c, per_sender, 8, 300});
  ASSERT_TRUE(reached(2 * per_sender, 1, 4));
  disk_.fill();
  // Sends fail while the disk is full (pages the database already has may
  // take a few more first); they are retried.
  const auto deadline = deadline_in(std::chrono::seconds(60));
  while (ledger_.refused_count() < 50 && std::chrono::steady_clock::now() < deadline) {
    ledger_.wait_until_acked(ledger_.acked_count() + 1,
                             std::chrono::steady_clock::now() + std::chrono::milliseconds(50));
  }
  EXPECT_GE(ledger_.refused_count(), 50) << "sends kept succeeding on a full disk";
  const auto acked_while_full = ledger_.acked_count();
  EXPECT_LT(acked_while_full, 2 * per_sender) << "the disk filled too late to matter";
  disk_.free_space();
  EXPECT_TRUE(senders_done(deadline_in(std::chrono::seconds(120))));

  // What was acknowledged is on disk, not only in memory.
  server_->kill();
  server_->restart(true);
  finish("full_disk", port(), "ann", c);
  for (const auto& [code, count] : ledger_.refusals()) {
    std::cout << "full_disk: " << count << " sends refused with " << code << std::endl;
    EXPECT_EQ(code, "STORE_UNAVAILABLE") << "a full disk is a store failure, said as such";
  }
}

}  // namespace
}  // namespace natter::torture
