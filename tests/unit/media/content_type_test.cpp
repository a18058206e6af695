#include "media/content_type.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace natter::media {
namespace {

using namespace std::string_view_literals;

content_kind sniff_text(std::string_view bytes) {
  return sniff(std::span(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size()));
}

TEST(content_type, recognises_each_image_type_by_its_magic_number) {
  EXPECT_EQ(sniff_text("\x89PNG\r\n\x1a\n\0\0\0\rIHDR"sv), content_kind::png);
  EXPECT_EQ(sniff_text("\xff\xd8\xff\xe0\0\x10JFIF\0\x01\x01\0\0\x01"sv), content_kind::jpeg);
  EXPECT_EQ(sniff_text("GIF89a\x01\0\x01\0\x80\0\0\0\0\0"sv), content_kind::gif);
  EXPECT_EQ(sniff_text("GIF87a\x01\0\x01\0\x80\0\0\0\0\0"sv), content_kind::gif);
  EXPECT_EQ(sniff_text("RIFF\x24\0\0\0WEBPVP8 "sv), content_kind::webp);
  EXPECT_EQ(sniff_text("RIFF\x24\0\0\0WEBPVP8L"sv), content_kind::webp);
  EXPECT_EQ(sniff_text("RIFF\x24\0\0\0WEBPVP8X"sv), content_kind::webp);
}

TEST(content_type, svg_and_html_are_other_whatever_they_are_called) {
  EXPECT_EQ(sniff_text("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"sv),
            content_kind::other);
  EXPECT_EQ(sniff_text("<?xml version=\"1.0\"?><svg/>"sv), content_kind::other);
  EXPECT_EQ(sniff_text("<!doctype html><html><script>alert(1)</script>"sv), content_kind::other);
  EXPECT_EQ(sniff_text(" \x89PNG\r\n\x1a\n"sv), content_kind::other);  // not at the start
}

TEST(content_type, other_riff_files_and_short_heads_are_other) {
  EXPECT_EQ(sniff_text("RIFF\x24\0\0\0WAVEfmt "sv), content_kind::other);
  EXPECT_EQ(sniff_text("RIFF\x24\0\0\0WEBPVP9 "sv), content_kind::other);
  EXPECT_EQ(sniff_text("RIFF\x24\0\0\0WEBPVP8"sv), content_kind::other);  // 15 bytes
  EXPECT_EQ(sniff_text("\x89PNG\r\n\x1a"sv), content_kind::other);        // 7 of 8
  EXPECT_EQ(sniff_text("GIF89"sv), content_kind::other);
  EXPECT_EQ(sniff_text("\xff\xd8"sv), content_kind::other);
  EXPECT_EQ(sniff_text(""sv), content_kind::other);
  EXPECT_EQ(sniff_text("\xff\xd8\xff"sv), content_kind::jpeg);  // a whole signature
}

TEST(content_type, names_the_mime_type_of_each_kind) {
  EXPECT_EQ(mime_of(content_kind::png), "image/png");
  EXPECT_EQ(mime_of(content_kind::jpeg), "image/jpeg");
  EXPECT_EQ(mime_of(content_kind::gif), "image/gif");
  EXPECT_EQ(mime_of(content_kind::webp), "image/webp");
  EXPECT_EQ(mime_of(content_kind::other), "application/octet-stream");
}

}  // namespace
}  // namespace natter::media
