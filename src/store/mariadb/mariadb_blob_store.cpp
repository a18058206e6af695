#include "store/mariadb/mariadb_blob_store.hpp"

#include <algorithm>
#include <fstream>
#include <system_error>
#include <vector>

#include "store/local_blob_store.hpp"
#include "store/mariadb/connection.hpp"
#include "store/mariadb/mariadb_url.hpp"

namespace natter::store::mariadb {
namespace fs = std::filesystem;
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
  if (!valid_blob_name(hash)) throw failure("blob store: not a blob name");
  std::ifstream in(file, std::ios::binary);
  if (!in) throw failure("blob store: cannot open an upload's file");
  std::vector<char> buffer(chunk_bytes);
  const std::lock_guard lock(mutex_);
  for (int n = 0;; ++n) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto got = static_cast<std::size_t>(in.gcount());
    if (got == 0 && n > 0) break;
    db_->exec(put_chunk_sql, hash, n, blob{std::string_view(buffer.data(), got)});
    if (got < buffer.size()) break;
  }
  std::error_code ec;
  fs::remove(file, ec);
}

std::string mariadb_blob_store::read(const std::string& hash, std::uint64_t offset, std::size_t max) {
  const auto first = static_cast<std::int64_t>(offset / chunk_bytes);
  const auto last = static_cast<std::int64_t>((offset + (max > 0 ? max - 1 : 0)) / chunk_bytes);
  const std::lock_guard lock(mutex_);
  const rows found = db_->exec(read_chunks_sql, hash, first, last);
  if (found.empty()) throw failure("blob store: a blob is missing");
  std::string out;
  for (const rows::row& r : found) {
    const auto n = r.int_at(0);
    const std::string data = r.text_at(1);
    const std::uint64_t chunk_start = static_cast<std::uint64_t>(n) * chunk_bytes;
    const std::uint64_t from = offset > chunk_start ? offset - chunk_start : 0;
    if (from >= data.size()) break;
    const auto take = std::min<std::uint64_t>(data.size() - from, max - out.size());
    out.append(data, from, take);
    if (out.size() >= max) break;
  }
  return out;
}

void mariadb_blob_store::remove(const std::string& hash) {
  const std::lock_guard lock(mutex_);
  db_->exec(remove_chunks_sql, hash);
}

}  // namespace natter::store::mariadb
