#include "store/conversation_records.hpp"

namespace natter::store {

std::string_view to_string(conversation_kind k) noexcept {
  switch (k) {
    case conversation_kind::direct: return "direct";
    case conversation_kind::group: return "group";
    case conversation_kind::room: return "room";
  }
  return "group";
}

std::string_view to_string(member_role r) noexcept {
  switch (r) {
    case member_role::owner: return "owner";
    case member_role::admin: return "admin";
    case member_role::member: return "member";
  }
  return "member";
}

std::optional<member_role> member_role_from(std::string_view s) noexcept {
  if (s == "owner") return member_role::owner;
  if (s == "admin") return member_role::admin;
  if (s == "member") return member_role::member;
  return std::nullopt;
}

}  // namespace natter::store
