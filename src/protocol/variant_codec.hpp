#pragma once
// Tagged variants (request, event, log_event) on the wire: {"type": name,
// ...fields}. The decoder table is generated from the variant and the names in
// wire_names.hpp, so adding an alternative needs no edit here. Include the
// headers declaring read_fields/write_fields for the alternatives first.

#include <algorithm>
#include <array>
#include <boost/json/object.hpp>
#include <cstddef>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

#include "common/result.hpp"
#include "protocol/json_write.hpp"
#include "protocol/wire_names.hpp"

namespace natter::protocol {

template <class Variant>
struct variant_decoder {
  std::string_view type;
  result<Variant> (*decode)(const boost::json::object&);
};

template <class Variant, std::size_t I>
result<Variant> decode_alternative(const boost::json::object& o) {
  std::variant_alternative_t<I, Variant> value;
  if (auto s = read_fields(o, value); !s) return std::move(s).err();
  return Variant(std::in_place_index<I>, std::move(value));
}

template <class Variant, std::size_t... I>
constexpr auto make_decoder_table(std::index_sequence<I...>) {
  return std::array<variant_decoder<Variant>, sizeof...(I)>{variant_decoder<Variant>{
      wire_name_v<std::variant_alternative_t<I, Variant>>, &decode_alternative<Variant, I>}...};
}

// Indexed like the variant: decoder_table<V>[v.index()].type is v's name.
template <class Variant>
inline constexpr auto decoder_table =
    make_decoder_table<Variant>(std::make_index_sequence<std::variant_size_v<Variant>>{});

// nullptr for a type the variant does not have. A linear scan: under 30
// short names, compared by length first, beats hashing.
template <class Variant>
const variant_decoder<Variant>* find_decoder(std::string_view type) noexcept {
  static_assert(std::ranges::none_of(decoder_table<Variant>, [](const auto& d) { return d.type.empty(); }),
                "every alternative needs a wire_name_v");
  for (const auto& d : decoder_table<Variant>) {
    if (d.type == type) return &d;
  }
  return nullptr;
}

template <class Variant>
std::string_view type_of(const Variant& v) noexcept {
  return decoder_table<Variant>[v.index()].type;
}

// Writes "type" and then the alternative's fields into o.
template <class Variant>
void write_tagged(boost::json::object& o, const Variant& v) {
  std::visit(
      [&o](const auto& alternative) {
        put(o, "type", wire_name_v<std::decay_t<decltype(alternative)>>);
        write_fields(o, alternative);
      },
      v);
}

}  // namespace natter::protocol
