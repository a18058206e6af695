#pragma once
// Serves the web app from a directory. Paths are confined to the root; unknown
// paths without a file extension get index.html (the app routes itself).
// Hashed build assets (under /assets/) are cached for a year, the rest revalidated.

#include <filesystem>
#include <optional>

#include "api/http.hpp"

namespace natter::transport {

class static_files {
 public:
  // root may not exist (then every lookup misses).
  explicit static_files(std::filesystem::path root);

  // The file for a GET/HEAD of path, or nothing (the caller answers 404).
  // Blocking file I/O of small files; call from a thread allowed to do that.
  std::optional<api::response> serve(std::string_view path, bool head) const;

 private:
  std::optional<std::filesystem::path> resolve(std::string_view path) const;
  std::filesystem::path root_;
};

}  // namespace natter::transport
