#include "core/e2ee_backup.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "protocol/frame_json.hpp"
#include "protocol/reply_budget.hpp"

namespace natter::core {

namespace asio = boost::asio;

namespace {

constexpr std::size_t max_backup_session_id_chars = 128;
// An entry in a keys.backup.get reply beyond its two strings:
// {"session_id":"","data":""} and the comma before it. Neither string needs
// escaping (both were checked at keys.backup.put).
constexpr std::size_t backup_entry_overhead = 32;

// A Megolm session id: 1 to 128 of base64's characters (standard or URL-safe).
bool is_backup_session_id(std::string_view s) noexcept {
  if (s.empty() || s.size() > max_backup_session_id_chars) return false;
  for (char c : s) {
    const bool fits = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
                      c == '/' || c == '=' || c == '_' || c == '-';
    if (!fits) return false;
  }
  return true;
}

status check_backup_entries(const protocol::keys_backup_put_request& r, const key_backup_limits& limits) {
  if (r.entries.empty() || r.entries.size() > static_cast<std::size_t>(limits.max_entries_per_put)) {
    return validation_error("entries", "1 to " + std::to_string(limits.max_entries_per_put) + " entries.");
  }
  for (const auto& e : r.entries) {
    if (!is_backup_session_id(e.session_id)) {
      return validation_error("entries.session_id", "1 to 128 characters of base64.");
    }
    if (e.data.size() > limits.max_entry_chars) {
      return validation_error("entries.data", "At most " + std::to_string(limits.max_entry_chars) + " characters.");
    }
    if (!protocol::is_base64(e.data)) return validation_error("entries.data", "Base64 of the sealed key.");
  }
  return ok;
}

error version_mismatch(std::int64_t current) {
  return error(errc::backup_version_mismatch,
               "The current key backup is version " + std::to_string(current) + ": read it with keys.backup.info.");
}

error no_backup() {
  return error(errc::not_found, "There is no key backup.");
}

}  // namespace

e2ee_backup::e2ee_backup(store::database& db, const clock& clock, key_backup_limits limits)
    : db_(db), clock_(clock), limits_(limits), puts_(limits.puts, clock), changes_(limits.changes, clock) {}

asio::awaitable<result<protocol::keys_backup_create_reply>> e2ee_backup::create(
    caller who, protocol::keys_backup_create_request r) {
  if (r.auth_data.size() > limits_.max_auth_data_chars) {
    co_return validation_error("auth_data",
                               "At most " + std::to_string(limits_.max_auth_data_chars) + " characters as JSON.");
  }
  if (auto wait = changes_.acquire(std::to_string(who.id))) co_return rate_limited_error(*wait);
  const unix_ms now = clock_.now_ms();
  auto job = [who, auth = std::move(r.auth_data), now](store::store& s) -> result<protocol::keys_backup_create_reply> {
    const auto version = s.create_key_backup(who.id, auth, now);
    s.append_audit_event(
        store::audit_event{0, now, who.id, "e2ee.backup_created", "", "version " + std::to_string(version)});
    return protocol::keys_backup_create_reply{version};
  };
  co_return co_await db_.write(std::move(job));
}

asio::awaitable<result<protocol::keys_backup_info_reply>> e2ee_backup::info(caller who) {
  auto job = [who](store::store& s) -> result<protocol::keys_backup_info_reply> {
    auto current = s.key_backup_of(who.id);
    if (!current) return no_backup();
    return protocol::keys_backup_info_reply{current->version, std::move(current->auth_data), current->count,
                                            current->etag};
  };
  co_return co_await db_.read(std::move(job));
}

asio::awaitable<status> e2ee_backup::remove(caller who, protocol::keys_backup_delete_request r) {
  if (auto wait = changes_.acquire(std::to_string(who.id))) co_return rate_limited_error(*wait);
  const unix_ms now = clock_.now_ms();
  auto job = [who, version = r.version, now](store::store& s) -> result<int> {
    if (!s.delete_key_backup(who.id, version)) {
      const auto current = s.key_backup_of(who.id);
      if (!current) return no_backup();
      return version_mismatch(current->version);
    }
    s.append_audit_event(
        store::audit_event{0, now, who.id, "e2ee.backup_deleted", "", "version " + std::to_string(version)});
    return 0;
  };
  auto done = co_await db_.write(std::move(job));
  if (!done) co_return std::move(done).err();
  co_return ok;
}

asio::awaitable<result<protocol::keys_backup_put_reply>> e2ee_backup::put(caller who,
                                                                          protocol::keys_backup_put_request r) {
  if (auto s = check_backup_entries(r, limits_); !s) co_return std::move(s).err();
  if (auto wait = puts_.acquire(std::to_string(who.id))) co_return rate_limited_error(*wait);
  std::vector<store::key_backup_entry_record> entries;
  entries.reserve(r.entries.size());
  for (auto& e : r.entries) entries.push_back({std::move(e.session_id), std::move(e.data)});
  auto job = [who, version = r.version, entries = std::move(entries),
              max = limits_.max_entries](store::store& s) -> result<protocol::keys_backup_put_reply> {
    const auto stored = s.put_key_backup_entries(who.id, version, entries, max);
    switch (stored.outcome) {
      case store::key_backup_outcome::no_backup:
        return no_backup();
      case store::key_backup_outcome::other_version:
        return version_mismatch(stored.version);
      case store::key_backup_outcome::full:
        return error(errc::limit_reached, "A key backup holds at most " + std::to_string(max) + " entries.", "entries");
      case store::key_backup_outcome::stored:
        break;
    }
    return protocol::keys_backup_put_reply{stored.count, stored.etag};
  };
  co_return co_await db_.write(std::move(job));
}

asio::awaitable<result<protocol::keys_backup_get_reply>> e2ee_backup::get(caller who,
                                                                          protocol::keys_backup_get_request r) {
  if (r.limit < 1 || r.limit > limits_.max_page) {
    co_return validation_error("limit", "1 to " + std::to_string(limits_.max_page) + ".");
  }
  if (!r.after.empty() && !is_backup_session_id(r.after)) {
    co_return validation_error("after", "A session_id of the backup, or \"\".");
  }
  auto job = [who, r = std::move(r)](store::store& s) -> result<protocol::keys_backup_get_reply> {
    const auto current = s.key_backup_of(who.id);
    if (!current) return no_backup();
    if (current->version != r.version) return version_mismatch(current->version);
    auto rows = s.key_backup_entries_after(who.id, r.version, r.after, r.limit + 1);
    protocol::keys_backup_get_reply out;
    std::size_t left = protocol::max_reply_bytes - protocol::reply_envelope_bytes;
    for (auto& row : rows) {
      const std::size_t size = backup_entry_overhead + row.session_id.size() + row.data.size();
      if (out.entries.size() == static_cast<std::size_t>(r.limit) || size > left) {
        out.has_more = true;
        break;
      }
      left -= size;
      out.entries.push_back({std::move(row.session_id), std::move(row.data)});
    }
    return out;
  };
  co_return co_await db_.read(std::move(job));
}

}  // namespace natter::core
