// sqlite_store: media and the blobs that hold their bytes.

#include <SQLiteCpp/VariadicBind.h>

#include <string>

#include "store/sqlite/media_statements.hpp"
#include "store/sqlite/row_readers.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/statement_use.hpp"

namespace natter::store::sqlite {
namespace {

constexpr const char* media_columns =
    "id, owner_id, kind, name, mime, size, blob, thumbnail_blob, thumbnail_mime, thumbnail_size, width, height, "
    "thumbnail_width, thumbnail_height, colour, upload_id, created_at";

std::string select_media(std::string_view where) {
  return std::string("SELECT ") + media_columns + " FROM media " + std::string(where);
}

std::optional<media_record> one_media(SQLite::Statement& q) {
  if (!q.executeStep()) return std::nullopt;
  return read_media(q);
}

void bind_nonempty(SQLite::Statement& s, int index, const std::string& value) {
  if (value.empty()) {
    s.bind(index);
  } else {
    s.bind(index, value);
  }
}

}  // namespace

media_statements::media_statements(SQLite::Database& db)
    : insert_media(db, std::string("INSERT INTO media (") + media_columns +
                           ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                           "ON CONFLICT (owner_id, upload_id) WHERE upload_id IS NOT NULL DO NOTHING"),
      media_by_id(db, select_media("WHERE id = ?")),
      media_by_upload_id(db, select_media("WHERE owner_id = ? AND upload_id = ?")),
      // The uploader, anyone for an avatar, else a member of a conversation
      // where a message holds it.
      media_readable(db,
                     "SELECT EXISTS (SELECT 1 FROM media WHERE id = ?1 AND (owner_id = ?2 OR kind = 'avatar')) "
                     "OR EXISTS (SELECT 1 FROM media_refs r JOIN conversation_members m "
                     "ON m.conversation_id = r.conversation_id AND m.user_id = ?2 WHERE r.media_id = ?1)"),
      mark_media_used(db, "UPDATE media SET used = 1 WHERE id = ? AND used = 0"),
      media_bytes_of(db, "SELECT coalesce(sum(size + thumbnail_size), 0) FROM media WHERE owner_id = ?"),
      claim_blob(db,
                 "INSERT INTO blobs (hash, size, state, pins, pinned_until) VALUES (?1, ?2, 'live', 1, ?3) "
                 "ON CONFLICT (hash) DO UPDATE SET pins = pins + 1, "
                 "pinned_until = max(pinned_until, excluded.pinned_until) WHERE state = 'live' RETURNING 1"),
      release_blob(db, "UPDATE blobs SET pins = max(pins - 1, 0) WHERE hash = ?"),
      delete_unused_media(
          db,
          "DELETE FROM media WHERE id IN (SELECT id FROM media d WHERE (d.used = 1 OR d.created_at < ?1) "
          "AND NOT EXISTS (SELECT 1 FROM media_refs r WHERE r.media_id = d.id) "
          "AND NOT EXISTS (SELECT 1 FROM users u WHERE u.avatar = d.id) "
          "AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.avatar = d.id) LIMIT ?2)"),
      doom_unused_blobs(db,
                        "UPDATE blobs SET state = 'freeing', pinned_until = ?2 WHERE hash IN (SELECT hash FROM blobs b "
                        "WHERE (b.state = 'freeing' AND b.pinned_until < ?1) "
                        "OR (b.state = 'live' AND (b.pins = 0 OR b.pinned_until < ?1) "
                        "AND NOT EXISTS (SELECT 1 FROM media WHERE blob = b.hash) "
                        "AND NOT EXISTS (SELECT 1 FROM media WHERE thumbnail_blob = b.hash)) LIMIT ?3) RETURNING hash"),
      forget_blob(db, "DELETE FROM blobs WHERE hash = ? AND state = 'freeing' AND pinned_until = ?") {}

std::unique_ptr<media_statements> make_media_statements(SQLite::Database& db) {
  return std::make_unique<media_statements>(db);
}

media_record sqlite_store::insert_media(const media_record& m) {
  return guarded("insert_media", [&] {
    {
      statement_use q(media_->insert_media);
      SQLite::bind(*q, m.id, m.owner, m.kind, m.name, m.mime, m.size, m.blob);
      bind_nonempty(*q, 8, m.thumbnail_blob);
      q->bind(9, m.thumbnail_mime);
      q->bind(10, m.thumbnail_size);
      q->bind(11, m.width);
      q->bind(12, m.height);
      q->bind(13, m.thumbnail_width);
      q->bind(14, m.thumbnail_height);
      q->bind(15, m.colour);
      bind_nonempty(*q, 16, m.upload_id);
      q->bind(17, m.created_at);
      if (q->exec() == 1) return m;
    }
    statement_use earlier(media_->media_by_upload_id);
    SQLite::bind(*earlier, m.owner, m.upload_id);
    auto found = one_media(*earlier);
    if (!found) throw failure("sqlite insert_media: a taken upload_id without its media");
    return *found;
  });
}

std::optional<media_record> sqlite_store::media_by_id(std::string_view id) {
  return guarded("media_by_id", [&] {
    statement_use q(media_->media_by_id);
    bind_text(*q, 1, id);
    return one_media(*q);
  });
}

std::optional<media_record> sqlite_store::media_by_upload_id(user_id owner, std::string_view upload_id) {
  return guarded("media_by_upload_id", [&] {
    statement_use q(media_->media_by_upload_id);
    q->bind(1, owner);
    bind_text(*q, 2, upload_id);
    return one_media(*q);
  });
}

bool sqlite_store::media_readable(std::string_view id, user_id reader) {
  return guarded("media_readable", [&] {
    statement_use q(media_->media_readable);
    bind_text(*q, 1, id);
    q->bind(2, reader);
    return single_int(*q) != 0;
  });
}

void sqlite_store::mark_media_used(std::string_view id) {
  guarded("mark_media_used", [&] {
    statement_use q(media_->mark_media_used);
    bind_text(*q, 1, id);
    q->exec();
  });
}

std::int64_t sqlite_store::media_bytes_of(user_id owner) {
  return guarded("media_bytes_of", [&] {
    statement_use q(media_->media_bytes_of);
    q->bind(1, owner);
    return single_int(*q);
  });
}

bool sqlite_store::claim_blob(std::string_view hash, std::int64_t size, unix_ms pinned_until) {
  return guarded("claim_blob", [&] {
    statement_use q(media_->claim_blob);
    bind_text(*q, 1, hash);
    q->bind(2, size);
    q->bind(3, pinned_until);
    const bool live = q->executeStep();
    if (live) finish_steps(*q);
    return live;
  });
}

void sqlite_store::release_blob(std::string_view hash) {
  guarded("release_blob", [&] {
    statement_use q(media_->release_blob);
    bind_text(*q, 1, hash);
    q->exec();
  });
}

int sqlite_store::delete_unused_media(unix_ms before, int limit) {
  return guarded("delete_unused_media", [&] {
    statement_use q(media_->delete_unused_media);
    SQLite::bind(*q, before, limit);
    return q->exec();
  });
}

std::vector<std::string> sqlite_store::doom_unused_blobs(unix_ms now, unix_ms lease_until, int limit) {
  return guarded("doom_unused_blobs", [&] {
    statement_use q(media_->doom_unused_blobs);
    SQLite::bind(*q, now, lease_until, limit);
    std::vector<std::string> out;
    while (q->executeStep()) out.push_back(q->getColumn(0).getString());
    return out;
  });
}

void sqlite_store::forget_blobs(std::span<const std::string> hashes, unix_ms lease_until) {
  guarded("forget_blobs", [&] {
    for (const auto& hash : hashes) {
      statement_use q(media_->forget_blob);
      SQLite::bind(*q, hash, lease_until);
      q->exec();
    }
  });
}

}  // namespace natter::store::sqlite
