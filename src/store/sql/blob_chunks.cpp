#include "store/sql/blob_chunks.hpp"

#include <algorithm>
#include <vector>

#include "store/local_blob_store.hpp"
#include "store/store.hpp"

namespace natter::store::sql {

std::ifstream open_blob_upload(const std::string& hash, const std::filesystem::path& file) {
  if (!valid_blob_name(hash)) throw failure("blob store: not a blob name");
  std::ifstream in(file, std::ios::binary);
  if (!in) throw failure("blob store: cannot open an upload's file");
  return in;
}

std::int64_t write_blob_chunks(std::istream& in, const blob_chunk_writer& write) {
  std::vector<char> buffer(blob_chunk_bytes);
  std::int64_t written = 0;
  for (int n = 0;; ++n) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto got = static_cast<std::size_t>(in.gcount());
    if (got == 0 && n > 0) break;
    write(n, std::string_view(buffer.data(), got));
    ++written;
    if (got < buffer.size()) break;
  }
  return written;
}

blob_chunk_range blob_chunks_for(std::uint64_t offset, std::size_t max) {
  return {static_cast<std::int64_t>(offset / blob_chunk_bytes),
          static_cast<std::int64_t>((offset + (max > 0 ? max - 1 : 0)) / blob_chunk_bytes)};
}

bool append_blob_chunk(std::string& out, std::uint64_t offset, std::size_t max, std::int64_t n,
                       std::string_view bytes) {
  const std::uint64_t chunk_start = static_cast<std::uint64_t>(n) * blob_chunk_bytes;
  const std::uint64_t from = offset > chunk_start ? offset - chunk_start : 0;
  if (from >= bytes.size()) return false;
  const auto take = std::min<std::uint64_t>(bytes.size() - from, max - out.size());
  out.append(bytes.substr(from, take));
  return out.size() < max;
}

}  // namespace natter::store::sql
