#include <gtest/gtest.h>

#include "client/file_names.hpp"

namespace natter::client {
namespace {

TEST(local_file_name, keeps_an_ordinary_name_as_it_is) {
  EXPECT_EQ(local_file_name("photo.jpg"), "photo.jpg");
  EXPECT_EQ(local_file_name("Relevé de compte 2024.pdf"), "Relevé de compte 2024.pdf");
}

TEST(local_file_name, keeps_only_the_last_segment_of_a_path) {
  EXPECT_EQ(local_file_name("../../etc/passwd"), "passwd");
  EXPECT_EQ(local_file_name("/home/bob/.ssh/authorized_keys"), "authorized_keys");
  EXPECT_EQ(local_file_name("..\\..\\Windows\\win.ini"), "win.ini");
}

TEST(local_file_name, is_never_hidden_nor_a_directory_name) {
  EXPECT_EQ(local_file_name(".bashrc"), "bashrc");
  EXPECT_EQ(local_file_name(" . .profile"), "profile");
  EXPECT_EQ(local_file_name(".."), "file");
  EXPECT_EQ(local_file_name("."), "file");
  EXPECT_EQ(local_file_name("dir/"), "file");
  EXPECT_EQ(local_file_name(""), "file");
}

TEST(local_file_name, drops_control_characters_and_bidi_overrides) {
  EXPECT_EQ(local_file_name("a\nb\x1b[31mc\x7f.txt"), "ab[31mc.txt");
  EXPECT_EQ(local_file_name("x\xc2\x9b"
                            "y.txt"),
            "xy.txt");  // C1 CSI
  EXPECT_EQ(local_file_name("photo\xe2\x80\xae"
                            "gpj.exe"),
            "photogpj.exe");  // U+202E
}

TEST(local_file_name, drops_invalid_utf8) {
  EXPECT_EQ(local_file_name("a\xff\xfe"
                            "b.txt"),
            "ab.txt");
  EXPECT_EQ(local_file_name("\xc0\xaf"
                            "x"),
            "x");  // an overlong '/'
  EXPECT_EQ(local_file_name("\xed\xa0\x80"
                            "y"),
            "y");                                // a surrogate
  EXPECT_EQ(local_file_name("caf\xc3"), "caf");  // cut short
}

TEST(local_file_name, is_at_most_255_bytes_cut_between_characters) {
  std::string long_name;
  for (int i = 0; i < 200; ++i) long_name += "é";  // 2 bytes each
  const auto name = local_file_name(long_name);
  EXPECT_EQ(name.size(), 254u);
  EXPECT_EQ(name.substr(0, 4), "éé");
}

TEST(disposition_file_name, prefers_the_utf8_name_and_decodes_it) {
  EXPECT_EQ(disposition_file_name("attachment; filename=\"Relev_ 1.pdf\"; filename*=UTF-8''Relev%C3%A9%201.pdf"),
            "Relevé 1.pdf");
  EXPECT_EQ(disposition_file_name("inline; filename*=utf-8'en'a%2Fb.png"), "a/b.png");  // reduced later
}

TEST(disposition_file_name, falls_back_to_the_plain_name_quoted_or_not) {
  EXPECT_EQ(disposition_file_name("attachment; filename=\"a \\\"b\\\";c.txt\""), "a \"b\";c.txt");
  EXPECT_EQ(disposition_file_name("attachment;filename=plain.txt"), "plain.txt");
  EXPECT_EQ(disposition_file_name("attachment; FileName=\"x.bin\"; size=3"), "x.bin");
}

TEST(disposition_file_name, is_empty_without_a_name) {
  EXPECT_EQ(disposition_file_name("inline"), "");
  EXPECT_EQ(disposition_file_name(""), "");
  EXPECT_EQ(disposition_file_name("attachment; size=3"), "");
}

TEST(percent_encoded, leaves_unreserved_characters_and_encodes_the_rest) {
  EXPECT_EQ(percent_encoded("a-Z_0.9~"), "a-Z_0.9~");
  EXPECT_EQ(percent_encoded("a b&c=d+e/é"), "a%20b%26c%3Dd%2Be%2F%C3%A9");
}

}  // namespace
}  // namespace natter::client
