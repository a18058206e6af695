#include "app/signing_key.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/secrets.hpp"

namespace natter::app {

namespace fs = std::filesystem;

static void create_key_file(const fs::path& key_file) {
  const std::string key = core::random_token(48);
  int fd = ::open(key_file.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return;  // another process won the race; read theirs
    throw std::runtime_error("cannot create " + key_file.string());
  }
  const bool written = ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size());
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!written || !synced) throw std::runtime_error("cannot write " + key_file.string());
}

std::string load_signing_key(const std::string& configured, const fs::path& key_file) {
  if (!configured.empty()) {
    if (configured.size() < 32) throw std::runtime_error("--jwt-secret must be at least 32 bytes");
    return configured;
  }
  if (!fs::exists(key_file)) create_key_file(key_file);
  struct stat st {};
  if (::stat(key_file.c_str(), &st) == 0 && (st.st_mode & 077) != 0) {
    throw std::runtime_error(key_file.string() + " is readable by others; chmod 600 it");
  }
  std::ifstream in(key_file, std::ios::binary);
  std::ostringstream key;
  key << in.rdbuf();
  if (!in || key.str().size() < 32) throw std::runtime_error(key_file.string() + " holds no usable key");
  return std::move(key).str();
}

}  // namespace natter::app
