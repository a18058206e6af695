#include "store/postgres/postgres_blob_store.hpp"

#include <pqxx/binarystring>

#include <fstream>
#include <string_view>
#include <system_error>

#include "store/local_blob_store.hpp"
#include "store/postgres/connection.hpp"
#include "store/postgres/parameter_traits.hpp"
#include "store/sql/blob_chunks.hpp"

namespace natter::store::postgres {
namespace fs = std::filesystem;
namespace shared = ::natter::store::sql;
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
  std::ifstream in = shared::open_blob_upload(hash, file);
  const std::lock_guard lock(mutex_);
  shared::write_blob_chunks(in, [&](int n, std::string_view bytes) {
    db_->exec(put_chunk, hash, n, pqxx::binarystring(bytes.data(), bytes.size()));
  });
  std::error_code ec;
  fs::remove(file, ec);
}

std::string postgres_blob_store::read(const std::string& hash, std::uint64_t offset, std::size_t max) {
  const auto [first, last] = shared::blob_chunks_for(offset, max);
  const std::lock_guard lock(mutex_);
  const pqxx::result rows = db_->exec(read_chunks, hash, first, last);
  if (rows.empty()) throw failure("blob store: a blob is missing");
  std::string out;
  for (const pqxx::row& r : rows) {
    const pqxx::binarystring data(r[1]);
    if (!shared::append_blob_chunk(out, offset, max, r[0].as<std::int64_t>(),
                                   std::string_view(data.get(), data.size()))) {
      break;
    }
  }
  return out;
}

void postgres_blob_store::remove(const std::string& hash) {
  const std::lock_guard lock(mutex_);
  db_->exec(remove_chunks, hash);
}

}  // namespace natter::store::postgres
