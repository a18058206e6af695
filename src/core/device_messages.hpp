#pragma once
// Device-to-device messages for end-to-end encryption (docs/protocol.md,
// "End-to-end encryption: device messages"): Olm envelopes from the device
// of the caller's session to other devices (group keys, key requests), kept
// by the store until the recipient device acknowledges them, and pushed to
// the recipient's sessions live, on every node (event_sink).
//
// A device may write to its own user's other devices and to the devices of
// the people it may read the keys of (store::profile_audience); to anyone
// else the reply says "missing", as for a device that does not exist.

#include <boost/asio/awaitable.hpp>
#include <string>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "core/event_sink.hpp"
#include "core/rate_limiter.hpp"
#include "core/views.hpp"
#include "store/database.hpp"

namespace natter::core {

struct device_message_limits {
  int max_per_request = 100;           // messages in one to_device.send
  int max_envelope_bytes = 16 * 1024;  // one envelope, as compact JSON; over: MESSAGE_TOO_LONG
  int max_queued = 1000;               // per recipient device; over: the device is reported "full"
  int max_audience = 10000;            // whom a device may write to
  rate_limit sends{60, 60};            // to_device.send per user: 60 at once, then 60 a minute
};

class device_messages {
 public:
  device_messages(store::database& db, event_sink& sink, const clock& clock, device_message_limits limits = {});

  // Errors: forbidden (the caller's session has no device), validation_failed
  // (messages over the cap, a device id), message_too_long, rate_limited.
  boost::asio::awaitable<result<protocol::to_device_send_reply>> send(caller who, std::string session,
                                                                      protocol::to_device_send_request r);
  // The session's device's messages after r.after. Errors: forbidden, validation_failed (limit).
  boost::asio::awaitable<result<protocol::to_device_list_reply>> list(caller who, std::string session,
                                                                      protocol::to_device_list_request r);
  // Removes the session's device's messages up to r.up_to. Errors: forbidden.
  boost::asio::awaitable<status> ack(caller who, std::string session, protocol::to_device_ack_request r);

 private:
  store::database& db_;
  event_sink& sink_;
  const clock& clock_;
  device_message_limits limits_;
  rate_limiter sends_;
};

}  // namespace natter::core
