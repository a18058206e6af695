#include "client/e2ee/file_transfer.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <random>
#include <utility>

namespace natter::client::e2ee {

namespace fs = std::filesystem;

namespace {

// A directory of this user's alone for one transfer's ciphertext, removed
// with everything in it when it goes.
class transfer_dir {
 public:
  transfer_dir() {
    std::random_device r;
    std::error_code ec;
    path_ = fs::temp_directory_path(ec) / ("natter-sealed-" + std::to_string(r()) + std::to_string(r()));
    ok_ = !ec && fs::create_directory(path_, ec) && !ec;
    if (ok_) fs::permissions(path_, fs::perms::owner_all, fs::perm_options::replace, ec);
    ok_ = ok_ && !ec;
  }
  ~transfer_dir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  transfer_dir(const transfer_dir&) = delete;
  transfer_dir& operator=(const transfer_dir&) = delete;
  const fs::path& path() const { return path_; }
  bool ok() const { return ok_; }

 private:
  fs::path path_;
  bool ok_ = false;
};

std::optional<std::string> read_whole(const fs::path& p, std::size_t limit) {
  std::error_code ec;
  const auto size = fs::file_size(p, ec);
  if (ec || !fs::is_regular_file(p, ec) || size > limit) return std::nullopt;
  std::ifstream in(p, std::ios::binary);
  std::string out(size, '\0');
  if (!in || !in.read(out.data(), static_cast<std::streamsize>(size))) return std::nullopt;
  return out;
}

bool write_whole(const fs::path& p, std::string_view bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  return out && out.write(bytes.data(), static_cast<std::streamsize>(bytes.size())) && out.flush();
}

}  // namespace

outcome<encrypted_file> upload_sealed(session& s, const fs::path& path) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec || !fs::is_regular_file(path, ec)) return client::failure::local("FILE_UNREADABLE", "Cannot read the file.");
  if (size > max_sealed_plain) {
    return client::failure::local("FILE_TOO_LARGE", "Files in encrypted chats can be at most 25 MiB - 16 bytes.");
  }
  auto plain = read_whole(path, max_sealed_plain);
  if (!plain) return client::failure::local("FILE_UNREADABLE", "Cannot read the file.");
  auto sealed = seal_file(*plain);
  encrypted_file f{{},
                   std::move(sealed.key),
                   std::move(sealed.nonce),
                   file_name_for_entry(path.string()),
                   mime_for_file_name(path.filename().string()),
                   static_cast<std::int64_t>(plain->size()),
                   0,
                   0};
  transfer_dir dir;
  const auto sealed_path = dir.path() / "encrypted";
  if (!dir.ok() || !write_whole(sealed_path, sealed.ciphertext)) {
    return client::failure::local("FILE_UNWRITABLE", "Cannot write a temporary file.");
  }
  auto token = s.access_token().get();
  if (!token) return token.error();
  auto media = s.http().upload(token.value(), sealed_path, {"encrypted", "encrypted", {}});
  if (!media) return media.error();
  f.media_id = media->id;
  return f;
}

outcome<std::string> download_sealed(session& s, const encrypted_file& f) {
  auto token = s.access_token().get();
  if (!token) return token.error();
  transfer_dir dir;
  if (!dir.ok()) return client::failure::local("FILE_UNWRITABLE", "Cannot make a temporary directory.");
  const auto target = dir.path() / "encrypted";
  auto got = s.http().download(token.value(), f.media_id, target, {false, true});
  if (!got) return got.error();
  auto ciphertext = read_whole(got->path, max_sealed_plain + 16);
  auto plain = ciphertext ? open_file(*ciphertext, f.key, f.nonce) : std::nullopt;
  if (!plain || static_cast<std::int64_t>(plain->size()) != f.size) {
    return client::failure::local("DAMAGED", "The file was changed or damaged.");
  }
  return std::move(*plain);
}

std::string mime_for_file_name(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 16> types{{
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".pdf", "application/pdf"},
      {".txt", "text/plain"},
      {".md", "text/markdown"},
      {".csv", "text/csv"},
      {".json", "application/json"},
      {".zip", "application/zip"},
      {".mp3", "audio/mpeg"},
      {".ogg", "audio/ogg"},
      {".mp4", "video/mp4"},
      {".webm", "video/webm"},
      {".svg", "image/svg+xml"},
  }};
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c); });
  for (const auto& [ext, mime] : types) {
    if (lower.size() > ext.size() && lower.ends_with(ext)) return std::string(mime);
  }
  return "application/octet-stream";
}

}  // namespace natter::client::e2ee
