#include <gtest/gtest.h>

#include "clients/cli/media_format.hpp"

namespace natter::cli {
namespace {

protocol::media image(std::string name, std::int64_t size, int w, int h) {
  protocol::media m{"q3Jx0m5v2cS8kq1Vb0aZ7w", "image", std::move(name), "image/jpeg", size, w, h, {}, {}};
  return m;
}

protocol::media file(std::string name, std::int64_t size) {
  return {"AbCdEfGhIjKlMnOpQrStUv", "file", std::move(name), "application/octet-stream", size, {}, {}, {}, {}};
}

TEST(human_size, counts_bytes_below_a_kilobyte) {
  EXPECT_EQ(human_size(0), "0 B");
  EXPECT_EQ(human_size(1), "1 B");
  EXPECT_EQ(human_size(999), "999 B");
}

TEST(human_size, uses_decimal_units_with_one_decimal_below_ten) {
  EXPECT_EQ(human_size(1000), "1.0 KB");
  EXPECT_EQ(human_size(1500), "1.5 KB");
  EXPECT_EQ(human_size(9940), "9.9 KB");
  EXPECT_EQ(human_size(9960), "10 KB");
  EXPECT_EQ(human_size(245123), "245 KB");
  EXPECT_EQ(human_size(1234567), "1.2 MB");
  EXPECT_EQ(human_size(26214400), "26 MB");
  EXPECT_EQ(human_size(3'000'000'000), "3.0 GB");
}

TEST(human_size, moves_to_the_next_unit_rather_than_show_1000) {
  EXPECT_EQ(human_size(999'499), "999 KB");
  EXPECT_EQ(human_size(999'600), "1.0 MB");
}

TEST(attachment_label, shows_an_image_with_its_size_in_pixels) {
  EXPECT_EQ(attachment_label(image("photo.jpg", 245123, 1280, 720)), "[image 1280×720 photo.jpg 245 KB]");
}

TEST(attachment_label, shows_a_file_with_its_name_and_size) {
  EXPECT_EQ(attachment_label(file("report.pdf", 1234567)), "[file report.pdf 1.2 MB]");
}

TEST(attachment_label, never_passes_control_characters_to_the_terminal) {
  EXPECT_EQ(attachment_label(file("a\x1b[2Jb\xc2\x9b.txt", 5)), "[file a?[2Jb?.txt 5 B]");
}

TEST(with_attachments, puts_each_attachment_on_a_line_of_its_own_with_its_id) {
  protocol::message m;
  m.text = "two things";
  m.attachments = {image("p.jpg", 2000, 10, 20), file("r.pdf", 3)};
  EXPECT_EQ(with_attachments("alice: two things", m),
            "alice: two things\n  [image 10×20 p.jpg 2.0 KB] q3Jx0m5v2cS8kq1Vb0aZ7w\n"
            "  [file r.pdf 3 B] AbCdEfGhIjKlMnOpQrStUv");
}

TEST(with_attachments, leaves_a_message_without_attachments_as_it_is) {
  protocol::message m;
  m.text = "hi";
  EXPECT_EQ(with_attachments("alice: hi", m), "alice: hi");
}

TEST(with_attachments, drops_the_trailing_space_of_an_empty_caption) {
  protocol::message m;
  m.attachments = {file("r.pdf", 3)};
  EXPECT_EQ(with_attachments("alice: ", m), "alice:\n  [file r.pdf 3 B] AbCdEfGhIjKlMnOpQrStUv");
}

}  // namespace
}  // namespace natter::cli
