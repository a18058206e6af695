// Files in encrypted conversations (client/e2ee/file_crypto.hpp): sealing
// and opening a file with its own key, and the "files" entries of a Megolm
// plaintext as a reader checks them.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "client/e2ee/device.hpp"
#include "client/e2ee/file_crypto.hpp"

namespace natter::client::e2ee {
namespace {

namespace json = boost::json;
using namespace std::string_literals;

std::string from_hex(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

std::string byte_run(int first, int count) {
  std::string out;
  for (int i = 0; i < count; ++i) out.push_back(static_cast<char>(first + i));
  return out;
}

const std::string media_a = "AAAAAAAAAAAAAAAAAAAAAA";
const std::string media_b = "bbbbbbbbbbbbbbbbbbbb-_";

encrypted_file a_file() {
  return {media_a, byte_run(0, 32), byte_run(100, 24), "photo.jpg", "image/jpeg", 123456, 800, 600};
}

json::object valid_entry() {
  return to_json(a_file());
}

TEST(e2ee_file_crypto, the_known_answer_opens_to_the_known_text) {
  const auto ciphertext = from_hex("12128dc49a5ca9e4ee5cf869b4bf26fee4d97d8396486b421f681d");
  EXPECT_EQ(open_file(ciphertext, byte_run(0, 32), byte_run(100, 24)).value_or("(failed)"), "natter file");
}

TEST(e2ee_file_crypto, a_sealed_file_opens_with_its_key_and_each_file_gets_a_fresh_one) {
  const std::string plain = "the bytes of a file\0with a zero"s;
  const auto a = seal_file(plain);
  const auto b = seal_file(plain);
  EXPECT_EQ(a.key.size(), 32U);
  EXPECT_EQ(a.nonce.size(), 24U);
  EXPECT_EQ(a.ciphertext.size(), plain.size() + 16);
  EXPECT_NE(a.key, b.key);
  EXPECT_NE(a.nonce, b.nonce);
  EXPECT_NE(a.ciphertext, b.ciphertext);
  EXPECT_EQ(open_file(a.ciphertext, a.key, a.nonce).value_or(""), plain);
  const auto empty = seal_file("");
  EXPECT_EQ(open_file(empty.ciphertext, empty.key, empty.nonce).value_or("(failed)"), "");
}

TEST(e2ee_file_crypto, a_changed_short_or_wrongly_keyed_file_does_not_open) {
  const auto s = seal_file("a file that will be damaged");
  for (std::size_t i = 0; i < s.ciphertext.size(); ++i) {
    auto changed = s.ciphertext;
    changed[i] = static_cast<char>(changed[i] ^ 0x01);
    EXPECT_EQ(open_file(changed, s.key, s.nonce), std::nullopt) << "byte " << i;
  }
  EXPECT_EQ(open_file(s.ciphertext.substr(0, s.ciphertext.size() - 1), s.key, s.nonce), std::nullopt);
  EXPECT_EQ(open_file(s.ciphertext.substr(0, 15), s.key, s.nonce), std::nullopt);
  EXPECT_EQ(open_file("", s.key, s.nonce), std::nullopt);
  EXPECT_EQ(open_file(s.ciphertext, s.key.substr(0, 31), s.nonce), std::nullopt);
  EXPECT_EQ(open_file(s.ciphertext, s.key + "x", s.nonce), std::nullopt);
  EXPECT_EQ(open_file(s.ciphertext, s.key, s.nonce.substr(0, 23)), std::nullopt);
  EXPECT_EQ(open_file(s.ciphertext, s.key, s.nonce.substr(0, 12)), std::nullopt);  // an IETF ChaCha nonce
  EXPECT_EQ(open_file(s.ciphertext, seal_file("x").key, s.nonce), std::nullopt);
}

TEST(e2ee_file_crypto, a_file_past_the_upload_limit_is_refused_before_sealing) {
  EXPECT_EQ(max_sealed_plain + 16, std::size_t{25} * 1024 * 1024);
  EXPECT_THROW(seal_file(std::string(max_sealed_plain + 1, 'x')), std::length_error);
}

TEST(e2ee_file_crypto, an_entry_round_trips_with_unpadded_base64) {
  const auto o = valid_entry();
  EXPECT_EQ(o.at("key").as_string(), "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8");
  EXPECT_EQ(o.at("nonce").as_string(), "ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7");
  auto back = file_from_json(o);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->media_id, media_a);
  EXPECT_EQ(back->key, byte_run(0, 32));
  EXPECT_EQ(back->nonce, byte_run(100, 24));
  EXPECT_EQ(back->name, "photo.jpg");
  EXPECT_EQ(back->mime, "image/jpeg");
  EXPECT_EQ(back->size, 123456);
  EXPECT_EQ(back->width, 800);
  EXPECT_EQ(back->height, 600);
  auto plain = a_file();
  plain.width = plain.height = 0;
  EXPECT_FALSE(to_json(plain).contains("width"));
  EXPECT_FALSE(to_json(plain).contains("height"));
}

TEST(e2ee_file_crypto, padded_base64_and_unknown_fields_are_accepted) {
  auto o = valid_entry();
  o["key"] = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
  o["thumbnail"] = json::object{{"future", true}};
  o.erase("width");
  o.erase("height");
  auto back = file_from_json(o);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->key, byte_run(0, 32));
  EXPECT_EQ(back->width, 0);
}

// The entry with field set to value is refused.
void expect_refused(const char* field, const json::value& value) {
  auto o = valid_entry();
  o[field] = value;
  EXPECT_FALSE(file_from_json(o)) << field << " = " << json::serialize(value);
}

TEST(e2ee_file_crypto, every_invalid_field_makes_the_entry_invalid) {
  expect_refused("media_id", "AAAAAAAAAAAAAAAAAAAAA");
  expect_refused("media_id", "AAAAAAAAAAAAAAAAAAAAAAA");
  expect_refused("media_id", "AAAAAAAAAAAAAAAAAAAAA=");
  expect_refused("media_id", 12);
  expect_refused("key", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg");    // 31 bytes
  expect_refused("key", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g");  // 33 bytes
  expect_refused("key", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh-");   // url-safe alphabet
  expect_refused("key", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8==");
  expect_refused("key", json::value(json::array{}));
  expect_refused("nonce", "ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXo");
  expect_refused("nonce", "not base64 at all!");
  expect_refused("nonce", json::value(nullptr));
  expect_refused("name", "");
  expect_refused("name", json::value(std::string(256, 'n')));
  expect_refused("name", "bad\xff utf-8");
  expect_refused("name", "\xc0\xaf");  // an overlong '/'
  expect_refused("name", 7);
  expect_refused("mime", "Image/JPEG");
  expect_refused("mime", "image");
  expect_refused("mime", "image/");
  expect_refused("mime", "/jpeg");
  expect_refused("mime", "image/jpeg/x");
  expect_refused("mime", "image/jpeg; charset=x");
  expect_refused("mime", json::value("application/" + std::string(89, 'x')));  // 101 characters
  // The same check, as senders use it to choose a type.
  EXPECT_TRUE(client::e2ee::is_file_mime("application/vnd.ms-excel+xml"));
  EXPECT_FALSE(client::e2ee::is_file_mime("Image/JPEG"));
  EXPECT_FALSE(client::e2ee::is_file_mime("image/jpeg; charset=x"));
  expect_refused("mime", "");
  expect_refused("size", -1);
  expect_refused("size", json::value(static_cast<std::int64_t>(max_sealed_plain) + 1));
  expect_refused("size", "12");
  expect_refused("size", 1.5);
  expect_refused("size", json::value(std::uint64_t{1} << 63U));
  expect_refused("width", 0);
  expect_refused("width", 100001);
  expect_refused("width", "800");
  expect_refused("height", -600);
  expect_refused("height", 100001);
  expect_refused("height", json::value(nullptr));
  for (const char* required : {"media_id", "key", "nonce", "name", "mime", "size"}) {
    auto o = valid_entry();
    o.erase(required);
    EXPECT_FALSE(file_from_json(o)) << "without " << required;
  }
  for (const json::value& not_an_entry : {json::value(nullptr), json::value("x"), json::value(json::array{})}) {
    EXPECT_FALSE(file_from_json(not_an_entry));
  }
  auto edge = valid_entry();  // the bounds themselves are fine
  edge["name"] = std::string(255, 'n');
  edge["mime"] = "application/" + std::string(88, 'x');
  edge["size"] = static_cast<std::int64_t>(max_sealed_plain);
  edge["width"] = 100000;
  edge["height"] = 1;
  EXPECT_TRUE(file_from_json(edge));
  edge["size"] = 0;
  edge["mime"] = "application/vnd.natter+json.v-1";
  EXPECT_TRUE(file_from_json(edge));
}

TEST(e2ee_file_crypto, a_file_is_readable_only_when_the_message_holds_its_upload) {
  auto second = a_file();
  second.media_id = media_b;
  const json::value files = json::array{to_json(a_file()), json::object{{"media_id", 1}}, to_json(second)};
  const std::vector<std::string> attached{media_a};
  const auto shown = read_files(files, attached);
  ASSERT_EQ(shown.size(), 3U);
  EXPECT_TRUE(shown[0].readable);
  EXPECT_EQ(shown[0].file.name, "photo.jpg");
  EXPECT_FALSE(shown[1].readable);  // invalid: kept, flagged
  EXPECT_FALSE(shown[2].readable);  // valid, but not among the attachments
  EXPECT_EQ(shown[2].file.media_id, media_b);
}

TEST(e2ee_file_crypto, files_that_are_not_a_short_array_give_one_unreadable_entry) {
  const std::vector<std::string> attached{media_a};
  EXPECT_TRUE(read_files(nullptr, attached).empty());
  for (const json::value& odd : {json::value("files"), json::value(json::object{}), json::value(3)}) {
    const auto shown = read_files(odd, attached);
    ASSERT_EQ(shown.size(), 1U) << json::serialize(odd);
    EXPECT_FALSE(shown[0].readable);
  }
  json::array eleven;
  for (int i = 0; i < 11; ++i) eleven.push_back(to_json(a_file()));
  const auto shown = read_files(eleven, attached);
  ASSERT_EQ(shown.size(), 1U);
  EXPECT_FALSE(shown[0].readable);
  eleven.pop_back();
  EXPECT_EQ(read_files(eleven, attached).size(), 10U);
}

TEST(e2ee_file_crypto, a_sender_names_the_file_without_its_directory) {
  EXPECT_EQ(file_name_for_entry("/home/ann/Pictures/cat.png"), "cat.png");
  EXPECT_EQ(file_name_for_entry("C:\\Users\\ann\\cat.png"), "cat.png");
  EXPECT_EQ(file_name_for_entry("notes.txt"), "notes.txt");
  EXPECT_EQ(file_name_for_entry("dir/"), "file");
  EXPECT_EQ(file_name_for_entry("bad\xff"), "file");
  const std::string long_name = std::string(254, 'a') + "\xc3\xa9" + "b";  // é across the 255-byte cut
  EXPECT_EQ(file_name_for_entry(long_name), std::string(254, 'a'));
}

TEST(e2ee_file_crypto, a_received_name_is_cleaned_before_it_names_a_file) {
  EXPECT_EQ(clean_file_name("photo.jpg"), "photo.jpg");
  EXPECT_EQ(clean_file_name("../../etc/passwd"), "___.._etc_passwd");
  EXPECT_EQ(clean_file_name(".bashrc"), "_bashrc");
  EXPECT_EQ(clean_file_name("a\\b\x01"
                            "c\x7f.txt"),
            "a_b_c_.txt");
  EXPECT_EQ(clean_file_name("caf\xc3\xa9.txt"), "caf\xc3\xa9.txt");
}

TEST(e2ee_file_crypto, a_group_message_carries_its_files_to_the_reader_as_they_were) {
  device alice{1, "alice-laptop"};
  const json::value files = json::array{to_json(a_file()), json::object{{"odd", true}}};
  const auto with = alice.group_encrypt(5, "", 1'800'000'000'000, files);
  const auto without = alice.group_encrypt(5, "plain text", 1'800'000'000'000);
  auto opened = alice.group_decrypt(5, 1, with, alice.self());
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened.value->body, "");
  EXPECT_EQ(opened.value->files, files);
  auto plain = alice.group_decrypt(5, 2, without, alice.self());
  ASSERT_TRUE(plain);
  EXPECT_TRUE(plain.value->files.is_null());
}

}  // namespace
}  // namespace natter::client::e2ee
