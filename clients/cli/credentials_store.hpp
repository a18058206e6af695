#pragma once
// Where `natter` keeps its login between runs:
//   $XDG_CONFIG_HOME/natter/credentials, else $HOME/.config/natter/credentials
// Mode 0600 in a 0700 directory. It holds the server, the username and the
// refresh token; never the password. Refresh tokens rotate on every use, so
// each refresh happens under an exclusive lock on a sibling lock file: two
// natter processes (a `listen` and a `send`) never spend the same token,
// which the server would take as theft and answer by ending the session.

#include <filesystem>
#include <optional>
#include <string>

#include "client/outcome.hpp"

namespace natter::cli {

struct credentials {
  std::string server;
  std::string username;
  std::string refresh_token;
};

class credentials_store {
 public:
  // The default location (see above); nothing when neither variable is set.
  static std::optional<std::filesystem::path> default_path();

  explicit credentials_store(std::filesystem::path file) : file_(std::move(file)) {}

  std::optional<credentials> load() const;
  // Writes atomically (a 0600 temporary renamed over the file).
  client::outcome<client::success> save(const credentials& c) const;
  void remove() const;

  // An exclusive advisory lock held for the object's life.
  class lock {
   public:
    explicit lock(const std::filesystem::path& file);
    ~lock();
    lock(const lock&) = delete;
    lock& operator=(const lock&) = delete;

   private:
    int fd_ = -1;
  };
  lock exclusive() const { return lock(file_.string() + ".lock"); }

  const std::filesystem::path& file() const { return file_; }

 private:
  std::filesystem::path file_;
};

}  // namespace natter::cli
