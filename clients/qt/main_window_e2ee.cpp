// The main window's end-to-end encryption: turning it on for a chat (behind
// a confirmation: it cannot be undone), sending through the crypto worker,
// what the crypto_session notices (a message that now opens, a new device,
// changed keys: a warning bar in the chats of that member and a
// notification; for a verified member, sending held until the new keys are
// accepted), and the devices dialog.

#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QStatusBar>
#include <QTabWidget>

#include "backup_dialog.hpp"
#include "chat_view.hpp"
#include "crypto_worker.hpp"
#include "devices_dialog.hpp"
#include "main_window.hpp"
#include "session_bridge.hpp"

namespace natter::desktop {

void main_window::build_e2ee(QMenu* menu) {
  menu->addSeparator();
  encrypt_ = menu->addAction(tr("Turn on &encryption…"), this, &main_window::confirm_encrypt);
  devices_ = menu->addAction(tr("&Devices and safety number…"), this, &main_window::open_devices);
  devices_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
  backup_ = menu->addAction(tr("Key &backup…"), this, &main_window::open_backup);
  connect(&bridge_, &session_bridge::crypto_notice, this, &main_window::on_crypto_notice);
  connect(&bridge_, &session_bridge::crypto_ready, this, &main_window::update_actions);
  connect(&bridge_, &session_bridge::crypto_unavailable, this, [this](const QString& why) {
    statusBar()->showMessage(tr("Encryption unavailable: %1").arg(why));
    update_actions();
  });
  // Events were dropped while the worker was busy: load what is shown again.
  connect(&bridge_, &session_bridge::crypto_fell_behind, this, [this] {
    if (!state_) return;
    refresh_conversations();
    for (int i = 0; i < tabs_->count(); ++i) {
      if (auto* v = qobject_cast<chat_view*>(tabs_->widget(i)); v && v->conversation() != 0) {
        load_history(v->conversation());
      }
    }
  });
}

bool main_window::encrypted(conversation_id id) const {
  const auto* c = state_ && id != 0 ? state_->find(id) : nullptr;
  return c && c->info.encrypted;
}

// Asks first, without blocking the event loop.
void main_window::confirm_encrypt() {
  auto* view = qobject_cast<chat_view*>(tabs_->currentWidget());
  const auto* c = state_ && view ? state_->find(view->conversation()) : nullptr;
  if (!c || c->info.encrypted) return;
  const auto id = c->info.id;
  auto* box = new QMessageBox(
      QMessageBox::Question, tr("Turn on encryption"),
      tr("Encrypt %1 end to end? From now on only the members' devices can read its messages, not the server. "
         "It cannot be turned off again. Search is not available in encrypted chats.")
          .arg(QString::fromStdString(state_->title_of(*c))),
      QMessageBox::Yes | QMessageBox::Cancel, this);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->button(QMessageBox::Yes)->setText(tr("&Encrypt"));
  box->setDefaultButton(QMessageBox::Cancel);
  connect(box, &QMessageBox::accepted, this, [this, id] { encrypt_conversation(id); });
  box->open();
}

void main_window::encrypt_conversation(conversation_id id) {
  auto* crypto = bridge_.crypto();
  if (!crypto) return;
  crypto->run<client::outcome<client::success>>(
      [id](client::e2ee::crypto_session* s) -> client::outcome<client::success> {
        if (!s) return client::failure::local("ENCRYPTION_UNAVAILABLE", "encryption is not set up");
        return s->encrypt(id);
      },
      [this](const client::outcome<client::success>& done) {
        if (!state_) return;
        if (!done) return statusBar()->showMessage(tr("Not encrypted: %1").arg(describe(done.error())));
        statusBar()->showMessage(tr("End-to-end encrypted from now on."));
        refresh_conversations();
      });
}

void main_window::on_crypto_notice(const client::e2ee::notice& n) {
  if (!state_) return;
  if (const auto* r = std::get_if<client::e2ee::message_reopened>(&n)) {
    state_->replace_opened(r->msg);
    render_open_chats();
    render_conversations();
  } else if (const auto* added = std::get_if<client::e2ee::device_added>(&n)) {
    statusBar()->showMessage(tr("New device of %1: %2 (see Devices and safety number)")
                                 .arg(name_of(added->user), QString::fromStdString(added->device_id)));
  } else if (const auto* changed = std::get_if<client::e2ee::keys_changed>(&n)) {
    changed_keys_[changed->user] = changed->state;
    emit notified(tr("%1's keys changed").arg(name_of(changed->user)),
                  tr("A new install, or someone in between: compare safety numbers."));
    render_encryption();
  } else if (const auto* refused = std::get_if<client::e2ee::key_request_refused>(&n)) {
    statusBar()->showMessage(
        tr("Device %1 asked for keys and got none (%2): approve it in the terminal or web app "
           "that holds your signing key if it is yours")
            .arg(QString::fromStdString(refused->device_id), QString::fromStdString(refused->reason)));
  } else if (const auto* problem = std::get_if<client::e2ee::backup_problem>(&n)) {
    emit notified(tr("Key backup"), QString::fromStdString(problem->text));
  }
}

QString main_window::name_of(user_id id) const {
  auto name = state_ ? state_->name_of(id) : std::string();
  return name.empty() ? tr("user %1").arg(id) : QString::fromStdString(name);
}

// Each open chat: a lock in its tab when encrypted, and a warning of its
// members whose keys changed.
void main_window::render_encryption() {
  for (int i = 0; i < tabs_->count(); ++i) {
    auto* v = qobject_cast<chat_view*>(tabs_->widget(i));
    const auto* c = v && state_ ? state_->find(v->conversation()) : nullptr;
    if (!v) continue;
    if (c && c->info.encrypted && !c->info.kind.empty())
      tabs_->setTabText(i, QString::fromUtf8("\xF0\x9F\x94\x92 ") + QString::fromStdString(state_->title_of(*c)));
    QStringList lines;
    for (std::size_t k = 0; c && k < c->info.member_ids.size(); ++k) {
      auto it = changed_keys_.find(c->info.member_ids[k]);
      if (it == changed_keys_.end()) continue;
      const auto who = name_of(it->first);
      lines << (it->second == client::e2ee::trust::changed_after_verify
                    ? tr("%1's keys changed. You verified them before, so nothing is sent here until you accept "
                         "the new keys (compare safety numbers again).")
                          .arg(who)
                    : tr("%1's keys changed: a new install, or someone in between. Compare safety numbers.").arg(who));
    }
    v->set_key_warning(lines.join('\n'));
  }
}

// The bar's button: every changed member of the chat is accepted (pinned, not verified).
void main_window::accept_keys(conversation_id id) {
  const auto* c = state_ ? state_->find(id) : nullptr;
  auto* crypto = bridge_.crypto();
  if (!c || !crypto) return;
  std::vector<user_id> users;
  for (auto u : c->info.member_ids)
    if (changed_keys_.erase(u) > 0) users.push_back(u);
  crypto->run<bool>(
      [users](client::e2ee::crypto_session* s) {
        for (auto u : users)
          if (s) s->acknowledge_change(u);
        return s != nullptr;
      },
      [this](bool) { statusBar()->showMessage(tr("New keys accepted (not verified).")); });
  render_encryption();
}

// An encrypted send that failed: it is not retried, so its line goes and
// the text comes back to the input.
void main_window::send_failed(chat_view* view, const std::string& client_msg_id, const QString& text,
                              const client::failure& why) {
  if (view) {
    state_->drop_pending(view->conversation(), client_msg_id);
    if (view->input()->text().isEmpty()) view->input()->setText(text);
  }
  if (why.code == "VERIFICATION_REQUIRED") {
    statusBar()->showMessage(tr("Not sent: a verified member's keys changed. Accept the new keys first."));
  } else {
    statusBar()->showMessage(tr("Not sent: %1").arg(describe(why)));
  }
  render_open_chats();
}

namespace {

// What the devices dialog shows of `u` (0: the user), on the crypto worker's thread.
devices_info devices_of(client::e2ee::crypto_session* s, user_id u) {
  devices_info info;
  if (!s) return info;
  info.self = u == 0 || u == s->self().user;
  info.user = info.self ? s->self().user : u;
  info.devices = s->devices_of(info.user);
  info.state = s->trust_of(info.user);
  if (!info.self) info.safety_number = s->safety_number_with(info.user);
  return info;
}

}  // namespace

// Signs `device_id` into the user's list (devices dialog, own devices), then
// shows the list again.
void main_window::approve_device(const QString& device_id) {
  auto* worker = bridge_.crypto();
  if (!worker) return;
  using approved = std::pair<client::outcome<client::success>, devices_info>;
  worker->run<approved>(
      [id = device_id.toStdString()](client::e2ee::crypto_session* s) {
        if (!s) return approved{client::failure::local("UNAVAILABLE", "Encryption is not available."), {}};
        auto done = s->approve_device(id);
        return approved{std::move(done), devices_of(s, 0)};
      },
      [this, device_id](const approved& got) {
        if (devices_dialog_ && got.second.self) devices_dialog_->show_info(got.second);
        if (got.first) return statusBar()->showMessage(tr("%1 approved: it is confirmed as yours.").arg(device_id));
        const auto& why = got.first.error();
        statusBar()->showMessage(why.code == "NOT_ALLOWED"
                                     ? tr("Not approved: approve it on the device that holds your signing key.")
                                     : tr("Not approved: %1").arg(describe(why)));
      });
}

// The devices of the direct chat's other member; elsewhere the user's own.
void main_window::open_devices() {
  auto* crypto = bridge_.crypto();
  if (!crypto || !state_) return;
  auto* view = qobject_cast<chat_view*>(tabs_->currentWidget());
  const auto* c = view ? state_->find(view->conversation()) : nullptr;
  const auto peer = c ? state_->peer_of(*c) : std::string();
  user_id target = 0;
  for (std::size_t i = 0; c && i < c->info.member_ids.size() && i < c->info.members.size(); ++i)
    if (!peer.empty() && c->info.members[i] == peer) target = c->info.member_ids[i];
  if (!devices_dialog_) {
    devices_dialog_ = new devices_dialog(this);
    connect(devices_dialog_, &devices_dialog::verify_requested, this, [this](user_id u) {
      auto* worker = bridge_.crypto();
      if (!worker) return;
      worker->run<std::pair<bool, devices_info>>(
          [u](client::e2ee::crypto_session* s) {
            const bool done = s && s->verify(u);
            return std::pair{done, devices_of(s, u)};
          },
          [this](const std::pair<bool, devices_info>& got) {
            if (devices_dialog_ && devices_dialog_->user() == got.second.user) devices_dialog_->show_info(got.second);
            statusBar()->showMessage(got.first ? tr("Verified.") : tr("Not verified: accept their new keys first."));
          });
    });
    connect(devices_dialog_, &devices_dialog::approve_requested, this, &main_window::approve_device);
  }
  devices_dialog_->show_user(target == 0 ? bridge_.username() : QString::fromStdString(peer));
  devices_dialog_->show();
  devices_dialog_->raise();
  devices_dialog_->activateWindow();
  crypto->run<devices_info>([target](client::e2ee::crypto_session* s) { return devices_of(s, target); },
                            [this](const devices_info& info) {
                              if (devices_dialog_) devices_dialog_->show_info(info);
                            });
}

namespace {

// "1 key", "2 keys".
QString keys_text(std::int64_t n) {
  return n == 1 ? QObject::tr("1 key") : QObject::tr("%1 keys").arg(n);
}

// The backup's state in a sentence.
QString backup_text(const client::outcome<client::e2ee::backup_status_view>& got) {
  if (!got) return QObject::tr("The backup's state could not be read: %1").arg(describe(got.error()));
  const auto& b = *got;
  if (!b.exists) return QObject::tr("No key backup yet: set one up to read your history on a new install.");
  auto text = QObject::tr("Backup version %1 · %2").arg(b.version).arg(keys_text(b.count));
  text += b.uploading ? QObject::tr(" · this device adds new keys as they arrive")
                      : QObject::tr(" · this device does not add to it (restore it here to do so)");
  if (b.waiting > 0) text += QObject::tr(" · %1 waiting to be added").arg(b.waiting);
  return text;
}

}  // namespace

void main_window::open_backup() {
  auto* worker = bridge_.crypto();
  if (!worker) return;
  if (!backup_dialog_) {
    backup_dialog_ = new backup_dialog(this);
    connect(backup_dialog_, &backup_dialog::setup_requested, this, &main_window::backup_setup);
    connect(backup_dialog_, &backup_dialog::restore_requested, this, &main_window::backup_restore);
  }
  backup_dialog_->show();
  backup_dialog_->raise();
  backup_dialog_->activateWindow();
  using status = client::outcome<client::e2ee::backup_status_view>;
  worker->run<status>(
      [](client::e2ee::crypto_session* s) -> status {
        if (!s) return client::failure::local("UNAVAILABLE", "Encryption is not available.");
        return s->backup_status();
      },
      [this](const status& got) {
        if (backup_dialog_) backup_dialog_->show_status(backup_text(got));
      });
}

void main_window::backup_setup(const QString& passphrase) {
  auto* worker = bridge_.crypto();
  if (!worker) return;
  using status = client::outcome<client::e2ee::backup_status_view>;
  worker->run<status>(
      [pass = passphrase.toStdString()](client::e2ee::crypto_session* s) -> status {
        if (!s) return client::failure::local("UNAVAILABLE", "Encryption is not available.");
        return s->backup_setup(pass);
      },
      [this](const status& got) {
        if (!backup_dialog_) return;
        backup_dialog_->show_status(backup_text(got));
        backup_dialog_->show_result(
            got ? tr("Backup set up: %1 saved. New keys are added as they arrive.").arg(keys_text(got->count))
                : tr("Not set up: %1").arg(describe(got.error())),
            got.ok());
      });
}

void main_window::backup_restore(const QString& passphrase) {
  auto* worker = bridge_.crypto();
  if (!worker) return;
  using restored =
      std::pair<client::outcome<client::e2ee::restore_result>, client::outcome<client::e2ee::backup_status_view>>;
  worker->run<restored>(
      [pass = passphrase.toStdString()](client::e2ee::crypto_session* s) -> restored {
        if (!s) {
          const auto none = client::failure::local("UNAVAILABLE", "Encryption is not available.");
          return {none, none};
        }
        auto done = s->backup_restore(pass);
        return {std::move(done), s->backup_status()};
      },
      [this](const restored& got) {
        if (!backup_dialog_) return;
        backup_dialog_->show_status(backup_text(got.second));
        if (!got.first) {
          const auto& why = got.first.error();
          return backup_dialog_->show_result(why.code == "WRONG_PASSPHRASE"
                                                 ? tr("Wrong passphrase: nothing was imported.")
                                                 : tr("Not restored: %1").arg(describe(why)),
                                             false);
        }
        auto text = tr("Restored: %1 imported.").arg(keys_text(static_cast<std::int64_t>(got.first->imported)));
        if (got.first->skipped > 0) text += tr(" %1 damaged entries skipped.").arg(got.first->skipped);
        backup_dialog_->show_result(text, true);
      });
}

}  // namespace natter::desktop
