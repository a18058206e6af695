// account_admin: rooms, groups, the audit log and invites.
#include "core/accounts_admin.hpp"
#include "core/secrets.hpp"

namespace natter::core {

namespace asio = boost::asio;

asio::awaitable<result<std::vector<store::room_summary>>> account_admin::rooms(std::string after, int limit) {
  if (limit < 1 || limit > limits_.max_page) {
    co_return validation_error("limit", "Between 1 and " + std::to_string(limits_.max_page) + ".");
  }
  if (after.size() > 64) co_return validation_error("after", "At most 64 characters.");
  auto query = [after, limit](store::store& s) -> result<std::vector<store::room_summary>> {
    return s.rooms(after, limit);
  };
  co_return co_await db_.read(std::move(query));
}

asio::awaitable<result<std::vector<store::group_summary>>> account_admin::groups(store::conversation_id after,
                                                                                 int limit) {
  if (limit < 1 || limit > limits_.max_page) {
    co_return validation_error("limit", "Between 1 and " + std::to_string(limits_.max_page) + ".");
  }
  auto query = [after, limit](store::store& s) -> result<std::vector<store::group_summary>> {
    return s.groups(after, limit);
  };
  co_return co_await db_.read(std::move(query));
}

asio::awaitable<status> account_admin::delete_room(std::string name, operator_info by) {
  if (name.empty() || name.size() > 64) co_return error(errc::room_not_found);
  auto deleted = co_await conversations_.room_delete(name, by.id);
  if (!deleted) co_return std::move(deleted).err();
  auto record = make_audit_event(clock_, by.id, "admin.delete_room", by.who,
                                 "by " + by.name + " room " + name + " id " + std::to_string(*deleted));
  auto change = [record](store::store& s) -> status {
    s.append_audit_event(record);
    return ok;
  };
  co_return co_await db_.write(std::move(change));
}

asio::awaitable<status> account_admin::delete_group(store::conversation_id id, operator_info by) {
  auto deleted = co_await conversations_.group_delete(id, by.id);
  if (!deleted) co_return deleted;
  auto record =
      make_audit_event(clock_, by.id, "admin.delete_group", by.who, "by " + by.name + " group " + std::to_string(id));
  auto change = [record](store::store& s) -> status {
    s.append_audit_event(record);
    return ok;
  };
  co_return co_await db_.write(std::move(change));
}

asio::awaitable<result<std::vector<store::audit_event>>> account_admin::audit(store::audit_filter filter) {
  if (filter.limit < 1 || filter.limit > limits_.max_audit) {
    co_return validation_error("limit", "Between 1 and " + std::to_string(limits_.max_audit) + ".");
  }
  if (filter.kind && filter.kind->size() > 64) co_return validation_error("kind", "At most 64 characters.");
  auto query = [filter](store::store& s) -> result<std::vector<store::audit_event>> {
    return s.audit_events_matching(filter);
  };
  co_return co_await db_.read(std::move(query));
}

asio::awaitable<result<created_invite>> account_admin::create_invite(std::optional<std::chrono::hours> ttl,
                                                                     operator_info by) {
  const auto lasts = ttl.value_or(limits_.default_invite_ttl);
  if (lasts.count() < 1 || lasts > limits_.max_invite_ttl) {
    co_return validation_error("expires_in_hours",
                               "Between 1 and " + std::to_string(limits_.max_invite_ttl.count()) + ".");
  }
  created_invite out{random_token(9), random_token(), 0};
  store::invite_record record;
  record.id = out.id;
  record.code_hash = sha256_hex(out.code);
  record.created_by = by.id;
  record.created_at = clock_.now_ms();
  record.expires_at = record.created_at + std::chrono::duration_cast<std::chrono::milliseconds>(lasts).count();
  out.expires_at = record.expires_at;
  auto change = [this, record, by](store::store& s) -> status {
    s.insert_invite(record);
    s.append_audit_event(
        make_audit_event(clock_, by.id, "admin.invite_created", by.who, "by " + by.name + " id " + record.id));
    return ok;
  };
  auto stored = co_await db_.write(std::move(change));
  if (!stored) co_return std::move(stored).err();
  co_return out;
}

asio::awaitable<result<std::vector<store::invite_record>>> account_admin::invites() {
  auto query = [now = clock_.now_ms(), limit = limits_.max_invites_listed](
                   store::store& s) -> result<std::vector<store::invite_record>> { return s.open_invites(now, limit); };
  co_return co_await db_.read(std::move(query));
}

asio::awaitable<status> account_admin::revoke_invite(std::string id, operator_info by) {
  if (id.empty() || id.size() > 64) co_return error(errc::not_found);
  auto change = [this, id, by, now = clock_.now_ms()](store::store& s) -> status {
    if (!s.revoke_invite(id, now)) return errc::not_found;
    s.append_audit_event(
        make_audit_event(clock_, by.id, "admin.invite_revoked", by.who, "by " + by.name + " id " + id));
    return ok;
  };
  co_return co_await db_.write(std::move(change));
}

}  // namespace natter::core
