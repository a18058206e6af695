#include "delivery/memory_link.hpp"

#include <algorithm>
#include <utility>

namespace natter::delivery {

std::unique_ptr<memory_link> memory_network::link() {
  return std::make_unique<memory_link>(*this);
}

void memory_network::attach(memory_link* l) {
  std::lock_guard lock(mutex_);
  links_.push_back(l);
}

void memory_network::detach(memory_link* l) {
  std::lock_guard lock(mutex_);
  std::erase(links_, l);
}

void memory_network::hold(bool on) {
  std::lock_guard lock(mutex_);
  held_ = on;
  if (on) return;
  for (const auto& p : waiting_) deliver(p);
  waiting_.clear();
}

std::size_t memory_network::waiting() const {
  std::lock_guard lock(mutex_);
  return waiting_.size();
}

std::size_t memory_network::lost() const {
  std::lock_guard lock(mutex_);
  return lost_;
}

void memory_network::release_all() {
  std::lock_guard lock(mutex_);
  for (const auto& p : waiting_) deliver(p);
  waiting_.clear();
}

void memory_network::release_shuffled(std::mt19937_64& rng, unsigned drop_one_in) {
  std::lock_guard lock(mutex_);
  std::vector<publication> batch(std::make_move_iterator(waiting_.begin()), std::make_move_iterator(waiting_.end()));
  waiting_.clear();
  std::shuffle(batch.begin(), batch.end(), rng);
  for (const auto& p : batch) {
    if (drop_one_in > 0 && rng() % drop_one_in == 0) {
      ++lost_;
      continue;
    }
    deliver(p);
  }
}

void memory_network::apply_subscriptions() {
  std::vector<std::function<void()>> released;
  {
    std::lock_guard lock(mutex_);
    for (auto* l : links_) {
      auto done = l->apply_pending();
      released.insert(released.end(), done.begin(), done.end());
    }
  }
  for (auto& done : released) done();
}

void memory_network::publish(publication p) {
  std::lock_guard lock(mutex_);
  if (held_) {
    waiting_.push_back(std::move(p));
    return;
  }
  deliver(p);
}

// Under mutex_.
void memory_network::deliver(const publication& p) {
  for (auto* l : links_) {
    if (!l->receive(p.channel, p.payload)) ++lost_;
  }
}

memory_link::memory_link(memory_network& network) : network_(network) {
  network_.attach(this);
}

memory_link::~memory_link() {
  stop();
  network_.detach(this);
}

void memory_link::start(handlers h) {
  std::lock_guard lock(mutex_);
  handlers_ = std::move(h);
}

void memory_link::publish(const std::string& channel, std::string payload) {
  {
    std::lock_guard lock(mutex_);
    if (stopped_) return;
  }
  network_.publish({channel, std::move(payload)});
}

void memory_link::subscribe(const std::string& channel) {
  std::lock_guard lock(mutex_);
  if (network_.delay_subscriptions_) {
    pending_.insert(channel);
  } else {
    channels_.insert(channel);
  }
}

void memory_link::unsubscribe(const std::string& channel) {
  std::lock_guard lock(mutex_);
  channels_.erase(channel);
  pending_.erase(channel);
}

void memory_link::barrier(std::function<void()> done) {
  {
    std::lock_guard lock(mutex_);
    if (!pending_.empty()) {
      waiting_barriers_.push_back(std::move(done));
      return;
    }
  }
  done();
}

std::vector<std::function<void()>> memory_link::apply_pending() {
  std::lock_guard lock(mutex_);
  channels_.insert(pending_.begin(), pending_.end());
  pending_.clear();
  return std::exchange(waiting_barriers_, {});
}

void memory_link::stop() {
  std::lock_guard network_lock(network_.mutex_);  // no delivery under way
  std::lock_guard lock(mutex_);
  stopped_ = true;
}

void memory_link::cut_off() {
  std::lock_guard lock(mutex_);
  cut_off_ = true;
}

void memory_link::reconnect() {
  std::function<void()> reconnected;
  {
    std::lock_guard lock(mutex_);
    if (!cut_off_ || stopped_) return;
    cut_off_ = false;
    reconnected = handlers_.on_reconnected;
  }
  if (reconnected) reconnected();
}

// Under the network's lock.
bool memory_link::receive(const std::string& channel, const std::string& payload) {
  std::function<void(std::string, std::string)> on_message;
  {
    std::lock_guard lock(mutex_);
    if (stopped_ || !channels_.contains(channel)) return true;  // not for this node
    if (cut_off_) return false;
    on_message = handlers_.on_message;
  }
  if (on_message) on_message(channel, payload);
  return true;
}

}  // namespace natter::delivery
