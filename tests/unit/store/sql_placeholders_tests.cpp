// What numbered_placeholders promises: a shared statement text written with ?
// becomes PostgreSQL's $1, $2, ... in order, and only real placeholders are
// numbered.

#include <gtest/gtest.h>

#include <stdexcept>

#include "store/sql/placeholders.hpp"

namespace natter::store::sql {
namespace {

TEST(store_sql_placeholders, numbers_each_placeholder_in_order) {
  EXPECT_EQ(numbered_placeholders("SELECT a FROM t WHERE b = ? AND c = ? LIMIT ?"),
            "SELECT a FROM t WHERE b = $1 AND c = $2 LIMIT $3");
}

TEST(store_sql_placeholders, leaves_a_text_without_placeholders_as_it_is) {
  EXPECT_EQ(numbered_placeholders("SELECT 1"), "SELECT 1");
  EXPECT_EQ(numbered_placeholders(""), "");
}

TEST(store_sql_placeholders, counts_past_nine) {
  EXPECT_EQ(numbered_placeholders("VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)");
}

TEST(store_sql_placeholders, a_question_mark_in_a_string_literal_is_text) {
  EXPECT_EQ(numbered_placeholders("SELECT 'why?' WHERE a = ?"), "SELECT 'why?' WHERE a = $1");
}

TEST(store_sql_placeholders, a_doubled_quote_keeps_the_literal_open) {
  EXPECT_EQ(numbered_placeholders("SELECT 'it''s ?' || ?"), "SELECT 'it''s ?' || $1");
  EXPECT_EQ(numbered_placeholders("SELECT '', ?"), "SELECT '', $1");
}

TEST(store_sql_placeholders, a_question_mark_in_a_quoted_identifier_is_text) {
  EXPECT_EQ(numbered_placeholders(R"(SELECT "odd?name" FROM t WHERE id = ?)"),
            R"(SELECT "odd?name" FROM t WHERE id = $1)");
}

TEST(store_sql_placeholders, a_question_mark_in_a_comment_is_text) {
  EXPECT_EQ(numbered_placeholders("SELECT ? -- the id?\nFROM t WHERE a = ?"),
            "SELECT $1 -- the id?\nFROM t WHERE a = $2");
  EXPECT_EQ(numbered_placeholders("SELECT /* why? */ ?"), "SELECT /* why? */ $1");
  EXPECT_EQ(numbered_placeholders("SELECT ? -- to the end?"), "SELECT $1 -- to the end?");
}

TEST(store_sql_placeholders, a_doubled_question_mark_is_the_jsonb_operator) {
  EXPECT_EQ(numbered_placeholders("SELECT doc ?? 'key' FROM t WHERE id = ?"),
            "SELECT doc ? 'key' FROM t WHERE id = $1");
  EXPECT_EQ(numbered_placeholders("SELECT doc ??| ? FROM t"), "SELECT doc ?| $1 FROM t");
}

TEST(store_sql_placeholders, a_quote_or_comment_left_open_is_refused) {
  EXPECT_THROW(numbered_placeholders("SELECT 'open WHERE a = ?"), std::invalid_argument);
  EXPECT_THROW(numbered_placeholders(R"(SELECT "open)"), std::invalid_argument);
  EXPECT_THROW(numbered_placeholders("SELECT /* open ?"), std::invalid_argument);
}

}  // namespace
}  // namespace natter::store::sql
