#pragma once
// Scratch memory for the JSON of one frame. Frames of ordinary size are parsed
// or built without touching the heap, and everything is released at once when
// the arena goes out of scope: no per-node frees on the hot path.

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/storage_ptr.hpp>
#include <cstddef>

namespace natter::protocol {

class json_arena {
 public:
  json_arena() = default;
  json_arena(const json_arena&) = delete;
  json_arena& operator=(const json_arena&) = delete;

  // Non-owning: values built with it must not outlive the arena.
  boost::json::storage_ptr storage() noexcept { return &resource_; }

 private:
  // Large enough for a typical message event or request; bigger frames spill
  // to the heap through the resource's upstream.
  static constexpr std::size_t inline_bytes = 4096;

  unsigned char buffer_[inline_bytes];
  boost::json::monotonic_resource resource_{buffer_};
};

}  // namespace natter::protocol
