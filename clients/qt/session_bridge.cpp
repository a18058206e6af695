#include "session_bridge.hpp"

#include <QFutureWatcher>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>
#include <mutex>

#include "client/tls_context.hpp"
#include "credential_store.hpp"
#include "crypto_worker.hpp"

namespace natter::desktop {

// The tokens of the current login: the first pair comes from the login the
// user made; later ones from refreshes. Kept for the logout at the end.
struct session_bridge::token_box {
  std::mutex mutex;
  std::optional<client::tokens> first;
  std::string refresh_token;
  std::function<void(const std::string&)> refreshed;  // on the session's thread, with the new refresh token
};

struct session_bridge::login_result {
  std::optional<client::server_url> server;
  client::outcome<client::tokens> tokens = client::failure::local("NOT_STARTED", "");
  QString note;  // said in the information area on success
  bool remember = false;
};

QString describe(const client::failure& f) {
  auto text = QString::fromStdString(f.message.empty() ? f.code : f.message);
  if (f.what == client::failure::kind::connection) return QObject::tr("Cannot reach the server: %1").arg(text);
  return text;
}

namespace {

template <class T, class Work, class Done>
void run_in_pool(QObject* owner, Work work, Done done) {
  auto* watcher = new QFutureWatcher<T>(owner);
  QObject::connect(watcher, &QFutureWatcher<T>::finished, owner, [watcher, done = std::move(done)] {
    done(watcher->result());
    watcher->deleteLater();
  });
  watcher->setFuture(QtConcurrent::run(std::move(work)));
}

// Replies whose messages the crypto worker opens before they are handed on
// (the others need not wait behind it).
bool carries_messages(const protocol::reply& r) {
  return std::holds_alternative<protocol::history_reply>(r) || std::holds_alternative<protocol::message_reply>(r) ||
         std::holds_alternative<protocol::conversations_reply>(r) ||
         std::holds_alternative<protocol::conversation_reply>(r) || std::holds_alternative<protocol::sync_reply>(r);
}

client::http_api http_for(const client::server_url& server) {
  return client::http_api(server, server.tls ? client::make_tls_context({}) : nullptr);
}

}  // namespace

session_bridge::session_bridge(QObject* parent) : QObject(parent), tokens_(std::make_shared<token_box>()) {}

session_bridge::~session_bridge() {
  if (session_) session_->stop();  // the crypto worker's requests fail at once
  crypto_.reset();
  session_.reset();
}

std::optional<client::server_url> session_bridge::parse_server(const QString& text) {
  auto url = client::server_url::parse(text.trimmed().toStdString());
  if (!url) {
    emit failed(tr("The server address is not valid: %1").arg(describe(url.error())));
    return std::nullopt;
  }
  return *url;
}

void session_bridge::sign_up(const QString& server, const QString& email, const QString& username,
                             const QString& password, bool remember) {
  client::registration r{email.toStdString(), username.toStdString(), password.toStdString(), {}};
  begin(server, [r, remember](const client::http_api& http) {
    auto made = http.register_account(r);
    if (!made) return login_result{{}, made.error(), {}, remember};
    return login_result{{},
                        http.login(r.username, r.password),
                        tr("Registered as %1.").arg(QString::fromStdString(r.username)),
                        remember};
  });
}

void session_bridge::sign_in(const QString& server, const QString& login, const QString& password, bool remember) {
  begin(server, [l = login.toStdString(), p = password.toStdString(), remember](const client::http_api& http) {
    return login_result{{}, http.login(l, p), {}, remember};
  });
}

void session_bridge::begin(const QString& server, std::function<login_result(const client::http_api&)> work) {
  if (busy_ || session_) return;
  auto url = parse_server(server);
  if (!url) return;
  server_text_ = server.trimmed();
  busy_ = true;
  emit busy_changed(true);
  emit info(tr("Connecting to %1…").arg(server.trimmed()));
  run_in_pool<login_result>(
      this,
      [url = *url, work = std::move(work)] {
        auto result = work(http_for(url));
        result.server = url;
        return result;
      },
      [this](const login_result& r) { finish(r); });
}

void session_bridge::finish(const login_result& result) {
  busy_ = false;
  emit busy_changed(false);
  if (!result.tokens) {
    emit failed(describe(result.tokens.error()));
    return;
  }
  username_ = QString::fromStdString(result.tokens->user.username);
  remembering_ = result.remember && store_;
  if (store_ && !remembering_) store_->forget();
  start_session(*result.server, *result.tokens, result.tokens->refresh_token);
  if (remembering_) keep_login(result.tokens->refresh_token);
  emit info(result.note.isEmpty() ? tr("Logged in as %1.").arg(username_) : result.note + ' ' + tr("Logged in."));
  emit signed_in_as(username_);
}

// `initial`: the tokens of a login just made; without them the session
// starts with a refresh (a kept login).
void session_bridge::start_session(const client::server_url& server, std::optional<client::tokens> initial,
                                   std::string refresh) {
  tokens_ = std::make_shared<token_box>();
  tokens_->first = std::move(initial);
  tokens_->refresh_token = std::move(refresh);
  if (remembering_) {
    tokens_->refreshed = [this, generation = generation_ + 1](const std::string& token) {
      QMetaObject::invokeMethod(
          this,
          [this, generation, token] {
            if (generation == generation_ && remembering_) keep_login(token);
          },
          Qt::QueuedConnection);
    };
  }
  client::session_options o;
  o.server = server;
  o.authenticate = [box = tokens_](const client::http_api& http) -> client::outcome<client::tokens> {
    std::lock_guard lock(box->mutex);
    if (box->first) {
      auto first = std::move(*box->first);
      box->first.reset();
      return first;
    }
    auto fresh = http.refresh(box->refresh_token);
    if (fresh) box->refresh_token = fresh->refresh_token;
    if (fresh && box->refreshed) box->refreshed(fresh->refresh_token);
    return fresh;
  };
  o.backoff = {std::chrono::milliseconds(250), std::chrono::seconds(10), 2.0, 0.3};
  session_ = std::make_unique<client::session>(std::move(o));
  session_->on_event([this, generation = ++generation_](const client::session_event& e) {
    QMetaObject::invokeMethod(
        this,
        [this, e, generation] {
          if (generation == generation_) on_session_event(e);
        },
        Qt::QueuedConnection);
  });
  state_ = client::connection_state::connecting;
  emit state_changed(state_);
  session_->start();
}

void session_bridge::on_session_event(const client::session_event& e) {
  if (!session_) return;  // from a session that has ended
  if (const auto* change = std::get_if<client::state_change>(&e)) {
    if (change->state == client::connection_state::stopped) return end_session(change->reason);
    state_ = change->state;
    if (state_ == client::connection_state::online) {
      if (!crypto_) {
        start_crypto();
      } else {
        crypto_->catch_up();  // device messages are pushed live only
      }
    }
    emit state_changed(state_);
    return;
  }
  const auto& event = std::get<protocol::event>(e);
  if (!crypto_) {
    emit event_received(event);
    return;
  }
  // Through the crypto worker, which hands it back readable, in order. A
  // full queue drops it; the worker then says crypto_fell_behind.
  crypto_->feed(event, [this, generation = generation_](const protocol::event& readable) {
    if (generation == generation_) emit event_received(readable);
  });
}

void session_bridge::request(protocol::request r, reply_handler done) {
  if (!session_) {
    if (done) done(client::failure::local("STOPPED", tr("Not logged in.").toStdString()));
    return;
  }
  auto generation = generation_;
  session_->request(std::move(r), [this, generation, done = std::move(done)](client::outcome<protocol::reply> got) {
    if (!done) return;
    QMetaObject::invokeMethod(
        this,
        [this, generation, done, got = std::move(got)] {
          if (generation != generation_) return;  // not for a session that has ended
          if (!crypto_ || !got || !carries_messages(*got)) return done(got);
          crypto_->open_reply(*got, [done](protocol::reply readable) { done(std::move(readable)); });
        },
        Qt::QueuedConnection);
  });
}

void session_bridge::send_encrypted(protocol::send_request r, reply_handler done,
                                    std::vector<client::e2ee::encrypted_file> files) {
  if (!crypto_) {
    return done(client::failure::local("ENCRYPTION_UNAVAILABLE",
                                       tr("Encryption is not set up here: the message was not sent.").toStdString()));
  }
  crypto_->run<client::outcome<protocol::reply>>(
      [worker = crypto_.get(), r = std::move(r),
       files = std::move(files)](client::e2ee::crypto_session* crypto) mutable -> client::outcome<protocol::reply> {
        if (!crypto) return client::failure::local("ENCRYPTION_UNAVAILABLE", "encryption is not set up");
        auto sent = files.empty() ? crypto->send(std::move(r)) : crypto->send(std::move(r), std::move(files));
        if (!sent) return sent.error();
        // The sender's own copy opens like any other (its files included).
        worker->make_readable(sent->msg);
        return protocol::reply(*sent);
      },
      [this, generation = generation_, done = std::move(done)](client::outcome<protocol::reply> got) {
        if (generation == generation_) done(std::move(got));
      });
}

// The login's device: its state in e2ee_dir_/<server>_<user>, bootstrapped
// on the crypto worker's thread.
void session_bridge::start_crypto() {
  if (e2ee_dir_.isEmpty() || !session_->user()) return;
  auto name = (server_text_ + '_' + username_).toStdString();
  for (auto& ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '-' && ch != '.') ch = '_';
  }
  client::e2ee::crypto_options o;
  o.state_dir = std::filesystem::path(e2ee_dir_.toStdString()) / name;
  o.display_name = "Natter desktop";
  crypto_ = std::make_unique<crypto_worker>(*session_, std::move(o));
  connect(crypto_.get(), &crypto_worker::noticed, this, &session_bridge::crypto_notice);
  connect(crypto_.get(), &crypto_worker::ready, this, &session_bridge::crypto_ready);
  connect(crypto_.get(), &crypto_worker::unavailable, this, &session_bridge::crypto_unavailable);
  connect(crypto_.get(), &crypto_worker::fell_behind, this, &session_bridge::crypto_fell_behind);
}

