#include "transport/static_files.hpp"

#include <fstream>
#include <iterator>
#include <stdexcept>

namespace natter::transport {

namespace fs = std::filesystem;

namespace {

std::string_view content_type(const fs::path& file) {
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
      // Browsers compile WebAssembly as it streams in only with this type.
      {".wasm", "application/wasm"},
  };
  const auto ext = file.extension().string();
  for (auto [e, t] : types) {
    if (e == ext) return t;
  }
  return "application/octet-stream";
}

bool hidden(const fs::path& relative) {
  for (const auto& part : relative) {
    if (part.string().starts_with('.')) return true;
  }
  return false;
}

std::string read_whole(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read web app file " + file.string());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

static_files::static_files(const fs::path& root, static_files_limits limits) {
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return;
  std::size_t bytes = 0;
  // The iterator does not descend into symbolic links to directories, and
  // symlink_status() does not follow links to files.
  for (fs::recursive_directory_iterator it(root, fs::directory_options::none), end; it != end; ++it) {
    if (!fs::is_regular_file(it->symlink_status())) continue;
    const auto relative = fs::relative(it->path(), root);
    if (hidden(relative)) continue;
    if (files_.size() == limits.max_files) {
      throw std::runtime_error("--web-root " + root.string() + " holds more than " + std::to_string(limits.max_files) +
                               " files; is it the web app's directory?");
    }
    auto body = read_whole(it->path());
    bytes += body.size();
    if (bytes > limits.max_bytes) {
      throw std::runtime_error("--web-root " + root.string() + " holds more than " +
                               std::to_string(limits.max_bytes >> 20) + " MiB; is it the web app's directory?");
    }
    files_.emplace("/" + relative.generic_string(), file{content_type(relative), std::move(body)});
  }
}

const static_files::file* static_files::find(std::string_view path) const {
  std::string key(path);
  if (key.empty() || key.back() == '/') key += "index.html";
  if (auto it = files_.find(key); it != files_.end()) return &it->second;
  // Client-side routes (no extension) fall back to the app shell.
  if (fs::path(path).extension().empty()) {
    if (auto it = files_.find("/index.html"); it != files_.end()) return &it->second;
  }
  return nullptr;
}

std::optional<response> static_files::serve(std::string_view path, bool head) const {
  const file* found = find(path);
  if (!found) return std::nullopt;
  response res{http::status::ok, 11};
  res.set(http::field::content_type, found->content_type);
  const bool hashed = path.starts_with("/assets/");
  res.set(http::field::cache_control, hashed ? "public, max-age=31536000, immutable" : "no-cache");
  if (head) {
    res.content_length(found->body.size());
  } else {
    res.body() = found->body;
    res.prepare_payload();
  }
  return res;
}

}  // namespace natter::transport
