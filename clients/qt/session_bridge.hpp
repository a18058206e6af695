#pragma once
// The desktop app's link to natterd: the client library's session (its own
// I/O thread, reconnect with backoff, resync, outbox, token refresh) with its
// events and replies carried to the Qt thread by queued invocations. Every
// signal is emitted, and every callback runs, on the thread that owns this
// object; nothing here blocks it (HTTP calls run on Qt's thread pool).

#include <QObject>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include "client/e2ee/crypto_session.hpp"
#include "client/session.hpp"

namespace natter::desktop {

class credential_store;
class crypto_worker;

class session_bridge : public QObject {
  Q_OBJECT

 public:
  using reply_handler = std::function<void(client::outcome<protocol::reply>)>;

  explicit session_bridge(QObject* parent = nullptr);
  ~session_bridge() override;

  // Where "Remember me" keeps the login (not owned; nullptr: nowhere, and
  // nothing is offered).
  void remember_with(credential_store* store) { store_ = store; }
  bool can_remember() const { return store_ != nullptr; }
  // End-to-end encryption: each login's device state lives in
  // dir/<server>_<user> (0700, its files 0600). Unset (""): none, and
  // encrypted messages show as "Unable to decrypt".
  void encrypt_under(const QString& dir) { e2ee_dir_ = dir; }
  // POST /auth/register then log in. Ends in signed_in or failed. With
  // `remember`, the login is kept for the next start (else any kept one is
  // forgotten).
  void sign_up(const QString& server, const QString& email, const QString& username, const QString& password,
               bool remember = false);
  // POST /auth/login, then the session starts. Ends in signed_in or failed.
  void sign_in(const QString& server, const QString& login, const QString& password, bool remember = false);
  // Logs in with the kept login, if there is one (else nothing happens).
  void restore();
  // Stops the session and ends the login on the server. Emits signed_out.
  void sign_out();

  bool signed_in() const { return session_ != nullptr; }
  client::connection_state state() const { return state_; }
  QString username() const { return username_; }
  // The server logged in to, as the user gave it.
  QString server() const { return server_text_; }

  // Any request; `done` runs on this object's thread (not at all once this
  // object is gone). message.send waits in the outbox while offline. The
  // messages in a reply are readable (decrypted) by the time `done` runs.
  void request(protocol::request r, reply_handler done = {});
  // The login's encryption, once the session has been online (nullptr
  // before, or without encrypt_under). Its results come to this thread.
  crypto_worker* crypto() const { return crypto_.get(); }
  // message.send in an encrypted conversation (r.conversation set), through
  // the crypto worker; `done` as for request, with the message readable.
  // With files (upload_sealed), they go in the envelope and r.attachments.
  void send_encrypted(protocol::send_request r, reply_handler done,
                      std::vector<client::e2ee::encrypted_file> files = {});
  // GET on the HTTP API with this user's token; `done` gets the body or "".
  void http_get(const QString& target, std::function<void(int, QByteArray)> done);
  using account_handler = std::function<void(client::outcome<client::account>)>;
  // GET /api/v1/me and PATCH /api/v1/me; `done` runs on this object's thread.
  void me(account_handler done);
  void update_me(const client::profile_changes& changes, account_handler done);
  // session_bridge_media.cpp. Uploads files (POST /api/v1/media) one after
  // another; `done` gets their media in order, or the first failure.
  using upload_handler = std::function<void(client::outcome<std::vector<protocol::media>>)>;
  void upload(const QStringList& files, upload_handler done);
  // Downloads media `id` (or its thumbnail) to the file `target`, replacing
  // it. Both run on Qt's thread pool; `done` runs on this object's thread,
  // not at all once the session has ended.
  using download_handler = std::function<void(client::outcome<client::downloaded_file>)>;
  void download(const QString& id, const QString& target, bool thumbnail, download_handler done);
  // Encrypted chats (client/e2ee/file_crypto.hpp): each file is read,
  // sealed with its own key and its ciphertext uploaded (purpose=encrypted),
  // one after another on Qt's thread pool; `done` gets their entries in
  // order, or the first failure (local FILE_TOO_LARGE past
  // max_sealed_plain, local FILE_UNREADABLE, the server's).
  using sealed_upload_handler = std::function<void(client::outcome<std::vector<client::e2ee::encrypted_file>>)>;
  void upload_sealed(const QStringList& files, sealed_upload_handler done);
  // Downloads f's ciphertext and opens it on Qt's thread pool: `done` gets
  // the file's bytes, or local DAMAGED (changed or damaged), the server's.
  using opened_handler = std::function<void(client::outcome<QByteArray>)>;
  void download_sealed(const client::e2ee::encrypted_file& f, opened_handler done);
  // session_bridge_search.cpp. GET /api/v1/search (message search), on Qt's
  // thread pool; `done` as for download.
  using search_handler = std::function<void(client::outcome<client::search_results>)>;
  void search(const client::search_query& query, search_handler done);

 signals:
  void busy_changed(bool busy);
  void info(const QString& text);
  void failed(const QString& text);
  void signed_in_as(const QString& username);
  void signed_out();
  void state_changed(natter::client::connection_state state);
  // Every event of the session, in order, its messages readable.
  void event_received(const natter::protocol::event& e);
  // End-to-end encryption (see crypto()): what it noticed (a new device,
  // changed keys, a message that now opens); that it works, or why not; that
  // events were dropped (the window loads its conversations again).
  void crypto_notice(const natter::client::e2ee::notice& n);
  void crypto_ready();
  void crypto_unavailable(const QString& why);
  void crypto_fell_behind();

 private:
  struct login_result;
  void begin(const QString& server, std::function<login_result(const client::http_api&)> work);
  void finish(const login_result& result);
  void start_session(const client::server_url& server, std::optional<client::tokens> initial, std::string refresh);
  void keep_login(const std::string& refresh_token);
  void on_session_event(const client::session_event& e);
  void start_crypto();
  void end_session(const std::optional<client::failure>& why);
  std::optional<client::server_url> parse_server(const QString& text);
  // Runs `work` on Qt's thread pool with the HTTP API and the access token
  // (or why there is none), then `after` here while the session lasts.
  void in_pool(std::function<void(const client::http_api&, const client::outcome<std::string>&)> work,
               std::function<void()> after);
  void with_account(std::function<client::outcome<client::account>(const client::http_api&, const std::string&)> call,
                    account_handler done);

  struct token_box;
  std::shared_ptr<token_box> tokens_;
  std::unique_ptr<client::session> session_;
  std::unique_ptr<crypto_worker> crypto_;  // destroyed before session_, after stopping it
  QString e2ee_dir_;
  client::connection_state state_ = client::connection_state::stopped;
  QString username_;
  QString server_text_;  // as the user gave it, for the kept login
  bool busy_ = false;
  credential_store* store_ = nullptr;
  bool remembering_ = false;  // this session's login is kept (and its refreshed tokens)
  // Counts sessions: what an ended session posted is dropped.
  std::uint64_t generation_ = 0;
};

// What a failure looks like in the information area.
QString describe(const client::failure& f);

}  // namespace natter::desktop
