#include "client/outbox.hpp"

#include <algorithm>
#include <cstdio>
#include <random>

namespace natter::client {

namespace {

std::string random_prefix() {
  std::random_device device;
  const std::uint64_t bits = (std::uint64_t{device()} << 32) | device();
  char text[24];
  std::snprintf(text, sizeof text, "c%016llx-", static_cast<unsigned long long>(bits));
  return text;
}

}  // namespace

outbox::outbox(std::size_t limit, std::string id_prefix)
    : limit_(limit), id_prefix_(id_prefix.empty() ? random_prefix() : std::move(id_prefix)) {}

std::optional<protocol::send_request> outbox::add(protocol::send_request request, completion done) {
  if (entries_.size() >= limit_) return std::nullopt;
  if (request.client_msg_id.empty()) request.client_msg_id = id_prefix_ + std::to_string(++next_id_);
  entries_.push_back({request, std::move(done)});
  return request;
}

std::optional<outbox::completion> outbox::take(const std::string& client_msg_id) {
  auto it = std::find_if(entries_.begin(), entries_.end(),
                         [&](const entry& e) { return e.request.client_msg_id == client_msg_id; });
  if (it == entries_.end()) return std::nullopt;
  completion done = std::move(it->done);
  entries_.erase(it);
  return done;
}

std::vector<protocol::send_request> outbox::pending() const {
  std::vector<protocol::send_request> out;
  out.reserve(entries_.size());
  for (const auto& e : entries_) out.push_back(e.request);
  return out;
}

void outbox::fail_all(const failure& why) {
  auto entries = std::exchange(entries_, {});
  for (auto& e : entries) {
    if (e.done) e.done(why);
  }
}

}  // namespace natter::client
