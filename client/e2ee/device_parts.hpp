#pragma once
// The group sessions a device holds: device.cpp uses them, device_state.cpp
// saves and restores them. Private to client/e2ee.

#include <cstdint>
#include <map>
#include <string>

#include "client/e2ee/device.hpp"
#include "client/e2ee/olm_objects.hpp"

namespace natter::client::e2ee {

struct device::group_out {
  megolm_outbound session;
  std::string first_key;  // the session key at index 0: what members get
  unix_ms created = 0;
  std::uint32_t sent = 0;
  bool needs_share = true;
  bool retired = false;
};

struct device::group_in {
  megolm_inbound session;
  conversation_id conversation = 0;
  user_id owner = 0;
  std::string owner_device;
  std::map<std::uint32_t, std::int64_t> seen;  // message index -> the message id it opened
};

}  // namespace natter::client::e2ee
