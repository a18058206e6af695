// Runs the conformance suites against PostgreSQL, one fresh schema on the test
// server per test.

#include "conversation_conformance.hpp"
#include "postgres_test_database.hpp"
#include "store_conformance.hpp"
#include "store_database_conformance.hpp"

namespace natter::store::conformance {
namespace {

backend_under_test postgres_under_test() {
  return backend_under_test{.name = "postgres", .create = [] { return std::make_unique<postgres_test_database>(); }};
}

INSTANTIATE_TEST_SUITE_P(postgres, store_conformance, ::testing::Values(postgres_under_test()), backend_name);
INSTANTIATE_TEST_SUITE_P(postgres, conversation_conformance, ::testing::Values(postgres_under_test()), backend_name);
INSTANTIATE_TEST_SUITE_P(postgres, store_database_conformance, ::testing::Values(postgres_under_test()), backend_name);

}  // namespace
}  // namespace natter::store::conformance
