#include "app/admin_output.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <chrono>
#include <cstdio>

namespace natter::app {

namespace {

std::string utc(unix_ms at) {
  const std::chrono::sys_time<std::chrono::seconds> t{std::chrono::seconds(at / 1000)};
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", t);
}

std::string utc_or(const std::optional<unix_ms>& at, const char* none) {
  return at ? utc(*at) : std::string(none);
}

void line(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fputc('\n', stdout);
}

}  // namespace

void print_user(const core::admin_user_view& v) {
  line(fmt::format("username      {}", v.user.username));
  line(fmt::format("id            {}", v.user.id));
  line(fmt::format("email         {}", v.user.email));
  line(fmt::format("display name  {}", v.user.display_name));
  line(fmt::format("created       {}", utc(v.user.created_at)));
  line(fmt::format("last seen     {}", utc_or(v.user.last_seen, "never")));
  line(fmt::format("admin         {}", v.state.admin_since ? "yes, since " + utc(*v.state.admin_since) : "no"));
  line(fmt::format("disabled      {}", v.state.disabled_at ? "yes, since " + utc(*v.state.disabled_at) : "no"));
  line(fmt::format("sessions      {}", v.open_sessions));
}

void print_users(const core::admin_user_page& page) {
  for (const auto& v : page.users) {
    line(fmt::format("{}  id={}  created={}{}{}", v.user.username, v.user.id, utc(v.user.created_at),
                     v.state.admin_since ? "  admin" : "", v.state.disabled_at ? "  disabled" : ""));
  }
  if (page.next_after) line(fmt::format("(more: narrow with --search or raise --limit)"));
}

void print_rooms(const std::vector<store::room_summary>& rooms) {
  for (const auto& r : rooms) line(fmt::format("{}  id={}  members={}  {}", r.name, r.id, r.member_count, r.topic));
}

void print_groups(const std::vector<store::group_summary>& groups) {
  for (const auto& g : groups) {
    line(fmt::format("{}  members={}  created={}  {}", g.id, g.member_count, utc(g.created_at), g.name));
  }
}

void print_audit(const std::vector<store::audit_event>& events) {
  for (const auto& e : events) {
    line(fmt::format("{}  {}  user={}  addr={}  {}", utc(e.at), e.kind, e.user ? std::to_string(*e.user) : "-",
                     e.remote_addr.empty() ? "-" : e.remote_addr, e.detail));
  }
}

void print_invite(const core::created_invite& invite, const std::string& public_url) {
  line(fmt::format("code     {}", invite.code));
  line(fmt::format("id       {}", invite.id));
  line(fmt::format("expires  {}", utc(invite.expires_at)));
  if (public_url.empty()) return;
  std::string base = public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  line(fmt::format("link     {}/#invite={}", base, invite.code));
}

void print_invites(const std::vector<store::invite_record>& invites) {
  for (const auto& i : invites) {
    line(fmt::format("{}  created={}  expires={}  by={}", i.id, utc(i.created_at), utc(i.expires_at),
                     i.created_by ? std::to_string(*i.created_by) : "natterd admin"));
  }
}

}  // namespace natter::app
