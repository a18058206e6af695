#pragma once
// Arrays as statement parameters (libpqxx 6 has no array binding).

#include <cstdint>
#include <string>
#include <string_view>

namespace natter::store::postgres {

// PostgreSQL's array literal: {"a","b",NULL}. Only " and \ need escaping
// inside the quotes; the literal is a parameter, never SQL text.
class array_literal {
 public:
  void add(std::string_view text) {
    separate();
    out_ += '"';
    for (char c : text) {
      if (c == '"' || c == '\\') out_ += '\\';
      out_ += c;
    }
    out_ += '"';
  }
  void add(std::int64_t n) {
    separate();
    out_ += std::to_string(n);
  }
  void add_null() {
    separate();
    out_ += "NULL";
  }
  std::string done() { return std::move(out_) + "}"; }

 private:
  void separate() { out_ += out_.size() == 1 ? "" : ","; }
  std::string out_ = "{";
};

}  // namespace natter::store::postgres
