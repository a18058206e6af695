// The "files" of a Megolm plaintext as a client reads them
// (client/e2ee/file_crypto.hpp): the input is JSON, read as one entry
// (file_from_json) and as a whole "files" value (read_files) of a message
// whose attachments are two fixed media ids.
// Properties: no crash or sanitizer report; an accepted entry keeps every
// bound of the format (media id, 32-byte key, 24-byte nonce, name, mime,
// size, width and height) and reads back the same after to_json; read_files
// gives at most max_message_files entries, each readable one valid and among
// the attachments; a cleaned name has no '/', '\\', control character or
// leading dot.

#include <boost/json/parse.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "client/e2ee/file_crypto.hpp"
#include "common/utf8.hpp"
#include "fuzz_check.hpp"

namespace {

using namespace natter::client::e2ee;
using natter::fuzz::check;
namespace json = boost::json;

const std::vector<std::string> attachments{"AAAAAAAAAAAAAAAAAAAAAA", "bbbbbbbbbbbbbbbbbbbb-_"};

bool same(const encrypted_file& a, const encrypted_file& b) {
  return a.media_id == b.media_id && a.key == b.key && a.nonce == b.nonce && a.name == b.name && a.mime == b.mime &&
         a.size == b.size &&
         (a.width > 0 && a.height > 0 ? a.width == b.width && a.height == b.height : b.width == 0 && b.height == 0);
}

void check_entry(const encrypted_file& f) {
  check(f.media_id.size() == 22, "a media id of 22 characters");
  check(f.key.size() == file_key_bytes && f.nonce.size() == file_nonce_bytes, "a 32-byte key and a 24-byte nonce");
  check(!f.name.empty() && f.name.size() <= max_file_name_bytes && natter::is_valid_utf8(f.name),
        "a name of 1 to 255 bytes of UTF-8");
  check(!f.mime.empty() && f.mime.size() <= max_file_mime_chars && f.mime.find('/') != std::string::npos,
        "a mime type/subtype");
  check(f.size >= 0 && static_cast<std::size_t>(f.size) <= max_sealed_plain, "a size within the limit");
  check(f.width >= 0 && f.width <= max_file_dimension && f.height >= 0 && f.height <= max_file_dimension,
        "dimensions within the limit");
  auto again = file_from_json(to_json(f));
  check(again.has_value() && same(f, *again), "an accepted entry reads back the same");
  const auto cleaned = clean_file_name(f.name);
  check(!cleaned.empty() && cleaned.front() != '.', "a cleaned name is not hidden");
  for (char c : cleaned) {
    const auto b = static_cast<unsigned char>(c);
    check(c != '/' && c != '\\' && b >= 0x20 && b != 0x7F, "a cleaned name has no separator or control character");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  boost::system::error_code ec;
  const auto v = json::parse(std::string_view(reinterpret_cast<const char*>(data), size), ec);
  if (ec) return 0;
  if (auto f = file_from_json(v)) check_entry(*f);
  const auto shown = read_files(v, attachments);
  check(shown.size() <= max_message_files, "at most max_message_files entries");
  check(!v.is_null() || shown.empty(), "no files: no entries");
  for (const auto& e : shown) {
    if (!e.readable) continue;
    check_entry(e.file);
    check(e.file.media_id == attachments[0] || e.file.media_id == attachments[1], "readable: among the attachments");
  }
  return 0;
}
