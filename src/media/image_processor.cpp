#include "media/image_processor.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>
#include <fstream>
#include <system_error>
#include <utility>
#include <vector>

#include "media/declared_size.hpp"
#include "media/decode_deadline.hpp"
#include "media/image_codec.hpp"
#include "media/image_stages.hpp"
#include "media/output_file.hpp"

namespace natter::media {

namespace {

namespace fs = std::filesystem;

constexpr int avatar_side = 256;
constexpr int avatar_thumbnail_side = 64;
constexpr int main_quality = 85;
constexpr int thumbnail_quality = 80;

error cannot_decode() {
  return validation_error("file", "The image cannot be decoded.");
}

// What a failed step means: the deadline passed (the computation was
// killed), or the content is bad.
error failure(const decode_deadline& deadline) {
  if (deadline.expired()) return validation_error("file", "The image took too long to decode.");
  return cannot_decode();
}

// Against the header, before any pixel is decoded: a small file can claim
// a huge image (a decompression bomb).
status check_size(std::uint64_t width, std::uint64_t height, const image_limits& limits) {
  if (width == 0 || height == 0) return cannot_decode();
  if (width > limits.max_pixels / height) {
    const double megapixels = static_cast<double>(limits.max_pixels) / 1e6;
    return validation_error("file", fmt::format("The image is larger than {:g} megapixels.", megapixels));
  }
  const auto side = static_cast<std::uint64_t>(std::max(limits.max_side, 0));
  if (width > side || height > side) {
    return validation_error("file", fmt::format("The image is larger than {} pixels on a side.", limits.max_side));
  }
  return ok;
}

// The size the file's own header claims, checked before libvips reads it.
status check_declared_size(const fs::path& input, content_kind kind, const image_limits& limits) {
  std::vector<unsigned char> head(declared_size_window);
  std::ifstream in(input, std::ios::binary);
  in.read(reinterpret_cast<char*>(head.data()), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(std::max<std::streamsize>(in.gcount(), 0)));
  const auto declared = declared_size(head, kind);
  return declared ? check_size(declared->width, declared->height, limits) : status(ok);
}

// The size libvips read from the header (one frame of an animation).
status check_decoder_size(VipsImage* image, const image_limits& limits) {
  const int width = vips_image_get_width(image);
  const int height = vips_image_get_page_height(image);
  if (width <= 0 || height <= 0) return cannot_decode();
  return check_size(static_cast<std::uint64_t>(width), static_cast<std::uint64_t>(height), limits);
}

// The main image: a picture is computed from the decoder as it is written
// (unless it had to be rotated); an avatar is small, so it is kept in memory
// for its thumbnail.
image_ref main_image(image_ref in, image_purpose purpose) {
  image_ref turned = upright(std::move(in));
  if (!turned) return nullptr;
  image_ref srgb = to_srgb(std::move(turned));
  if (!srgb || purpose == image_purpose::picture) return srgb;
  image_ref square = centre_square(srgb.get(), avatar_side);
  return square ? in_memory(square.get()) : nullptr;
}

// The thumbnail, in memory: a picture's from the main image as written (its
// decoder can shrink while decoding), an avatar's from the avatar.
image_ref thumbnail_of(VipsImage* main, const fs::path& written, image_purpose purpose, int box,
                       decode_deadline& deadline) {
  image_ref thumb = purpose == image_purpose::avatar ? centre_square(main, avatar_thumbnail_side)
                                                     : fitted_thumbnail(written.c_str(), box);
  if (!thumb) return nullptr;
  deadline.watch(thumb.get());
  image_ref memory = in_memory(thumb.get());
  return memory ? without_opaque_alpha(std::move(memory)) : nullptr;
}

result<output_file> write_new(VipsImage* image, const fs::path& dir, image_format format, int quality,
                              const decode_deadline& deadline) {
  auto file = output_file::create(dir, extension_of(format));
  if (!file) return error(errc::internal);
  if (!save_image(image, file->descriptor(), format, quality)) return failure(deadline);
  return std::move(*file);
}

// Opens input with kind's decoder, reading its header only. The size it
// claims is checked against limits twice: as read by hand, before libvips
// sees the file, and as libvips read it.
result<image_ref> open_checked(const fs::path& input, content_kind kind, const image_limits& limits) {
  std::error_code ec;
  if (!fs::is_regular_file(input, ec)) return cannot_decode();  // a pipe or a device would hold the worker
  if (auto declared = check_declared_size(input, kind, limits); !declared) return declared.err();
  image_ref in = open_image(input, kind);
  if (!in) return cannot_decode();
  if (auto size = check_decoder_size(in.get(), limits); !size) return size.err();
  return in;
}

result<processed_image> process(const fs::path& input, content_kind kind, image_purpose purpose,
                                const fs::path& out_dir, const image_limits& limits) {
  decode_deadline deadline(limits.max_time);
  auto in = open_checked(input, kind, limits);
  if (!in) return in.err();
  deadline.watch(in->get());
  image_ref main = main_image(std::move(*in), purpose);
  if (!main) return failure(deadline);
  const image_format format = main_format(kind);
  auto main_file = write_new(main.get(), out_dir, format, main_quality, deadline);
  if (!main_file) return main_file.err();
  if (deadline.expired()) return failure(deadline);
  image_ref thumb = thumbnail_of(main.get(), main_file->path(), purpose, limits.thumbnail_box, deadline);
  std::string colour = thumb ? average_colour(thumb.get()) : std::string();
  if (colour.empty()) return failure(deadline);
  const image_format thumb_format = vips_image_hasalpha(thumb.get()) ? image_format::png : image_format::jpeg;
  auto thumb_file = write_new(thumb.get(), out_dir, thumb_format, thumbnail_quality, deadline);
  if (!thumb_file) return thumb_file.err();

  processed_image out;
  out.mime = mime_of(format);
  out.thumbnail_mime = mime_of(thumb_format);
  out.width = vips_image_get_width(main.get());
  out.height = vips_image_get_height(main.get());
  out.thumbnail_width = vips_image_get_width(thumb.get());
  out.thumbnail_height = vips_image_get_height(thumb.get());
  out.colour = std::move(colour);
  out.main = main_file->keep();
  out.thumbnail = thumb_file->keep();
  return out;
}

}  // namespace

result<processed_image> process_image(const fs::path& input, content_kind kind, image_purpose purpose,
                                      const fs::path& out_dir, const image_limits& limits) {
  if (auto started = init_images(); !started) return started.err();
  if (kind == content_kind::other) return cannot_decode();
  try {
    return process(input, kind, purpose, out_dir, limits);
  } catch (const std::exception& e) {
    spdlog::error("media: processing an image failed: {}", e.what());
    return error(errc::internal);
  }
}

}  // namespace natter::media
