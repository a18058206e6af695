// Path traversal against the web app's files: every spelling of a path that
// leaves the web root, sent as raw bytes (no client normalises it), must get
// either 404, 400 or the app shell, never a byte of a file outside the set.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "integration/support/server_fixture.hpp"

namespace natter::testing {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class static_file_traversal : public server_test {
 protected:
  static constexpr const char* shell = "<!doctype html><title>natter</title>";
  static constexpr const char* secret = "outside-the-root-7f3a";

  std::vector<std::string> natterd_args() override {
    base_ = fs::temp_directory_path() / ("natter-attack-web-" + std::to_string(::getpid()));
    fs::remove_all(base_);
    fs::create_directories(base_ / "web" / "assets");
    std::ofstream(base_ / "web" / "index.html") << shell;
    std::ofstream(base_ / "web" / "assets" / "app-1.js") << "console.log(1)";
    std::ofstream(base_ / "secret.txt") << secret;
    fs::create_symlink(base_ / "secret.txt", base_ / "web" / "link.txt");
    fs::create_directory_symlink(base_, base_ / "web" / "up");
    return {"--web-root", (base_ / "web").string()};
  }
  void TearDown() override { fs::remove_all(base_); }

  // The status line and body of a GET of target sent byte for byte.
  std::string get_raw(const std::string& target) const {
    return http_->raw("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
  }

  fs::path base_;
};

TEST_F(static_file_traversal, no_spelling_of_a_path_reaches_a_file_outside_the_web_root) {
  const auto data = server_->data_dir() / "data";
  const std::string key = read_file(data / "jwt.key");
  ASSERT_FALSE(key.empty());
  const std::string outside = (base_ / "secret.txt").string();
  const std::vector<std::string> targets = {
      "//etc/passwd",
      "//proc/self/environ",
      "//proc/self/cwd/" + (data / "jwt.key").string().substr(1),
      "/" + (data / "jwt.key").string(),
      "/" + (data / "natter.db").string(),
      "/" + outside,
      "/../secret.txt",
      "/assets/../../secret.txt",
      "/%2e%2e/secret.txt",
      "/%2e%2e%2fsecret.txt",
      "/..%2fsecret.txt",
      "/%252e%252e%252fsecret.txt",
      "/..\\secret.txt",
      "/assets\\..\\..\\secret.txt",
      "/%5c..%5csecret.txt",
      "/index.html%00.txt",
      "/link.txt",
      "/up/secret.txt",
      "/up/web/index.html",
      "/./../secret.txt",
      "/%2F%2Fetc%2Fpasswd",
      "/....//....//secret.txt",
  };
  for (const auto& target : targets) {
    const auto answer = get_raw(target);
    EXPECT_EQ(answer.find(secret), std::string::npos) << target;
    EXPECT_EQ(answer.find(key), std::string::npos) << target;
    EXPECT_EQ(answer.find("root:x:0:0"), std::string::npos) << target;
    EXPECT_EQ(answer.find("SQLite format"), std::string::npos) << target;
    EXPECT_EQ(answer.find("NATTER_"), std::string::npos) << target;
    const bool refused = answer.starts_with("HTTP/1.1 404") || answer.starts_with("HTTP/1.1 400");
    const bool shell_only = answer.starts_with("HTTP/1.1 200") && answer.ends_with(shell);
    EXPECT_TRUE(refused || shell_only) << target << "\n" << answer.substr(0, 200);
  }
  // A NUL byte in the request line itself.
  static constexpr char with_nul[] = "GET /index.html\0/../../secret.txt HTTP/1.1\r\nHost: x\r\n\r\n";
  const auto nul = http_->raw(std::string(with_nul, sizeof(with_nul) - 1));
  EXPECT_EQ(nul.find(secret), std::string::npos);

  // An ordinary visitor still gets the app.
  auto index = http_->get("/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.body, shell);
  auto js = http_->get("/assets/app-1.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.body, "console.log(1)");
}

TEST_F(static_file_traversal, a_web_root_too_large_to_be_the_app_refuses_to_start) {
  EXPECT_THROW(natterd_process({"--web-root", "/usr"}), std::runtime_error);
}

}  // namespace
}  // namespace natter::testing
