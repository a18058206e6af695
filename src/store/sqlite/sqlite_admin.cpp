// sqlite_store: server administrators, disabled accounts and invites
// (migration 12). Operators' calls are rare: their statements are prepared
// per call rather than kept.

#include <SQLiteCpp/VariadicBind.h>

#include <string>

#include "store/sqlite/row_readers.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/statement_use.hpp"

namespace natter::store::sqlite {
namespace {

constexpr const char* invite_columns =
    "SELECT id, code_hash, created_by, created_at, expires_at, used_at, used_by, revoked_at FROM invites ";

}  // namespace

account_state sqlite_store::account_state_of(user_id user) {
  return guarded("account_state_of", [&] {
    SQLite::Statement q(db_, "SELECT admin_since, disabled_at FROM users WHERE id = ?");
    q.bind(1, user);
    account_state state;
    if (q.executeStep()) state = {optional_int(q, 0), optional_int(q, 1)};
    return state;
  });
}

bool sqlite_store::set_server_admin(user_id user, std::optional<unix_ms> since) {
  return guarded("set_server_admin", [&] {
    SQLite::Statement q(db_, "UPDATE users SET admin_since = ?2 WHERE id = ?1");
    q.bind(1, user);
    bind_optional(q, 2, since);
    return q.exec() > 0;
  });
}

bool sqlite_store::set_account_disabled(user_id user, std::optional<unix_ms> at) {
  return guarded("set_account_disabled", [&] {
    SQLite::Statement q(db_, "UPDATE users SET disabled_at = ?2 WHERE id = ?1");
    q.bind(1, user);
    bind_optional(q, 2, at);
    return q.exec() > 0;
  });
}

void sqlite_store::insert_invite(const invite_record& invite) {
  guarded("insert_invite", [&] {
    SQLite::Statement q(db_,
                        "INSERT INTO invites (id, code_hash, created_at, expires_at, created_by) "
                        "VALUES (?, ?, ?, ?, ?)");
    SQLite::bind(q, invite.id, invite.code_hash, invite.created_at, invite.expires_at);
    bind_optional(q, 5, invite.created_by);
    q.exec();
  });
}

bool sqlite_store::invite_usable(std::string_view code_hash, unix_ms at) {
  return guarded("invite_usable", [&] {
    SQLite::Statement q(db_,
                        "SELECT EXISTS (SELECT 1 FROM invites WHERE code_hash = ?1 AND used_at IS NULL "
                        "AND revoked_at IS NULL AND expires_at > ?2)");
    bind_text(q, 1, code_hash);
    q.bind(2, at);
    return single_int(q) != 0;
  });
}

std::optional<std::string> sqlite_store::use_invite(std::string_view code_hash, user_id by, unix_ms at) {
  return guarded("use_invite", [&]() -> std::optional<std::string> {
    SQLite::Statement q(db_,
                        "UPDATE invites SET used_at = ?2, used_by = ?3 WHERE code_hash = ?1 AND used_at IS NULL "
                        "AND revoked_at IS NULL AND expires_at > ?2 RETURNING id");
    bind_text(q, 1, code_hash);
    q.bind(2, at);
    q.bind(3, by);
    std::optional<std::string> id;
    if (q.executeStep()) {
      id = q.getColumn(0).getString();
      finish_steps(q);
    }
    return id;
  });
}

std::vector<invite_record> sqlite_store::open_invites(unix_ms now, int limit) {
  if (limit <= 0) return {};
  return guarded("open_invites", [&] {
    SQLite::Statement q(db_, std::string(invite_columns) +
                                 "WHERE used_at IS NULL AND revoked_at IS NULL AND expires_at > ?1 "
                                 "ORDER BY created_at DESC, id LIMIT ?2");
    q.bind(1, now);
    q.bind(2, limit);
    std::vector<invite_record> out;
    while (q.executeStep()) out.push_back(read_invite(q));
    return out;
  });
}

bool sqlite_store::revoke_invite(std::string_view id, unix_ms at) {
  return guarded("revoke_invite", [&] {
    SQLite::Statement q(db_,
                        "UPDATE invites SET revoked_at = ?2 WHERE id = ?1 AND used_at IS NULL AND revoked_at IS NULL "
                        "AND expires_at > ?2");
    bind_text(q, 1, id);
    q.bind(2, at);
    return q.exec() > 0;
  });
}

bool sqlite_store::delete_conversation(conversation_id room, unix_ms at) {
  return guarded("delete_conversation", [&] {
    SQLite::Statement q(db_,
                        "UPDATE conversations SET deleted_at = ?2 WHERE id = ?1 AND kind IN ('room', 'group') "
                        "AND deleted_at IS NULL");
    q.bind(1, room);
    q.bind(2, at);
    if (q.exec() == 0) return false;
    // Its pending invitations go with it: nobody joins a deleted group.
    SQLite::Statement invitations(db_, "DELETE FROM group_invitations WHERE conversation_id = ?1");
    invitations.bind(1, room);
    invitations.exec();
    return true;
  });
}

std::vector<group_summary> sqlite_store::groups(conversation_id after, int limit) {
  if (limit <= 0) return {};
  return guarded("groups", [&] {
    SQLite::Statement q(db_,
                        "SELECT c.id, c.name, c.created_at, (SELECT count(*) FROM conversation_members m "
                        "WHERE m.conversation_id = c.id) FROM conversations c WHERE c.kind = 'group' AND c.deleted_at "
                        "IS NULL AND c.id > ?1 "
                        "ORDER BY c.id LIMIT ?2");
    q.bind(1, after);
    q.bind(2, limit);
    std::vector<group_summary> out;
    while (q.executeStep()) {
      out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getInt64(),
                     q.getColumn(3).getInt64()});
    }
    return out;
  });
}

}  // namespace natter::store::sqlite
