// How the SQL blob stores cut a blob into blob_chunks rows and read a range
// of it back (store/sql/blob_chunks.hpp), without a database.

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "store/sql/blob_chunks.hpp"

namespace natter::store::sql {
namespace {

std::vector<std::pair<int, std::string>> chunks_of(const std::string& bytes) {
  std::istringstream in(bytes);
  std::vector<std::pair<int, std::string>> out;
  const auto written = write_blob_chunks(in, [&](int n, std::string_view b) { out.emplace_back(n, std::string(b)); });
  EXPECT_EQ(written, static_cast<std::int64_t>(out.size()));
  return out;
}

// The blob's bytes [offset, offset + max), read back chunk by chunk as a
// blob store does.
std::string read_back(const std::vector<std::pair<int, std::string>>& chunks, std::uint64_t offset, std::size_t max) {
  const auto range = blob_chunks_for(offset, max);
  std::string out;
  for (const auto& [n, bytes] : chunks) {
    if (n < range.first || n > range.last) continue;
    if (!append_blob_chunk(out, offset, max, n, bytes)) break;
  }
  return out;
}

TEST(store_sql_blob_chunks, an_empty_blob_is_one_empty_chunk) {
  const auto chunks = chunks_of("");
  ASSERT_EQ(chunks.size(), 1U);
  EXPECT_EQ(chunks[0].first, 0);
  EXPECT_TRUE(chunks[0].second.empty());
}

TEST(store_sql_blob_chunks, a_blob_is_cut_into_full_chunks_and_a_shorter_last_one) {
  const std::string bytes(2 * blob_chunk_bytes + 10, 'x');
  const auto chunks = chunks_of(bytes);
  ASSERT_EQ(chunks.size(), 3U);
  EXPECT_EQ(chunks[0].second.size(), blob_chunk_bytes);
  EXPECT_EQ(chunks[1].second.size(), blob_chunk_bytes);
  EXPECT_EQ(chunks[2].second.size(), 10U);
  EXPECT_EQ(chunks[2].first, 2);
}

TEST(store_sql_blob_chunks, a_blob_of_whole_chunks_has_no_empty_tail) {
  EXPECT_EQ(chunks_of(std::string(blob_chunk_bytes, 'x')).size(), 1U);
}

TEST(store_sql_blob_chunks, a_range_across_chunks_reads_back_its_bytes) {
  std::string bytes;
  for (std::size_t i = 0; i < 2 * blob_chunk_bytes + 100; ++i) bytes += static_cast<char>('a' + i % 26);
  const auto chunks = chunks_of(bytes);
  const std::uint64_t offset = blob_chunk_bytes - 5;
  EXPECT_EQ(read_back(chunks, offset, 20), bytes.substr(offset, 20));
  EXPECT_EQ(read_back(chunks, 0, bytes.size()), bytes);
  EXPECT_EQ(read_back(chunks, 2 * blob_chunk_bytes + 90, 50), bytes.substr(2 * blob_chunk_bytes + 90));
}

TEST(store_sql_blob_chunks, the_range_names_the_chunks_that_hold_it) {
  const auto range = blob_chunks_for(blob_chunk_bytes - 1, 2);
  EXPECT_EQ(range.first, 0);
  EXPECT_EQ(range.last, 1);
  const auto one = blob_chunks_for(blob_chunk_bytes, 1);
  EXPECT_EQ(one.first, 1);
  EXPECT_EQ(one.last, 1);
}

}  // namespace
}  // namespace natter::store::sql
