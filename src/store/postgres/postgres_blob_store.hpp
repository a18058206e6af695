#pragma once
// Blobs in PostgreSQL (table blob_chunks, cut as store/sql/blob_chunks.hpp
// says), so that every node of a cluster serves every blob with nothing else
// to run. Its own session,
// apart from the store's writer and readers: a 25 MiB upload never waits in
// the messages' write queue. Calls are serialised by a mutex (the pool that
// calls it is small).

#include <memory>
#include <mutex>

#include "store/blob_store.hpp"

namespace natter::store::postgres {

class connection;

class postgres_blob_store : public blob_store {
 public:
  // url as for the store; scratch: a directory of this node's disk for
  // uploads in progress (created when missing).
  postgres_blob_store(std::string url, std::filesystem::path scratch);
  ~postgres_blob_store() override;

  void put(const std::string& hash, const std::filesystem::path& file) override;
  std::string read(const std::string& hash, std::uint64_t offset, std::size_t max) override;
  void remove(const std::string& hash) override;
  const std::filesystem::path& scratch_dir() const override { return scratch_; }

 private:
  std::mutex mutex_;
  std::unique_ptr<connection> db_;
  std::filesystem::path scratch_;
};

}  // namespace natter::store::postgres
