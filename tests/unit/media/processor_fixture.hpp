#pragma once
// A fixture for tests of process_image: an upload directory, an output
// directory, and a look at what came out.

#include <gtest/gtest.h>

#include <filesystem>
#include <span>
#include <string>

#include "media/image_processor.hpp"
#include "test_images.hpp"

namespace natter::media::test {

namespace fs = std::filesystem;

class image_processor : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(init_images()); }

  // Uploads bytes (as a file named name) and processes it as what its first
  // bytes say it is.
  result<processed_image> process(const std::string& bytes, image_purpose purpose = image_purpose::picture,
                                  const image_limits& limits = {}, const std::string& name = "upload") {
    const fs::path input = uploads_.path() / name;
    test::write_file(input, bytes);
    const auto head = test::read_file(input).substr(0, 16);
    const auto kind = sniff(std::span(reinterpret_cast<const unsigned char*>(head.data()), head.size()));
    return process_image(input, kind, purpose, out_.path(), limits);
  }

  void expect_refused(const result<processed_image>& r, const std::string& message) {
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.err().code, errc::validation_failed);
    EXPECT_EQ(r.err().field, "file");
    EXPECT_EQ(r.err().message, message);
    EXPECT_TRUE(out_.files().empty()) << "nothing is left behind";
  }

  temp_directory uploads_;
  temp_directory out_;
};

// The main image and the thumbnail are where the result says, in out_dir,
// and are what it says they are.
inline void expect_written(const processed_image& p, const fs::path& out_dir) {
  EXPECT_EQ(p.main.parent_path(), out_dir);
  EXPECT_EQ(p.thumbnail.parent_path(), out_dir);
  auto main = decode(p.main);
  auto thumb = decode(p.thumbnail);
  ASSERT_TRUE(main && thumb);
  EXPECT_EQ(vips_image_get_width(main.get()), p.width);
  EXPECT_EQ(vips_image_get_height(main.get()), p.height);
  EXPECT_EQ(vips_image_get_width(thumb.get()), p.thumbnail_width);
  EXPECT_EQ(vips_image_get_height(thumb.get()), p.thumbnail_height);
}

inline std::string loader_of(const fs::path& path) {
  const char* loader = vips_foreign_find_load(path.c_str());
  return loader ? loader : "";
}

}  // namespace natter::media::test
