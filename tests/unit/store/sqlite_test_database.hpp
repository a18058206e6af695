#pragma once
// A SQLite database file in its own temporary directory, for one test.

#include <memory>
#include <string>

#include "store/sqlite/sqlite_backend.hpp"
#include "store_conformance.hpp"
#include "temp_directory.hpp"

namespace natter::store::conformance {

class sqlite_test_database final : public test_database {
 public:
  // A nested path, so that every test also covers creating the directory.
  std::string path() const { return (directory_.path() / "data" / "natter.db").string(); }

  std::unique_ptr<backend> open_backend() override {
    // NORMAL keeps the many small test commits cheap; durability across power
    // loss is not what these tests are about.
    return std::make_unique<sqlite::sqlite_backend>(sqlite::sqlite_options{.path = path(), .synchronous = "NORMAL"});
  }

 private:
  temp_directory directory_;
};

}  // namespace natter::store::conformance
