// mariadb_store: media and the blobs that hold their bytes.

#include <string>

#include "store/mariadb/mariadb_store.hpp"
#include "store/mariadb/row_readers.hpp"

namespace natter::store::mariadb {
namespace {

// `blob` is a reserved word in MariaDB: quoted wherever it is named.
const std::string media_columns =
    "id, owner_id, kind, name, mime, size, `blob`, thumbnail_blob, thumbnail_mime, thumbnail_size, width, height, "
    "thumbnail_width, thumbnail_height, colour, upload_id, created_at";

std::string media_where(std::string_view where) {
  return "SELECT " + media_columns + " FROM media " + std::string(where);
}

const statement insert_media_sql{"insert_media", "INSERT INTO media (" + media_columns +
                                                     ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"};
const statement media_by_id_sql{"media_by_id", media_where("WHERE id = ?")};
const statement media_by_upload_id_sql{"media_by_upload_id", media_where("WHERE owner_id = ? AND upload_id = ?")};
// id, reader, reader, id. The uploader, anyone for an avatar, else a member
// of a conversation where a message holds it.
const statement media_readable_sql{
    "media_readable",
    "SELECT EXISTS (SELECT 1 FROM media WHERE id = ? AND (owner_id = ? OR kind = 'avatar')) "
    "OR EXISTS (SELECT 1 FROM media_refs r JOIN conversation_members m "
    "ON m.conversation_id = r.conversation_id AND m.user_id = ? WHERE r.media_id = ?)"};
const statement media_used_sql{"media_used", "UPDATE media SET used = true WHERE id = ? AND NOT used"};
const statement media_bytes_of_sql{"media_bytes_of",
                                   "SELECT COALESCE(SUM(size + thumbnail_size), 0) FROM media WHERE owner_id = ?"};
// A live blob gains a pin; a blob being freed is left alone (blob_state
// then says so).
const statement claim_blob_sql{
    "claim_blob",
    "INSERT INTO blobs (hash, size, state, pins, pinned_until) VALUES (?, ?, 'live', 1, ?) "
    "ON DUPLICATE KEY UPDATE pins = IF(state = 'live', pins + 1, pins), "
    "pinned_until = IF(state = 'live', GREATEST(pinned_until, VALUES(pinned_until)), pinned_until)"};
const statement blob_state_sql{"blob_state", "SELECT state FROM blobs WHERE hash = ?"};
const statement release_blob_sql{"release_blob", "UPDATE blobs SET pins = GREATEST(pins - 1, 0) WHERE hash = ?"};
const statement unused_media_sql{
    "unused_media",
    "SELECT id FROM media d WHERE (d.used OR d.created_at < ?) "
    "AND NOT EXISTS (SELECT 1 FROM media_refs r WHERE r.media_id = d.id) "
    "AND NOT EXISTS (SELECT 1 FROM users u WHERE u.avatar = d.id) "
    "AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.avatar = d.id) LIMIT ? FOR UPDATE SKIP LOCKED"};
const statement delete_media_sql{"delete_media", "DELETE FROM media WHERE id = ?"};
const statement unused_blobs_sql{
    "unused_blobs",
    "SELECT hash FROM blobs b WHERE (b.state = 'freeing' AND b.pinned_until < ?) "
    "OR (b.state = 'live' AND (b.pins = 0 OR b.pinned_until < ?) "
    "AND NOT EXISTS (SELECT 1 FROM media WHERE `blob` = b.hash) "
    "AND NOT EXISTS (SELECT 1 FROM media WHERE thumbnail_blob = b.hash)) LIMIT ? FOR UPDATE SKIP LOCKED"};
const statement doom_blob_sql{"doom_blob", "UPDATE blobs SET state = 'freeing', pinned_until = ? WHERE hash = ?"};
const statement forget_blob_sql{"forget_blob",
                                "DELETE FROM blobs WHERE hash = ? AND state = 'freeing' AND pinned_until = ?"};

std::optional<std::string> unless_empty(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

std::optional<media_record> first_media(const rows& found) {
  if (found.empty()) return std::nullopt;
  return read_media(found[0]);
}

}  // namespace

media_record mariadb_store::insert_media(const media_record& m) {
  try {
    db_->exec(insert_media_sql, m.id, m.owner, m.kind, m.name, m.mime, m.size, m.blob, unless_empty(m.thumbnail_blob),
              m.thumbnail_mime, m.thumbnail_size, m.width, m.height, m.thumbnail_width, m.thumbnail_height, m.colour,
              unless_empty(m.upload_id), m.created_at);
    return m;
  } catch (const unique_violation&) {  // a retried upload: the first one's media
    if (m.upload_id.empty()) throw;
    auto found = first_media(db_->exec(media_by_upload_id_sql, m.owner, m.upload_id));
    if (!found) throw;
    return *found;
  }
}

std::optional<media_record> mariadb_store::media_by_id(std::string_view id) {
  return first_media(db_->exec(media_by_id_sql, id));
}

std::optional<media_record> mariadb_store::media_by_upload_id(user_id owner, std::string_view upload_id) {
  return first_media(db_->exec(media_by_upload_id_sql, owner, upload_id));
}

bool mariadb_store::media_readable(std::string_view id, user_id reader) {
  return bool_at(db_->exec(media_readable_sql, id, reader, reader, id)[0], 0);
}

void mariadb_store::mark_media_used(std::string_view id) {
  db_->exec(media_used_sql, id);
}

std::int64_t mariadb_store::media_bytes_of(user_id owner) {
  return int_at(db_->exec(media_bytes_of_sql, owner)[0], 0);
}

bool mariadb_store::claim_blob(std::string_view hash, std::int64_t size, unix_ms pinned_until) {
  db_->exec(claim_blob_sql, hash, size, pinned_until);
  const rows state = db_->exec(blob_state_sql, hash);  // the row is locked by the claim
  return !state.empty() && text_at(state[0], 0) == "live";
}

void mariadb_store::release_blob(std::string_view hash) {
  db_->exec(release_blob_sql, hash);
}

int mariadb_store::delete_unused_media(unix_ms before, int limit) {
  if (limit <= 0) return 0;
  int deleted = 0;
  for (const rows::row& r : db_->exec(unused_media_sql, before, limit)) {
    deleted += static_cast<int>(db_->exec(delete_media_sql, text_at(r, 0)).affected_rows);
  }
  return deleted;
}

std::vector<std::string> mariadb_store::doom_unused_blobs(unix_ms now, unix_ms lease_until, int limit) {
  if (limit <= 0) return {};
  std::vector<std::string> out;
  for (const rows::row& r : db_->exec(unused_blobs_sql, now, now, limit)) {
    out.push_back(text_at(r, 0));
    db_->exec(doom_blob_sql, lease_until, out.back());
  }
  return out;
}

void mariadb_store::forget_blobs(std::span<const std::string> hashes, unix_ms lease_until) {
  for (const auto& h : hashes) db_->exec(forget_blob_sql, h, lease_until);
}

}  // namespace natter::store::mariadb
