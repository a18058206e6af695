// natterd migrate-store into MariaDB: a SQLite database, or a PostgreSQL one,
// copied into an empty MariaDB database keeps every row and every id, and
// the copy refuses to merge.

#include <gtest/gtest.h>

#include <filesystem>

#include "mariadb_test_database.hpp"
#include "migrate_store_data.hpp"
#include "postgres_test_database.hpp"
#include "store/migrate/copy_store.hpp"

namespace natter::store::conformance {
namespace {

void expect_copy_of(mariadb_test_database& target, const source_data& d) {
  auto backend = target.open_backend();
  backend->migrate();
  auto s = backend->open_writer();
  expect_everything_copied(s.get(), d);
}

TEST(migrate_store_to_mariadb, copies_every_row_of_sqlite_with_its_id) {
  sqlite_test_database source;
  mariadb_test_database target;
  const auto d = fill(source);

  const auto copied = migrate::copy_sqlite_to_mariadb(source.path(), target.url());
  ASSERT_FALSE(copied.empty());
  EXPECT_EQ(copied.front().name, "users");
  EXPECT_EQ(copied.front().rows, 3);
  expect_copy_of(target, d);
}

TEST(migrate_store_to_mariadb, copies_every_row_of_postgres_with_its_id) {
  sqlite_test_database first;
  postgres_test_database source;
  mariadb_test_database target;
  const auto d = fill(first);
  migrate::copy_sqlite_to_postgres(first.path(), source.url());

  const auto copied = migrate::copy_postgres_to_mariadb(source.url(), target.url());
  ASSERT_FALSE(copied.empty());
  EXPECT_EQ(copied.front().rows, 3);
  expect_copy_of(target, d);
}

TEST(migrate_store_to_mariadb, refuses_a_target_that_is_not_empty) {
  sqlite_test_database source;
  mariadb_test_database target;
  fill(source);
  migrate::copy_sqlite_to_mariadb(source.path(), target.url());
  EXPECT_THROW(migrate::copy_sqlite_to_mariadb(source.path(), target.url()), failure);
  EXPECT_EQ(target.run("SELECT COUNT(*) FROM " + target.name() + ".users")[0].text_at(0), "3");
}

TEST(migrate_store_to_mariadb, refuses_a_source_that_does_not_exist) {
  sqlite_test_database missing;
  mariadb_test_database target;
  EXPECT_THROW(migrate::copy_sqlite_to_mariadb(missing.path(), target.url()), failure);
  EXPECT_FALSE(std::filesystem::exists(missing.path())) << "no empty database is created in its place";
}

}  // namespace
}  // namespace natter::store::conformance
