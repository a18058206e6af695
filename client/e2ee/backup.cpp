#include "client/e2ee/backup.hpp"

#include <sodium.h>

#include <array>
#include <boost/json.hpp>
#include <stdexcept>
#include <vector>

namespace natter::client::e2ee {

namespace json = boost::json;

namespace {

constexpr std::string_view check_entry = "check";
constexpr std::size_t salt_bytes = crypto_pwhash_SALTBYTES;
constexpr std::size_t nonce_bytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;

std::string to_base64(const unsigned char* bytes, std::size_t n) {
  std::string out(sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes, n, sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
  out.resize(out.size() - 1);
  return out;
}

std::optional<std::vector<unsigned char>> from_base64(std::string_view text) {
  std::vector<unsigned char> out(text.size());
  std::size_t n = 0;
  const char* end = nullptr;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &n, &end,
                        sodium_base64_VARIANT_ORIGINAL_NO_PADDING) != 0 ||
      end != text.data() + text.size()) {
    return std::nullopt;
  }
  out.resize(n);
  return out;
}

std::string associated(std::string_view entry_id) {
  return "natter-backup-v1\n" + std::string(entry_id);
}

std::optional<std::string> derive(std::string_view passphrase, const std::vector<unsigned char>& salt,
                                  std::uint64_t ops, std::size_t mem) {
  if (salt.size() != salt_bytes) return std::nullopt;
  std::string key(crypto_aead_xchacha20poly1305_ietf_KEYBYTES, '\0');
  if (crypto_pwhash(reinterpret_cast<unsigned char*>(key.data()), key.size(), passphrase.data(), passphrase.size(),
                    salt.data(), ops, mem, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return std::nullopt;  // out of memory, or a cost outside libsodium's bounds
  }
  return key;
}

}  // namespace

backup_key::~backup_key() {
  sodium_memzero(key_.data(), key_.size());
}

std::pair<backup_key, std::string> backup_key::create(std::string_view passphrase, argon2_cost cost) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to start");
  std::vector<unsigned char> salt(salt_bytes);
  randombytes_buf(salt.data(), salt.size());
  auto key = derive(passphrase, salt, cost.ops, cost.mem);
  if (!key) throw std::runtime_error("e2ee: the backup key could not be derived (memory)");
  backup_key k;
  k.key_ = std::move(*key);
  const json::object auth{{"v", 1},          {"alg", "natter.backup.v1"}, {"salt", to_base64(salt.data(), salt.size())},
                          {"ops", cost.ops}, {"mem", cost.mem},           {"check", k.seal(check_entry, "")}};
  return {std::move(k), json::serialize(auth)};
}

std::optional<backup_key> backup_key::open(std::string_view passphrase, std::string_view auth_data) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to start");
  boost::system::error_code ec;
  const auto v = json::parse(auth_data, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const auto& a = v.get_object();
  const auto* version = a.if_contains("v");
  const auto* alg = a.if_contains("alg");
  const auto* salt = a.if_contains("salt");
  const auto* ops = a.if_contains("ops");
  const auto* mem = a.if_contains("mem");
  const auto* check = a.if_contains("check");
  if (version == nullptr || !version->is_int64() || version->get_int64() != 1 || alg == nullptr || !alg->is_string() ||
      alg->get_string() != "natter.backup.v1" || salt == nullptr || !salt->is_string() || ops == nullptr ||
      !ops->is_number() || mem == nullptr || !mem->is_number() || check == nullptr || !check->is_string()) {
    return std::nullopt;
  }
  const auto salt_raw = from_base64(salt->get_string());
  const auto ops_value = ops->to_number<std::uint64_t>();
  const auto mem_value = mem->to_number<std::size_t>();
  // A server must not make a client spend a gigabyte or an hour: refuse costs
  // above what create() would ever choose.
  if (!salt_raw || ops_value > 10 || mem_value > (std::size_t{1} << 30)) return std::nullopt;
  auto key = derive(passphrase, *salt_raw, ops_value, mem_value);
  if (!key) return std::nullopt;
  backup_key k;
  k.key_ = std::move(*key);
  if (!k.unseal(check_entry, check->get_string())) return std::nullopt;  // a wrong passphrase
  return k;
}

std::string backup_key::seal(std::string_view entry_id, std::string_view plaintext) const {
  const auto ad = associated(entry_id);
  std::vector<unsigned char> out(nonce_bytes + plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
  randombytes_buf(out.data(), nonce_bytes);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(out.data() + nonce_bytes, &written,
                                             reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
                                             reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), nullptr,
                                             out.data(), reinterpret_cast<const unsigned char*>(key_.data()));
  return to_base64(out.data(), nonce_bytes + written);
}

std::optional<std::string> backup_key::unseal(std::string_view entry_id, std::string_view sealed) const {
  const auto raw = from_base64(sealed);
  if (!raw || raw->size() < nonce_bytes + crypto_aead_xchacha20poly1305_ietf_ABYTES) return std::nullopt;
  const auto ad = associated(entry_id);
  std::string out(raw->size() - nonce_bytes - crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  unsigned long long written = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(out.data()), &written, nullptr, raw->data() + nonce_bytes,
          raw->size() - nonce_bytes, reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), raw->data(),
          reinterpret_cast<const unsigned char*>(key_.data())) != 0) {
    return std::nullopt;
  }
  out.resize(written);
  return out;
}

std::string backup_key::save() const {
  return to_base64(reinterpret_cast<const unsigned char*>(key_.data()), key_.size());
}

std::optional<backup_key> backup_key::restore(std::string_view saved) {
  auto raw = from_base64(saved);
  if (!raw || raw->size() != crypto_aead_xchacha20poly1305_ietf_KEYBYTES) return std::nullopt;
  backup_key k;
  k.key_.assign(raw->begin(), raw->end());
  sodium_memzero(raw->data(), raw->size());
  return k;
}

}  // namespace natter::client::e2ee
