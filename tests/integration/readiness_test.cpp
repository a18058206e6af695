// /readyz says whether the node can serve and store, not only whether the
// database answers a trivial query: a full disk makes it unready, and freeing
// space makes it ready again.

#include <thread>

#include "integration/support/server_fixture.hpp"
#include "integration/support/small_disk.hpp"

namespace natter::testing {
namespace {

TEST(readiness, a_full_disk_makes_the_node_unready_until_space_is_freed) {
  small_disk disk;
  if (!disk.mounted()) GTEST_SKIP() << "needs root to mount a small tmpfs";
  auto args = relaxed_limits();
  args.insert(args.end(), {"--data-dir", (disk.path() / "data").string()});
  natterd_process server(args);
  http_client http(server.port());
  const auto alice = register_and_login(http, "alice");
  EXPECT_EQ(http.get("/readyz").status, 200);

  disk.fill();
  // Small writes may still fit in pages the database already has; write
  // until one does not. The client is told: nothing is acknowledged unstored.
  int refused = 0;
  for (int i = 0; i < 5000 && refused == 0; ++i) {
    auto reply = http.patch("/api/v1/me", {{"bio", std::to_string(i) + std::string(400, 'b')}}, alice.access_token);
    if (reply.status != 200) refused = reply.status;
  }
  EXPECT_EQ(refused, 503) << "a write on a full disk fails with STORE_UNAVAILABLE";
  auto full = http.get("/readyz");
  EXPECT_EQ(full.status, 503) << full.body;
  EXPECT_EQ(full.error_code(), "STORE_UNAVAILABLE");
  EXPECT_EQ(http.get("/healthz").status, 200) << "alive, only not ready";

  disk.free_space();
  int status = 0;
  for (int i = 0; i < 150 && status != 200; ++i) {  // failures are remembered for 10 s
    status = http.get("/readyz").status;
    if (status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  EXPECT_EQ(status, 200);
  EXPECT_EQ(http.patch("/api/v1/me", {{"bio", "back"}}, alice.access_token).status, 200);
  EXPECT_EQ(server.stop(), 0);
}

}  // namespace
}  // namespace natter::testing
