#include "store/database.hpp"

#include <spdlog/spdlog.h>
#include <chrono>

#include "common/log_line.hpp"

namespace natter::store {

database::database(std::unique_ptr<backend> backend, database_options options)
    : backend_(std::move(backend)), options_(std::move(options)) {
  if (options_.max_batch == 0 || options_.max_queued_writes == 0 || options_.max_queued_reads == 0) {
    throw failure("database: batch and queue sizes must be positive");
  }
  if (options_.max_attempts < 1) throw failure("database: max_attempts must be at least 1");
  backend_->migrate();
  writer_store_ = backend_->open_writer();
  std::vector<std::unique_ptr<store>> readers;
  for (int i = 0; i < std::max(1, options_.reader_threads); ++i) readers.push_back(backend_->open_reader());
  try {
    writer_ = std::thread([this] { writer_loop(); });
    for (auto& r : readers) readers_.emplace_back([this, r = std::move(r)]() mutable { reader_loop(std::move(r)); });
  } catch (...) {
    stop();
    throw;
  }
}

database::~database() {
  stop();
}

void database::stop() {
  std::lock_guard stopping(stop_mutex_);  // a second caller waits for the first to finish
  {
    std::scoped_lock lock(write_mutex_, read_mutex_);
    stopping_ = true;
  }
  write_ready_.notify_all();
  read_ready_.notify_all();
  if (writer_.joinable()) writer_.join();
  for (auto& t : readers_) {
    if (t.joinable()) t.join();
  }
  readers_.clear();
}

void database::log_failure(const std::exception& e) {
  log_line("store.failed").str("error", e.what()).error();
}

void database::note_storage_failure() noexcept {
  last_failure_.store(
      std::max<std::chrono::steady_clock::rep>(1, std::chrono::steady_clock::now().time_since_epoch().count()));
}

std::optional<std::chrono::steady_clock::time_point> database::last_storage_failure() const noexcept {
  const auto ticks = last_failure_.load();
  if (ticks == 0) return std::nullopt;
  return std::chrono::steady_clock::time_point(std::chrono::steady_clock::duration(ticks));
}

std::size_t database::queued_writes() const {
  std::lock_guard lock(write_mutex_);
  return write_queue_.size();
}

std::size_t database::queued_reads() const {
  std::lock_guard lock(read_mutex_);
  return read_queue_.size();
}

std::optional<errc> database::enqueue_write(job& j) {
  {
    std::lock_guard lock(write_mutex_);
    if (stopping_) return errc::store_unavailable;
    if (write_queue_.size() >= options_.max_queued_writes) {
      refused_writes_.fetch_add(1, std::memory_order_relaxed);
      return errc::busy;
    }
    write_queue_.push_back(std::move(j));
  }
  write_ready_.notify_one();
  return std::nullopt;
}

std::optional<errc> database::enqueue_read(job& j) {
  {
    std::lock_guard lock(read_mutex_);
    if (stopping_) return errc::store_unavailable;
    if (read_queue_.size() >= options_.max_queued_reads) {
      refused_reads_.fetch_add(1, std::memory_order_relaxed);
      return errc::busy;
    }
    read_queue_.push_back(std::move(j));
  }
  read_ready_.notify_one();
  return std::nullopt;
}

void database::writer_loop() {
  std::vector<job> batch;
  for (;;) {
    {
      std::unique_lock lock(write_mutex_);
      write_ready_.wait(lock, [this] { return stopping_ || !write_queue_.empty(); });
      if (write_queue_.empty()) return;  // stopping and drained
      while (!write_queue_.empty() && batch.size() < options_.max_batch) {
        batch.push_back(std::move(write_queue_.front()));
        write_queue_.pop_front();
      }
    }
    run_batch(batch);
    batch.clear();
  }
}

void database::run_batch(std::vector<job>& batch) {
  const auto started = std::chrono::steady_clock::now();
  bool committed = false;
  for (int attempt = 1; !committed; ++attempt) {
    const outcome result = run_group(batch);
    committed = result == outcome::succeeded;
    if (!committed && options_.on_commit_failed) options_.on_commit_failed();
    if (!committed && (result != outcome::retryable || attempt >= options_.max_attempts)) note_storage_failure();
    if (result != outcome::retryable || attempt >= options_.max_attempts) break;
    spdlog::warn("store: running a group of {} writes again (attempt {} was rolled back)", batch.size(), attempt);
  }
  if (committed && options_.on_commit) {
    std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
    options_.on_commit(batch.size(), took.count());
  }
  // Batched writes (sends) first: their acks do not wait for the group's
  // fan-out. The others after their hooks, whose effects they answer with.
  for (auto& j : batch) {
    if (j.complete_first) j.complete(committed);
  }
  if (committed) {
    for (auto& j : batch) {
      if (!j.after_commit) continue;
      try {
        j.after_commit();
      } catch (const std::exception& e) {
        // The write is durable; only its publication failed. Say so.
        log_failure(e);
      }
    }
  }
  for (auto& j : batch) {
    if (!j.complete_first) j.complete(committed);
  }
}

database::outcome database::run_group(std::vector<job>& batch) {
  try {
    writer_store_->begin_transaction();
    for (std::size_t i = 0; i < batch.size();) {
      std::size_t n = 1;
      while (batch[i].group_key && i + n < batch.size() && batch[i + n].group_key == batch[i].group_key) ++n;
      const bool kept = n == 1 ? run_in_savepoint(batch[i]) : run_together_in_savepoint(std::span(batch).subspan(i, n));
      if (!kept) return roll_back(outcome::retryable);
      i += n;
    }
    writer_store_->commit_transaction();
    return outcome::succeeded;
  } catch (const retryable_failure& e) {
    log_failure(e);
    return roll_back(outcome::retryable);
  } catch (const std::exception& e) {
    log_failure(e);
    return roll_back(outcome::failed);
  }
}

bool database::run_in_savepoint(job& j) {
  writer_store_->begin_savepoint();
  const outcome result = j.run(*writer_store_);
  if (result == outcome::retryable) return false;  // the savepoint went with the transaction
  if (result == outcome::failed) writer_store_->rollback_to_savepoint();
  writer_store_->release_savepoint();
  return true;
}

bool database::run_together_in_savepoint(std::span<job> jobs) {
  writer_store_->begin_savepoint();
  try {
    jobs.front().run_together(jobs.front().group_key, *writer_store_, jobs);
    writer_store_->release_savepoint();
    return true;
  } catch (const retryable_failure& e) {
    log_failure(e);
    return false;  // the savepoint went with the transaction
  } catch (const std::exception& e) {
    log_failure(e);
  }
  // One of them is bad, or the group too big for the store: each alone.
  writer_store_->rollback_to_savepoint();
  writer_store_->release_savepoint();
  for (auto& j : jobs) {
    if (!run_in_savepoint(j)) return false;
  }
  return true;
}

database::outcome database::roll_back(outcome why) {
  try {
    writer_store_->rollback_transaction();
  } catch (const std::exception& e) {
    log_failure(e);
  }
  return why;
}

void database::run_read(job& j, store& connection) {
  for (int attempt = 1;; ++attempt) {
    if (run_read_once(j, connection) != outcome::retryable) return;
    if (attempt >= options_.max_attempts) {
      note_storage_failure();
      return;
    }
  }
}

database::outcome database::run_read_once(job& j, store& connection) {
  try {
    connection.begin_read();
  } catch (const std::exception& e) {
    log_failure(e);  // the job still runs; its queries will report the trouble
  }
  const outcome result = j.run(connection);
  try {
    connection.end_read();
  } catch (const std::exception& e) {
    log_failure(e);
  }
  return result;
}

void database::reader_loop(std::unique_ptr<store> connection) {
  for (;;) {
    job j;
    {
      std::unique_lock lock(read_mutex_);
      read_ready_.wait(lock, [this] { return stopping_ || !read_queue_.empty(); });
      if (read_queue_.empty()) return;
      j = std::move(read_queue_.front());
      read_queue_.pop_front();
    }
    run_read(j, *connection);
    j.complete(true);
  }
}

}  // namespace natter::store
