#pragma once

#include <boost/json/object.hpp>

#include "store/records.hpp"

namespace natter::api {

// What anyone signed in may see of a user.
boost::json::object public_user_json(const store::user_record& user);

// What the user sees of themself: the public fields plus email.
boost::json::object own_user_json(const store::user_record& user);

}  // namespace natter::api
