#include "core/device_messages.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "core/key_signatures.hpp"

namespace natter::core {

namespace asio = boost::asio;

namespace {

status check_messages(const protocol::to_device_send_request& r, const device_message_limits& limits) {
  if (r.messages.empty() || r.messages.size() > static_cast<std::size_t>(limits.max_per_request)) {
    return validation_error("messages", "1 to " + std::to_string(limits.max_per_request) + " messages.");
  }
  for (const auto& m : r.messages) {
    if (!is_key_name(m.device_id)) return validation_error("messages.device_id", "1 to 32 of A-Z a-z 0-9 _ -.");
    if (m.sealed.json.size() > static_cast<std::size_t>(limits.max_envelope_bytes)) {
      return error(errc::message_too_long,
                   "An envelope is at most " + std::to_string(limits.max_envelope_bytes) + " bytes.",
                   "messages.envelope");
    }
  }
  return ok;
}

// What a send stored, and the events to push once it committed.
struct sent_messages {
  protocol::to_device_send_reply reply;
  std::vector<std::pair<store::user_id, protocol::to_device_event>> events;
};

}  // namespace

device_messages::device_messages(store::database& db, event_sink& sink, const clock& clock,
                                 device_message_limits limits)
    : db_(db), sink_(sink), clock_(clock), limits_(limits), sends_(limits.sends, clock) {}

asio::awaitable<result<protocol::to_device_send_reply>> device_messages::send(caller who, std::string session,
                                                                              protocol::to_device_send_request r) {
  if (session.empty()) co_return errc::forbidden;
  if (auto s = check_messages(r, limits_); !s) co_return std::move(s).err();
  if (auto wait = sends_.acquire(std::to_string(who.id))) co_return rate_limited_error(*wait);
  const unix_ms now = clock_.now_ms();
  auto job = [this, who, session = std::move(session), r = std::move(r),
              now](store::store& s) -> result<sent_messages> {
    const auto mine = s.device_of_session(session);
    if (!mine) return error(errc::forbidden, "This session has no device: upload its keys first (keys.upload).");
    const auto audience = s.profile_audience(who.id, limits_.max_audience);
    std::set<store::user_id> writable(audience.begin(), audience.end());
    writable.insert(who.id);
    sent_messages out;
    for (const auto& m : r.messages) {
      const protocol::device_ref to{m.user_id, m.device_id};
      if (!writable.contains(m.user_id)) {
        out.reply.missing.push_back(to);
        continue;
      }
      store::to_device_record rec{0, m.user_id, m.device_id, who.id, mine->device_id, m.sealed.json, now};
      const auto queued = s.queue_to_device(rec, limits_.max_queued);
      switch (queued.outcome) {
        case store::to_device_outcome::no_device:
          out.reply.missing.push_back(to);
          break;
        case store::to_device_outcome::full:
          out.reply.full.push_back(to);
          break;
        case store::to_device_outcome::queued:
          ++out.reply.queued;
          out.events.emplace_back(m.user_id, protocol::to_device_event{queued.id, m.device_id, who.id, mine->device_id,
                                                                       std::move(rec.envelope)});
          break;
      }
    }
    return out;
  };
  auto after = [this](const result<sent_messages>& o) {
    for (const auto& [user, event] : o->events) sink_.to_users({user}, event);
  };
  auto done = co_await db_.write(std::move(job), std::move(after));
  if (!done) co_return std::move(done).err();
  co_return std::move(done->reply);
}

asio::awaitable<result<protocol::to_device_list_reply>> device_messages::list(caller who, std::string session,
                                                                              protocol::to_device_list_request r) {
  if (r.limit < 1 || r.limit > 100) co_return validation_error("limit", "1 to 100.");
  if (session.empty()) co_return errc::forbidden;
  const int limit = r.limit;
  auto job = [who, session = std::move(session), after = r.after,
              limit](store::store& s) -> result<protocol::to_device_list_reply> {
    const auto mine = s.device_of_session(session);
    if (!mine || mine->user != who.id) return error(errc::forbidden, "This session has no device.");
    auto rows = s.to_device_after(who.id, mine->device_id, after, limit + 1);
    protocol::to_device_list_reply out;
    out.has_more = rows.size() > static_cast<std::size_t>(limit);
    if (out.has_more) rows.pop_back();
    for (auto& m : rows) {
      out.messages.push_back(
          {m.id, std::move(m.recipient_device), m.sender, std::move(m.sender_device), std::move(m.envelope)});
    }
    return out;
  };
  co_return co_await db_.read(std::move(job));
}

asio::awaitable<status> device_messages::ack(caller who, std::string session, protocol::to_device_ack_request r) {
  if (session.empty()) co_return errc::forbidden;
  auto job = [who, session = std::move(session), up_to = r.up_to](store::store& s) -> result<int> {
    const auto mine = s.device_of_session(session);
    if (!mine || mine->user != who.id) return error(errc::forbidden, "This session has no device.");
    return s.remove_to_device(who.id, mine->device_id, up_to);
  };
  auto done = co_await db_.write(std::move(job));
  if (!done) co_return std::move(done).err();
  co_return ok;
}

}  // namespace natter::core
