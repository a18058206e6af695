#include "delivery/bus_message.hpp"

#include <charconv>

namespace natter::delivery {

std::string encode(const bus_message& m) {
  std::string out = "N1 ";
  out.reserve(64 + m.frame.size());
  out += m.origin;
  out += ' ';
  out += static_cast<char>(m.kind);
  out += ' ';
  out += std::to_string(m.conversation);
  out += ' ';
  out += std::to_string(m.seq);
  out += ' ';
  out += std::to_string(m.flags);
  out += ' ';
  if (m.extra.empty()) out += '-';
  for (std::size_t i = 0; i < m.extra.size(); ++i) {
    if (i > 0) out += ',';
    out += std::to_string(m.extra[i]);
  }
  out += '\n';
  out += m.frame;
  return out;
}

namespace {

// Takes the next space-separated token of line.
std::string_view token(std::string_view& line) {
  const auto space = line.find(' ');
  auto t = line.substr(0, space);
  line = space == std::string_view::npos ? std::string_view() : line.substr(space + 1);
  return t;
}

template <class T>
bool number(std::string_view text, T& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::optional<bus_message> decode(std::string_view payload) {
  const auto newline = payload.find('\n');
  if (newline == std::string_view::npos) return std::nullopt;
  std::string_view line = payload.substr(0, newline);
  if (token(line) != "N1") return std::nullopt;
  bus_message m;
  m.origin = std::string(token(line));
  const auto kind = token(line);
  if (kind != "c" && kind != "u" && kind != "m" && kind != "s") return std::nullopt;
  m.kind = static_cast<message_kind>(kind[0]);
  if (!number(token(line), m.conversation) || !number(token(line), m.seq) || !number(token(line), m.flags)) {
    return std::nullopt;
  }
  std::string_view extra = token(line);
  if (extra != "-") {
    while (!extra.empty()) {
      const auto comma = extra.find(',');
      store::user_id u = 0;
      if (!number(extra.substr(0, comma), u)) return std::nullopt;
      m.extra.push_back(u);
      extra = comma == std::string_view::npos ? std::string_view() : extra.substr(comma + 1);
    }
  }
  m.frame = std::string(payload.substr(newline + 1));
  return m;
}

}  // namespace natter::delivery
