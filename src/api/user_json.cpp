#include "api/user_json.hpp"

namespace natter::api {

boost::json::object public_user_json(const store::user_record& user) {
  return {{"id", user.id},
          {"username", user.username},
          {"display_name", user.display_name},
          {"bio", user.bio},
          {"created_at", user.created_at},
          {"avatar", user.avatar.empty() ? boost::json::value(nullptr) : boost::json::value(user.avatar)}};
}

boost::json::object own_user_json(const store::user_record& user) {
  auto out = public_user_json(user);
  out["email"] = user.email;
  return out;
}

}  // namespace natter::api
