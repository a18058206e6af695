// Threads (docs/protocol.md, "Threads"): the thread object of a root
// message, thread.history and thread.read, and the thread reply.

#include "protocol/frame_json.hpp"
#include "protocol/json_read.hpp"
#include "protocol/json_write.hpp"

namespace natter::protocol {

namespace {

constexpr std::int64_t max_thread_history_limit = 100;

}  // namespace

status read_fields(const json_object& o, thread_info& v) {
  field_reader in(o);
  in.required("replies", v.replies)
      .required("last_reply_seq", v.last_reply_seq)
      .required("last_reply_ts", v.last_reply_ts)
      .required("unread", v.unread);
  return std::move(in).finish();
}

void write_fields(json_object& o, const thread_info& v) {
  put(o, "replies", v.replies);
  put(o, "last_reply_seq", v.last_reply_seq);
  put(o, "last_reply_ts", v.last_reply_ts);
  put(o, "unread", v.unread);
}

status read_fields(const json_object& o, thread_history_request& v) {
  // Read wide so that 10^12 is an out-of-range limit, not a malformed one.
  std::optional<std::int64_t> limit;
  field_reader in(o);
  in.required("conversation_id", v.conversation)
      .required("thread_id", v.thread_id)
      .optional("before_seq", v.before_seq)
      .optional("limit", limit);
  if (in.failed() || !limit) return std::move(in).finish();
  if (*limit < 1 || *limit > max_thread_history_limit) return validation_error("limit", "Between 1 and 100.");
  v.limit = static_cast<int>(*limit);
  return ok;
}

void write_fields(json_object& o, const thread_history_request& v) {
  put(o, "conversation_id", v.conversation);
  put(o, "thread_id", v.thread_id);
  put_present(o, "before_seq", v.before_seq);
  put(o, "limit", v.limit);
}

status read_fields(const json_object& o, thread_read_request& v) {
  field_reader in(o);
  in.required("conversation_id", v.conversation).required("thread_id", v.thread_id).required("seq", v.seq);
  return std::move(in).finish();
}

void write_fields(json_object& o, const thread_read_request& v) {
  put(o, "conversation_id", v.conversation);
  put(o, "thread_id", v.thread_id);
  put(o, "seq", v.seq);
}

status read_fields(const json_object& o, thread_reply& v) {
  field_reader in(o);
  in.required("root", v.root)
      .required("replies", v.replies)
      .required("has_more", v.has_more)
      .required("read_seq", v.read_seq);
  return std::move(in).finish();
}

void write_fields(json_object& o, const thread_reply& v) {
  put(o, "root", v.root);
  put(o, "replies", v.replies);
  put(o, "has_more", v.has_more);
  put(o, "read_seq", v.read_seq);
}

}  // namespace natter::protocol