void session_bridge::http_get(const QString& target, std::function<void(int, QByteArray)> done) {
  if (!session_) return;
  auto token = std::make_shared<std::future<client::outcome<std::string>>>(session_->access_token());
  auto http = session_->http();
  using answer = std::pair<int, QByteArray>;
  run_in_pool<answer>(
      this,
      [token, http, t = target.toStdString()] {
        auto bearer = token->get();
        if (!bearer) return answer{0, {}};
        auto got = http.exchange("GET", t, "", *bearer);
        if (!got) return answer{0, {}};
        return answer{got->status, QByteArray::fromStdString(got->body)};
      },
      [done = std::move(done)](const answer& a) { done(a.first, a.second); });
}

void session_bridge::me(account_handler done) {
  with_account([](const client::http_api& http, const std::string& token) { return http.me(token); }, std::move(done));
}

void session_bridge::update_me(const client::profile_changes& changes, account_handler done) {
  with_account(
      [changes](const client::http_api& http, const std::string& token) { return http.update_me(token, changes); },
      std::move(done));
}

// An HTTP call with this user's access token, on the thread pool.
void session_bridge::with_account(
    std::function<client::outcome<client::account>(const client::http_api&, const std::string&)> call,
    account_handler done) {
  if (!session_) return done(client::failure::local("STOPPED", tr("Not logged in.").toStdString()));
  auto token = std::make_shared<std::future<client::outcome<std::string>>>(session_->access_token());
  auto http = session_->http();
  using answer = std::optional<client::outcome<client::account>>;
  run_in_pool<answer>(
      this,
      [token, http, call = std::move(call)]() -> answer {
        auto bearer = token->get();
        if (!bearer) return client::outcome<client::account>(bearer.error());
        return call(http, *bearer);
      },
      [done = std::move(done)](const answer& a) { done(*a); });
}

