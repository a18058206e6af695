#include "realtime/upgrade_auth.hpp"

namespace natter::realtime {

upgrade_identity identity_of(core::accounts::authenticated a) {
  return {std::move(a.claims), {a.user.id, std::move(a.user.username)}, std::move(a.chosen)};
}

boost::asio::awaitable<result<std::optional<upgrade_identity>>> authenticate_upgrade(const upgrade_request& upgrade,
                                                                                     core::accounts& accounts) {
  const auto found = upgrade.find(boost::beast::http::field::authorization);
  if (found == upgrade.end()) co_return std::optional<upgrade_identity>{};
  constexpr std::string_view scheme = "Bearer ";
  const std::string_view header = found->value();
  if (header.size() <= scheme.size() || !header.starts_with(scheme)) co_return error(errc::unauthorized);
  std::string token(header.substr(scheme.size()));  // named: no temporary inside co_await (GCC 12)
  auto who = co_await accounts.authenticate_user(std::move(token));
  if (!who) co_return std::move(who).err();
  co_return std::optional<upgrade_identity>{identity_of(std::move(*who))};
}

}  // namespace natter::realtime
