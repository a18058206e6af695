#pragma once
// Serving media: who may read what (checked on every download), and the
// bytes, read from the blob store on the file pool in pieces.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <optional>
#include <string>

#include "common/result.hpp"
#include "store/blob_store.hpp"
#include "store/database.hpp"

namespace natter::media {

struct download {
  std::string blob;  // SHA-256 (hex): the ETag too
  std::string mime;
  std::int64_t size = 0;
  std::string name;
  bool image = false;  // served inline; a file is always an attachment
};

class downloads {
 public:
  static constexpr std::size_t piece_bytes = 256 * 1024;

  downloads(store::database& db, store::blob_store& blobs, boost::asio::thread_pool& files);

  // The media (or its thumbnail) when reader may read it: anyone may read an
  // avatar; a signed-in user what they uploaded and what is attached in
  // their conversations. Errors: not_found (also for what exists but may not
  // be read, and for a file's thumbnail), store_unavailable.
  boost::asio::awaitable<result<download>> open(std::string id, std::optional<store::user_id> reader, bool thumbnail);

  // Up to max bytes of the blob from offset, on the file pool. Throws
  // store::failure when the blob store cannot give them.
  boost::asio::awaitable<std::string> read(std::string blob, std::uint64_t offset, std::size_t max);

 private:
  store::database& db_;
  store::blob_store& blobs_;
  boost::asio::thread_pool& files_;
};

}  // namespace natter::media
