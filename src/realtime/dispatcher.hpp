#pragma once
// Runs one authenticated request: decode is done, this is authorize -> one
// core call -> encode. auth and sync belong to the session and are not here.

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>

#include "core/chats.hpp"
#include "core/contacts.hpp"
#include "core/conversations.hpp"
#include "core/device_messages.hpp"
#include "core/e2ee_backup.hpp"
#include "core/e2ee_keys.hpp"
#include "core/presence.hpp"
#include "core/reactions.hpp"
#include "core/receipts.hpp"

namespace natter::realtime {

struct services {
  core::chats& chats;
  core::receipts& receipts;
  core::presence& presence;
  core::conversations& conversations;
  core::contacts& contacts;
  core::reactions& reactions;
  core::e2ee_keys& keys;
  core::device_messages& device_messages;
  core::e2ee_backup& backup;
};

// An encoded reply and the error it carries, if any (for the metrics).
struct reply_text {
  std::string text;  // empty: nothing more to send
  std::optional<errc> failure;
};

class dispatcher {
 public:
  explicit dispatcher(services s) : s_(s) {}

  // The encoded reply to req (ok or error), for the request id. session: the
  // caller's login session (refresh family, claim sid).
  boost::asio::awaitable<reply_text> dispatch(const core::caller& who, const std::string& session,
                                              const std::string& id, protocol::request req);

 private:
  services s_;
};

}  // namespace natter::realtime
