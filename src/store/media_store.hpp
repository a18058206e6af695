#pragma once
// Media (pictures and files people upload) and the blobs that hold their
// bytes. A media row names its blob (and its thumbnail's) by SHA-256; the
// bytes live in a blob_store (store/blob_store.hpp). The blobs table keeps
// the blob_store and the rows in step: a blob is claimed (pinned) before an
// upload writes it, and the collector frees only blobs that no media row
// holds and no upload has pinned (docs/architecture.md, "Media").

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "common/ids.hpp"

namespace natter::store {

using natter::user_id;

// The type of a file a client encrypted before uploading it (an attachment
// of an end-to-end encrypted message): kind "file", named "encrypted",
// never sniffed or decoded. The server cannot read it, and an encrypted
// message may carry no other attachment.
inline constexpr const char* encrypted_file_mime = "application/vnd.natter.encrypted";

struct media_record {
  std::string id;  // 22 characters of base64url: 128 random bits
  user_id owner = 0;
  std::string kind;  // "image" | "file" | "avatar"
  std::string name;  // made safe at upload: no path, no control characters
  std::string mime;  // files: application/octet-stream, or encrypted_file_mime
  std::int64_t size = 0;
  std::string blob;            // SHA-256 (hex) of the bytes served
  std::string thumbnail_blob;  // images and avatars; empty for files
  std::string thumbnail_mime;
  std::int64_t thumbnail_size = 0;
  int width = 0;
  int height = 0;
  int thumbnail_width = 0;
  int thumbnail_height = 0;
  std::string colour;     // "#rrggbb", images and avatars
  std::string upload_id;  // the uploader's retry key; empty: none
  unix_ms created_at = 0;
};

class media_store {
 public:
  virtual ~media_store() = default;

  // Stores m, or returns the owner's media of the same upload_id stored
  // before (then m is not stored).
  virtual media_record insert_media(const media_record& m) = 0;
  virtual std::optional<media_record> media_by_id(std::string_view id) = 0;
  virtual std::optional<media_record> media_by_upload_id(user_id owner, std::string_view upload_id) = 0;
  // True when reader may read the media: they uploaded it, it is an avatar,
  // or it is attached to a message of a conversation they are a member of.
  virtual bool media_readable(std::string_view id, user_id reader) = 0;
  // Marks the media as used (an avatar was set to it): from then on it is
  // freed as soon as nothing holds it, without waiting out the grace period
  // of uploads never used. Attaching marks it in the send itself.
  virtual void mark_media_used(std::string_view id) = 0;
  // The bytes the owner's media take (their files and thumbnails): the quota.
  virtual std::int64_t media_bytes_of(user_id owner) = 0;

  // Pins the blob (creating its row) for an upload about to put its bytes:
  // false when the collector is freeing it right now (try again shortly).
  // The pin lasts until release_blob, or until pinned_until should the
  // upload never get there (its node stopped).
  virtual bool claim_blob(std::string_view hash, std::int64_t size, unix_ms pinned_until) = 0;
  virtual void release_blob(std::string_view hash) = 0;
  // Removes media uploaded before `before` that no message holds and no user
  // has as avatar; returns how many.
  virtual int delete_unused_media(unix_ms before, int limit) = 0;
  // Marks blobs that no media holds and no upload pins (a pin past its
  // pinned_until at `now` no longer counts) as being freed until
  // lease_until, and returns them with those whose earlier lease ran out
  // before `now` (their collector stopped halfway): the caller removes their
  // bytes, then forget_blobs with the same lease_until. While a lease runs no
  // other collector takes the blob, and a claim_blob answers false.
  virtual std::vector<std::string> doom_unused_blobs(unix_ms now, unix_ms lease_until, int limit) = 0;
  // Forgets the blobs doomed with lease_until; one another collector took
  // over since (the lease ran out) is left to that collector.
  virtual void forget_blobs(std::span<const std::string> hashes, unix_ms lease_until) = 0;
};

}  // namespace natter::store
