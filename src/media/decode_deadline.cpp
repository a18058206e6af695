#include "media/decode_deadline.hpp"

namespace natter::media {

decode_deadline::decode_deadline(std::chrono::milliseconds limit)
    : deadline_(std::chrono::steady_clock::now() + limit) {}

decode_deadline::~decode_deadline() {
  for (auto& c : connections_) g_signal_handler_disconnect(c.image.get(), c.handler);
}

void decode_deadline::watch(VipsImage* image) {
  vips_image_set_progress(image, TRUE);
  g_object_ref(image);
  image_ref held(image);
  const gulong handler = g_signal_connect(image, "eval", G_CALLBACK(&decode_deadline::on_eval), this);
  connections_.push_back(connection{std::move(held), handler});
}

bool decode_deadline::expired() const noexcept {
  return killed_.load() || std::chrono::steady_clock::now() >= deadline_;
}

// image is the watched one; progress->im the one being computed from it,
// which may read nothing more of image (an image decoded into memory).
void decode_deadline::on_eval(VipsImage* image, VipsProgress* progress, gpointer self) {
  auto* d = static_cast<decode_deadline*>(self);
  if (std::chrono::steady_clock::now() < d->deadline_) return;
  d->killed_.store(true);
  vips_image_set_kill(image, TRUE);
  if (progress && progress->im) vips_image_set_kill(progress->im, TRUE);
}

}  // namespace natter::media
