#include <sodium.h>

#include <ctime>
#include <string>

#include "mail/transport.hpp"

namespace natter::mail {

namespace {

std::string header_value(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c != '\r' && c != '\n') out += c;
  }
  return out;
}

std::string date_of(long long now_ms) {
  const std::time_t t = static_cast<std::time_t>(now_ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

std::string message_id(const std::string& from) {
  unsigned char raw[16];
  randombytes_buf(raw, sizeof raw);
  char hex[sizeof raw * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
  const auto at = from.find('@');
  return "<" + std::string(hex) + "@" + (at == std::string::npos ? "natter.invalid" : from.substr(at + 1)) + ">";
}

// Body lines end in CRLF; a line that starts with "." gets another (SMTP).
std::string body_of(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 32 + 2);
  bool line_start = true;
  for (char c : text) {
    if (c == '\r') continue;
    if (line_start && c == '.') out += '.';
    if (c == '\n') {
      out += "\r\n";
      line_start = true;
      continue;
    }
    out += c;
    line_start = false;
  }
  if (!line_start) out += "\r\n";
  return out;
}

}  // namespace

std::string rfc5322(const core::mail& m, const std::string& from, long long now_ms) {
  const std::string sender = header_value(from);
  return "Date: " + date_of(now_ms) + "\r\nFrom: " + sender + "\r\nTo: " + header_value(m.to) +
         "\r\nSubject: " + header_value(m.subject) + "\r\nMessage-ID: " + message_id(sender) +
         "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
         body_of(m.text);
}

}  // namespace natter::mail
