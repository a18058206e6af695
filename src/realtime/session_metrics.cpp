#include "realtime/session_metrics.hpp"

#include <fmt/format.h>

#include <utility>

#include "protocol/wire_names.hpp"

namespace natter::realtime {

namespace {

template <std::size_t... I>
constexpr auto request_names(std::index_sequence<I...>) {
  return std::array<std::string_view, sizeof...(I)>{
      protocol::wire_name_v<std::variant_alternative_t<I, protocol::request>>...};
}
constexpr auto type_names = request_names(std::make_index_sequence<std::variant_size_v<protocol::request>>{});

}  // namespace

session_metrics::session_metrics(metrics::registry& registry) : registry_(registry) {}

metrics::counter& session_metrics::child(std::size_t type, std::size_t code) {
  auto& slot = requests_[type * code_count + code];
  if (auto* known = slot.load(std::memory_order_acquire)) return *known;
  const auto type_label = type < type_names.size() ? type_names[type] : std::string_view("unknown");
  const auto code_label = code == 0 ? std::string_view("ok") : info(static_cast<errc>(code - 1)).code;
  auto& made = registry_.websocket_requests.with(fmt::format("type=\"{}\",code=\"{}\"", type_label, code_label));
  slot.store(&made, std::memory_order_release);  // family children never move
  return made;
}

void session_metrics::answered(std::optional<std::size_t> type, std::optional<errc> failure) {
  const std::size_t t = type && *type < type_names.size() ? *type : type_names.size();
  const std::size_t c = failure ? static_cast<std::size_t>(*failure) + 1 : 0;
  child(t, c).inc();
}

void session_metrics::closed(std::uint16_t code, closed_by by) {
  registry_.websocket_closes.with(fmt::format("code=\"{}\",by=\"{}\"", close_code_label(code), closed_by_label(by)))
      .inc();
}

std::string_view close_code_label(std::uint16_t code) {
  switch (code) {
    case 1000:
      return "1000";
    case 1001:
      return "1001";
    case 1002:
      return "1002";
    case 1003:
      return "1003";
    case 1006:
      return "1006";
    case 1007:
      return "1007";
    case 1008:
      return "1008";
    case 1009:
      return "1009";
    case 1011:
      return "1011";
    case 4001:
      return "4001";
    case 4003:
      return "4003";
    case 4008:
      return "4008";
    case 4029:
      return "4029";
    default:
      return "other";
  }
}

std::string_view closed_by_label(closed_by by) {
  switch (by) {
    case closed_by::server:
      return "server";
    case closed_by::client:
      return "client";
    case closed_by::none:
      return "none";
  }
  return "none";
}

}  // namespace natter::realtime
