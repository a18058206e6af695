// postgres_store: media and the blobs that hold their bytes.

#include <string>

#include "store/postgres/array_literal.hpp"
#include "store/postgres/guarded.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/postgres/row_readers.hpp"

namespace natter::store::postgres {
namespace {

const std::string media_columns =
    "id, owner_id, kind, name, mime, size, blob, thumbnail_blob, thumbnail_mime, thumbnail_size, width, height, "
    "thumbnail_width, thumbnail_height, colour, upload_id, created_at";

std::string select_media(std::string_view where) {
  return "SELECT " + media_columns + " FROM media " + std::string(where);
}

const statement insert_media_sql{"insert_media",
                                 "INSERT INTO media (" + media_columns +
                                     ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, "
                                     "$17) ON CONFLICT (owner_id, upload_id) WHERE upload_id IS NOT NULL DO NOTHING"};
const statement media_by_id_sql{"media_by_id", select_media("WHERE id = $1")};
const statement media_by_upload_id_sql{"media_by_upload_id", select_media("WHERE owner_id = $1 AND upload_id = $2")};
// The uploader, anyone for an avatar, else a member of a conversation where a
// message holds it.
const statement media_readable_sql{
    "media_readable",
    "SELECT EXISTS (SELECT 1 FROM media WHERE id = $1 AND (owner_id = $2 OR kind = 'avatar')) "
    "OR EXISTS (SELECT 1 FROM media_refs r JOIN conversation_members m "
    "ON m.conversation_id = r.conversation_id AND m.user_id = $2 WHERE r.media_id = $1)"};
const statement mark_media_used_sql{"mark_media_used", "UPDATE media SET used = true WHERE id = $1 AND NOT used"};
const statement media_bytes_of_sql{
    "media_bytes_of", "SELECT coalesce(sum(size + thumbnail_size), 0)::bigint FROM media WHERE owner_id = $1"};
const statement claim_blob_sql{
    "claim_blob",
    "INSERT INTO blobs (hash, size, state, pins, pinned_until) VALUES ($1, $2, 'live', 1, $3) "
    "ON CONFLICT (hash) DO UPDATE SET pins = blobs.pins + 1, pinned_until = "
    "greatest(blobs.pinned_until, excluded.pinned_until) WHERE blobs.state = 'live' "
    "RETURNING 1"};
const statement release_blob_sql{"release_blob", "UPDATE blobs SET pins = greatest(pins - 1, 0) WHERE hash = $1"};
const statement delete_unused_media_sql{
    "delete_unused_media",
    "DELETE FROM media WHERE id IN (SELECT id FROM media d WHERE (d.used OR d.created_at < $1) "
    "AND NOT EXISTS (SELECT 1 FROM media_refs r WHERE r.media_id = d.id) "
    "AND NOT EXISTS (SELECT 1 FROM users u WHERE u.avatar = d.id) "
    "AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.avatar = d.id) LIMIT $2 FOR UPDATE SKIP LOCKED)"};
const statement doom_unused_blobs_sql{
    "doom_unused_blobs",
    "UPDATE blobs SET state = 'freeing', pinned_until = $2 WHERE hash IN (SELECT hash FROM blobs b "
    "WHERE (b.state = 'freeing' AND b.pinned_until < $1) "
    "OR (b.state = 'live' AND (b.pins = 0 OR b.pinned_until < $1) AND NOT EXISTS (SELECT 1 FROM media WHERE blob = "
    "b.hash) "
    "AND NOT EXISTS (SELECT 1 FROM media WHERE thumbnail_blob = b.hash)) LIMIT $3 FOR UPDATE SKIP LOCKED) "
    "RETURNING hash"};
const statement forget_blobs_sql{
    "forget_blobs", "DELETE FROM blobs WHERE hash = ANY ($1::text[]) AND state = 'freeing' AND pinned_until = $2"};

std::optional<std::string> nonempty(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

std::optional<media_record> one_media(const pqxx::result& rows) {
  if (rows.empty()) return std::nullopt;
  return read_media(rows[0]);
}

}  // namespace

media_record postgres_store::insert_media(const media_record& m) {
  return guarded("insert_media", [&] {
    const auto inserted =
        db_->exec(insert_media_sql, m.id, m.owner, m.kind, m.name, m.mime, m.size, m.blob, nonempty(m.thumbnail_blob),
                  m.thumbnail_mime, m.thumbnail_size, m.width, m.height, m.thumbnail_width, m.thumbnail_height,
                  m.colour, nonempty(m.upload_id), m.created_at);
    if (inserted.affected_rows() == 1) return m;
    auto found = one_media(db_->exec(media_by_upload_id_sql, m.owner, m.upload_id));
    if (!found) throw failure("postgres insert_media: a taken upload_id without its media");
    return *found;
  });
}

std::optional<media_record> postgres_store::media_by_id(std::string_view id) {
  return guarded("media_by_id", [&] { return one_media(db_->exec(media_by_id_sql, id)); });
}

std::optional<media_record> postgres_store::media_by_upload_id(user_id owner, std::string_view upload_id) {
  return guarded("media_by_upload_id", [&] { return one_media(db_->exec(media_by_upload_id_sql, owner, upload_id)); });
}

bool postgres_store::media_readable(std::string_view id, user_id reader) {
  return guarded("media_readable", [&] { return db_->exec(media_readable_sql, id, reader)[0][0].as<bool>(); });
}

void postgres_store::mark_media_used(std::string_view id) {
  guarded("mark_media_used", [&] { db_->exec(mark_media_used_sql, id); });
}

std::int64_t postgres_store::media_bytes_of(user_id owner) {
  return guarded("media_bytes_of", [&] { return int_at(db_->exec(media_bytes_of_sql, owner)[0], 0); });
}

bool postgres_store::claim_blob(std::string_view hash, std::int64_t size, unix_ms pinned_until) {
  return guarded("claim_blob", [&] { return !db_->exec(claim_blob_sql, hash, size, pinned_until).empty(); });
}

void postgres_store::release_blob(std::string_view hash) {
  guarded("release_blob", [&] { db_->exec(release_blob_sql, hash); });
}

int postgres_store::delete_unused_media(unix_ms before, int limit) {
  return guarded("delete_unused_media",
                 [&] { return static_cast<int>(db_->exec(delete_unused_media_sql, before, limit).affected_rows()); });
}

std::vector<std::string> postgres_store::doom_unused_blobs(unix_ms now, unix_ms lease_until, int limit) {
  return guarded("doom_unused_blobs", [&] {
    std::vector<std::string> out;
    for (const pqxx::row& r : db_->exec(doom_unused_blobs_sql, now, lease_until, limit)) out.push_back(text_at(r, 0));
    return out;
  });
}

void postgres_store::forget_blobs(std::span<const std::string> hashes, unix_ms lease_until) {
  if (hashes.empty()) return;
  guarded("forget_blobs", [&] {
    array_literal list;
    for (const auto& h : hashes) list.add(h);
    db_->exec(forget_blobs_sql, list.done(), lease_until);
  });
}

}  // namespace natter::store::postgres
