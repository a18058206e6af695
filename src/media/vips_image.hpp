#pragma once
// Owning handles for libvips objects, and the one way this folder reports a
// libvips failure. Internal to media/.

#include <vips/vips.h>

#include <memory>
#include <string_view>

namespace natter::media {

struct gobject_unref {
  void operator()(void* object) const noexcept {
    if (object) g_object_unref(object);
  }
};

// An image this code holds a reference to.
using image_ref = std::unique_ptr<VipsImage, gobject_unref>;

// Adopts the reference a libvips call returned through an out parameter.
inline image_ref adopt(VipsImage* image) noexcept {
  return image_ref(image);
}

// Logs libvips' error buffer at debug level, naming the step, and clears it.
// Its messages name files and internals, so they go to the log only, never
// to a client. The buffer is the process's, not the thread's: a message may
// belong to another job, which only matters for the log.
void log_vips_failure(std::string_view step);

}  // namespace natter::media
