#pragma once
// Receiving uploads: the bytes go to a file of the blob store's scratch
// directory as they arrive (one 64 KiB piece in memory per upload), hashed on
// the way; then an image is decoded and re-encoded on the image pool, and
// the bytes to serve are put in the blob store and recorded as a media row.
//
// The order keeps the collector (media/collector.hpp) from freeing what an
// upload is about to use: each blob is claimed (pinned for an hour) in the
// database before its bytes are put, and its media row is written after.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <variant>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "core/rate_limiter.hpp"
#include "media/image_pool.hpp"
#include "media/upload_names.hpp"
#include "store/blob_store.hpp"
#include "store/database.hpp"

namespace natter::media {

struct upload_limits {
  std::uint64_t max_bytes = std::uint64_t{25} * 1024 * 1024;  // one upload (--max-upload-bytes)
  std::int64_t quota_bytes = 1024LL * 1024 * 1024;            // all of a user's media (--upload-quota-bytes)
  int at_once_per_user = 4;                                   // uploads in progress
  core::rate_limit per_user{20, 60};                          // started uploads: burst, per minute
  std::chrono::milliseconds pin{std::chrono::hours(1)};       // how long a claimed blob is safe from the collector
};

// encrypted: a file the client encrypted (store::encrypted_file_mime).
enum class upload_purpose { attachment, avatar, encrypted };

struct upload_request {
  std::string name;       // as the client gave it (made safe here)
  std::string upload_id;  // empty: none
  upload_purpose purpose = upload_purpose::attachment;
  std::optional<std::uint64_t> length;  // Content-Length, when given
};

// One upload in progress: its scratch file and what has arrived (opaque;
// ending it removes its scratch file and frees its place).
class upload;
struct upload_deleter {
  void operator()(upload* u) const noexcept;
};
using upload_handle = std::unique_ptr<upload, upload_deleter>;

class uploads {
 public:
  uploads(store::database& db, store::blob_store& blobs, image_pool& images, boost::asio::thread_pool& files,
          const clock& clock, upload_limits limits);
  ~uploads();

  // Before the body is read: the rate and the uploads at once, the length
  // against the limit and the quota, and a retry (the media stored under
  // upload_id before: then the body need not be read). Errors:
  // validation_failed, payload_too_large, quota_exceeded, rate_limited,
  // store_unavailable.
  boost::asio::awaitable<result<std::variant<upload_handle, store::media_record>>> begin(store::user_id owner,
                                                                                         upload_request request);

  // Appends a piece of the body (on the file pool). Errors:
  // payload_too_large, internal (the disk).
  boost::asio::awaitable<status> append(upload& u, std::string_view piece);

  // After the whole body: decides what it is, decodes an image, stores the
  // blobs and the media row. Errors: validation_failed (field "file"),
  // unsupported_media_type (an avatar that is no image), quota_exceeded,
  // busy, store_unavailable.
  boost::asio::awaitable<result<store::media_record>> finish(upload_handle u);

  const upload_limits& limits() const noexcept { return limits_; }

 private:
  friend class upload;
  struct stored_blob {
    std::string hash;
    std::int64_t size = 0;
  };
  boost::asio::awaitable<result<store::media_record>> finish_file(upload& u, store::media_record m,
                                                                  std::string_view mime);
  boost::asio::awaitable<result<store::media_record>> finish_encrypted(upload& u);
  boost::asio::awaitable<result<store::media_record>> finish_image(upload& u, store::media_record m, content_kind kind);
  // Claims the blob, then moves the file into the blob store.
  boost::asio::awaitable<status> store_blob(const std::filesystem::path& file, const stored_blob& blob);
  boost::asio::awaitable<result<store::media_record>> record(store::media_record m);
  void release(store::user_id owner);

  store::database& db_;
  store::blob_store& blobs_;
  image_pool& images_;
  boost::asio::thread_pool& files_;
  const clock& clock_;
  upload_limits limits_;
  core::rate_limiter started_;
  std::mutex mutex_;
  std::map<store::user_id, int> in_progress_;  // guarded by mutex_
};

}  // namespace natter::media
