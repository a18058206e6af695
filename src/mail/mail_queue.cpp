#include "mail/mail_queue.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <stdexcept>

namespace natter::mail {

mail_queue::mail_queue(std::unique_ptr<mail_transport> transport, std::size_t capacity)
    : transport_(std::move(transport)), capacity_(capacity), worker_([this] { run(); }) {}

mail_queue::~mail_queue() {
  std::size_t dropped = 0;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    dropped = queue_.size();
  }
  wake_.notify_all();
  worker_.join();
  if (dropped > 0) spdlog::warn("{} mail(s) not sent: natterd stopped first", dropped);
}

std::size_t mail_queue::queued() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

bool mail_queue::send(core::mail m) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= capacity_) {
      spdlog::warn("mail queue full ({}): a mail was dropped, subject \"{}\"", capacity_, m.subject);
      return false;
    }
    queue_.push_back(std::move(m));
  }
  wake_.notify_one();
  return true;
}

void mail_queue::run() {
  for (;;) {
    core::mail next;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      next = std::move(queue_.front());
      queue_.pop_front();
    }
    if (!deliver(next)) return;
  }
}

bool mail_queue::deliver(const core::mail& m) {
  std::chrono::seconds wait{1};
  for (int attempt = 1;; ++attempt) {
    try {
      transport_->deliver(m);
      return true;
    } catch (const std::exception& e) {
      if (attempt == 5) {
        spdlog::error("mail given up after {} attempts, subject \"{}\": {}", attempt, m.subject, e.what());
        return true;
      }
      spdlog::warn("mail not sent (attempt {}), trying again in {} s: {}", attempt, wait.count(), e.what());
    }
    std::unique_lock lock(mutex_);
    if (wake_.wait_for(lock, wait, [this] { return stopping_; })) return false;
    wait *= 4;
  }
}

}  // namespace natter::mail
