#pragma once
// The pictures' thumbnails the chat views show: fetched from natterd
// (GET /api/v1/media/{id}/thumbnail) to a private temporary folder and
// decoded on Qt's thread pool, never on the Qt thread; held in memory, at
// most max_thumbnails of them (the oldest is dropped, and fetched again
// when shown again). Lives on the Qt thread.
// Pictures of encrypted chats have no thumbnail on the server: the whole
// file is downloaded, opened (session_bridge::download_sealed) and scaled
// here; the opened bytes are kept for the run (at most max_opened_bytes,
// the oldest dropped) so that saving does not fetch them again.

#include <QHash>
#include <QImage>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QTemporaryDir>
#include <functional>
#include <optional>

#include "client/e2ee/file_crypto.hpp"
#include "client/outcome.hpp"

namespace natter::desktop {

class session_bridge;

class media_store : public QObject {
  Q_OBJECT

 public:
  // Thumbnails held at once (each at most 320×320).
  static constexpr int max_thumbnails = 200;
  // Thumbnails fetched at once; the others wait their turn.
  static constexpr int max_fetching = 4;

  // Opened files of encrypted chats kept in memory at once, in bytes.
  static constexpr qsizetype max_opened_bytes = qsizetype{64} << 20U;
  // A thumbnail's longest side.
  static constexpr int thumbnail_side = 320;

  explicit media_store(session_bridge& bridge, QObject* parent = nullptr);

  // Where the keys of encrypted files come from (crypto_worker::sealed_file).
  using sealed_lookup = std::function<std::optional<client::e2ee::encrypted_file>(const std::string&)>;
  void set_sealed_lookup(sealed_lookup lookup) { sealed_ = std::move(lookup); }
  std::optional<client::e2ee::encrypted_file> sealed(const QString& id) const;
  // An encrypted file that did not open ("the file was changed or damaged").
  bool damaged(const QString& id) const { return damaged_.contains(id); }
  // A picture whose thumbnail could not be had (it is shown as a file).
  bool unusable(const QString& id) const { return failed_.contains(id); }
  // An encrypted file's bytes: from memory, else downloaded and opened.
  // `done` runs on this thread (not at all after clear()); a failure that
  // says the file is damaged marks it so (damaged_changed).
  using opened_handler = std::function<void(client::outcome<QByteArray>)>;
  void open(const client::e2ee::encrypted_file& f, opened_handler done);

  // The thumbnail of image media `id`, or nullptr while it is not here (the
  // first call for it fetches it; thumbnail_ready tells when it is).
  const QImage* thumbnail(const QString& id);
  // Drops everything (the user logged out).
  void clear();

 signals:
  void thumbnail_ready(const QString& id);
  void damaged_changed(const QString& id);

 private:
  void fetch_next();
  void decoded(const QString& id, const QImage& image);
  void fetch_sealed(const QString& id, const client::e2ee::encrypted_file& f);
  void keep_opened(const QString& id, const QByteArray& bytes);

  session_bridge& bridge_;
  QTemporaryDir folder_;
  QHash<QString, QImage> thumbnails_;
  QStringList order_;    // thumbnails_ oldest first
  QStringList waiting_;  // to fetch, in order
  QSet<QString> fetching_;
  QSet<QString> failed_;          // not asked for again (until clear())
  std::uint64_t generation_ = 0;  // what an earlier login fetched is dropped
  sealed_lookup sealed_;
  QSet<QString> damaged_;
  QHash<QString, QByteArray> opened_;
  QStringList opened_order_;  // opened_ oldest first
  qsizetype opened_bytes_ = 0;
};

}  // namespace natter::desktop
