#pragma once
// core::mailer for natterd: a bounded queue and one worker thread that hands
// each mail to a transport, trying again after 1, 4, 16 and 64 s when the
// transport fails, then giving the mail up (logged). A full queue refuses new
// mail at once; nothing waits on a mail server but the worker.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

#include "core/mailer.hpp"
#include "mail/transport.hpp"

namespace natter::mail {

class mail_queue final : public core::mailer {
 public:
  mail_queue(std::unique_ptr<mail_transport> transport, std::size_t capacity = 1000);
  // Stops the worker; mail still queued is dropped (and counted in the log).
  ~mail_queue() override;
  mail_queue(const mail_queue&) = delete;
  mail_queue& operator=(const mail_queue&) = delete;

  bool send(core::mail m) override;
  // Mail waiting to be sent, for the metrics. Any thread.
  std::size_t queued() const;

 private:
  void run();
  // Delivers m, with retries; false when stopping cut it short.
  bool deliver(const core::mail& m);

  std::unique_ptr<mail_transport> transport_;
  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<core::mail> queue_;
  bool stopping_ = false;
  std::thread worker_;  // last: starts once the rest exists
};

}  // namespace natter::mail
