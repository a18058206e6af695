#include "clients/cli/chat_marks.hpp"

#include <ctime>

namespace natter::cli {

namespace {

std::string local_strftime(protocol::unix_ms ts, const char* format) {
  const std::time_t seconds = static_cast<std::time_t>(ts / 1000);
  std::tm local{};
  ::localtime_r(&seconds, &local);
  char text[64];
  const auto n = std::strftime(text, sizeof text, format, &local);
  return std::string(text, n);
}

}  // namespace

std::string presence_mark(const std::string& status) {
  if (status == "online") return "●";
  if (status == "away") return "◐";
  if (status == "busy") return "⊘";
  if (status == "offline") return "○";
  return " ";
}

std::string day_of(protocol::unix_ms ts) {
  return ts == 0 ? std::string() : local_strftime(ts, "%Y-%m-%d");
}

std::string day_label(protocol::unix_ms ts) {
  std::string label = local_strftime(ts, "%A %e %B %Y");
  if (const auto double_space = label.find("  "); double_space != std::string::npos) label.erase(double_space, 1);
  return label;
}

std::optional<std::string> day_separator(protocol::unix_ms previous, protocol::unix_ms ts, protocol::unix_ms now) {
  if (ts == 0) return std::nullopt;
  const std::string before = day_of(previous == 0 ? now : previous);
  if (day_of(ts) == before) return std::nullopt;
  return day_label(ts);
}

std::optional<std::string> action_of(const std::string& text) {
  if (!text.starts_with(action_prefix) || text.size() == action_prefix.size()) return std::nullopt;
  return text.substr(action_prefix.size());
}

std::string said(const std::string& sender, const std::string& text) {
  if (auto action = action_of(text)) return "* " + sender + " " + *action;
  return sender + ": " + text;
}

}  // namespace natter::cli
