// The main window's side of attachments: files uploaded before their
// message is sent, thumbnails shown as they arrive, attachments saved.

#include <QDir>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QPointer>
#include <QSaveFile>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include "chat_view.hpp"
#include "crypto_worker.hpp"
#include "main_window.hpp"
#include "media_store.hpp"
#include "session_bridge.hpp"

namespace natter::desktop {

void main_window::build_media() {
  media_ = new media_store(bridge_, this);
  thumbnails_shown_ = new QTimer(this);
  thumbnails_shown_->setSingleShot(true);
  thumbnails_shown_->setInterval(50);
  connect(thumbnails_shown_, &QTimer::timeout, this, &main_window::render_open_chats);
  connect(media_, &media_store::thumbnail_ready, thumbnails_shown_, qOverload<>(&QTimer::start));
  connect(media_, &media_store::damaged_changed, thumbnails_shown_, qOverload<>(&QTimer::start));
  media_->set_sealed_lookup([this](const std::string& id) -> std::optional<client::e2ee::encrypted_file> {
    const auto* worker = bridge_.crypto();
    return worker ? worker->sealed_file(id) : std::nullopt;
  });
  ask_save_path_ = [this](const QString& suggested) {
    auto folder = QStandardPaths::writableLocation(QStandardPaths::DownloadLocation);
    return QFileDialog::getSaveFileName(this, tr("Save attachment"), QDir(folder).filePath(suggested));
  };
}

// The files are uploaded first (off the Qt thread); the message goes once
// they all are, with their ids. A failed upload sends nothing. In an
// encrypted chat each file is sealed before it leaves, and its key goes in
// the message (session_bridge::upload_sealed).
void main_window::send_files(chat_view* view, const QString& text, message_id reply_to, const QStringList& files) {
  statusBar()->showMessage(tr("Uploading %n file(s)…", nullptr, static_cast<int>(files.size())));
  QPointer<chat_view> target(view);
  if (encrypted(view->conversation())) {
    bridge_.upload_sealed(
        files, [this, target, text, reply_to](client::outcome<std::vector<client::e2ee::encrypted_file>> got) {
          if (!state_) return;
          if (!got) return statusBar()->showMessage(tr("Not sent: %1").arg(describe(got.error())));
          statusBar()->clearMessage();
          if (target) send_from(target, text, reply_to, {}, std::move(got.value()));
        });
    return;
  }
  bridge_.upload(files, [this, target, text, reply_to](const client::outcome<std::vector<protocol::media>>& got) {
    if (!state_) return;
    if (!got) return statusBar()->showMessage(tr("Not sent: %1").arg(describe(got.error())));
    statusBar()->clearMessage();
    if (target) send_from(target, text, reply_to, got.value());
  });
}

void main_window::save_media(const protocol::media& m) {
  if (auto sealed = media_->sealed(QString::fromStdString(m.id))) return save_sealed(*sealed);
  auto name = QString::fromStdString(m.name);
  auto path = ask_save_path_(name);
  if (path.isEmpty()) return;
  statusBar()->showMessage(tr("Saving %1…").arg(name));
  bridge_.download(QString::fromStdString(m.id), path, false,
                   [this, name, path](const client::outcome<client::downloaded_file>& got) {
                     if (!got) return statusBar()->showMessage(tr("Not saved: %1").arg(describe(got.error())));
                     statusBar()->showMessage(tr("Saved %1 to %2.").arg(name, QDir::toNativeSeparators(path)));
                   });
}

// An encrypted chat's file: opened (or taken from memory), then written
// where the user chose, under its cleaned name by default.
void main_window::save_sealed(const client::e2ee::encrypted_file& f) {
  auto name = QString::fromStdString(client::e2ee::clean_file_name(f.name));
  auto path = ask_save_path_(name);
  if (path.isEmpty()) return;
  statusBar()->showMessage(tr("Saving %1…").arg(name));
  media_->open(f, [this, name, path](const client::outcome<QByteArray>& got) {
    if (!got) {
      render_open_chats();  // a damaged file says so in place
      return statusBar()->showMessage(tr("Not saved: %1").arg(describe(got.error())));
    }
    // Written off the Qt thread: a large file never freezes the window.
    auto* watcher = new QFutureWatcher<bool>(this);
    connect(watcher, &QFutureWatcher<bool>::finished, this, [this, watcher, name, path] {
      watcher->deleteLater();
      if (!state_) return;
      statusBar()->showMessage(watcher->result()
                                   ? tr("Saved %1 to %2.").arg(name, QDir::toNativeSeparators(path))
                                   : tr("Not saved: %1 cannot be written.").arg(QDir::toNativeSeparators(path)));
    });
    watcher->setFuture(QtConcurrent::run([bytes = got.value(), path] {
      QSaveFile out(path);
      return out.open(QIODevice::WriteOnly) && out.write(bytes) == bytes.size() && out.commit();
    }));
  });
}

}  // namespace natter::desktop
