#pragma once
// Mail natterd sent, as files: its outbox (one .eml per mail) or a test SMTP
// server's inbox (tests/support/smtp_sink.py).

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace natter::testing {

// The mails in dir that contain `containing` (all of them when it is empty),
// oldest first by name.
inline std::vector<std::string> mails_in(const std::filesystem::path& dir, std::string_view containing = {}) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.is_regular_file() && e.path().extension() != ".tmp") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<std::string> out;
  for (const auto& f : files) {
    std::ifstream in(f);
    std::stringstream text;
    text << in.rdbuf();
    if (text.str().find(containing) != std::string::npos) out.push_back(text.str());
  }
  return out;
}

// Waits (polling, up to 30 s) until dir holds n such mails; returns them.
inline std::vector<std::string> wait_for_mails(const std::filesystem::path& dir, std::size_t n,
                                               std::string_view containing = {}) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  auto found = mails_in(dir, containing);
  while (found.size() < n && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    found = mails_in(dir, containing);
  }
  return found;
}

// The token of a link "#<key>=<token>" in mail, or "".
inline std::string link_token(const std::string& mail, const std::string& key) {
  std::smatch m;
  if (!std::regex_search(mail, m, std::regex("#" + key + "=([A-Za-z0-9_-]+)"))) return {};
  return m[1];
}

}  // namespace natter::testing
