#pragma once
// The SQLite store's statements for media and blobs (sqlite_media.cpp).

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <memory>

namespace natter::store::sqlite {

struct media_statements {
  explicit media_statements(SQLite::Database& db);

  SQLite::Statement insert_media;  // nothing when (owner, upload_id) is taken
  SQLite::Statement media_by_id;
  SQLite::Statement media_by_upload_id;
  SQLite::Statement media_readable;
  SQLite::Statement mark_media_used;
  SQLite::Statement media_bytes_of;
  SQLite::Statement claim_blob;  // a row when the blob is (now) live
  SQLite::Statement release_blob;
  SQLite::Statement delete_unused_media;
  SQLite::Statement doom_unused_blobs;
  SQLite::Statement forget_blob;
};

std::unique_ptr<media_statements> make_media_statements(SQLite::Database& db);

}  // namespace natter::store::sqlite
