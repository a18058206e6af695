// Runs the conformance suites against MariaDB, one fresh database on the test
// server per test.

#include "conversation_conformance.hpp"
#include "mariadb_test_database.hpp"
#include "store_conformance.hpp"
#include "store_database_conformance.hpp"

namespace natter::store::conformance {
namespace {

backend_under_test mariadb_under_test() {
  return backend_under_test{.name = "mariadb", .create = [] { return std::make_unique<mariadb_test_database>(); }};
}

INSTANTIATE_TEST_SUITE_P(mariadb, store_conformance, ::testing::Values(mariadb_under_test()), backend_name);
INSTANTIATE_TEST_SUITE_P(mariadb, conversation_conformance, ::testing::Values(mariadb_under_test()), backend_name);
INSTANTIATE_TEST_SUITE_P(mariadb, store_database_conformance, ::testing::Values(mariadb_under_test()), backend_name);

}  // namespace
}  // namespace natter::store::conformance
