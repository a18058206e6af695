// The main window's side of attachments: files uploaded before their
// message is sent, thumbnails shown as they arrive, attachments saved.

#include <QDir>
#include <QFileDialog>
#include <QPointer>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTimer>

#include "chat_view.hpp"
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
  ask_save_path_ = [this](const QString& suggested) {
    auto folder = QStandardPaths::writableLocation(QStandardPaths::DownloadLocation);
    return QFileDialog::getSaveFileName(this, tr("Save attachment"), QDir(folder).filePath(suggested));
  };
}

// The files are uploaded first (off the Qt thread); the message goes once
// they all are, with their ids. A failed upload sends nothing. Encrypted
// chats take no attachments yet (they would reach the server in the clear:
// the view refuses them, and so does this).
void main_window::send_files(chat_view* view, const QString& text, message_id reply_to, const QStringList& files) {
  if (encrypted(view->conversation())) return refuse_attachments();
  statusBar()->showMessage(tr("Uploading %n file(s)…", nullptr, static_cast<int>(files.size())));
  QPointer<chat_view> target(view);
  bridge_.upload(files, [this, target, text, reply_to](const client::outcome<std::vector<protocol::media>>& got) {
    if (!state_) return;
    if (!got) return statusBar()->showMessage(tr("Not sent: %1").arg(describe(got.error())));
    statusBar()->clearMessage();
    if (target) send_from(target, text, reply_to, got.value());
  });
}

void main_window::refuse_attachments() {
  statusBar()->showMessage(tr("Not sent: attachments cannot be sent in encrypted chats yet."));
}

void main_window::save_media(const protocol::media& m) {
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

}  // namespace natter::desktop
