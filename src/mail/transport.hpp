#pragma once
// Where a queued mail goes: an SMTP server, or the outbox directory.

#include <string>

#include "core/mailer.hpp"

namespace natter::mail {

class mail_transport {
 public:
  virtual ~mail_transport() = default;
  // Delivers m (from the queue's worker thread). Throws std::runtime_error
  // when it could not: the queue tries again later.
  virtual void deliver(const core::mail& m) = 0;
};

// m as an RFC 5322 message with CRLF line ends: Date, From, To, Subject,
// Message-ID, and a UTF-8 plain-text body. Header values lose any CR and LF.
std::string rfc5322(const core::mail& m, const std::string& from, long long now_ms);

}  // namespace natter::mail
