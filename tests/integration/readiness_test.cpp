// /readyz says whether the node can serve and store, not only whether the
// database answers a trivial query: a full disk makes it unready, and freeing
// space makes it ready again.

#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "integration/support/server_fixture.hpp"

namespace natter::testing {
namespace {

namespace fs = std::filesystem;

// A small tmpfs, so that the disk can be filled. Needs root (CI runs as root).
class small_disk {
 public:
  small_disk() {
    std::string pattern = (fs::temp_directory_path() / "natter-full-disk-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) return;
    path_ = pattern;
    mounted_ = ::geteuid() == 0 && ::mount("tmpfs", path_.c_str(), "tmpfs", 0, "size=4m") == 0;
  }
  ~small_disk() {
    if (mounted_) ::umount2(path_.c_str(), MNT_DETACH);
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  small_disk(const small_disk&) = delete;
  small_disk& operator=(const small_disk&) = delete;

  bool mounted() const { return mounted_; }
  const fs::path& path() const { return path_; }

  // Writes a file until not one more byte fits.
  void fill() const {
    const int fd = ::open((path_ / "filler").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ASSERT_GE(fd, 0);
    const std::string chunk(64 * 1024, 'x');
    for (std::size_t size = chunk.size(); size > 0; size /= 2) {
      while (::write(fd, chunk.data(), size) > 0) {
      }
    }
    ::close(fd);
  }
  void free_space() const { fs::remove(path_ / "filler"); }

 private:
  fs::path path_;
  bool mounted_ = false;
};

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
