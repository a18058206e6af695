#include "clients/cli/media_arguments.hpp"

#include <algorithm>

namespace natter::cli {

bool is_media_id(std::string_view text) {
  return text.size() == 22 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
         });
}

std::vector<std::string> media_ids_behind_double_dash(std::vector<std::string> args) {
  std::vector<std::string> out;
  std::vector<std::string> ids;
  bool subcommand_seen = false;
  bool in_download = false;
  bool in_sessions = false;  // `sessions end ID`: a session id is 22 such characters too
  bool value_next = false;   // the argument before takes a value
  bool positional_only = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    auto& a = args[i];
    const bool is_value = value_next;
    value_next = false;
    if (i == 0 || is_value || positional_only || a.empty()) {
      out.push_back(std::move(a));
      continue;
    }
    if (a == "--") positional_only = true;
    if (!subcommand_seen && a.front() != '-') {
      subcommand_seen = true;
      in_download = a == "download";
      in_sessions = a == "sessions";
    }
    if (in_sessions && a == "end") in_download = true;  // from here on, like download's id
    value_next = a == "--server" || a == "--ca-file" || a == "--as" || (in_download && (a == "-o" || a == "--output"));
    if (in_download && a.front() == '-' && is_media_id(a)) {
      ids.push_back(std::move(a));
    } else {
      out.push_back(std::move(a));
    }
  }
  if (ids.empty()) return out;
  if (!positional_only) out.emplace_back("--");
  out.insert(out.end(), ids.begin(), ids.end());
  return out;
}

}  // namespace natter::cli
