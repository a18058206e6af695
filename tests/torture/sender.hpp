#pragma once
// A member sending `count` messages into a conversation with up to `window`
// of them in flight, on its own thread. A send that fails (the server
// refused it, or its session was stopped) is sent again with the same
// client_msg_id until it is acknowledged: the application's half of "no
// acknowledged message is lost, none is stored twice".

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "torture/ledger.hpp"
#include "torture/member.hpp"

namespace natter::torture {

struct send_plan {
  conversation_id conversation = 0;
  int count = 0;
  int window = 8;
  std::size_t text_chars = 120;
};

class sender {
 public:
  // Starts sending at once.
  sender(member& from, ledger& book, send_plan plan);
  // Gives up what is not acknowledged yet and joins.
  ~sender();
  sender(const sender&) = delete;
  sender& operator=(const sender&) = delete;

  // Waits until every send is acknowledged; false at the deadline.
  bool wait_done(std::chrono::steady_clock::time_point deadline);

  // The client_msg_id and text of send i (the same on every retry).
  static std::string client_msg_id(const std::string& member, int i);
  static std::string text(const std::string& member, int i, std::size_t chars);

 private:
  struct completion {
    int index = 0;
    client::outcome<protocol::message_reply> result;
  };
  // Shared with the sessions' callbacks, which may outlive the sender.
  struct mailbox {
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<completion> completions;
    int acked = 0;
    bool quit = false;
  };
  void run();
  void issue(int index);
  bool next_completion(completion& out);

  member& from_;
  ledger& ledger_;
  send_plan plan_;
  std::shared_ptr<mailbox> box_ = std::make_shared<mailbox>();
  std::thread thread_;
};

}  // namespace natter::torture
