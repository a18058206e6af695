#pragma once
// Where the bytes of media live, named by their SHA-256 (hex). Every call
// blocks: callers run them on a pool of their own, never on an I/O thread.
// Which blobs exist is the database's to say (store/media_store.hpp); a
// blob_store only holds bytes.

#include <cstdint>
#include <filesystem>
#include <string>

namespace natter::store {

class blob_store {
 public:
  virtual ~blob_store() = default;
  // Takes the file at `file` (under scratch_dir(), fsynced by the caller or
  // not: put makes it durable) as the blob `hash`; the file is gone afterwards.
  virtual void put(const std::string& hash, const std::filesystem::path& file) = 0;
  // Up to max bytes of the blob from offset (fewer only at its end). Throws
  // store::failure when the blob is missing.
  virtual std::string read(const std::string& hash, std::uint64_t offset, std::size_t max) = 0;
  // Removes the blob; nothing when it is not there.
  virtual void remove(const std::string& hash) = 0;
  // A directory on this node's disk for uploads in progress.
  virtual const std::filesystem::path& scratch_dir() const = 0;
};

}  // namespace natter::store
