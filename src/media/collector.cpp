#include "media/collector.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <vector>

#include "common/on_pool.hpp"
#include "store/store.hpp"

namespace natter::media {

namespace asio = boost::asio;

collector::collector(asio::any_io_executor executor, store::database& db, store::blob_store& blobs,
                     asio::thread_pool& files, const clock& clock, collector_options options)
    : executor_(std::move(executor)),
      db_(db),
      blobs_(blobs),
      files_(files),
      clock_(clock),
      options_(options),
      timer_(executor_) {}

void collector::start() {
  asio::co_spawn(executor_, loop(), asio::detached);
}

void collector::stop() {
  asio::post(executor_, [this] {
    stopped_ = true;
    timer_.cancel();
  });
}

asio::awaitable<void> collector::loop() {
  while (!stopped_) {
    timer_.expires_after(options_.interval);
    auto [ec] = co_await timer_.async_wait(asio::as_tuple(asio::use_awaitable));
    if (ec || stopped_) co_return;
    co_await run_once();
  }
}

asio::awaitable<collected> collector::run_once() {
  collected done;
  try {
    for (;;) {
      auto unused = [before = clock_.now_ms() - options_.unused_grace.count(), limit = options_.batch](
                        store::store& s) -> result<int> { return s.delete_unused_media(before, limit); };
      auto removed = co_await db_.write(std::move(unused));
      if (!removed) spdlog::warn("media collector: {}", removed.err().message);
      if (!removed || *removed == 0) break;
      done.media += *removed;
    }
    for (;;) {
      const int freed = co_await free_blobs();
      if (freed == 0) break;
      done.blobs += freed;
    }
  } catch (const std::exception& e) {
    spdlog::warn("media collector: {}", e.what());
  }
  if (done.media > 0 || done.blobs > 0)
    spdlog::info("media collector: {} media, {} blobs freed", done.media, done.blobs);
  co_return done;
}

asio::awaitable<int> collector::free_blobs() {
  const unix_ms now = clock_.now_ms();
  const unix_ms lease_until = now + options_.freeing_lease.count();
  auto doom = [now, lease_until, limit = options_.batch](store::store& s) -> result<std::vector<std::string>> {
    return s.doom_unused_blobs(now, lease_until, limit);
  };
  auto doomed = co_await db_.write(std::move(doom));
  if (!doomed) spdlog::warn("media collector: {}", doomed.err().message);
  if (!doomed || doomed->empty()) co_return 0;
  auto remove = [this, hashes = *doomed] {
    for (const auto& h : hashes) blobs_.remove(h);
    return true;
  };
  co_await on_pool(files_, std::move(remove));
  auto forget = [hashes = *doomed, lease_until](store::store& s) -> result<bool> {
    s.forget_blobs(hashes, lease_until);
    return true;
  };
  co_await db_.write(std::move(forget));
  co_return static_cast<int>(doomed->size());
}

}  // namespace natter::media
