// The image path of an upload: the fuzz input is written to a file, sniffed
// as natterd sniffs it (media::sniff), and handed to media::process_image
// with tight limits (1 megapixel, 2 s), as a picture, and when the input's
// length is odd as an avatar too.
//
// Properties: no crash, sanitizer report or leak; what is not PNG, JPEG, GIF
// or WebP by its first bytes is refused; every refusal is VALIDATION_FAILED
// on the field "file" (never INTERNAL) and leaves no file behind; what is
// accepted is two files that are what the result says: the type its mime
// names (by their first bytes), the width and height their headers declare,
// within the limits (an avatar 256 and 64 pixels square), and a colour
// "#rrggbb".

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz_check.hpp"
#include "media/content_type.hpp"
#include "media/declared_size.hpp"
#include "media/image_processor.hpp"

namespace {

using namespace natter;
using namespace natter::media;
namespace fs = std::filesystem;
using fuzz::check;

struct scratch {
  fs::path dir;
  fs::path input;
  fs::path out;
};

scratch& place() {
  static scratch* s = [] {
    auto* w = new scratch;  // never freed: the fuzzer calls into it until exit
    std::string pattern = (fs::temp_directory_path() / "natter-fuzz-images-XXXXXX").string();
    check(::mkdtemp(pattern.data()) != nullptr, "a temporary directory");
    w->dir = pattern;
    w->input = w->dir / "upload";
    w->out = w->dir / "out";
    fs::create_directory(w->out);
    check(init_images().ok(), "libvips starts");
    std::atexit([] { fs::remove_all(place().dir); });
    return w;
  }();
  return *s;
}

image_limits tight_limits() {
  image_limits limits;
  limits.max_pixels = 1'000'000;
  limits.max_time = std::chrono::seconds(2);
  return limits;
}

std::vector<unsigned char> head_of(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<unsigned char> head(declared_size_window);
  in.read(reinterpret_cast<char*>(head.data()), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  return head;
}

// The file is an image of type mime, of width x height as its header says.
void check_file(const fs::path& path, const std::string& mime, int width, int height) {
  const auto head = head_of(path);
  const auto kind = sniff(head);
  check(mime_of(kind) == mime, "an output is of the type its mime names");
  const auto size = declared_size(head, kind);
  check(size && size->width == static_cast<std::uint64_t>(width) && size->height == static_cast<std::uint64_t>(height),
        "an output has the size the result says");
}

bool is_colour(const std::string& c) {
  return c.size() == 7 && c[0] == '#' && c.find_first_not_of("0123456789abcdef", 1) == std::string::npos;
}

void run(content_kind kind, image_purpose purpose) {
  const auto& s = place();
  const auto limits = tight_limits();
  auto r = process_image(s.input, kind, purpose, s.out, limits);
  if (!r) {
    check(r.err().code == errc::validation_failed && r.err().field == "file", "a refusal is VALIDATION_FAILED on file");
    check(fs::is_empty(s.out), "a refusal leaves no file behind");
    return;
  }
  check(kind != content_kind::other, "only images are accepted");
  check(is_colour(r->colour), "the colour is #rrggbb");
  check(static_cast<std::uint64_t>(r->width) * static_cast<std::uint64_t>(r->height) <= limits.max_pixels,
        "the main image is within the pixel limit");
  check(r->thumbnail_width <= limits.thumbnail_box && r->thumbnail_height <= limits.thumbnail_box,
        "the thumbnail fits its box");
  if (purpose == image_purpose::avatar) {
    check(r->width == 256 && r->height == 256 && r->thumbnail_width == 64 && r->thumbnail_height == 64,
          "an avatar is 256 square, its thumbnail 64");
  }
  check_file(r->main, r->mime, r->width, r->height);
  check_file(r->thumbnail, r->thumbnail_mime, r->thumbnail_width, r->thumbnail_height);
  fs::remove(r->main);
  fs::remove(r->thumbnail);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto& s = place();
  std::ofstream(s.input, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  const auto kind = sniff(std::span(data, std::min<std::size_t>(size, 16)));
  run(kind, image_purpose::picture);
  if (size % 2 == 1) run(kind, image_purpose::avatar);
  return 0;
}
