// Key backup over real WebSockets (docs/protocol.md, "End-to-end encryption:
// key backup"): one current version per user, entries paged by session id,
// read back by another session of the same user, refused to anyone else and
// to a stale version, capped, rate limited, audited, never logged.

#include <algorithm>

#include "integration/e2ee_fixture.hpp"
#include "integration/support/natterd_cli.hpp"

namespace natter::testing {
namespace {

using boost::json::array;
using boost::json::object;

// Markers that must never reach a log line or the audit log.
const std::string salt_marker = "U2FsdE1hcmtlcjEyMzQ";
const std::string data_marker = "RGF0YU1hcmtlcjU2Nzg5MA";

object backup_auth() {
  return {{"v", 1},   {"alg", "natter.backup.v1"}, {"salt", salt_marker},
          {"ops", 3}, {"mem", 67108864},           {"check", "Y2hlY2s"}};
}

object entry(const std::string& session_id, const std::string& data = "bm9uY2UrY2lwaGVydGV4dA") {
  return {{"session_id", session_id}, {"data", data}};
}

class backup_test : public e2ee_test {
 protected:
  std::int64_t create(ws_client& ws, object auth = backup_auth()) {
    return ws.ok({{"type", "keys.backup.create"}, {"auth_data", std::move(auth)}}).at("version").as_int64();
  }
  object put(ws_client& ws, std::int64_t version, array entries) {
    return ws.ok({{"type", "keys.backup.put"}, {"version", version}, {"entries", std::move(entries)}});
  }
  object info(ws_client& ws) { return ws.ok({{"type", "keys.backup.info"}}); }
  object refused(ws_client& ws, object req) {
    auto reply = ws.request(req);
    EXPECT_TRUE(reply.contains("error")) << boost::json::serialize(reply);
    return reply;
  }
  std::string code(ws_client& ws, object req) { return code_of(refused(ws, std::move(req))); }
  std::string field(ws_client& ws, object req) { return field_of(refused(ws, std::move(req))); }

