#include "torture/sender.hpp"

namespace natter::torture {

namespace {

// Between a refusal and the retry (the store is down or full: no hot loop).
constexpr auto retry_pause = std::chrono::milliseconds(20);

}  // namespace

sender::sender(member& from, ledger& book, send_plan plan)
    : from_(from), ledger_(book), plan_(plan), thread_([this] { run(); }) {}

sender::~sender() {
  {
    std::lock_guard lock(box_->mutex);
    box_->quit = true;
  }
  box_->changed.notify_all();
  thread_.join();
}

std::string sender::client_msg_id(const std::string& member, int i) {
  return member + "-" + std::to_string(i);
}

std::string sender::text(const std::string& member, int i, std::size_t chars) {
  std::string t = member + " says " + std::to_string(i) + " ";
  while (t.size() < chars) t += "lorem ipsum dolor sit amet ";
  t.resize(chars);
  return t;
}

bool sender::wait_done(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(box_->mutex);
  return box_->changed.wait_until(lock, deadline, [this] { return box_->acked >= plan_.count; });
}

void sender::issue(int index) {
  protocol::send_request r;
  r.conversation = plan_.conversation;
  r.client_msg_id = client_msg_id(from_.name(), index);
  r.text = text(from_.name(), index, plan_.text_chars);
  ledger_.sent(r.client_msg_id, plan_.conversation);
  from_.send(std::move(r), [box = box_, index](client::outcome<protocol::message_reply> result) {
    {
      std::lock_guard lock(box->mutex);
      box->completions.push_back({index, std::move(result)});
    }
    box->changed.notify_all();
  });
}

// The next completion; false when told to quit.
bool sender::next_completion(completion& out) {
  std::unique_lock lock(box_->mutex);
  box_->changed.wait(lock, [this] { return box_->quit || !box_->completions.empty(); });
  if (box_->quit) return false;
  out = std::move(box_->completions.front());
  box_->completions.pop_front();
  return true;
}

void sender::run() {
  int next = 0;
  int in_flight = 0;
  int acked = 0;
  while (acked < plan_.count) {
    while (in_flight < plan_.window && next < plan_.count) {
      issue(next++);
      ++in_flight;
    }
    completion c{0, client::failure::local("NONE", "")};
    if (!next_completion(c)) return;
    if (c.result) {
      ledger_.acknowledged(c.result->msg);
      --in_flight;
      ++acked;
      std::lock_guard lock(box_->mutex);
      box_->acked = acked;
      box_->changed.notify_all();
      continue;
    }
    ledger_.refused(client_msg_id(from_.name(), c.index), c.result.error().code);
    if (c.result.error().what == client::failure::kind::refused) {
      std::unique_lock lock(box_->mutex);
      if (box_->changed.wait_for(lock, retry_pause, [this] { return box_->quit; })) return;
    }
    issue(c.index);
  }
}

}  // namespace natter::torture
