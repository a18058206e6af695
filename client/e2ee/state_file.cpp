#include "client/e2ee/state_file.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <stdexcept>
#include <system_error>
#include <vector>

namespace natter::client::e2ee {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view sealed_magic = "natter-e2ee-state-v1\n";
constexpr char kdf_context[crypto_kdf_CONTEXTBYTES + 1] = "natterE2";

[[noreturn]] void fail(const std::string& what, const fs::path& p) {
  throw std::runtime_error(what + " " + p.string() + ": " + std::generic_category().message(errno));
}

// Reads a whole file; nullopt when it does not exist.
std::optional<std::string> read_all(const fs::path& p) {
  const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::nullopt;
    fail("cannot open", p);
  }
  std::string out;
  std::array<char, 65536> buf{};
  for (;;) {
    const ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      fail("cannot read", p);
    }
    if (n == 0) break;
    out.append(buf.data(), static_cast<std::size_t>(n));
  }
  ::close(fd);
  return out;
}

// Writes bytes to p durably: a 0600 temporary file, fsync, rename, fsync of
// the directory.
void write_durably(const fs::path& p, std::string_view bytes) {
  const fs::path tmp = p.string() + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) fail("cannot create", tmp);
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      fail("cannot write", tmp);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    ::close(fd);
    fail("cannot sync", tmp);
  }
  ::close(fd);
  if (::rename(tmp.c_str(), p.c_str()) != 0) fail("cannot replace", p);
  const int dir = ::open(p.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

std::string derive(const std::string& master, std::uint64_t id) {
  std::string out(32, '\0');
  crypto_kdf_derive_from_key(reinterpret_cast<unsigned char*>(out.data()), out.size(), id, kdf_context,
                             reinterpret_cast<const unsigned char*>(master.data()));
  return out;
}

}  // namespace

state_file::state_file(fs::path dir) : dir_(std::move(dir)), state_(dir_ / "e2ee.state") {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to start");
  fs::create_directories(dir_);
  fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::replace);
  const fs::path key_path = dir_ / "e2ee.key";
  std::string master = read_all(key_path).value_or(std::string());
  if (master.empty()) {
    master.assign(crypto_kdf_KEYBYTES, '\0');
    randombytes_buf(master.data(), master.size());
    write_durably(key_path, master);
  }
  if (master.size() != crypto_kdf_KEYBYTES) throw std::runtime_error("e2ee: the key file is damaged");
  seal_key_ = derive(master, 1);
  pickle_key_ = derive(master, 2);
  sodium_memzero(master.data(), master.size());
}

std::optional<std::string> state_file::load() const {
  auto sealed = read_all(state_);
  if (!sealed) return std::nullopt;
  constexpr std::size_t nonce_bytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  constexpr std::size_t tag_bytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;
  if (sealed->size() < sealed_magic.size() + nonce_bytes + tag_bytes || !sealed->starts_with(sealed_magic)) {
    throw std::runtime_error("e2ee: the state file is not one this client wrote");
  }
  const auto* nonce = reinterpret_cast<const unsigned char*>(sealed->data() + sealed_magic.size());
  const auto* cipher = nonce + nonce_bytes;
  const std::size_t cipher_bytes = sealed->size() - sealed_magic.size() - nonce_bytes;
  std::string plain(cipher_bytes - tag_bytes, '\0');
  unsigned long long plain_bytes = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plain.data()), &plain_bytes, nullptr, cipher, cipher_bytes,
          reinterpret_cast<const unsigned char*>(sealed_magic.data()), sealed_magic.size(), nonce,
          reinterpret_cast<const unsigned char*>(seal_key_.data())) != 0) {
    throw std::runtime_error("e2ee: the state file was changed or belongs to another key");
  }
  plain.resize(plain_bytes);
  return plain;
}

void state_file::store(std::string_view state) const {
  constexpr std::size_t nonce_bytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  std::string sealed(sealed_magic);
  sealed.resize(sealed_magic.size() + nonce_bytes + state.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
  auto* nonce = reinterpret_cast<unsigned char*>(sealed.data() + sealed_magic.size());
  randombytes_buf(nonce, nonce_bytes);
  unsigned long long cipher_bytes = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      nonce + nonce_bytes, &cipher_bytes, reinterpret_cast<const unsigned char*>(state.data()), state.size(),
      reinterpret_cast<const unsigned char*>(sealed_magic.data()), sealed_magic.size(), nullptr, nonce,
      reinterpret_cast<const unsigned char*>(seal_key_.data()));
  sealed.resize(sealed_magic.size() + nonce_bytes + cipher_bytes);
  write_durably(state_, sealed);
}

}  // namespace natter::client::e2ee
