// mariadb_store: server administrators, disabled accounts and invites
// (migration 12).

#include <string>

#include "store/mariadb/mariadb_store.hpp"
#include "store/mariadb/row_readers.hpp"

namespace natter::store::mariadb {
namespace {

const std::string select_invites =
    "SELECT id, code_hash, created_by, created_at, expires_at, used_at, used_by, revoked_at FROM invites ";

const statement account_state_sql{"account_state_of", "SELECT admin_since, disabled_at FROM users WHERE id = ?"};
const statement set_server_admin_sql{"set_server_admin", "UPDATE users SET admin_since = ? WHERE id = ?"};
const statement set_account_disabled_sql{"set_account_disabled", "UPDATE users SET disabled_at = ? WHERE id = ?"};
const statement insert_invite_sql{
    "insert_invite", "INSERT INTO invites (id, code_hash, created_at, expires_at, created_by) VALUES (?, ?, ?, ?, ?)"};
const statement invite_usable_sql{"invite_usable",
                                  "SELECT EXISTS (SELECT 1 FROM invites WHERE code_hash = ? "
                                  "AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?)"};
const statement usable_invite_sql{"usable_invite",
                                  "SELECT id FROM invites WHERE code_hash = ? AND used_at IS NULL "
                                  "AND revoked_at IS NULL AND expires_at > ? FOR UPDATE"};
const statement use_invite_sql{"use_invite", "UPDATE invites SET used_at = ?, used_by = ? WHERE id = ?"};
const statement open_invites_sql{"open_invites", select_invites +
                                                     "WHERE used_at IS NULL AND revoked_at IS NULL AND expires_at > ? "
                                                     "ORDER BY created_at DESC, id LIMIT ?"};
// at, id, at.
const statement revoke_invite_sql{"revoke_invite",
                                  "UPDATE invites SET revoked_at = ? WHERE id = ? AND used_at IS NULL "
                                  "AND revoked_at IS NULL AND expires_at > ?"};
const statement mark_conversation_deleted_sql{
    "mark_conversation_deleted",
    "UPDATE conversations SET deleted_at = ? WHERE id = ? AND kind IN ('room', 'group') AND deleted_at IS NULL"};
const statement drop_invitations_to_sql{"drop_invitations_to",
                                        "DELETE FROM group_invitations WHERE conversation_id = ?"};
const statement groups_sql{
    "admin_groups",
    "SELECT c.id, c.name, c.created_at, (SELECT COUNT(*) FROM conversation_members m "
    "WHERE m.conversation_id = c.id) FROM conversations c WHERE c.kind = 'group' AND c.deleted_at IS NULL "
    "AND c.id > ? ORDER BY c.id LIMIT ?"};

}  // namespace

account_state mariadb_store::account_state_of(user_id user) {
  const rows r = db_->exec(account_state_sql, user);
  account_state state;
  if (!r.empty()) state = {optional_int_at(r[0], 0), optional_int_at(r[0], 1)};
  return state;
}

bool mariadb_store::set_server_admin(user_id user, std::optional<unix_ms> since) {
  return db_->exec(set_server_admin_sql, since, user).affected_rows > 0;
}

bool mariadb_store::set_account_disabled(user_id user, std::optional<unix_ms> at) {
  return db_->exec(set_account_disabled_sql, at, user).affected_rows > 0;
}

void mariadb_store::insert_invite(const invite_record& invite) {
  db_->exec(insert_invite_sql, invite.id, invite.code_hash, invite.created_at, invite.expires_at, invite.created_by);
}

bool mariadb_store::invite_usable(std::string_view code_hash, unix_ms at) {
  return bool_at(db_->exec(invite_usable_sql, code_hash, at)[0], 0);
}

std::optional<std::string> mariadb_store::use_invite(std::string_view code_hash, user_id by, unix_ms at) {
  const rows r = db_->exec(usable_invite_sql, code_hash, at);
  if (r.empty()) return std::nullopt;
  std::string id = text_at(r[0], 0);
  db_->exec(use_invite_sql, at, by, id);
  return id;
}

std::vector<invite_record> mariadb_store::open_invites(unix_ms now, int limit) {
  if (limit <= 0) return {};
  std::vector<invite_record> out;
  for (const rows::row& r : db_->exec(open_invites_sql, now, limit)) out.push_back(read_invite(r));
  return out;
}

bool mariadb_store::revoke_invite(std::string_view id, unix_ms at) {
  return db_->exec(revoke_invite_sql, at, id, at).affected_rows > 0;
}

// Its pending invitations go with it: nobody joins a deleted group.
bool mariadb_store::delete_conversation(conversation_id room, unix_ms at) {
  if (db_->exec(mark_conversation_deleted_sql, at, room).affected_rows == 0) return false;
  db_->exec(drop_invitations_to_sql, room);
  return true;
}

std::vector<group_summary> mariadb_store::groups(conversation_id after, int limit) {
  if (limit <= 0) return {};
  std::vector<group_summary> out;
  for (const rows::row& r : db_->exec(groups_sql, after, limit)) {
    out.push_back({int_at(r, 0), text_at(r, 1), int_at(r, 2), int_at(r, 3)});
  }
  return out;
}

}  // namespace natter::store::mariadb
