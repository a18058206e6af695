#pragma once
// Statements that take a list of values (WHERE id IN (...)): MariaDB has no
// array parameters, so a list is so many placeholders. To keep the number of
// prepared statements small, a list is padded to a power of two (repeating
// its last value, which IN ignores), and a longer list than max_list runs in
// chunks. Internal to the backend.

#include <algorithm>
#include <span>
#include <string>
#include <vector>

#include "store/mariadb/connection.hpp"

namespace natter::store::mariadb {

class list_statement {
 public:
  static constexpr std::size_t max_list = 256;

  // sql has "(?*)" where the list goes, once.
  list_statement(const std::string& name, const std::string& sql) {
    const auto marker = sql.find("(?*)");
    for (std::size_t n = 1; n <= max_list; n *= 2) {
      std::string placeholders = "(?";
      for (std::size_t i = 1; i < n; ++i) placeholders += ", ?";
      placeholders += ")";
      std::string text = sql;
      text.replace(marker, 4, placeholders);
      variants_.push_back(statement{name + "_" + std::to_string(n), std::move(text)});
    }
  }

  // Runs the statement once per chunk of values (1 to max_list of them), with
  // before, then the chunk (padded), then after as its parameters; returns
  // every chunk's rows in turn.
  template <class T>
  std::vector<rows::row> run(connection& db, std::span<const T> values, std::span<const parameter> before = {},
                             std::span<const parameter> after = {}) const {
    std::vector<rows::row> out;
    for (std::size_t start = 0; start < values.size(); start += max_list) {
      const auto chunk = values.subspan(start, std::min(max_list, values.size() - start));
      std::size_t padded = 1;
      while (padded < chunk.size()) padded *= 2;
      std::vector<parameter> parameters(before.begin(), before.end());
      for (const auto& v : chunk) parameters.push_back(to_parameter(v));
      for (std::size_t i = chunk.size(); i < padded; ++i) parameters.push_back(to_parameter(chunk.back()));
      parameters.insert(parameters.end(), after.begin(), after.end());
      std::size_t k = 0;
      while ((std::size_t{1} << k) < padded) ++k;
      rows found = db.exec_bound(variants_[k], parameters);
      for (auto& r : found.rows_) out.push_back(std::move(r));
    }
    return out;
  }

 private:
  std::vector<statement> variants_;  // [k]: 2^k placeholders
};

// Sorted, each once: chunks of it then give rows in the order of the whole.
template <class T>
std::vector<T> sorted_unique(std::span<const T> values) {
  std::vector<T> out(values.begin(), values.end());
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace natter::store::mariadb
