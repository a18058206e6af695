#pragma once
// Files in encrypted conversations (docs/security.md, "Encrypted files"):
// each file is sealed with its own random key and nonce, XChaCha20-Poly1305
// (IETF) with the associated data "natter-file-v1", the 16-byte tag at the
// end. The server stores only the ciphertext (POST /api/v1/media?purpose=
// encrypted); the key, nonce, name, type and size travel inside the Megolm
// message as one entry of its plaintext's "files" array:
//   {"media_id":M,"key":K,"nonce":N,"name":"photo.jpg","mime":"image/jpeg",
//    "size":123456,"width":800,"height":600}
// with K and N in standard base64 (written unpadded, read either way). The
// web app's clients/web/src/e2ee/file_crypto.ts is the same construction.
//
// Never log keys, nonces, names or file bytes.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace natter::client::e2ee {

// The largest file that can be sealed: the server's default upload limit
// (25 MiB) counts the ciphertext, 16 bytes longer than the file.
inline constexpr std::size_t max_sealed_plain = 25 * 1024 * 1024 - 16;
inline constexpr std::size_t file_key_bytes = 32;
inline constexpr std::size_t file_nonce_bytes = 24;
inline constexpr std::size_t max_message_files = 10;  // as many as a message has attachments
inline constexpr std::size_t max_file_name_bytes = 255;
inline constexpr std::size_t max_file_mime_chars = 100;
inline constexpr int max_file_dimension = 100000;

struct sealed_file {
  std::string ciphertext;  // the bytes to upload
  std::string key;         // raw bytes (file_key_bytes)
  std::string nonce;       // raw bytes (file_nonce_bytes)
};

// Seals plain with a fresh random key and nonce. Throws std::length_error
// when plain is longer than max_sealed_plain (callers refuse such a file
// with a message first).
sealed_file seal_file(std::string_view plain);
// The file's bytes; nullopt when the ciphertext was changed or damaged, or
// the key or nonce is wrong (or of the wrong length).
std::optional<std::string> open_file(std::string_view ciphertext, std::string_view key, std::string_view nonce);

// Whether m may stand in an entry's "mime": lower-case type/subtype, at
// most max_file_mime_chars of [a-z0-9.+-] around one '/'.
bool is_file_mime(std::string_view m);

// One entry of a Megolm plaintext's "files".
struct encrypted_file {
  std::string media_id;   // the upload's id, among the message's attachments
  std::string key;        // raw bytes
  std::string nonce;      // raw bytes
  std::string name;       // the file's own name, no directory
  std::string mime;       // lower-case type/subtype
  std::int64_t size = 0;  // of the plaintext
  int width = 0;          // pictures only, when known; 0: not known
  int height = 0;
};

// The entry as the plaintext carries it (width and height only when both
// are known).
boost::json::object to_json(const encrypted_file& f);
// Reads and checks one entry (docs/security.md, "Encrypted files"); nullopt
// when it is not a valid one. Unknown fields are ignored.
std::optional<encrypted_file> file_from_json(const boost::json::value& v);

// An entry as a message shows it.
struct file_entry {
  encrypted_file file;
  bool readable = false;  // valid AND its media id is among the message's attachments
};

// The entries of a plaintext's "files" (null: none) as a message with these
// attachments (the media ids as the server sent them) shows them: each entry
// checked (file_from_json) and readable only when its media id is among
// attachment_ids. Never fails: a "files" that is not an array of at most
// max_message_files entries gives one entry that is not readable.
std::vector<file_entry> read_files(const boost::json::value& files, std::span<const std::string> attachment_ids);

// What a sender puts in "name": the part after the last '/' or '\\', cut to
// max_file_name_bytes on a UTF-8 boundary; "file" when nothing is left.
std::string file_name_for_entry(std::string_view path_or_name);
// What a receiver proposes to save an entry as: name with every '/', '\\',
// control character and a leading '.' replaced by '_'.
std::string clean_file_name(std::string_view name);

}  // namespace natter::client::e2ee
