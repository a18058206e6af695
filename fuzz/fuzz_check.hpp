#pragma once
// The harnesses' property check: a broken property is a crash libFuzzer
// records (with the input that caused it), in every build type.

#include <cstdio>
#include <cstdlib>

namespace natter::fuzz {

inline void check(bool holds, const char* property) {
  if (holds) return;
  std::fprintf(stderr, "fuzz property broken: %s\n", property);
  std::abort();
}

}  // namespace natter::fuzz
