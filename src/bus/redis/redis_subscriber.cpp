#include "bus/redis/redis_subscriber.hpp"

#include <fcntl.h>
#include <hiredis.h>
#include <poll.h>

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <charconv>
#include <vector>

namespace natter::bus {

namespace {
constexpr std::size_t channels_per_command = 512;

class lost : public std::runtime_error {
 public:
  lost() : std::runtime_error("resubscribe") {}
};
}  // namespace

redis_subscriber::redis_subscriber(redis_endpoint where, message_handler on_message, reconnect_handler on_reconnected)
    : where_(std::move(where)), on_message_(std::move(on_message)), on_reconnected_(std::move(on_reconnected)) {
  if (::pipe2(wake_, O_NONBLOCK | O_CLOEXEC) != 0) throw std::runtime_error("bus: pipe failed");
  thread_ = std::thread([this] { run(); });
}

redis_subscriber::~redis_subscriber() {
  stop();
  ::close(wake_[0]);
  ::close(wake_[1]);
}

void redis_subscriber::stop() {
  stopping_ = true;
  const char byte = 's';
  [[maybe_unused]] auto n = ::write(wake_[1], &byte, 1);
  if (thread_.joinable()) thread_.join();
}

void redis_subscriber::push(op o) {
  {
    std::lock_guard lock(mutex_);
    if (pending_.size() >= max_pending) {
      overflowed_ = true;  // the thread starts over from wanted_
    } else {
      pending_.push_back(std::move(o));
    }
  }
  const char byte = 'w';
  [[maybe_unused]] auto n = ::write(wake_[1], &byte, 1);  // a full pipe already wakes the thread
}

void redis_subscriber::subscribe(const std::string& channel) {
  {
    std::lock_guard lock(mutex_);
    if (!wanted_.insert(channel).second) return;
  }
  push({op::subscribe, channel});
}

void redis_subscriber::unsubscribe(const std::string& channel) {
  {
    std::lock_guard lock(mutex_);
    if (wanted_.erase(channel) == 0) return;
  }
  push({op::unsubscribe, channel});
}

void redis_subscriber::barrier(std::function<void()> done) {
  std::uint64_t token = 0;
  {
    std::lock_guard lock(mutex_);
    token = next_barrier_++;
    barriers_.emplace(token, std::move(done));
  }
  push({op::barrier, std::to_string(token)});
}

void redis_subscriber::run() {
  auto backoff = std::chrono::milliseconds(100);
  bool reconnecting = false;
  while (!stopping_) {
    try {
      redis_connection c(where_, redis_io_timeout);
      backoff = std::chrono::milliseconds(100);
      spdlog::info("bus: subscriber connected to redis {}:{}", where_.host, where_.port);
      const bool again = reconnecting;
      reconnecting = true;
      session(c, again);
    } catch (const redis_error& e) {
      if (stopping_) return;
      spdlog::warn("bus: subscriber: {} (retrying in {} ms)", e.what(), backoff.count());
      reconnecting = true;
    } catch (const lost&) {
      continue;  // the pending queue overflowed: start over from wanted_
    }
    wait_before_retry(backoff);
    backoff = std::min(backoff * 2, redis_max_backoff);
  }
}

// Sleeps for the backoff; only stop() ends it early. Wake-ups written by
// subscribe() and friends meanwhile are drained: what they ask for is in
// wanted_ and pending_, which the next session reads from the start.
void redis_subscriber::wait_before_retry(std::chrono::milliseconds backoff) {
  const auto deadline = std::chrono::steady_clock::now() + backoff;
  while (!stopping_) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return;
    pollfd pipe{wake_[0], POLLIN, 0};
    if (::poll(&pipe, 1, static_cast<int>(left.count())) <= 0) continue;
    char drain[64];
    while (::read(wake_[0], drain, sizeof drain) > 0) {
    }
  }
}

// One connection's life: subscribe to everything wanted, then serve.
void redis_subscriber::session(redis_connection& c, bool reconnected) {
  std::vector<std::string> batch{"SUBSCRIBE"};
  std::vector<std::uint64_t> barriers;
  {
    std::lock_guard lock(mutex_);
    // After a reconnection the owner repairs once everything is subscribed again.
    if (reconnected && on_reconnected_) barriers_.emplace(next_barrier_++, on_reconnected_);
    pending_.clear();
    overflowed_ = false;
    for (const auto& ch : wanted_) {
      batch.push_back(ch);
      if (batch.size() > channels_per_command) {
        c.append(batch);
        batch.resize(1);
      }
    }
    for (const auto& [token, done] : barriers_) barriers.push_back(token);
  }
  if (batch.size() > 1) c.append(batch);
  // Barriers still waiting from a previous connection are answered after the
  // resubscription.
  for (auto token : barriers) c.append({"PING", std::to_string(token)});
  c.flush();

  char drain[256];
  while (!stopping_) {
    pollfd fds[2] = {{c.fd(), POLLIN, 0}, {wake_[0], POLLIN, 0}};
    if (::poll(fds, 2, 1000) < 0 && errno != EINTR) throw redis_error("poll failed");
    if (fds[1].revents & POLLIN) {
      while (::read(wake_[0], drain, sizeof drain) > 0) {
      }
      std::deque<op> ops;
      {
        std::lock_guard lock(mutex_);
        if (overflowed_) throw lost();
        ops.swap(pending_);
      }
      for (const auto& o : ops) {
        if (o.what == op::subscribe) c.append({"SUBSCRIBE", o.channel});
        if (o.what == op::unsubscribe) c.append({"UNSUBSCRIBE", o.channel});
        if (o.what == op::barrier) c.append({"PING", o.channel});
      }
      c.flush();
    }
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      c.read_available();
      while (auto r = c.next_reply()) on_reply(c, *r);
    }
  }
}

void redis_subscriber::on_reply(redis_connection&, const redisReply& r) {
  if (r.type != REDIS_REPLY_ARRAY || r.elements < 2) return;
  const std::string kind = reply_view::text(*r.element[0]);
  if (kind == "message" && r.elements == 3) {
    on_message_(reply_view::text(*r.element[1]), reply_view::text(*r.element[2]));
  } else if (kind == "pong") {
    std::function<void()> done;
    {
      std::lock_guard lock(mutex_);
      const std::string text = reply_view::text(*r.element[1]);
      std::uint64_t token = 0;  // stays 0 (no such barrier) when the text is no number
      std::from_chars(text.data(), text.data() + text.size(), token);
      auto it = barriers_.find(token);
      if (it == barriers_.end()) return;
      done = std::move(it->second);
      barriers_.erase(it);
    }
    done();
  }
}

}  // namespace natter::bus
