// The static-file resolver (transport::static_files) with the fuzz input as
// the request path, over a web root the harness builds once in a temporary
// directory:
//
//   <tmp>/secret.txt                 outside the root
//   <tmp>/root/index.html
//   <tmp>/root/assets/app.js
//   <tmp>/root/nested/dir/page.txt
//   <tmp>/root/leak.txt -> ../secret.txt        a symlink out of the root
//   <tmp>/root/up -> ..                         a directory symlink out of it
//
// Properties: no crash or sanitizer report; whatever is served is one of the
// files inside the root (never the secret, never a file elsewhere on the
// machine such as /etc/passwd); a HEAD answer has an empty body.

#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fuzz_check.hpp"
#include "transport/static_files.hpp"

namespace {

using namespace natter;
namespace fs = std::filesystem;
using fuzz::check;

struct web_root {
  fs::path dir;
  std::string secret;
  std::vector<std::string> served;  // the contents of the files inside the root
  std::optional<transport::static_files> files;
};

void write_file(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

web_root& root() {
  static web_root* r = [] {
    auto* w = new web_root;  // never freed: the fuzzer calls into it until exit
    std::string pattern = (fs::temp_directory_path() / "natter-fuzz-static-XXXXXX").string();
    check(::mkdtemp(pattern.data()) != nullptr, "a temporary directory");
    w->dir = pattern;
    w->secret = "natter fuzz secret " + w->dir.filename().string() + "\n";
    write_file(w->dir / "secret.txt", w->secret);
    const auto base = w->dir / "root";
    const std::vector<std::pair<std::string, std::string>> inside = {
        {"index.html", "<!doctype html><title>natter</title>\n"},
        {"assets/app.js", "console.log('natter');\n"},
        {"nested/dir/page.txt", "a nested page\n"},
    };
    for (const auto& [name, content] : inside) {
      write_file(base / name, content);
      w->served.push_back(content);
    }
    fs::create_symlink("../secret.txt", base / "leak.txt");
    fs::create_directory_symlink("..", base / "up");
    w->files.emplace(base);
    std::atexit([] { fs::remove_all(root().dir); });  // a crashed run leaves it behind
    for (std::size_t i = 0; i < inside.size(); ++i) {
      auto res = w->files->serve("/" + inside[i].first, false);
      check(res && res->body() == w->served[i], "the files inside the root are served");
    }
    return w;
  }();
  return *r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto& w = root();
  const std::string_view path(reinterpret_cast<const char*>(data), size);
  if (auto res = w.files->serve(path, false)) {
    const auto& body = res->body();
    check(body != w.secret, "the file outside the root is never served");
    check(std::find(w.served.begin(), w.served.end(), body) != w.served.end(), "only files inside the root are served");
  }
  if (auto res = w.files->serve(path, true)) check(res->body().empty(), "HEAD has no body");
  return 0;
}
