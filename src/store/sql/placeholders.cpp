#include "store/sql/placeholders.hpp"

#include <stdexcept>

namespace natter::store::sql {
namespace {

// The index just past the end of what starts at `from` and ends with
// `closing`; throws when it never ends.
std::size_t past(std::string_view sql, std::size_t from, std::string_view closing) {
  const std::size_t end = sql.find(closing, from);
  if (end == std::string_view::npos) {
    throw std::invalid_argument("statement text: unclosed " + std::string(closing) + " in " + std::string(sql));
  }
  return end + closing.size();
}

}  // namespace

std::string numbered_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int next = 1;
  std::size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    std::size_t end = i + 1;
    if (c == '\'' || c == '"') {
      // A doubled quote inside is two quoted runs back to back: the same text.
      end = past(sql, i + 1, std::string_view(&sql[i], 1));
    } else if (sql.substr(i, 2) == "--") {
      end = sql.find('\n', i);
      end = end == std::string_view::npos ? sql.size() : end + 1;
    } else if (sql.substr(i, 2) == "/*") {
      end = past(sql, i + 2, "*/");
    } else if (sql.substr(i, 2) == "??") {
      out += '?';
      i += 2;
      continue;
    } else if (c == '?') {
      out += '$';
      out += std::to_string(next++);
      i += 1;
      continue;
    }
    out.append(sql.substr(i, end - i));
    i = end;
  }
  return out;
}

}  // namespace natter::store::sql