  cli_run audit(const std::string& kind) {
    return run_natterd({"admin", "audit", "--kind", kind, "--data-dir", (server_->data_dir() / "data").string()});
  }
};

TEST_F(backup_test, a_backup_round_trips_and_another_session_of_the_user_restores_it_in_pages) {
  EXPECT_EQ(code(*alice_, {{"type", "keys.backup.info"}}), "NOT_FOUND");
  const auto version = create(*alice_);
  EXPECT_EQ(version, 1);
  auto fresh = info(*alice_);
  EXPECT_EQ(fresh.at("version").as_int64(), version);
  EXPECT_EQ(fresh.at("count").as_int64(), 0);
  EXPECT_EQ(fresh.at("auth_data"), backup_auth());

  auto stored =
      put(*alice_, version, array{entry("c2Vzc2lvbkI", data_marker), entry("c2Vzc2lvbkA"), entry("c2Vzc2lvbkM")});
  EXPECT_EQ(stored.at("count").as_int64(), 3);
  EXPECT_NE(stored.at("etag").as_int64(), fresh.at("etag").as_int64());
  EXPECT_EQ(put(*alice_, version, array{entry("c2Vzc2lvbkA", "bmV3")}).at("count").as_int64(), 3);  // replaced

  // A new device of alice's: another session, another connection.
  auto laptop = connect(login("alice"));
  auto seen = info(*laptop);
  EXPECT_EQ(seen.at("version").as_int64(), version);
  EXPECT_EQ(seen.at("count").as_int64(), 3);
  EXPECT_EQ(seen.at("auth_data"), backup_auth());
  auto first = laptop->ok({{"type", "keys.backup.get"}, {"version", version}, {"limit", 2}});
  ASSERT_EQ(first.at("entries").as_array().size(), 2U);
  EXPECT_TRUE(first.at("has_more").as_bool());
  EXPECT_EQ(first.at("entries").at(0).at("session_id").as_string(), "c2Vzc2lvbkA");
  EXPECT_EQ(first.at("entries").at(0).at("data").as_string(), "bmV3");
  EXPECT_EQ(first.at("entries").at(1).at("data").as_string(), data_marker);
  auto rest = laptop->ok({{"type", "keys.backup.get"}, {"version", version}, {"after", "c2Vzc2lvbkI"}});
  ASSERT_EQ(rest.at("entries").as_array().size(), 1U);
  EXPECT_EQ(rest.at("entries").at(0).at("session_id").as_string(), "c2Vzc2lvbkM");
  EXPECT_FALSE(rest.at("has_more").as_bool());
}

TEST_F(backup_test, no_one_else_reads_or_writes_a_users_backup) {
  const auto version = create(*alice_);
  put(*alice_, version, array{entry("c2Vzc2lvbkE", data_marker)});

  // Every request names only the caller's own backup: bob has none.
  EXPECT_EQ(code(*bob_, {{"type", "keys.backup.info"}}), "NOT_FOUND");
  EXPECT_EQ(code(*bob_, {{"type", "keys.backup.get"}, {"version", version}}), "NOT_FOUND");
  EXPECT_EQ(code(*bob_, {{"type", "keys.backup.put"}, {"version", version}, {"entries", array{entry("eA")}}}),
            "NOT_FOUND");
  EXPECT_EQ(code(*bob_, {{"type", "keys.backup.delete"}, {"version", version}}), "NOT_FOUND");
  EXPECT_EQ(code(*carol_, {{"type", "keys.backup.get"}, {"version", version}}), "NOT_FOUND");

  // bob's own backup has the same number and none of alice's entries.
  EXPECT_EQ(create(*bob_), version);
  EXPECT_TRUE(bob_->ok({{"type", "keys.backup.get"}, {"version", version}}).at("entries").as_array().empty());
  put(*bob_, version, array{entry("Ym9i")});

  auto kept = alice_->ok({{"type", "keys.backup.get"}, {"version", version}});
  ASSERT_EQ(kept.at("entries").as_array().size(), 1U);
  EXPECT_EQ(kept.at("entries").at(0).at("data").as_string(), data_marker);
  EXPECT_EQ(info(*alice_).at("count").as_int64(), 1);
}

TEST_F(backup_test, a_new_version_replaces_the_old_and_a_stale_one_is_refused) {
  const auto v1 = create(*alice_);
  put(*alice_, v1, array{entry("c2Vzc2lvbkE"), entry("c2Vzc2lvbkI")});
  const auto v2 = create(*alice_);
  EXPECT_GT(v2, v1);
  auto now = info(*alice_);
  EXPECT_EQ(now.at("version").as_int64(), v2);
  EXPECT_EQ(now.at("count").as_int64(), 0);

  // A client still on v1 notices.
  auto stale = refused(*alice_, {{"type", "keys.backup.put"}, {"version", v1}, {"entries", array{entry("eA")}}});
  EXPECT_EQ(code_of(stale), "BACKUP_VERSION_MISMATCH");
  EXPECT_NE(std::string(stale.at("error").at("message").as_string()).find(std::to_string(v2)), std::string::npos);
  EXPECT_EQ(code(*alice_, {{"type", "keys.backup.get"}, {"version", v1}}), "BACKUP_VERSION_MISMATCH");
  EXPECT_EQ(code(*alice_, {{"type", "keys.backup.delete"}, {"version", v1}}), "BACKUP_VERSION_MISMATCH");
  EXPECT_TRUE(alice_->ok({{"type", "keys.backup.get"}, {"version", v2}}).at("entries").as_array().empty());
  EXPECT_EQ(info(*alice_).at("count").as_int64(), 0);

  alice_->ok({{"type", "keys.backup.delete"}, {"version", v2}});
  EXPECT_EQ(code(*alice_, {{"type", "keys.backup.info"}}), "NOT_FOUND");
  EXPECT_EQ(code(*alice_, {{"type", "keys.backup.put"}, {"version", v2}, {"entries", array{entry("eA")}}}),
            "NOT_FOUND");
  EXPECT_GT(create(*alice_), v2);  // a deleted version's number is not given out again
}

TEST_F(backup_test, bad_input_gets_the_documented_error_and_stores_nothing) {
  EXPECT_EQ(code(*alice_, {{"type", "keys.backup.create"}}), "BAD_REQUEST");
  EXPECT_EQ(field(*alice_, {{"type", "keys.backup.create"}, {"auth_data", "text"}}), "auth_data");
  EXPECT_EQ(code(*alice_, {{"type", "keys.backup.create"}, {"auth_data", array{1, 2}}}), "BAD_REQUEST");
  auto big = backup_auth();
  big["pad"] = std::string(4100, 'A');
  auto oversize = refused(*alice_, {{"type", "keys.backup.create"}, {"auth_data", big}});
  EXPECT_EQ(code_of(oversize), "VALIDATION_FAILED");
  EXPECT_EQ(field_of(oversize), "auth_data");
  EXPECT_EQ(code(*alice_, {{"type", "keys.backup.info"}}), "NOT_FOUND");  // none of them made a backup

  const auto v = create(*alice_);
  auto put_code = [&](array entries) {
    return code(*alice_, {{"type", "keys.backup.put"}, {"version", v}, {"entries", std::move(entries)}});
  };
  auto put_field = [&](array entries) {
    return field(*alice_, {{"type", "keys.backup.put"}, {"version", v}, {"entries", std::move(entries)}});
  };
  EXPECT_EQ(put_code(array{entry("eA", "not base64!")}), "VALIDATION_FAILED");
  EXPECT_EQ(put_field(array{entry("eA", "not base64!")}), "entries.data");
  EXPECT_EQ(put_field(array{entry("eA", "QUJD=A")}), "entries.data");
  EXPECT_EQ(put_field(array{entry("eA", "")}), "entries.data");
  EXPECT_EQ(put_field(array{entry("eA", std::string(8196, 'A'))}), "entries.data");
  EXPECT_EQ(put_field(array{entry("eA"), entry("no spaces")}), "entries.session_id");
  EXPECT_EQ(put_field(array{entry("")}), "entries.session_id");
  EXPECT_EQ(put_field(array{entry(std::string(129, 'A'))}), "entries.session_id");
  EXPECT_EQ(put_field(array{}), "entries");
  array many;
  for (int i = 0; i < 101; ++i) many.push_back(entry("s" + std::to_string(i)));
  EXPECT_EQ(put_field(many), "entries");
  EXPECT_EQ(put_code(array{object{{"session_id", "eA"}, {"data", 5}}}), "BAD_REQUEST");
  EXPECT_EQ(code(*alice_, {{"type", "keys.backup.put"}, {"entries", array{entry("eA")}}}), "BAD_REQUEST");
  EXPECT_EQ(info(*alice_).at("count").as_int64(), 0);  // nothing of the refused puts was stored

  // The largest entry and a full put are fine.
  array hundred;
  for (int i = 0; i < 100; ++i) hundred.push_back(entry("s" + std::to_string(i)));
  EXPECT_EQ(put(*alice_, v, hundred).at("count").as_int64(), 100);
  EXPECT_EQ(put(*alice_, v, array{entry("big", std::string(8192, 'A'))}).at("count").as_int64(), 101);

  auto get_field = [&](object req) {
    req["type"] = "keys.backup.get";
    req["version"] = v;
    return field(*alice_, std::move(req));
  };
  EXPECT_EQ(get_field({{"limit", 0}}), "limit");
  EXPECT_EQ(get_field({{"limit", 501}}), "limit");
  EXPECT_EQ(get_field({{"after", "not an id"}}), "after");
  EXPECT_EQ(code(*alice_, {{"type", "keys.backup.get"}}), "BAD_REQUEST");
  EXPECT_EQ(alice_->ok({{"type", "keys.backup.get"}, {"version", v}, {"limit", 500}}).at("entries").as_array().size(),
            101U);
}

TEST_F(backup_test, creates_deletes_and_puts_are_rate_limited_per_user) {
  std::int64_t version = 0;
  for (int i = 0; i < 10; ++i) version = create(*alice_);
  auto limited = refused(*alice_, {{"type", "keys.backup.create"}, {"auth_data", backup_auth()}});
  EXPECT_EQ(code_of(limited), "RATE_LIMITED");
  EXPECT_EQ(code(*alice_, {{"type", "keys.backup.delete"}, {"version", version}}), "RATE_LIMITED");
  EXPECT_EQ(info(*alice_).at("version").as_int64(), version);
  EXPECT_EQ(create(*bob_), 1);  // per user

  // 200 puts at once, then 200 a minute: within a few hundred the bucket runs dry.
  int accepted = 0;
  std::string refusal;
  for (int i = 0; i < 400 && refusal.empty(); ++i) {
    auto reply = alice_->request(
        {{"type", "keys.backup.put"}, {"version", version}, {"entries", array{entry("s" + std::to_string(i))}}});
    if (reply.contains("error")) {
      refusal = code_of(reply);
    } else {
      ++accepted;
    }
  }
  EXPECT_EQ(refusal, "RATE_LIMITED");
  EXPECT_GE(accepted, 200);
  EXPECT_EQ(info(*alice_).at("count").as_int64(), accepted);  // the refused put stored nothing
}

TEST_F(backup_test, creates_and_deletes_are_audited_and_no_key_material_is_logged) {
  const auto version = create(*alice_);
  put(*alice_, version, array{entry("c2Vzc2lvbkE", data_marker)});
  alice_->ok({{"type", "keys.backup.get"}, {"version", version}});
  alice_->ok({{"type", "keys.backup.delete"}, {"version", version}});

  auto created = audit("e2ee.backup_created");
  ASSERT_EQ(created.exit_code, 0) << created.err;
  EXPECT_NE(created.out.find("e2ee.backup_created"), std::string::npos);
  EXPECT_NE(created.out.find("version 1"), std::string::npos);
  auto deleted = audit("e2ee.backup_deleted");
  ASSERT_EQ(deleted.exit_code, 0) << deleted.err;
  EXPECT_NE(deleted.out.find("e2ee.backup_deleted"), std::string::npos);
  for (const auto& text : {created.out, deleted.out, server_->log()}) {
    EXPECT_EQ(text.find(salt_marker), std::string::npos);
    EXPECT_EQ(text.find(data_marker), std::string::npos);
  }
}

}  // namespace
}  // namespace natter::testing
