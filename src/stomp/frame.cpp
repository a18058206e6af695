#include "stomp/frame.hpp"

#include <algorithm>
#include <array>
#include <charconv>

#include "common/utf8.hpp"

namespace natter::stomp {
namespace {

constexpr std::array<std::string_view, 15> commands{"CONNECT",     "STOMP",      "CONNECTED", "SEND",    "SUBSCRIBE",
                                                    "UNSUBSCRIBE", "ACK",        "NACK",      "BEGIN",   "COMMIT",
                                                    "ABORT",       "DISCONNECT", "MESSAGE",   "RECEIPT", "ERROR"};
constexpr std::size_t longest_command = 11;  // "UNSUBSCRIBE", "DISCONNECT" + '\r'

// Drops the heart-beats (EOLs) at the front of input.
void skip_eols(std::string_view& input) {
  for (;;) {
    if (input.starts_with('\n')) {
      input.remove_prefix(1);
    } else if (input.starts_with("\r\n")) {
      input.remove_prefix(2);
    } else {
      return;
    }
  }
}

// s with \r \n \c \\ decoded; nothing when it holds any other escape.
std::optional<std::string> unescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\') {
      out += s[i];
      continue;
    }
    if (++i == s.size()) return std::nullopt;
    switch (s[i]) {
      case 'r':
        out += '\r';
        break;
      case 'n':
        out += '\n';
        break;
      case 'c':
        out += ':';
        break;
      case '\\':
        out += '\\';
        break;
      default:
        return std::nullopt;
    }
  }
  return out;
}

void escape_into(std::string& out, std::string_view s) {
  for (char c : s) {
    switch (c) {
      case '\r':
        out += "\\r";
        break;
      case '\n':
        out += "\\n";
        break;
      case ':':
        out += "\\c";
        break;
      case '\\':
        out += "\\\\";
        break;
      default:
        out += c;
    }
  }
}

// The line at pos (without its EOL) and where the next one starts; nothing
// when the input ends before the line does.
struct line {
  std::string_view text;
  std::size_t next;
};
std::optional<line> line_at(std::string_view in, std::size_t pos) {
  const auto end = in.find('\n', pos);
  if (end == std::string_view::npos) return std::nullopt;
  auto text = in.substr(pos, end - pos);
  if (text.ends_with('\r')) text.remove_suffix(1);
  return line{text, end + 1};
}

struct reader {
  std::string_view in;
  const frame_limits& limits;
  frame out{};
  std::size_t pos = 0;

  std::optional<frame_error> command() {
    auto first = line_at(in, 0);
    if (!first) return in.size() > longest_command + 1 ? frame_error::unknown_command : frame_error::truncated;
    if (std::find(commands.begin(), commands.end(), first->text) == commands.end()) {
      return frame_error::unknown_command;
    }
    out.command = std::string(first->text);
    pos = first->next;
    return std::nullopt;
  }

  std::optional<frame_error> header_line(std::string_view text) {
    if (out.headers.size() == limits.max_headers) return frame_error::too_many_headers;
    const auto colon = text.find(':');
    // A raw CR is only ever part of an EOL: escaped frames send it as \r, and
    // in CONNECT and CONNECTED it could not be told from the line's end.
    if (colon == std::string_view::npos || text.find('\r') != std::string_view::npos) return frame_error::bad_header;
    auto name = text.substr(0, colon);
    auto value = text.substr(colon + 1);
    if (headers_unescaped(out.command)) {
      out.headers.emplace_back(std::string(name), std::string(value));
    } else {
      auto n = unescape(name);
      auto v = unescape(value);
      if (!n || !v) return frame_error::bad_escape;
      out.headers.emplace_back(std::move(*n), std::move(*v));
    }
    const auto& [n, v] = out.headers.back();
    if (!is_valid_utf8(n) || !is_valid_utf8(v)) return frame_error::bad_header;
    return std::nullopt;
  }

