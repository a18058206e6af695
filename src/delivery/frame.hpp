#pragma once
#include <memory>
#include <string>

namespace natter::delivery {

// One encoded JSON frame, shared by every session it goes to.
using frame = std::shared_ptr<const std::string>;

inline frame make_frame(std::string text) {
  return std::make_shared<const std::string>(std::move(text));
}

}  // namespace natter::delivery
