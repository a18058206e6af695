#include "store/attachment_codec.hpp"

#include <charconv>

namespace natter::store {
namespace {

constexpr char field_separator = '\x1f';
constexpr char record_separator = '\x1e';

template <class Int>
Int number(std::string_view text) {
  Int value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const auto end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

attachment_record decode_one(std::string_view text) {
  const auto f = split(text, field_separator);
  auto at = [&](std::size_t i) { return i < f.size() ? f[i] : std::string_view{}; };
  return attachment_record{std::string(at(0)),          std::string(at(1)), std::string(at(2)), std::string(at(3)),
                           number<std::int64_t>(at(4)), number<int>(at(5)), number<int>(at(6)), number<int>(at(7)),
                           number<int>(at(8)),          std::string(at(9))};
}

}  // namespace

std::optional<std::string> encode_attachments(const std::vector<attachment_record>& attachments) {
  if (attachments.empty()) return std::nullopt;
  std::string out;
  for (const auto& a : attachments) {
    if (!out.empty()) out += record_separator;
    for (std::string_view field :
         {std::string_view(a.media), std::string_view(a.kind), std::string_view(a.name), std::string_view(a.mime)}) {
      out.append(field);
      out += field_separator;
    }
    for (auto n : {a.size, std::int64_t{a.width}, std::int64_t{a.height}, std::int64_t{a.thumbnail_width},
                   std::int64_t{a.thumbnail_height}}) {
      out += std::to_string(n);
      out += field_separator;
    }
    out += a.colour;
  }
  return out;
}

std::vector<attachment_record> decode_attachments(std::string_view text) {
  std::vector<attachment_record> out;
  if (text.empty()) return out;
  for (auto part : split(text, record_separator)) out.push_back(decode_one(part));
  return out;
}

}  // namespace natter::store
