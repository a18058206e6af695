#pragma once
// A small tmpfs, so that the disk can be filled. Needs root (CI runs as root);
// mounted() says whether it worked, and tests skip when it did not.

#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

namespace natter::testing {

class small_disk {
 public:
  explicit small_disk(const std::string& size = "4m") {
    std::string pattern = (std::filesystem::temp_directory_path() / "natter-full-disk-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) return;
    path_ = pattern;
    const std::string options = "size=" + size;
    mounted_ = ::geteuid() == 0 && ::mount("tmpfs", path_.c_str(), "tmpfs", 0, options.c_str()) == 0;
  }
  ~small_disk() {
    if (mounted_) ::umount2(path_.c_str(), MNT_DETACH);
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  small_disk(const small_disk&) = delete;
  small_disk& operator=(const small_disk&) = delete;

  bool mounted() const { return mounted_; }
  const std::filesystem::path& path() const { return path_; }

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
  void free_space() const { std::filesystem::remove(path_ / "filler"); }

 private:
  std::filesystem::path path_;
  bool mounted_ = false;
};

}  // namespace natter::testing
