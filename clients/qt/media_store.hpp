#pragma once
// The pictures' thumbnails the chat views show: fetched from natterd
// (GET /api/v1/media/{id}/thumbnail) to a private temporary folder and
// decoded on Qt's thread pool, never on the Qt thread; held in memory, at
// most max_thumbnails of them (the oldest is dropped, and fetched again
// when shown again). Lives on the Qt thread.

#include <QHash>
#include <QImage>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QTemporaryDir>

namespace natter::desktop {

class session_bridge;

class media_store : public QObject {
  Q_OBJECT

 public:
  // Thumbnails held at once (each at most 320×320).
  static constexpr int max_thumbnails = 200;
  // Thumbnails fetched at once; the others wait their turn.
  static constexpr int max_fetching = 4;

  explicit media_store(session_bridge& bridge, QObject* parent = nullptr);

  // The thumbnail of image media `id`, or nullptr while it is not here (the
  // first call for it fetches it; thumbnail_ready tells when it is).
  const QImage* thumbnail(const QString& id);
  // Drops everything (the user logged out).
  void clear();

 signals:
  void thumbnail_ready(const QString& id);

 private:
  void fetch_next();
  void decoded(const QString& id, const QImage& image);

  session_bridge& bridge_;
  QTemporaryDir folder_;
  QHash<QString, QImage> thumbnails_;
  QStringList order_;    // thumbnails_ oldest first
  QStringList waiting_;  // to fetch, in order
  QSet<QString> fetching_;
  QSet<QString> failed_;          // not asked for again (until clear())
  std::uint64_t generation_ = 0;  // what an earlier login fetched is dropped
};

}  // namespace natter::desktop
