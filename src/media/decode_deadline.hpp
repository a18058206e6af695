#pragma once
// The time limit of one image job. libvips signals "eval" as it computes the
// pixels of a watched image (and of every image computed from it); past the
// deadline the handler kills the image, the computation stops with an error,
// and expired() tells that error from a decoding one. Internal to media/.

#include <vips/vips.h>

#include <atomic>
#include <chrono>
#include <vector>

#include "media/vips_image.hpp"

namespace natter::media {

class decode_deadline {
 public:
  explicit decode_deadline(std::chrono::milliseconds limit);
  ~decode_deadline();  // disconnects its handlers
  decode_deadline(const decode_deadline&) = delete;
  decode_deadline& operator=(const decode_deadline&) = delete;

  // Signals progress on image and kills it once the deadline passed.
  void watch(VipsImage* image);
  // Whether a watched image was killed, or the deadline has passed.
  bool expired() const noexcept;

 private:
  static void on_eval(VipsImage* image, VipsProgress* progress, gpointer self);  // on libvips' thread

  struct connection {
    image_ref image;
    gulong handler = 0;
  };
  std::chrono::steady_clock::time_point deadline_;
  std::atomic<bool> killed_{false};  // set on libvips' worker thread
  std::vector<connection> connections_;
};

}  // namespace natter::media
