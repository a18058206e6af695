#include "store/postgres/postgres_blob_store.hpp"

#include <pqxx/binarystring>

#include <fstream>
#include <system_error>
#include <vector>

#include "store/local_blob_store.hpp"
#include "store/postgres/connection.hpp"
#include "store/postgres/parameter_traits.hpp"

namespace natter::store::postgres {
namespace fs = std::filesystem;
namespace {

const statement put_chunk{"put_blob_chunk",
                          "INSERT INTO blob_chunks (hash, n, data) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING"};
const statement read_chunks{"read_blob_chunks",
                            "SELECT n, data FROM blob_chunks WHERE hash = $1 AND n BETWEEN $2 AND $3 ORDER BY n"};
const statement remove_chunks{"remove_blob_chunks", "DELETE FROM blob_chunks WHERE hash = $1"};

}  // namespace

postgres_blob_store::postgres_blob_store(std::string url, fs::path scratch)
    : db_(std::make_unique<connection>(std::move(url), "")), scratch_(std::move(scratch)) {
  prepare_scratch_dir(scratch_);
}

postgres_blob_store::~postgres_blob_store() = default;

void postgres_blob_store::put(const std::string& hash, const fs::path& file) {
  if (!valid_blob_name(hash)) throw failure("blob store: not a blob name");
  std::ifstream in(file, std::ios::binary);
  if (!in) throw failure("blob store: cannot open an upload's file");
  std::vector<char> buffer(chunk_bytes);
  const std::lock_guard lock(mutex_);
  for (int n = 0;; ++n) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto got = static_cast<std::size_t>(in.gcount());
    if (got == 0 && n > 0) break;
    db_->exec(put_chunk, hash, n, pqxx::binarystring(buffer.data(), got));
    if (got < buffer.size()) break;
  }
  std::error_code ec;
  fs::remove(file, ec);
}

std::string postgres_blob_store::read(const std::string& hash, std::uint64_t offset, std::size_t max) {
  const auto first = static_cast<std::int64_t>(offset / chunk_bytes);
  const auto last = static_cast<std::int64_t>((offset + (max > 0 ? max - 1 : 0)) / chunk_bytes);
  const std::lock_guard lock(mutex_);
  const pqxx::result rows = db_->exec(read_chunks, hash, first, last);
  if (rows.empty()) throw failure("blob store: a blob is missing");
  std::string out;
  for (const pqxx::row& r : rows) {
    const auto n = r[0].as<std::int64_t>();
    const pqxx::binarystring data(r[1]);
    const std::uint64_t chunk_start = static_cast<std::uint64_t>(n) * chunk_bytes;
    const std::uint64_t from = offset > chunk_start ? offset - chunk_start : 0;
    if (from >= data.size()) break;
    const auto take = std::min<std::uint64_t>(data.size() - from, max - out.size());
    out.append(data.get() + from, data.get() + from + take);
    if (out.size() >= max) break;
  }
  return out;
}

void postgres_blob_store::remove(const std::string& hash) {
  const std::lock_guard lock(mutex_);
  db_->exec(remove_chunks, hash);
}

}  // namespace natter::store::postgres
