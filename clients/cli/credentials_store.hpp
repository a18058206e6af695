#pragma once
// Where `natter` keeps its logins between runs:
//   $XDG_CONFIG_HOME/natter/credentials, else $HOME/.config/natter/credentials
// Mode 0600 in a 0700 directory. It holds one login per server and user
// (the server, the username and the refresh token; never the password), the
// default one first: the last one logged in or picked with `natter use`. A
// file from before several logins (one login) reads as that one login.
// Refresh tokens rotate on every use, so each change happens under an
// exclusive lock on a sibling lock file: two natter processes (a `listen`
// and a `send`) never spend the same token, which the server would take as
// theft and answer by ending the session.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

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

  // Every stored login, the default first.
  std::vector<credentials> load_all() const;
  // The default login.
  std::optional<credentials> load() const;
  // Replaces the login of the same server and user (where it stands, or
  // first when `make_default`), else adds it (first when `make_default`,
  // else last). Writes atomically (a 0600 temporary renamed over the file).
  // Call it under exclusive().
  client::outcome<client::success> save(const credentials& c, bool make_default = false) const;
  // Forgets the login of this server and user.
  client::outcome<client::success> remove(const std::string& server, const std::string& username) const;

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
  client::outcome<client::success> write_all(const std::vector<credentials>& all) const;

  std::filesystem::path file_;
};

}  // namespace natter::cli
