#pragma once
// A new file with a random name in a directory, created exclusively (mode
// 0600, never an existing file or a symlink), and removed again unless kept.
// Internal to media/.

#include <filesystem>
#include <optional>
#include <string_view>

namespace natter::media {

class output_file {
 public:
  // A new file named <32 random hex digits><extension> in dir, or nothing
  // when it cannot be created (the reason is logged).
  static std::optional<output_file> create(const std::filesystem::path& dir, std::string_view extension);

  output_file(output_file&& other) noexcept;
  output_file& operator=(output_file&&) = delete;
  output_file(const output_file&) = delete;
  output_file& operator=(const output_file&) = delete;
  ~output_file();  // closes; removes the file unless kept

  int descriptor() const noexcept { return fd_; }
  const std::filesystem::path& path() const noexcept { return path_; }
  // Leaves the file in place; closes it.
  std::filesystem::path keep();

 private:
  output_file(std::filesystem::path path, int fd) noexcept : path_(std::move(path)), fd_(fd) {}

  std::filesystem::path path_;
  int fd_ = -1;
  bool kept_ = false;
};

}  // namespace natter::media
