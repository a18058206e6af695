#pragma once
// Blobs in MariaDB (table blob_chunks, cut as store/sql/blob_chunks.hpp says:
// 256 KiB a row, well under the server's max_allowed_packet), so that every node of a cluster serves every
// blob with nothing else to run. Its own session, apart from the store's
// writer and readers: a 25 MiB upload never waits in the messages' write
// queue. Calls are serialised by a mutex (the pool that calls it is small).

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include "store/blob_store.hpp"

namespace natter::store::mariadb {

class connection;

class mariadb_blob_store : public blob_store {
 public:
  // url as for the store (mariadb_url.hpp; throws store::failure when it is
  // not one); scratch: a directory of this node's disk for uploads in
  // progress (created when missing).
  mariadb_blob_store(const std::string& url, std::filesystem::path scratch);
  ~mariadb_blob_store() override;

  void put(const std::string& hash, const std::filesystem::path& file) override;
  std::string read(const std::string& hash, std::uint64_t offset, std::size_t max) override;
  void remove(const std::string& hash) override;
  const std::filesystem::path& scratch_dir() const override { return scratch_; }

 private:
  std::mutex mutex_;
  std::unique_ptr<connection> db_;
  std::filesystem::path scratch_;
};

}  // namespace natter::store::mariadb
