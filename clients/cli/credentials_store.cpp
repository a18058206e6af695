#include "clients/cli/credentials_store.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
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

// One login per block of `server=`, `username=`, `refresh_token=` lines; a
// `server=` line starts the next block.
std::vector<credentials> credentials_store::load_all() const {
  std::ifstream in(file_);
  std::vector<credentials> all;
  std::string line;
  while (std::getline(in, line)) {
    const auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = line.substr(0, eq);
    std::string value = line.substr(eq + 1);
    if (key == "server" || all.empty()) all.emplace_back();
    if (key == "server") all.back().server = std::move(value);
    if (key == "username") all.back().username = std::move(value);
    if (key == "refresh_token") all.back().refresh_token = std::move(value);
  }
  std::erase_if(all, [](const credentials& c) { return c.refresh_token.empty(); });
  return all;
}

std::optional<credentials> credentials_store::load() const {
  auto all = load_all();
  if (all.empty()) return std::nullopt;
  return all.front();
}

client::outcome<client::success> credentials_store::save(const credentials& c, bool make_default) const {
  auto all = load_all();
  auto same = std::find_if(all.begin(), all.end(),
                           [&c](const credentials& x) { return x.server == c.server && x.username == c.username; });
  if (same != all.end() && !make_default) {
    *same = c;
  } else {
    if (same != all.end()) all.erase(same);
    all.insert(make_default ? all.begin() : all.end(), c);
  }
  return write_all(all);
}

client::outcome<client::success> credentials_store::remove(const std::string& server,
                                                           const std::string& username) const {
  auto all = load_all();
  std::erase_if(all, [&](const credentials& x) { return x.server == server && x.username == username; });
  if (!all.empty()) return write_all(all);
  std::error_code ec;
  fs::remove(file_, ec);
  return client::success{};
}

client::outcome<client::success> credentials_store::write_all(const std::vector<credentials>& all) const {
  make_private_dir(file_.parent_path());
  const std::string temporary = file_.string() + ".new";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return client::failure::local("CREDENTIALS", "Cannot write " + temporary);
  ::fchmod(fd, 0600);
  std::string text;
  for (const auto& c : all) {
    text += "server=" + c.server + "\nusername=" + c.username + "\nrefresh_token=" + c.refresh_token + "\n";
  }
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!written || !synced || ::rename(temporary.c_str(), file_.c_str()) != 0) {
    ::unlink(temporary.c_str());
    return client::failure::local("CREDENTIALS", "Cannot write " + file_.string());
  }
  return client::success{};
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
