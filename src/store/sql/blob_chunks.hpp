#pragma once
// How the SQL blob stores (postgres_blob_store, mariadb_blob_store) and the
// migrate-store copies keep a blob: rows of blob_chunks (hash, n, data), the
// bytes cut into chunks of blob_chunk_bytes, numbered from 0; the last may be
// shorter, and an empty blob is one empty chunk 0. Each backend runs its own
// statements; the cutting and the reading back of a range live here.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <istream>
#include <string>
#include <string_view>

namespace natter::store::sql {

inline constexpr std::size_t blob_chunk_bytes = std::size_t{256} * 1024;

// The upload's file, opened for write_blob_chunks. Throws failure when hash
// is not a blob name or the file cannot be opened.
std::ifstream open_blob_upload(const std::string& hash, const std::filesystem::path& file);

// Reads in to its end and hands each chunk to write(n, bytes), in order.
// Returns how many chunks it wrote.
using blob_chunk_writer = std::function<void(int n, std::string_view bytes)>;
std::int64_t write_blob_chunks(std::istream& in, const blob_chunk_writer& write);

// The chunks that hold the bytes [offset, offset + max) of a blob.
struct blob_chunk_range {
  std::int64_t first = 0;
  std::int64_t last = 0;
};
blob_chunk_range blob_chunks_for(std::uint64_t offset, std::size_t max);

// Appends to out what chunk n (its bytes) holds of [offset, offset + max).
// False when the read is complete: out has max bytes, or the blob ended.
bool append_blob_chunk(std::string& out, std::uint64_t offset, std::size_t max, std::int64_t n, std::string_view bytes);

}  // namespace natter::store::sql
