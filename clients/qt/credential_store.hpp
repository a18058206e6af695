#pragma once
// Where "Remember me" keeps a login between runs: the server, the username
// and the refresh token (never the password). In the OS keychain where the
// app is built with qtkeychain, else in a file only its owner can read
// (0600, in a 0700 folder under the XDG config dir). The token is secret:
// nothing here logs it. Every member runs on the Qt thread; callbacks run
// there too, possibly before the call returns.

#include <QString>
#include <functional>
#include <memory>
#include <optional>

namespace natter::desktop {

struct remembered_login {
  QString server;
  QString username;
  QString refresh_token;
};

class credential_store {
 public:
  using saved_handler = std::function<void(const QString& error)>;  // "" when saved
  using loaded_handler = std::function<void(std::optional<remembered_login>)>;

  virtual ~credential_store() = default;
  // Replaces what was kept.
  virtual void save(const remembered_login& login, saved_handler done) = 0;
  // What was kept, if anything (nothing when it cannot be read).
  virtual void load(loaded_handler done) = 0;
  virtual void forget() = 0;
  // Where it is kept, for the information area.
  virtual QString where() const = 0;
};

// The file store: `dir`/login.json; dir defaults to natter-desktop's folder
// in the XDG config dir ($XDG_CONFIG_HOME, else ~/.config).
std::unique_ptr<credential_store> make_file_store(const QString& dir = {});
// The keychain store, where the app is built with qtkeychain; else nullptr.
std::unique_ptr<credential_store> make_keychain_store();

}  // namespace natter::desktop
