#include "transport/static_files.hpp"

#include <fstream>
#include <sstream>

namespace natter::transport {

namespace fs = std::filesystem;
namespace http = api::http;

static std::string_view content_type(const fs::path& file) {
  static const std::pair<std::string_view, std::string_view> types[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".webmanifest", "application/manifest+json"},
      {".map", "application/json"},
  };
  const auto ext = file.extension().string();
  for (auto [e, t] : types) {
    if (e == ext) return t;
  }
  return "application/octet-stream";
}

static_files::static_files(fs::path root) : root_(std::move(root)) {
  std::error_code ec;
  auto canonical = fs::weakly_canonical(root_, ec);
  if (!ec) root_ = canonical;
}

std::optional<fs::path> static_files::resolve(std::string_view path) const {
  if (path.empty() || path.front() != '/' || path.find("..") != std::string_view::npos ||
      path.find('\\') != std::string_view::npos || path.find('\0') != std::string_view::npos) {
    return std::nullopt;
  }
  std::error_code ec;
  fs::path candidate = root_ / fs::path(path.substr(1));
  if (path == "/" || fs::is_directory(candidate, ec)) candidate /= "index.html";
  if (fs::is_regular_file(candidate, ec)) return candidate;
  // Client-side routes (no extension) fall back to the app shell.
  if (fs::path(path).extension().empty() && fs::is_regular_file(root_ / "index.html", ec)) {
    return root_ / "index.html";
  }
  return std::nullopt;
}

std::optional<api::response> static_files::serve(std::string_view path, bool head) const {
  auto file = resolve(path);
  if (!file) return std::nullopt;
  std::ifstream in(*file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream content;
  content << in.rdbuf();
  api::response res{http::status::ok, 11};
  res.set(http::field::content_type, content_type(*file));
  const bool hashed = path.substr(0, 8) == "/assets/";
  res.set(http::field::cache_control, hashed ? "public, max-age=31536000, immutable" : "no-cache");
  res.body() = std::move(content).str();
  res.prepare_payload();
  if (head) res.body().clear();
  return res;
}

}  // namespace natter::transport
