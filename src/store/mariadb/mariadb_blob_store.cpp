#include "store/mariadb/mariadb_blob_store.hpp"

#include <fstream>
#include <string_view>
#include <system_error>
#include <vector>

#include "store/local_blob_store.hpp"
#include "store/mariadb/connection.hpp"
#include "store/mariadb/mariadb_url.hpp"
#include "store/sql/blob_chunks.hpp"

namespace natter::store::mariadb {
namespace fs = std::filesystem;
namespace shared = ::natter::store::sql;
namespace {

// A chunk written twice (a retried upload of the same bytes) is the same chunk.
const statement put_chunk_sql{"put_blob_chunk",
                              "INSERT INTO blob_chunks (hash, n, data) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE n = n"};
const statement read_chunks_sql{"read_blob_chunks",
                                "SELECT n, data FROM blob_chunks WHERE hash = ? AND n BETWEEN ? AND ? ORDER BY n"};
const statement remove_chunks_sql{"remove_blob_chunks", "DELETE FROM blob_chunks WHERE hash = ?"};

}  // namespace

mariadb_blob_store::mariadb_blob_store(const std::string& url, fs::path scratch)
    : db_(std::make_unique<connection>(parse_mariadb_url(url), std::vector<std::string>{})),
      scratch_(std::move(scratch)) {
  prepare_scratch_dir(scratch_);
}

mariadb_blob_store::~mariadb_blob_store() = default;

void mariadb_blob_store::put(const std::string& hash, const fs::path& file) {
  std::ifstream in = shared::open_blob_upload(hash, file);
  const std::lock_guard lock(mutex_);
  shared::write_blob_chunks(in, [&](int n, std::string_view bytes) { db_->exec(put_chunk_sql, hash, n, blob{bytes}); });
  std::error_code ec;
  fs::remove(file, ec);
}

std::string mariadb_blob_store::read(const std::string& hash, std::uint64_t offset, std::size_t max) {
  const auto [first, last] = shared::blob_chunks_for(offset, max);
  const std::lock_guard lock(mutex_);
  const rows found = db_->exec(read_chunks_sql, hash, first, last);
  if (found.empty()) throw failure("blob store: a blob is missing");
  std::string out;
  for (const rows::row& r : found) {
    if (!shared::append_blob_chunk(out, offset, max, r.int_at(0), r.text_at(1))) break;
  }
  return out;
}

void mariadb_blob_store::remove(const std::string& hash) {
  const std::lock_guard lock(mutex_);
  db_->exec(remove_chunks_sql, hash);
}

}  // namespace natter::store::mariadb
