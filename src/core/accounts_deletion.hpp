#pragma once
// Deleting one's own account (DELETE /api/v1/me): the password is checked,
// the account leaves its groups and rooms (members see it leave), then its
// personal data is erased and every session ends at once.
//
// What stays, by choice: the user row as a tombstone ("deleted-<id>",
// display name "Deleted user", no email, no password), so that the messages
// it sent keep their place in others' conversations; those messages and
// their attachments stay; direct chats stay for the other person. The old
// username is reserved for 30 days (accounts::username_reserve) before anyone
// may take it.

#include <boost/asio/awaitable.hpp>
#include <string>

#include "common/result.hpp"
#include "core/accounts.hpp"
#include "core/conversations.hpp"

namespace natter::core {

class account_deletion {
 public:
  account_deletion(accounts& accounts, conversations& conversations);
  // Errors: validation_failed (wrong password: field "password"),
  // rate_limited, busy, store_unavailable.
  boost::asio::awaitable<status> remove(const access_claims& caller, std::string password, client_info who);
  // The same erasure on an operator's word (core/accounts_admin.hpp): no
  // password. Errors: busy, store_unavailable.
  boost::asio::awaitable<status> remove_by_operator(store::user_id user, client_info who);

 private:
  accounts& accounts_;
  conversations& conversations_;
};

}  // namespace natter::core
