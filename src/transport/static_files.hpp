#pragma once
// Serves the web app: a fixed set of files read into memory once, at start-up.
// A request path is only ever a key into that set; no filesystem path is ever
// derived from a request, so no spelling of a path (`//etc/passwd`, `..`,
// percent-encoding, backslashes, NUL) can reach a file outside the set.
// Unknown paths without a file extension get index.html (the app routes
// itself). Hashed build assets (under /assets/) are cached for a year, the
// rest revalidated.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <unordered_map>

#include "transport/http_types.hpp"

namespace natter::transport {

struct static_files_limits {
  std::size_t max_files = 4096;
  std::size_t max_bytes = 64 * 1024 * 1024;
};

class static_files {
 public:
  // Reads every regular file below root whose path has no hidden component.
  // Symbolic links are neither followed nor served. A root that does not
  // exist gives an empty set (every lookup misses). Throws
  // std::runtime_error when the files exceed the limits or cannot be read:
  // a misconfigured --web-root (say, /) refuses to start.
  explicit static_files(const std::filesystem::path& root, static_files_limits limits = {});

  // The file for a GET/HEAD of path (the request target without its query),
  // or nothing (the caller answers 404). No I/O.
  std::optional<response> serve(std::string_view path, bool head) const;

  std::size_t file_count() const { return files_.size(); }

 private:
  struct file {
    std::string_view content_type;
    std::string body;
  };
  const file* find(std::string_view path) const;

  std::unordered_map<std::string, file> files_;  // key: "/" + path below the root, '/'-separated
};

}  // namespace natter::transport
