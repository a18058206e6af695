#include "bus/redis/redis_commands.hpp"

#include <spdlog/spdlog.h>

namespace natter::bus {

redis_commands::redis_commands(redis_endpoint where, metrics::registry& metrics)
    : where_(std::move(where)),
      metrics_(metrics),
      published_(metrics.bus_events.with(R"(what="published")")),
      publish_failed_(metrics.bus_events.with(R"(what="publish_failed")")),
      publish_dropped_(metrics.bus_events.with(R"(what="publish_dropped")")),
      thread_([this] { run(); }) {}

std::size_t redis_commands::queued() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

redis_commands::~redis_commands() {
  stop();
}

void redis_commands::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool redis_commands::publish(std::string channel, std::string payload) {
  {
    std::lock_guard lock(mutex_);
    if (queue_.size() < max_queued && !stopping_) {
      queue_.push_back({{"PUBLISH", std::move(channel), std::move(payload)}, {}});
      wake_.notify_one();
      return true;
    }
  }
  auto& dropped = publish_dropped_;
  dropped.inc();
  const auto count = dropped.value();
  if (count >= dropped_logged_.load() * 2) {  // log the 1st, 2nd, 4th, 8th... drop
    dropped_logged_ = count;
    spdlog::warn("bus: publish queue full ({} jobs); {} events dropped so far", max_queued, count);
  }
  return false;
}

void redis_commands::submit(std::vector<std::string> argv, completion done) {
  {
    std::lock_guard lock(mutex_);
    if (queue_.size() < max_queued && !stopping_) {
      queue_.push_back({std::move(argv), std::move(done)});
      wake_.notify_one();
      return;
    }
  }
  metrics_.bus_events.with(R"(what="command_dropped")").inc();
  done(std::nullopt);
}

bool redis_commands::connected() {
  if (connection_) return true;
  const auto now = std::chrono::steady_clock::now();
  if (now < next_attempt_) return false;
  try {
    connection_ = std::make_unique<redis_connection>(where_, redis_io_timeout);
    backoff_ = std::chrono::milliseconds(100);
    spdlog::info("bus: publisher connected to redis {}:{}", where_.host, where_.port);
    return true;
  } catch (const redis_error& e) {
    spdlog::warn("bus: publisher: {} (retrying in {} ms)", e.what(), backoff_.count());
    next_attempt_ = now + backoff_;
    backoff_ = std::min(backoff_ * 2, redis_max_backoff);
    return false;
  }
}

void redis_commands::execute(job& j) {
  std::optional<command_reply> out;
  // Two tries: a connection that broke since the last command (Redis
  // restarted) is replaced at once rather than failing the command.
  for (int attempt = 0; attempt < 2 && !out && connected(); ++attempt) {
    try {
      auto r = connection_->command(j.argv);
      out.emplace();
      out->error = reply_view::is_error(*r);
      out->integer = reply_view::integer(*r);
      out->text = reply_view::text(*r);
      out->items = reply_view::strings(*r);
      if (out->error) spdlog::warn("bus: redis {}: {}", j.argv.front(), out->text);
    } catch (const redis_error& e) {
      spdlog::warn("bus: publisher lost redis: {}", e.what());
      connection_.reset();
      next_attempt_ = attempt == 0 ? std::chrono::steady_clock::now() : std::chrono::steady_clock::now() + backoff_;
    }
  }
  if (j.done) {
    j.done(std::move(out));
  } else {
    (out ? published_ : publish_failed_).inc();
  }
}

void redis_commands::run() {
  for (;;) {
    job j;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, nothing left
      j = std::move(queue_.front());
      queue_.pop_front();
    }
    execute(j);
  }
}

}  // namespace natter::bus
