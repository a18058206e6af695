#pragma once
// Mail to users (password resets, notices), sent without blocking the caller:
// an implementation queues it, bounded, for a worker of its own (src/mail/).

#include <string>

namespace natter::core {

struct mail {
  std::string to;  // one address, checked by validate_email
  std::string subject;
  std::string text;  // plain text, UTF-8
};

class mailer {
 public:
  virtual ~mailer() = default;
  // Queues m; false when the queue is full (then m is dropped, and logged).
  virtual bool send(mail m) = 0;
};

}  // namespace natter::core
