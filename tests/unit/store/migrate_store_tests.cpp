// natterd migrate-store: a SQLite database copied into an empty PostgreSQL
// schema keeps every row and every id, and the copy refuses to merge.

#include <gtest/gtest.h>

#include <array>
#include <filesystem>
#include <stdexcept>

#include "migrate_store_data.hpp"
#include "postgres_test_database.hpp"
#include "store/migrate/copy_store.hpp"

namespace natter::store::conformance {
namespace {

TEST(migrate_store, copies_every_row_with_its_id) {
  sqlite_test_database source;
  postgres_test_database target;
  const auto d = fill(source);

  const auto copied = migrate::copy_sqlite_to_postgres(source.path(), target.url());
  ASSERT_FALSE(copied.empty());
  EXPECT_EQ(copied.front().name, "users");
  EXPECT_EQ(copied.front().rows, 3);

  auto backend = target.open_backend();
  backend->migrate();
  auto s = backend->open_writer();
  expect_everything_copied(s.get(), d);
}

TEST(migrate_store, refuses_a_target_that_is_not_empty) {
  sqlite_test_database source;
  postgres_test_database target;
  fill(source);
  migrate::copy_sqlite_to_postgres(source.path(), target.url());
  EXPECT_THROW(migrate::copy_sqlite_to_postgres(source.path(), target.url()), failure);
  EXPECT_EQ(target.run("SELECT count(*) FROM users")[0][0].as<int>(), 3);
}

TEST(migrate_store, refuses_a_source_that_does_not_exist) {
  sqlite_test_database missing;
  postgres_test_database target;
  EXPECT_THROW(migrate::copy_sqlite_to_postgres(missing.path(), target.url()), failure);
  EXPECT_FALSE(std::filesystem::exists(missing.path())) << "no empty database is created in its place";
}

}  // namespace
}  // namespace natter::store::conformance
