// Runs the conformance suites against SQLite, one file in a fresh temporary
// directory per test.

#include "conversation_conformance.hpp"
#include "sqlite_test_database.hpp"
#include "store_conformance.hpp"
#include "store_database_conformance.hpp"

namespace natter::store::conformance {
namespace {

backend_under_test sqlite_under_test() {
  return backend_under_test{.name = "sqlite", .create = [] { return std::make_unique<sqlite_test_database>(); }};
}

INSTANTIATE_TEST_SUITE_P(sqlite, store_conformance, ::testing::Values(sqlite_under_test()), backend_name);
INSTANTIATE_TEST_SUITE_P(sqlite, conversation_conformance, ::testing::Values(sqlite_under_test()), backend_name);
INSTANTIATE_TEST_SUITE_P(sqlite, store_database_conformance, ::testing::Values(sqlite_under_test()), backend_name);

}  // namespace
}  // namespace natter::store::conformance
