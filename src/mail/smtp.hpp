#pragma once
// Mail through an SMTP server with libcurl: --smtp-url
// smtp://host:25, smtp://user:pass@host:587 (STARTTLS when the server offers
// it; required with smtps-like strictness only for smtps://) or
// smtps://user:pass@host:465.

#include <string>

#include "common/clock.hpp"
#include "mail/transport.hpp"

namespace natter::mail {

class smtp final : public mail_transport {
 public:
  // Throws std::runtime_error when url is not an smtp:// or smtps:// URL.
  smtp(std::string url, std::string from, const clock& clock);
  void deliver(const core::mail& m) override;

 private:
  std::string url_;
  std::string from_;
  const clock& clock_;
};

}  // namespace natter::mail
