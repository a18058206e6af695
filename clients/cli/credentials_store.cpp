#include "clients/cli/credentials_store.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

namespace natter::cli {

namespace fs = std::filesystem;

namespace {

void make_private_dir(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  ::chmod(dir.c_str(), 0700);
}

}  // namespace

std::optional<fs::path> credentials_store::default_path() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  if (xdg && *xdg) return fs::path(xdg) / "natter" / "credentials";
  const char* home = std::getenv("HOME");
  if (home && *home) return fs::path(home) / ".config" / "natter" / "credentials";
  return std::nullopt;
}

std::optional<credentials> credentials_store::load() const {
  std::ifstream in(file_);
  if (!in) return std::nullopt;
  credentials c;
  std::string line;
  while (std::getline(in, line)) {
    const auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = line.substr(0, eq);
    std::string value = line.substr(eq + 1);
    if (key == "server") c.server = std::move(value);
    if (key == "username") c.username = std::move(value);
    if (key == "refresh_token") c.refresh_token = std::move(value);
  }
  if (c.refresh_token.empty()) return std::nullopt;
  return c;
}

client::outcome<client::success> credentials_store::save(const credentials& c) const {
  make_private_dir(file_.parent_path());
  const std::string temporary = file_.string() + ".new";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return client::failure::local("CREDENTIALS", "Cannot write " + temporary);
  ::fchmod(fd, 0600);
  const std::string text =
      "server=" + c.server + "\nusername=" + c.username + "\nrefresh_token=" + c.refresh_token + "\n";
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!written || !synced || ::rename(temporary.c_str(), file_.c_str()) != 0) {
    ::unlink(temporary.c_str());
    return client::failure::local("CREDENTIALS", "Cannot write " + file_.string());
  }
  return client::success{};
}

void credentials_store::remove() const {
  std::error_code ec;
  fs::remove(file_, ec);
}

credentials_store::lock::lock(const fs::path& file) {
  make_private_dir(file.parent_path());
  fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ >= 0) ::flock(fd_, LOCK_EX);
}

credentials_store::lock::~lock() {
  if (fd_ >= 0) ::close(fd_);  // releases the lock
}

}  // namespace natter::cli
