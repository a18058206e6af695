// libvips' process-wide set-up. libvips keeps its state in the process (type
// registry, operation cache, block list), so this is the one place that
// changes it, once.

#include <spdlog/spdlog.h>
#include <vips/vips.h>

#include <atomic>
#include <mutex>

#include "media/image_processor.hpp"
#include "media/vips_image.hpp"

namespace natter::media {

namespace {

// libvips reports warnings (a truncated file, a bad chunk) through GLib's log
// under the domain "VIPS"; they name files, so they stay at debug level.
void log_vips_message(const gchar* /*domain*/, GLogLevelFlags /*level*/, const gchar* message, gpointer /*data*/) {
  spdlog::debug("media: libvips: {}", message ? message : "");
}

// Untrusted bytes reach only the decoders of the four formats we accept: the
// loaders for SVG, PDF, TIFF, HEIF, ImageMagick, Matlab files and the rest
// refuse to run even if a file of theirs were handed to libvips.
void block_other_loaders() {
  vips_block_untrusted_set(TRUE);
  vips_operation_block_set("VipsForeignLoad", TRUE);
  // Found by nickname (class names differ between builds: libspng or
  // libpng, libnsgif or giflib); unblocking the file loader's parent class
  // unblocks its buffer and source siblings too.
  for (const char* allowed : {"pngload", "jpegload", "gifload", "webpload"}) {
    if (const GType type = vips_type_find("VipsOperation", allowed)) {
      vips_operation_block_set(g_type_name(g_type_parent(type)), FALSE);
    }
  }
}

status start_vips() {
  if (VIPS_INIT("natterd") != 0) {
    log_vips_failure("starting libvips");
    return error(errc::internal, "libvips cannot start");
  }
  g_log_set_handler("VIPS", static_cast<GLogLevelFlags>(G_LOG_LEVEL_MASK), log_vips_message, nullptr);
  // Every job decodes afresh: nothing of one upload is kept for the next.
  vips_cache_set_max(0);
  vips_cache_set_max_mem(0);
  vips_cache_set_max_files(0);
  // The pool's threads are the parallelism; one libvips worker per job.
  vips_concurrency_set(1);
  block_other_loaders();
  return ok;
}

struct vips_state {
  std::once_flag once;
  status started = error(errc::internal);
  std::atomic<bool> running{false};
};

vips_state& state() {
  static vips_state s;
  return s;
}

}  // namespace

status init_images() {
  auto& s = state();
  std::call_once(s.once, [&s] {
    s.started = start_vips();
    s.running.store(s.started.ok());
  });
  return s.started;
}

void release_thread_images() {
  // Only once libvips runs: before, it has no per-thread state (and would crash).
  if (state().running.load()) vips_thread_shutdown();
}

void log_vips_failure(std::string_view step) {
  // Copied and cleared under libvips' lock: other jobs write to it too.
  char* message = vips_error_buffer_copy();
  spdlog::debug("media: {} failed: {}", step, message ? message : "");
  g_free(message);
}

}  // namespace natter::media