  std::optional<frame_error> headers() {
    for (;;) {
      auto next = line_at(in, pos);
      if (!next) {
        const auto rest = in.size() - pos;
        if (rest > limits.max_header_line_bytes) return frame_error::header_too_long;
        return in.size() > limits.max_frame_bytes ? frame_error::frame_too_large : frame_error::truncated;
      }
      if (next->next - pos - 1 > limits.max_header_line_bytes) return frame_error::header_too_long;
      if (next->next > limits.max_frame_bytes) return frame_error::frame_too_large;
      pos = next->next;
      if (next->text.empty()) return std::nullopt;
      if (auto e = header_line(next->text)) return e;
    }
  }

  std::optional<frame_error> body() {
    const auto rest = in.substr(pos);
    std::size_t length = 0;
    if (const auto* declared = out.header("content-length")) {
      const auto* first = declared->data();
      const auto* last = first + declared->size();
      auto [end, ec] = std::from_chars(first, last, length);
      if (declared->empty() || ec != std::errc() || end != last) {
        return ec == std::errc::result_out_of_range ? frame_error::body_too_large : frame_error::bad_content_length;
      }
      if (length > limits.max_body_bytes) return frame_error::body_too_large;
      if (rest.size() <= length) return too_short(rest.size());
      if (rest[length] != '\0') return frame_error::missing_nul;
    } else {
      length = rest.find('\0');
      if (length == std::string_view::npos) {
        return rest.size() > limits.max_body_bytes ? frame_error::body_too_large : too_short(rest.size());
      }
      if (length > limits.max_body_bytes) return frame_error::body_too_large;
    }
    if (pos + length + 1 > limits.max_frame_bytes) return frame_error::frame_too_large;
    out.body = std::string(rest.substr(0, length));
    pos += length + 1;
    return std::nullopt;
  }

  // Not all of the frame arrived: too large when what did is already over.
  frame_error too_short(std::size_t rest) const {
    return pos + rest > limits.max_frame_bytes ? frame_error::frame_too_large : frame_error::truncated;
  }
};

}  // namespace

const std::string* frame::header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (n == name) return &v;
  }
  return nullptr;
}

bool headers_unescaped(std::string_view command) noexcept {
  return command == "CONNECT" || command == "STOMP" || command == "CONNECTED";
}

std::string_view describe(frame_error e) noexcept {
  switch (e) {
    case frame_error::truncated:
      return "the frame ends before its NUL octet";
    case frame_error::unknown_command:
      return "not a STOMP 1.2 command";
    case frame_error::bad_header:
      return "a header line is not name:value in UTF-8";
    case frame_error::bad_escape:
      return "a header holds an escape other than \\r \\n \\c \\\\";
    case frame_error::too_many_headers:
      return "too many headers";
    case frame_error::header_too_long:
      return "a header line is too long";
    case frame_error::frame_too_large:
      return "the frame is too large";
    case frame_error::body_too_large:
      return "the body is too large";
    case frame_error::bad_content_length:
      return "content-length is not a number";
    case frame_error::missing_nul:
      return "the body is not followed by a NUL octet";
  }
  return "bad frame";
}

parsed parse(std::string_view& input, const frame_limits& limits) {
  skip_eols(input);
  if (input.empty()) return {};
  reader r{input, limits};
  std::optional<frame_error> e = r.command();
  if (!e) e = r.headers();
  if (!e) e = r.body();
  if (e) return {std::nullopt, e};
  input.remove_prefix(r.pos);
  skip_eols(input);
  return {std::move(r.out), std::nullopt};
}

std::string serialize(const frame& f) {
  std::string out;
  out.reserve(f.command.size() + f.body.size() + 64);
  out += f.command;
  out += '\n';
  const bool raw = headers_unescaped(f.command);
  for (const auto& [name, value] : f.headers) {
    if (raw) {
      out += name;
      out += ':';
      out += value;
    } else {
      escape_into(out, name);
      out += ':';
      escape_into(out, value);
    }
    out += '\n';
  }
  out += '\n';
  out += f.body;
  out += '\0';
  return out;
}

}  // namespace natter::stomp
