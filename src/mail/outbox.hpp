#pragma once
// The default mail transport: each mail becomes an .eml file in a directory
// (<data dir>/outbox), written to a temporary name and renamed, and its
// subject is logged. A single node works with no mail server, and the
// operator sees what would have been sent.

#include <filesystem>
#include <string>

#include "common/clock.hpp"
#include "mail/transport.hpp"

namespace natter::mail {

class outbox final : public mail_transport {
 public:
  outbox(std::filesystem::path dir, std::string from, const clock& clock);
  void deliver(const core::mail& m) override;

 private:
  std::filesystem::path dir_;
  std::string from_;
  const clock& clock_;
};

}  // namespace natter::mail
