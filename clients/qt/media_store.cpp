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
  damaged_.clear();
  opened_.clear();
  opened_order_.clear();
  opened_bytes_ = 0;
}

std::optional<client::e2ee::encrypted_file> media_store::sealed(const QString& id) const {
  return sealed_ ? sealed_(id.toStdString()) : std::nullopt;
}

void media_store::open(const client::e2ee::encrypted_file& f, opened_handler done) {
  const auto id = QString::fromStdString(f.media_id);
  if (auto it = opened_.constFind(id); it != opened_.constEnd()) return done(*it);
  bridge_.download_sealed(f, [this, id, done = std::move(done), generation = generation_](auto got) {
    if (generation != generation_) return;
    if (got) {
      keep_opened(id, got.value());
    } else if (got.error().code == "DAMAGED" && !damaged_.contains(id)) {
      damaged_ << id;
      emit damaged_changed(id);
    }
    done(std::move(got));
  });
}

void media_store::keep_opened(const QString& id, const QByteArray& bytes) {
  if (bytes.size() > max_opened_bytes || opened_.contains(id)) return;
  opened_.insert(id, bytes);
  opened_order_ << id;
  opened_bytes_ += bytes.size();
  while (opened_bytes_ > max_opened_bytes) {
    auto oldest = opened_order_.takeFirst();
    opened_bytes_ -= opened_.value(oldest).size();
    opened_.remove(oldest);
  }
}

// A picture of an encrypted chat: opened, then decoded and scaled off this thread.
void media_store::fetch_sealed(const QString& id, const client::e2ee::encrypted_file& f) {
  open(f, [this, id, generation = generation_](const client::outcome<QByteArray>& got) {
    if (!got) return decoded(id, {});
    auto* watcher = new QFutureWatcher<QImage>(this);
    connect(watcher, &QFutureWatcher<QImage>::finished, this, [this, watcher, id, generation] {
      if (generation == generation_) decoded(id, watcher->result());
      watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run([bytes = got.value()] {
      auto image = QImage::fromData(bytes);
      if (image.width() > thumbnail_side || image.height() > thumbnail_side)
        image = image.scaled(thumbnail_side, thumbnail_side, Qt::KeepAspectRatio, Qt::SmoothTransformation);
      return image;
    }));
  });
}

void media_store::fetch_next() {
  while (fetching_.size() < max_fetching && !waiting_.isEmpty() && folder_.isValid()) {
    auto id = waiting_.takeFirst();
    fetching_ << id;
    if (auto f = sealed(id)) {
      fetch_sealed(id, *f);
      continue;
    }
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
