#include "media_store.hpp"

#include <QFile>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include "session_bridge.hpp"

namespace natter::desktop {

media_store::media_store(session_bridge& bridge, QObject* parent) : QObject(parent), bridge_(bridge) {}

const QImage* media_store::thumbnail(const QString& id) {
  if (auto it = thumbnails_.constFind(id); it != thumbnails_.constEnd()) return &*it;
  if (!fetching_.contains(id) && !waiting_.contains(id) && !failed_.contains(id)) {
    waiting_ << id;
    fetch_next();
  }
  return nullptr;
}

void media_store::clear() {
  ++generation_;
  thumbnails_.clear();
  order_.clear();
  waiting_.clear();
  fetching_.clear();
  failed_.clear();
}

void media_store::fetch_next() {
  while (fetching_.size() < max_fetching && !waiting_.isEmpty() && folder_.isValid()) {
    auto id = waiting_.takeFirst();
    fetching_ << id;
    auto file = folder_.filePath(id + ".thumbnail");
    bridge_.download(id, file, true, [this, id, file, generation = generation_](auto got) {
      if (generation != generation_) return;
      if (!got) return decoded(id, {});
      auto* watcher = new QFutureWatcher<QImage>(this);
      connect(watcher, &QFutureWatcher<QImage>::finished, this, [this, watcher, id, generation] {
        if (generation == generation_) decoded(id, watcher->result());
        watcher->deleteLater();
      });
      watcher->setFuture(QtConcurrent::run([file] {
        QImage image(file);
        QFile::remove(file);
        return image;
      }));
    });
  }
}

void media_store::decoded(const QString& id, const QImage& image) {
  fetching_.remove(id);
  if (image.isNull()) {
    failed_ << id;
  } else {
    thumbnails_.insert(id, image);
    order_ << id;
    while (order_.size() > max_thumbnails) thumbnails_.remove(order_.takeFirst());
    emit thumbnail_ready(id);
  }
  fetch_next();
}

}  // namespace natter::desktop
