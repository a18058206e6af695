#include "realtime/upgrade_auth.hpp"

namespace natter::realtime {

boost::asio::awaitable<result<std::optional<upgrade_identity>>> authenticate_upgrade(const upgrade_request& upgrade,
                                                                                     core::accounts& accounts) {
  const auto found = upgrade.find(boost::beast::http::field::authorization);
  if (found == upgrade.end()) co_return std::optional<upgrade_identity>{};
  constexpr std::string_view scheme = "Bearer ";
  const std::string_view header = found->value();
  if (header.size() <= scheme.size() || !header.starts_with(scheme)) co_return error(errc::unauthorized);
  std::string token(header.substr(scheme.size()));  // named: no temporary inside co_await (GCC 12)
  auto claims = co_await accounts.authenticate(std::move(token));
  if (!claims) co_return std::move(claims).err();
  auto user = co_await accounts.user(claims->user);
  if (!user) {
    const auto code = user.err().code;
    if (code == errc::store_unavailable || code == errc::busy) co_return std::move(user).err();
    co_return error(errc::unauthorized);
  }
  co_return std::optional<upgrade_identity>{upgrade_identity{*claims, {user->id, user->username}}};
}

}  // namespace natter::realtime
