#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "transport/http_session.hpp"
#include "transport/static_files.hpp"

namespace natter::transport {
namespace {

namespace fs = std::filesystem;

request upgrade_from(std::string origin, std::string host) {
  request req{http::verb::get, "/ws", 11};
  if (!origin.empty()) req.set(http::field::origin, origin);
  req.set(http::field::host, host);
  return req;
}

TEST(origin, no_origin_and_the_same_host_are_allowed_by_default) {
  EXPECT_TRUE(origin_allowed(upgrade_from("", "chat.example:8080"), {}, true));
  EXPECT_TRUE(origin_allowed(upgrade_from("https://chat.example:8080", "chat.example:8080"), {}, true));
  EXPECT_FALSE(origin_allowed(upgrade_from("https://evil.example", "chat.example:8080"), {}, true));
  EXPECT_FALSE(origin_allowed(upgrade_from("null", "chat.example:8080"), {}, true));
}

TEST(origin, a_configured_list_is_matched_exactly) {
  std::vector<std::string> allowed{"https://chat.example"};
  EXPECT_TRUE(origin_allowed(upgrade_from("https://chat.example", "backend:8080"), allowed, false));
  EXPECT_FALSE(origin_allowed(upgrade_from("https://chat.example.evil", "backend:8080"), allowed, false));
}

struct static_files_test : ::testing::Test {
  static_files_test() {
    root = fs::temp_directory_path() / ("natter-web-" + std::to_string(::getpid()));
    fs::create_directories(root / "assets");
    std::ofstream(root / "index.html") << "<!doctype html>";
    std::ofstream(root / "assets" / "app-1234.js") << "console.log(1)";
    std::ofstream(root.parent_path() / "secret.txt") << "secret";
  }
  ~static_files_test() override { fs::remove_all(root); }
  fs::path root;
};

TEST_F(static_files_test, files_get_their_type_and_hashed_assets_are_cached_for_long) {
  std::ofstream(root / "assets" / "olm-1234.wasm") << "wasm";
  static_files files(root);
  auto js = files.serve("/assets/app-1234.js", false);
  ASSERT_TRUE(js);
  EXPECT_EQ((*js)[http::field::content_type], "text/javascript; charset=utf-8");
  EXPECT_NE((*js)[http::field::cache_control].find("immutable"), std::string::npos);
  auto wasm = files.serve("/assets/olm-1234.wasm", false);
  ASSERT_TRUE(wasm);
  EXPECT_EQ((*wasm)[http::field::content_type], "application/wasm");
  auto index = files.serve("/", false);
  ASSERT_TRUE(index);
  EXPECT_EQ((*index)[http::field::cache_control], "no-cache");
}

TEST_F(static_files_test, app_routes_fall_back_to_the_shell_but_missing_files_do_not) {
  static_files files(root);
  EXPECT_TRUE(files.serve("/chats/42", false));
  EXPECT_FALSE(files.serve("/missing.png", false));
}

TEST_F(static_files_test, paths_cannot_leave_the_root) {
  static_files files(root);
  const auto outside = (root.parent_path() / "secret.txt").string();
  for (const std::string& path : std::vector<std::string>{
           "/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt", "/%2e%2e%2fsecret.txt",
           "/..%2fsecret.txt", "/assets/..\\..\\secret.txt", "/%252e%252e/secret.txt", "//etc/passwd",
           "//proc/self/environ", "/" + outside, "/" + outside.substr(1), std::string("/index.html\0.txt", 16)}) {
    auto res = files.serve(path, false);
    if (res) {
      EXPECT_EQ(res->body(), "<!doctype html>") << path;
    }
  }
}

TEST_F(static_files_test, symbolic_links_and_hidden_files_are_not_served) {
  fs::create_symlink(root.parent_path() / "secret.txt", root / "link.txt");
  fs::create_directory_symlink(root.parent_path(), root / "up");
  fs::create_directories(root / ".git");
  std::ofstream(root / ".git" / "config.txt") << "hidden";
  std::ofstream(root / ".env.txt") << "hidden";
  static_files files(root);
  EXPECT_EQ(files.file_count(), 2u);
  EXPECT_FALSE(files.serve("/link.txt", false));
  EXPECT_FALSE(files.serve("/up/secret.txt", false));
  EXPECT_FALSE(files.serve("/.git/config.txt", false));
  EXPECT_FALSE(files.serve("/.env.txt", false));
}

TEST_F(static_files_test, files_are_read_once_at_start_up) {
  static_files files(root);
  std::ofstream(root / "assets" / "late.js") << "added after start";
  fs::remove(root / "index.html");
  EXPECT_FALSE(files.serve("/assets/late.js", false));
  auto index = files.serve("/index.html", false);
  ASSERT_TRUE(index);
  EXPECT_EQ(index->body(), "<!doctype html>");
}

TEST_F(static_files_test, a_root_larger_than_the_limits_refuses_to_load) {
  EXPECT_THROW(static_files(root, {.max_files = 1, .max_bytes = 1 << 20}), std::runtime_error);
  EXPECT_THROW(static_files(root, {.max_files = 10, .max_bytes = 4}), std::runtime_error);
  EXPECT_NO_THROW(static_files(root, {.max_files = 2, .max_bytes = 64}));
}

TEST_F(static_files_test, head_answers_the_length_without_a_body) {
  static_files files(root);
  auto res = files.serve("/assets/app-1234.js", true);
  ASSERT_TRUE(res);
  EXPECT_TRUE(res->body().empty());
  EXPECT_EQ((*res)[http::field::content_length], "14");
}

TEST_F(static_files_test, a_missing_root_serves_nothing) {
  static_files files(root / "does-not-exist");
  EXPECT_EQ(files.file_count(), 0u);
  EXPECT_FALSE(files.serve("/", false));
}

}  // namespace
}  // namespace natter::transport
