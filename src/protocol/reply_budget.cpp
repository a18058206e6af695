#include "protocol/reply_budget.hpp"

#include <boost/json/serializer.hpp>

#include "protocol/frame_json.hpp"
#include "protocol/json_arena.hpp"
#include "protocol/json_write.hpp"

namespace natter::protocol {
namespace {

static_assert(hello_limits{}.max_reply_bytes == static_cast<std::int64_t>(max_reply_bytes),
              "hello announces the bound");

// The length of v's JSON text, without keeping the text.
std::size_t encoded_length(const boost::json::value& v) {
  boost::json::serializer sr;
  sr.reset(&v);
  char chunk[4096];
  std::size_t n = 0;
  while (!sr.done()) n += sr.read(chunk, sizeof chunk).size();
  return n;
}

template <class T>
std::size_t encoded_length_of(const T& piece) {
  json_arena arena;
  return encoded_length(to_json(piece, arena.storage()));
}

}  // namespace

bool reply_budget::take_bytes(std::size_t n) {
  n += 1;  // the comma that separates it from the piece before
  if (n > left_) return false;
  left_ -= n;
  return true;
}

bool reply_budget::take(const log_event& e) {
  return take_bytes(encoded_length_of(e));
}

bool reply_budget::take(const receipt_event& r) {
  return take_bytes(encoded_length_of(r));
}

bool reply_budget::take(const presence_event& p) {
  return take_bytes(encoded_length_of(p));
}

bool reply_budget::take(const pinned_message& p) {
  return take_bytes(encoded_length_of(p));
}

bool reply_budget::take_entry(const sync_conversation& c) {
  sync_conversation bare{c.conversation, c.last_seq, false, {}};
  return take_bytes(encoded_length_of(bare));
}

}  // namespace natter::protocol
