#include "store/local_blob_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <system_error>

#include "store/store.hpp"

namespace natter::store {
namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(std::string_view what, const fs::path& path, int err) {
  throw failure("blob store: " + std::string(what) + " " + path.string() + ": " + std::generic_category().message(err));
}

// Closes a descriptor however the scope ends.
struct descriptor {
  int fd;
  ~descriptor() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

bool valid_blob_name(std::string_view hash) noexcept {
  return hash.size() == 64 &&
         std::all_of(hash.begin(), hash.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

void sync_path(const fs::path& path) {
  const descriptor d{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (d.fd < 0) fail("cannot open", path, errno);
  if (::fsync(d.fd) != 0) fail("cannot fsync", path, errno);
}

void prepare_scratch_dir(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw failure("blob store: cannot create " + dir.string() + ": " + ec.message());
  for (const auto& entry : fs::directory_iterator(dir, ec)) fs::remove_all(entry.path(), ec);
}

local_blob_store::local_blob_store(fs::path dir) : dir_(std::move(dir)), scratch_(dir_ / "tmp") {
  prepare_scratch_dir(scratch_);
}

fs::path local_blob_store::path_of(const std::string& hash) const {
  if (!valid_blob_name(hash)) throw failure("blob store: not a blob name");
  return dir_ / hash.substr(0, 2) / hash.substr(2, 2) / hash;
}

void local_blob_store::put(const std::string& hash, const fs::path& file) {
  const auto target = path_of(hash);
  std::error_code ec;
  if (fs::exists(target, ec)) {  // the same bytes, stored before
    fs::remove(file, ec);
    return;
  }
  sync_path(file);
  fs::create_directories(target.parent_path(), ec);
  if (ec) throw failure("blob store: cannot create " + target.parent_path().string() + ": " + ec.message());
  fs::rename(file, target, ec);
  if (ec) throw failure("blob store: cannot move a blob into place: " + ec.message());
  sync_path(target.parent_path());
}

std::string local_blob_store::read(const std::string& hash, std::uint64_t offset, std::size_t max) {
  const auto path = path_of(hash);
  const descriptor d{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (d.fd < 0) fail("cannot open", path, errno);
  std::string out(max, '\0');
  std::size_t got = 0;
  while (got < max) {
    const auto n = ::pread(d.fd, out.data() + got, max - got, static_cast<off_t>(offset + got));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("cannot read", path, errno);
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  out.resize(got);
  return out;
}

void local_blob_store::remove(const std::string& hash) {
  std::error_code ec;
  fs::remove(path_of(hash), ec);
  if (ec) throw failure("blob store: cannot remove a blob: " + ec.message());
}

}  // namespace natter::store
