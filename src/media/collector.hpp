#pragma once
// Frees what nobody uses any more: media never attached nor set as an
// avatar within the grace period, media whose messages were all deleted,
// and then the blobs no media holds. Safe against uploads running at the
// same time on any node: an upload pins its blobs (claim_blob) before it
// puts their bytes, and a blob is only freed when unpinned and unheld, in
// three steps (marked in the database, bytes removed, row forgotten) that a
// claim meanwhile waits out. The mark is a lease: no other node's collector
// takes the blob while it runs, and one whose collector stopped halfway is
// taken over once it ran out.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>

#include "common/clock.hpp"
#include "store/blob_store.hpp"
#include "store/database.hpp"

namespace natter::media {

struct collector_options {
  std::chrono::milliseconds interval{std::chrono::hours(1)};       // --media-gc-interval-ms
  std::chrono::milliseconds unused_grace{std::chrono::hours(24)};  // --media-unused-grace-ms
  int batch = 500;                                                 // rows a pass takes at once
  // How long a collector may take between marking blobs and forgetting them
  // before another may take them over: far longer than removing a batch.
  std::chrono::milliseconds freeing_lease{std::chrono::minutes(10)};
};

struct collected {
  int media = 0;
  int blobs = 0;
};

class collector {
 public:
  collector(boost::asio::any_io_executor executor, store::database& db, store::blob_store& blobs,
            boost::asio::thread_pool& files, const clock& clock, collector_options options);

  // Runs a pass every interval until stop().
  void start();
  void stop();

  // One pass (until nothing is left to free). Failures are logged, not thrown.
  boost::asio::awaitable<collected> run_once();

 private:
  boost::asio::awaitable<void> loop();
  boost::asio::awaitable<int> free_blobs();

  boost::asio::any_io_executor executor_;
  store::database& db_;
  store::blob_store& blobs_;
  boost::asio::thread_pool& files_;
  const clock& clock_;
  collector_options options_;
  boost::asio::steady_timer timer_;
  bool stopped_ = false;
};

}  // namespace natter::media
