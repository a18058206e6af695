#pragma once
// What natterd admin prints on stdout: one record per line, fields separated
// by two spaces, times in UTC (ISO 8601), so that it reads well and greps.

#include <string>
#include <vector>

#include "core/accounts_admin.hpp"

namespace natter::app {

void print_user(const core::admin_user_view& v);
void print_users(const core::admin_user_page& page);
void print_rooms(const std::vector<store::room_summary>& rooms);
void print_groups(const std::vector<store::group_summary>& groups);
void print_audit(const std::vector<store::audit_event>& events);
// The code, when it expires and, with a public URL, the link that fills it in.
void print_invite(const core::created_invite& invite, const std::string& public_url);
void print_invites(const std::vector<store::invite_record>& invites);

}  // namespace natter::app
