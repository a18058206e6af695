// A chat view's attachments: files chosen or dropped to go with the next
// message, and the pictures and files of the messages shown.

#include <QAction>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMimeData>
#include <QPushButton>
#include <algorithm>

#include "chat_view.hpp"
#include "media_store.hpp"

namespace natter::desktop {

namespace {

QString media_href(const protocol::media& m) {
  return "media:" + QString::fromStdString(m.id);
}

// A picture: its thumbnail (or its colour until the thumbnail is here).
QString image_html(const protocol::media& m, media_store* media) {
  auto id = QString::fromStdString(m.id);
  int w = m.thumbnail ? m.thumbnail->width : 160;
  int h = m.thumbnail ? m.thumbnail->height : 120;
  if (!m.thumbnail && m.width.value_or(0) > 0 && m.height.value_or(0) > 0) {
    // An encrypted chat's picture: its own size, fitted into a thumbnail's.
    const double scale = std::min(1.0, double(media_store::thumbnail_side) / std::max(*m.width, *m.height));
    w = std::max(1, int(*m.width * scale));
    h = std::max(1, int(*m.height * scale));
  }
  auto src = media && media->thumbnail(id)
                 ? "thumbnail:" + id
                 : "placeholder:" + QString::fromStdString(m.colour.value_or("#cccccc")).mid(1);
  return QString("<a href='%1'><img src='%2' width='%3' height='%4' alt='%5'></a>")
      .arg(media_href(m), src.toHtmlEscaped())
      .arg(w)
      .arg(h)
      .arg(QString::fromStdString(m.name).toHtmlEscaped());
}

QString file_html(const protocol::media& m) {
  return QString("&#x1F4CE; <a href='%1'>%2</a> <span style='color:gray'>(%3)</span>")
      .arg(media_href(m), QString::fromStdString(m.name).toHtmlEscaped(),
           QLocale().formattedDataSize(m.size).toHtmlEscaped());
}

// An encrypted message's file: opened on demand with the key its message
// carried; what cannot be read or opened says so in place.
QString sealed_html(const protocol::media& m, media_store* media) {
  const auto id = QString::fromStdString(m.id);
  if (!media || m.id.empty() || !media->sealed(id)) {
    return "&#x1F4CE; <i>" + QObject::tr("a file that could not be read").toHtmlEscaped() + "</i>";
  }
  if (media->damaged(id)) {
    return QString("&#x1F4CE; %1 <i>(%2)</i>")
        .arg(QString::fromStdString(m.name).toHtmlEscaped(),
             QObject::tr("the file was changed or damaged").toHtmlEscaped());
  }
  return m.kind == "image" && !media->unusable(id) ? image_html(m, media) : file_html(m);
}

}  // namespace

void chat_view::build_attach() {
  attach_ = new QPushButton(tr("&Attach…"), this);
  attach_->setAccessibleName(tr("Attach files"));
  attach_->setToolTip(tr("Attach files (Ctrl+Shift+A), or drop them here"));
  attach_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
  attached_ = new QLabel(this);
  attached_->setAccessibleName(tr("Attached files"));
  attached_->setVisible(false);
  save_ = new QAction(tr("&Save attachments…"), this);
  save_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_S));
  save_->setShortcutContext(Qt::WidgetWithChildrenShortcut);
  addAction(save_);
  setAcceptDrops(true);
  connect(attach_, &QPushButton::clicked, this, &chat_view::choose_files);
  connect(save_, &QAction::triggered, this, &chat_view::save_selected);
  connect(transcript_, &QTextBrowser::anchorClicked, this, &chat_view::open_link);
}

void chat_view::set_media(media_store* media) {
  media_ = media;
  transcript_->set_media(media);
}

void chat_view::choose_files() {
  auto files = QFileDialog::getOpenFileNames(this, tr("Attach files"));
  if (!files.isEmpty()) attach_files(files);
  input_->setFocus();
}

void chat_view::attach_files(const QStringList& files) {
  for (const auto& f : files) {
    QFileInfo info(f);
    if (info.isFile() && !files_.contains(info.absoluteFilePath()) && files_.size() < max_attachments)
      files_ << info.absoluteFilePath();
  }
  QStringList names;
  for (const auto& f : files_) names << QFileInfo(f).fileName();
  attached_->setText(tr("Attached: %1 — Escape removes").arg(names.join(", ")));
  attached_->setVisible(!files_.isEmpty());
  update_send();
}

void chat_view::clear_files() {
  files_.clear();
  attached_->clear();
  attached_->setVisible(false);
  update_send();
}

void chat_view::dragEnterEvent(QDragEnterEvent* e) {
  if (e->mimeData()->hasUrls()) e->acceptProposedAction();
}

void chat_view::dropEvent(QDropEvent* e) {
  QStringList files;
  for (const auto& url : e->mimeData()->urls())
    if (url.isLocalFile()) files << url.toLocalFile();
  if (files.isEmpty()) return;
  attach_files(files);
  e->acceptProposedAction();
  input_->setFocus();
}

QString chat_view::attachments_html(const protocol::message& m) const {
  QString html;
  for (const auto& a : m.attachments) {
    html += "<br>" + (m.encrypted ? sealed_html(a, media_) : a.kind == "image" ? image_html(a, media_) : file_html(a));
  }
  return html;
}

// A click on a picture or a file link saves it; on a reaction, toggles it.
void chat_view::open_link(const QUrl& url) {
  if (url.scheme() == "react") return open_reaction(url);
  if (url.scheme() != "media") return;
  auto id = url.path().toStdString();
  for (const auto& m : shown_) {
    for (const auto& a : m.attachments) {
      if (a.id == id) return emit save_requested(a);
    }
  }
}

void chat_view::save_selected() {
  if (const auto* m = shown(selected_); m && !m->deleted)
    for (const auto& a : m->attachments) emit save_requested(a);
}

}  // namespace natter::desktop