void session_bridge::in_pool(std::function<void(const client::http_api&, const client::outcome<std::string>&)> work,
                             std::function<void()> after) {
  if (!session_) return;
  auto token = std::make_shared<std::future<client::outcome<std::string>>>(session_->access_token());
  auto http = session_->http();
  run_in_pool<bool>(
      this,
      [token, http, work = std::move(work)] {
        work(http, token->get());
        return true;
      },
      [this, generation = generation_, after = std::move(after)](bool) {
        if (generation == generation_) after();
      });
}

void session_bridge::keep_login(const std::string& refresh_token) {
  if (!store_) return;
  QPointer<session_bridge> self(this);
  store_->save({server_text_, username_, QString::fromStdString(refresh_token)}, [self](const QString& error) {
    if (self && !error.isEmpty()) emit self->failed(tr("Could not remember the login: %1").arg(error));
  });
}

void session_bridge::restore() {
  if (!store_ || busy_ || session_) return;
  QPointer<session_bridge> self(this);
  store_->load([self](std::optional<remembered_login> kept) {
    if (!self || !kept || self->session_ || self->busy_) return;
    auto url = client::server_url::parse(kept->server.toStdString());
    if (!url) return self->store_->forget();
    self->server_text_ = kept->server;
    self->username_ = kept->username;
    self->remembering_ = true;
    self->start_session(*url, std::nullopt, kept->refresh_token.toStdString());
    emit self->info(tr("Logged in as %1 (remembered).").arg(self->username_));
    emit self->signed_in_as(self->username_);
  });
}

void session_bridge::sign_out() {
  if (!session_) return;
  session_->stop();
  end_session(std::nullopt);
}

// The session stopped: logged out here, or refused by the server (the login
// ended elsewhere, the account was disabled): back to the login screen.
void session_bridge::end_session(const std::optional<client::failure>& why) {
  auto server = session_->http().server();
  session_->stop();  // stopped already; the crypto worker's requests fail at once
  crypto_.reset();
  session_.reset();
  ++generation_;
  state_ = client::connection_state::stopped;
  std::string refresh;
  {
    std::lock_guard lock(tokens_->mutex);
    refresh = tokens_->refresh_token;
  }
  (void)QtConcurrent::run([server, refresh] { (void)http_for(server).logout(refresh); });
  if (remembering_ && store_) store_->forget();
  remembering_ = false;
  emit state_changed(state_);
  if (why) {
    emit failed(tr("Logged out: %1").arg(describe(*why)));
  } else {
    emit info(tr("Logged out."));
  }
  emit signed_out();
}

}  // namespace natter::desktop
