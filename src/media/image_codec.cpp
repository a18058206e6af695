#include "media/image_codec.hpp"

namespace natter::media {

namespace {

struct target_unref {
  void operator()(VipsTarget* t) const noexcept { g_object_unref(t); }
};

int save_to(VipsImage* image, VipsTarget* target, image_format format, int quality) {
  switch (format) {
    case image_format::png:
      return vips_pngsave_target(image, target, "strip", TRUE, nullptr);
    case image_format::jpeg:
      return vips_jpegsave_target(image, target, "strip", TRUE, "Q", quality, "optimize_coding", TRUE, nullptr);
    case image_format::gif:
      return vips_gifsave_target(image, target, "strip", TRUE, nullptr);
    case image_format::webp:
      return vips_webpsave_target(image, target, "strip", TRUE, "Q", quality, nullptr);
  }
  return -1;
}

}  // namespace

image_ref open_image(const std::filesystem::path& path, content_kind kind) {
  VipsImage* out = nullptr;
  const char* name = path.c_str();
  int failed = -1;
  switch (kind) {
    case content_kind::png:
      failed = vips_pngload(name, &out, "access", VIPS_ACCESS_SEQUENTIAL, "fail_on", VIPS_FAIL_ON_ERROR, nullptr);
      break;
    case content_kind::jpeg:
      failed = vips_jpegload(name, &out, "access", VIPS_ACCESS_SEQUENTIAL, "fail_on", VIPS_FAIL_ON_ERROR, nullptr);
      break;
    case content_kind::gif:
      failed = vips_gifload(name, &out, "access", VIPS_ACCESS_SEQUENTIAL, "fail_on", VIPS_FAIL_ON_ERROR, nullptr);
      break;
    case content_kind::webp:
      failed = vips_webpload(name, &out, "access", VIPS_ACCESS_SEQUENTIAL, "fail_on", VIPS_FAIL_ON_ERROR, nullptr);
      break;
    case content_kind::other:
      return nullptr;
  }
  if (failed != 0) {
    log_vips_failure("reading the image header");
    return nullptr;
  }
  return adopt(out);
}

image_format main_format(content_kind kind) {
  switch (kind) {
    case content_kind::jpeg:
      return image_format::jpeg;
    case content_kind::webp:
      return image_format::webp;
    case content_kind::gif:
      if (vips_type_find("VipsOperation", "gifsave") != 0) return image_format::gif;
      return image_format::png;
    case content_kind::png:
    case content_kind::other:
      break;
  }
  return image_format::png;
}

std::string_view mime_of(image_format format) {
  switch (format) {
    case image_format::png:
      return "image/png";
    case image_format::jpeg:
      return "image/jpeg";
    case image_format::gif:
      return "image/gif";
    case image_format::webp:
      return "image/webp";
  }
  return "application/octet-stream";
}

std::string_view extension_of(image_format format) {
  switch (format) {
    case image_format::png:
      return ".png";
    case image_format::jpeg:
      return ".jpg";
    case image_format::gif:
      return ".gif";
    case image_format::webp:
      return ".webp";
  }
  return "";
}

bool save_image(VipsImage* image, int fd, image_format format, int quality) {
  std::unique_ptr<VipsTarget, target_unref> target(vips_target_new_to_descriptor(fd));
  if (!target || save_to(image, target.get(), format, quality) != 0) {
    log_vips_failure("writing the image");
    return false;
  }
  return true;
}

}  // namespace natter::media
