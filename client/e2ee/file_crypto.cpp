#include "client/e2ee/file_crypto.hpp"

#include <sodium.h>

#include <algorithm>
#include <stdexcept>

#include "common/utf8.hpp"

namespace natter::client::e2ee {

namespace json = boost::json;

namespace {

constexpr std::string_view file_associated_data = "natter-file-v1";

static_assert(file_key_bytes == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
static_assert(file_nonce_bytes == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
static_assert(crypto_aead_xchacha20poly1305_ietf_ABYTES == 16);

const unsigned char* bytes_of(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

void start_sodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to start");
}

std::string file_base64(std::string_view raw) {
  std::string out(sodium_base64_ENCODED_LEN(raw.size(), sodium_base64_VARIANT_ORIGINAL_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes_of(raw), raw.size(), sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

// Standard base64, padded or not, decoding to exactly `want` bytes.
std::optional<std::string> file_unbase64(std::string_view text, std::size_t want) {
  const int variant = text.ends_with('=') ? sodium_base64_VARIANT_ORIGINAL : sodium_base64_VARIANT_ORIGINAL_NO_PADDING;
  std::string out(text.size(), '\0');
  std::size_t n = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr, &n,
                        &end, variant) != 0 ||
      end != text.data() + text.size() || n != want) {
    return std::nullopt;
  }
  out.resize(n);
  return out;
}

bool is_media_id(std::string_view id) {
  return id.size() == 22 && std::all_of(id.begin(), id.end(), [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
         });
}

const json::string* string_at(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? &v->get_string() : nullptr;
}

// An integer field in [low, high]; absent: `absent`; anything else: nullopt.
std::optional<std::int64_t> integer_at(const json::object& o, std::string_view key, std::int64_t low, std::int64_t high,
                                       std::optional<std::int64_t> absent) {
  const auto* v = o.if_contains(key);
  if (v == nullptr) return absent;
  std::int64_t n = 0;
  if (v->is_int64()) {
    n = v->get_int64();
  } else if (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(high)) {
    n = static_cast<std::int64_t>(v->get_uint64());
  } else {
    return std::nullopt;
  }
  if (n < low || n > high) return std::nullopt;
  return n;
}

}  // namespace

bool is_file_mime(std::string_view m) {
  if (m.empty() || m.size() > max_file_mime_chars) return false;
  const auto slash = m.find('/');
  if (slash == 0 || slash == std::string_view::npos || slash + 1 == m.size()) return false;
  return std::all_of(m.begin(), m.end(),
                     [](char c) {
                       return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '+' || c == '-' ||
                              c == '/';
                     }) &&
         m.find('/', slash + 1) == std::string_view::npos;
}

sealed_file seal_file(std::string_view plain) {
  if (plain.size() > max_sealed_plain) throw std::length_error("e2ee: the file is too large to encrypt");
  start_sodium();
  sealed_file out{std::string(plain.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0'),
                  std::string(file_key_bytes, '\0'), std::string(file_nonce_bytes, '\0')};
  auto* key = reinterpret_cast<unsigned char*>(out.key.data());
  auto* nonce = reinterpret_cast<unsigned char*>(out.nonce.data());
  crypto_aead_xchacha20poly1305_ietf_keygen(key);
  randombytes_buf(nonce, file_nonce_bytes);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(reinterpret_cast<unsigned char*>(out.ciphertext.data()), &written,
                                             bytes_of(plain), plain.size(), bytes_of(file_associated_data),
                                             file_associated_data.size(), nullptr, nonce, key);
  out.ciphertext.resize(written);
  return out;
}

std::optional<std::string> open_file(std::string_view ciphertext, std::string_view key, std::string_view nonce) {
  if (key.size() != file_key_bytes || nonce.size() != file_nonce_bytes ||
      ciphertext.size() < crypto_aead_xchacha20poly1305_ietf_ABYTES) {
    return std::nullopt;
  }
  start_sodium();
  std::string plain(ciphertext.size() - crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  unsigned long long written = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plain.data()), &written, nullptr, bytes_of(ciphertext), ciphertext.size(),
          bytes_of(file_associated_data), file_associated_data.size(), bytes_of(nonce), bytes_of(key)) != 0) {
    return std::nullopt;
  }
  plain.resize(written);
  return plain;
}

json::object to_json(const encrypted_file& f) {
  json::object o{{"media_id", f.media_id},
                 {"key", file_base64(f.key)},
                 {"nonce", file_base64(f.nonce)},
                 {"name", f.name},
                 {"mime", f.mime},
                 {"size", f.size}};
  if (f.width > 0 && f.height > 0) {
    o["width"] = f.width;
    o["height"] = f.height;
  }
  return o;
}

std::optional<encrypted_file> file_from_json(const json::value& v) {
  const auto* o = v.if_object();
  if (o == nullptr) return std::nullopt;
  const auto* id = string_at(*o, "media_id");
  const auto* key = string_at(*o, "key");
  const auto* nonce = string_at(*o, "nonce");
  const auto* name = string_at(*o, "name");
  const auto* mime = string_at(*o, "mime");
  if (id == nullptr || key == nullptr || nonce == nullptr || name == nullptr || mime == nullptr) return std::nullopt;
  if (!is_media_id(*id) || name->empty() || name->size() > max_file_name_bytes || !is_valid_utf8(*name) ||
      !is_file_mime(*mime)) {
    return std::nullopt;
  }
  auto raw_key = file_unbase64(*key, file_key_bytes);
  auto raw_nonce = file_unbase64(*nonce, file_nonce_bytes);
  const auto size = integer_at(*o, "size", 0, static_cast<std::int64_t>(max_sealed_plain), std::nullopt);
  const auto width = integer_at(*o, "width", 1, max_file_dimension, 0);
  const auto height = integer_at(*o, "height", 1, max_file_dimension, 0);
  if (!raw_key || !raw_nonce || !size || !width || !height) return std::nullopt;
  return encrypted_file{std::string(*id),         std::move(*raw_key),      std::move(*raw_nonce),
                        std::string(*name),       std::string(*mime),       *size,
                        static_cast<int>(*width), static_cast<int>(*height)};
}

std::vector<file_entry> read_files(const json::value& files, std::span<const std::string> attachment_ids) {
  std::vector<file_entry> out;
  if (files.is_null()) return out;
  const auto* entries = files.if_array();
  if (entries == nullptr || entries->size() > max_message_files) {
    out.push_back(file_entry{encrypted_file{}, false});
    return out;
  }
  for (const auto& v : *entries) {
    auto f = file_from_json(v);
    if (!f) {
      out.push_back(file_entry{encrypted_file{}, false});
      continue;
    }
    const bool attached = std::find(attachment_ids.begin(), attachment_ids.end(), f->media_id) != attachment_ids.end();
    out.push_back(file_entry{std::move(*f), attached});
  }
  return out;
}

std::string file_name_for_entry(std::string_view path_or_name) {
  if (const auto slash = path_or_name.find_last_of("/\\"); slash != std::string_view::npos) {
    path_or_name.remove_prefix(slash + 1);
  }
  if (path_or_name.size() > max_file_name_bytes) {
    std::size_t cut = max_file_name_bytes;
    while (cut > 0 && (static_cast<unsigned char>(path_or_name[cut]) & 0xC0U) == 0x80U) --cut;
    path_or_name = path_or_name.substr(0, cut);
  }
  if (path_or_name.empty() || !is_valid_utf8(path_or_name)) return "file";
  return std::string(path_or_name);
}

std::string clean_file_name(std::string_view name) {
  std::string out(name);
  bool leading = true;
  for (char& c : out) {
    const auto b = static_cast<unsigned char>(c);
    if (leading && c == '.') {
      c = '_';
      continue;
    }
    leading = false;
    if (c == '/' || c == '\\' || b < 0x20 || b == 0x7F) c = '_';
  }
  return out.empty() ? std::string("file") : out;
}

}  // namespace natter::client::e2ee
