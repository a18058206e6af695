#pragma once
// Blobs as files under a directory of this node's disk: <dir>/ab/cd/<hash>,
// written to a file of <dir>/tmp, fsynced, renamed into place, and the
// directory fsynced, so a blob is whole or absent after a power cut.

#include "store/blob_store.hpp"

namespace natter::store {

class local_blob_store : public blob_store {
 public:
  // Creates dir (and dir/tmp) when missing; throws store::failure when it cannot.
  explicit local_blob_store(std::filesystem::path dir);

  void put(const std::string& hash, const std::filesystem::path& file) override;
  std::string read(const std::string& hash, std::uint64_t offset, std::size_t max) override;
  void remove(const std::string& hash) override;
  const std::filesystem::path& scratch_dir() const override { return scratch_; }

 private:
  std::filesystem::path path_of(const std::string& hash) const;

  std::filesystem::path dir_;
  std::filesystem::path scratch_;
};

// True for 64 lower-case hex digits: the only names a blob may have, so no
// path is ever made of anything else.
bool valid_blob_name(std::string_view hash) noexcept;

// Creates the scratch directory of uploads in progress, or empties it: at
// start, whatever is in it was left by a process that stopped mid-upload.
void prepare_scratch_dir(const std::filesystem::path& dir);

// fsyncs the file or directory at path; throws store::failure when it cannot.
void sync_path(const std::filesystem::path& path);

}  // namespace natter::store
