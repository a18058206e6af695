// postgres_store: server administrators, disabled accounts and invites
// (migration 12).

#include <string>

#include "store/postgres/guarded.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/postgres/row_readers.hpp"

namespace natter::store::postgres {
namespace {

const std::string invite_columns =
    "SELECT id, code_hash, created_by, created_at, expires_at, used_at, used_by, revoked_at FROM invites ";

const statement account_state_statement{"account_state_of", "SELECT admin_since, disabled_at FROM users WHERE id = $1"};
const statement set_server_admin_statement{"set_server_admin",
                                           "UPDATE users SET admin_since = $2::bigint WHERE id = $1"};
const statement set_account_disabled_statement{"set_account_disabled",
                                               "UPDATE users SET disabled_at = $2::bigint WHERE id = $1"};
const statement insert_invite_statement{
    "insert_invite",
    "INSERT INTO invites (id, code_hash, created_at, expires_at, created_by) VALUES ($1, $2, $3, $4, $5::bigint)"};
const statement invite_usable_statement{"invite_usable",
                                        "SELECT EXISTS (SELECT 1 FROM invites WHERE code_hash = $1 "
                                        "AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $2)"};
const statement use_invite_statement{"use_invite",
                                     "UPDATE invites SET used_at = $2, used_by = $3 WHERE code_hash = $1 "
                                     "AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $2 RETURNING id"};
const statement open_invites_statement{"open_invites",
                                       invite_columns +
                                           "WHERE used_at IS NULL AND revoked_at IS NULL AND expires_at > $1 "
                                           "ORDER BY created_at DESC, id LIMIT $2"};
const statement revoke_invite_statement{"revoke_invite",
                                        "UPDATE invites SET revoked_at = $2 WHERE id = $1 AND used_at IS NULL "
                                        "AND revoked_at IS NULL AND expires_at > $2"};

// Its pending invitations go with it: nobody joins a deleted group.
const statement delete_room_statement{
    "delete_conversation",
    "WITH deleted AS (UPDATE conversations SET deleted_at = $2 WHERE id = $1 AND kind IN ('room', 'group') "
    "AND deleted_at IS NULL RETURNING id), "
    "invitations_gone AS (DELETE FROM group_invitations WHERE conversation_id IN (SELECT id FROM deleted)) "
    "SELECT count(*) FROM deleted"};

const statement groups_statement{
    "admin_groups",
    "SELECT c.id, c.name, c.created_at, (SELECT count(*) FROM conversation_members m "
    "WHERE m.conversation_id = c.id) FROM conversations c WHERE c.kind = 'group' AND c.deleted_at IS NULL "
    "AND c.id > $1 ORDER BY c.id LIMIT $2"};

}  // namespace

account_state postgres_store::account_state_of(user_id user) {
  return guarded("account_state_of", [&] {
    const pqxx::result r = db_->exec(account_state_statement, user);
    account_state state;
    if (!r.empty()) state = {optional_int_at(r[0], 0), optional_int_at(r[0], 1)};
    return state;
  });
}

bool postgres_store::set_server_admin(user_id user, std::optional<unix_ms> since) {
  return guarded("set_server_admin",
                 [&] { return db_->exec(set_server_admin_statement, user, since).affected_rows() > 0; });
}

bool postgres_store::set_account_disabled(user_id user, std::optional<unix_ms> at) {
  return guarded("set_account_disabled",
                 [&] { return db_->exec(set_account_disabled_statement, user, at).affected_rows() > 0; });
}

void postgres_store::insert_invite(const invite_record& invite) {
  guarded("insert_invite", [&] {
    db_->exec(insert_invite_statement, invite.id, invite.code_hash, invite.created_at, invite.expires_at,
              invite.created_by);
  });
}

bool postgres_store::invite_usable(std::string_view code_hash, unix_ms at) {
  return guarded("invite_usable", [&] { return db_->exec(invite_usable_statement, code_hash, at)[0][0].as<bool>(); });
}

std::optional<std::string> postgres_store::use_invite(std::string_view code_hash, user_id by, unix_ms at) {
  return guarded("use_invite", [&]() -> std::optional<std::string> {
    const pqxx::result r = db_->exec(use_invite_statement, code_hash, at, by);
    if (r.empty()) return std::nullopt;
    return text_at(r[0], 0);
  });
}

std::vector<invite_record> postgres_store::open_invites(unix_ms now, int limit) {
  if (limit <= 0) return {};
  return guarded("open_invites", [&] {
    std::vector<invite_record> out;
    for (const pqxx::row& r : db_->exec(open_invites_statement, now, limit)) out.push_back(read_invite(r));
    return out;
  });
}

bool postgres_store::revoke_invite(std::string_view id, unix_ms at) {
  return guarded("revoke_invite", [&] { return db_->exec(revoke_invite_statement, id, at).affected_rows() > 0; });
}

bool postgres_store::delete_conversation(conversation_id room, unix_ms at) {
  return guarded("delete_conversation",
                 [&] { return db_->exec(delete_room_statement, room, at)[0][0].as<std::int64_t>() > 0; });
}

std::vector<group_summary> postgres_store::groups(conversation_id after, int limit) {
  if (limit <= 0) return {};
  return guarded("groups", [&] {
    std::vector<group_summary> out;
    for (const pqxx::row& r : db_->exec(groups_statement, after, limit)) {
      out.push_back({int_at(r, 0), text_at(r, 1), int_at(r, 2), int_at(r, 3)});
    }
    return out;
  });
}

}  // namespace natter::store::postgres
