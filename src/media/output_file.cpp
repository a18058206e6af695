#include "media/output_file.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>
#include <string>
#include <system_error>
#include <utility>

namespace natter::media {

namespace {

std::string random_name(std::string_view extension) {
  static constexpr char digits[] = "0123456789abcdef";
  std::random_device random;
  std::string name;
  for (int i = 0; i < 4; ++i) {
    auto word = random();
    for (int j = 0; j < 8; ++j, word >>= 4) name += digits[word & 0xf];
  }
  name += extension;
  return name;
}

}  // namespace

std::optional<output_file> output_file::create(const std::filesystem::path& dir, std::string_view extension) {
  auto path = dir / random_name(extension);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) {
    spdlog::error("media: cannot create {}: {}", path.string(), std::strerror(errno));
    return std::nullopt;
  }
  return output_file(std::move(path), fd);
}

output_file::output_file(output_file&& other) noexcept
    : path_(std::move(other.path_)), fd_(std::exchange(other.fd_, -1)), kept_(std::exchange(other.kept_, true)) {}

output_file::~output_file() {
  if (fd_ >= 0) ::close(fd_);
  if (!kept_) {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
}

std::filesystem::path output_file::keep() {
  if (fd_ >= 0) ::close(std::exchange(fd_, -1));
  kept_ = true;
  return path_;
}

}  // namespace natter::media
