// What natterd keeps of the names and ids clients give uploads.

#include <gtest/gtest.h>

#include "media/uploads.hpp"
#include "store/attachment_codec.hpp"

namespace natter::media {
namespace {

TEST(safe_file_name, keeps_a_plain_name) {
  EXPECT_EQ(safe_file_name("holiday photo (2).jpg"), "holiday photo (2).jpg");
  EXPECT_EQ(safe_file_name("Grüße – 日本.pdf"), "Grüße – 日本.pdf");
}

TEST(safe_file_name, keeps_no_path_no_control_characters_and_no_quotes) {
  EXPECT_EQ(safe_file_name("../../etc/passwd"), "passwd");
  EXPECT_EQ(safe_file_name("C:\\Users\\me\\secret.txt"), "secret.txt");
  EXPECT_EQ(safe_file_name("a\"b\\c"), "c");
  EXPECT_EQ(safe_file_name("quo\"te.txt"), "quote.txt");
  EXPECT_EQ(safe_file_name(std::string("new\nline\r\t\x1f\x7f.txt")), "newline.txt");
  EXPECT_EQ(safe_file_name("a\u2028b\u0085c.txt"), "abc.txt");
}

TEST(safe_file_name, never_empty_hidden_or_a_dot_name) {
  for (const char* name : {"", ".", "..", "...", "/", "dir/", " . "}) EXPECT_EQ(safe_file_name(name), "file") << name;
  EXPECT_EQ(safe_file_name(".bashrc"), "bashrc");
  EXPECT_EQ(safe_file_name(std::string("\xff\xfe invalid")), "file");
}

TEST(safe_file_name, at_most_255_bytes_never_cutting_a_character) {
  std::string long_name;
  for (int i = 0; i < 200; ++i) long_name += "é";  // 2 bytes each
  const auto kept = safe_file_name(long_name);
  EXPECT_LE(kept.size(), 255u);
  EXPECT_EQ(kept.size() % 2, 0u);
}

TEST(upload_id, one_to_64_url_safe_characters) {
  EXPECT_TRUE(valid_upload_id("k7f2-1_X"));
  EXPECT_TRUE(valid_upload_id(std::string(64, 'a')));
  EXPECT_FALSE(valid_upload_id(""));
  EXPECT_FALSE(valid_upload_id(std::string(65, 'a')));
  EXPECT_FALSE(valid_upload_id("a b"));
  EXPECT_FALSE(valid_upload_id("../x"));
}

TEST(attachment_codec, round_trips_every_field_and_reads_nothing_as_none) {
  const std::vector<store::attachment_record> attachments{
      {"q3Jx0m5v2cS8kq1Vb0aZ7w", "image", "cat, \"the\" best.png", "image/png", 245123, 1280, 720, 320, 180, "#7a8c9e"},
      {"AAAAAAAAAAAAAAAAAAAAAA", "file", "report.pdf", "application/octet-stream", 12, 0, 0, 0, 0, ""}};
  const auto encoded = store::encode_attachments(attachments);
  ASSERT_TRUE(encoded);
  EXPECT_EQ(store::decode_attachments(*encoded), attachments);
  EXPECT_FALSE(store::encode_attachments({}));
  EXPECT_TRUE(store::decode_attachments("").empty());
}

}  // namespace
}  // namespace natter::media
