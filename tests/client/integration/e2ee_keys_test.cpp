// e2ee::crypto_session's key backup, device approval, key requests and
// forwarded keys (docs/client-library.md), over real sessions and natterd:
// a user's new device reads old history, and only the user's own confirmed
// devices hand keys to each other.

#include "client/support/crypto_fixture.hpp"

namespace natter::testing {
namespace {

using client::e2ee::backup_problem;
using client::e2ee::check_user_keys;
using client::e2ee::failure;
using client::e2ee::key_request_refused;
using client::e2ee::message_reopened;

constexpr client::e2ee::argon2_cost cheap_backup_cost{1, std::size_t{8} << 20U};
constexpr std::string_view recovery_phrase = "correct horse battery staple";

class e2ee_keys_test : public crypto_test {
 protected:
  // install() with a backup key derivation cheap enough for tests.
  crypto_user device_of(const std::string& username, const std::string& device_id) {
    crypto_user u;
    u.dir = new_dir();
    u.session = online_with(remembering(username, u.refresh_token));
    client::e2ee::crypto_options o;
    o.state_dir = u.dir;
    o.device_id = device_id;
    o.timeout = client_patience;
    o.backup_cost = cheap_backup_cost;
    u.crypto = std::make_unique<client::e2ee::crypto_session>(*u.session, std::move(o));
    return u;
  }

  // The conversation's messages as the server has them (oldest first).
  static std::vector<protocol::message> history_of(crypto_user& u, protocol::conversation_id c) {
    std::vector<protocol::message> out;
    auto got = get(u.session->call(protocol::history_request{c, std::nullopt, std::nullopt, 50}));
    EXPECT_TRUE(got) << (got ? "" : got.error().code);
    if (!got) return out;
    for (const auto& e : got->events) {
      if (const auto* m = std::get_if<protocol::message_event>(&e)) out.push_back(m->msg);
    }
    return out;
  }

  // Opens the history as the user would scroll to it; the texts it reads.
  static std::vector<std::string> read_history(crypto_user& u, protocol::conversation_id c) {
    std::vector<std::string> out;
    for (const auto& m : history_of(u, c)) {
      auto shown = u.crypto->open(m);
      u.messages[m.id] = m;
      u.shown[m.id] = shown;
      if (!shown.error) out.push_back(shown.text);
    }
    return out;
  }

  static bool reads(crypto_user& u, protocol::conversation_id c, const std::string& text) {
    const auto texts = read_history(u, c);
    return std::find(texts.begin(), texts.end(), text) != texts.end();
  }

  // True once every device message waiting for u was handled (acknowledged).
  static bool device_messages_handled(crypto_user& u) {
    auto left = get(u.session->call(protocol::to_device_list_request{0, 100}));
    return left && left->messages.empty();
  }

  template <class Notice>
  static bool has_notice(const crypto_user& u) {
    return std::any_of(u.notices.begin(), u.notices.end(),
                       [](const client::e2ee::notice& n) { return std::holds_alternative<Notice>(n); });
  }
};

template <class Future>
auto reply_of(Future f) {
  EXPECT_EQ(f.wait_for(client_patience), std::future_status::ready);
  return f.get();
}

// A device driven by hand (not a crypto_session), on its own login of the
// user: what a misbehaving client of that user could send.
struct raw_device {
  std::unique_ptr<client::session> session;
  client::e2ee::device dev;

  raw_device(std::unique_ptr<client::session> s, const std::string& device_id)
      : session(std::move(s)), dev(session->user()->id, device_id) {
    auto up = reply_of(session->call(dev.upload(5)));
    EXPECT_TRUE(up) << (up ? "" : up.error().code);
    dev.published();
  }

  client::e2ee::peer device_in_list(user_id who, const std::string& device_id) {
    auto got = reply_of(session->call(protocol::keys_query_request{{who}}));
    if (!got || got->users.empty()) return {};
    auto checked = check_user_keys(got->users.front());
    for (const auto* list : std::array{&checked.trusted, &checked.unsigned_}) {
      for (const auto& p : *list) {
        if (p.device_id == device_id) return p;
      }
    }
    return {};
  }

  // An Olm payload (kind and fields) to one device.
  void send_payload(const client::e2ee::peer& to, const boost::json::object& content) {
    if (!dev.has_session(to)) {
      auto claimed = reply_of(session->call(protocol::keys_claim_request{{{to.user, to.device_id}}}));
      ASSERT_TRUE(claimed && claimed->keys.size() == 1u);
      ASSERT_TRUE(dev.start_session(to, claimed->keys.front()));
    }
    auto sealed = dev.encrypt_payload(content, std::span(&to, 1));
    auto sent = reply_of(session->call(protocol::to_device_send_request{
        {{to.user, to.device_id, protocol::envelope{boost::json::serialize(sealed)}}}}));
    ASSERT_TRUE(sent) << sent.error().code;
  }

  // A Megolm message in c whose key this device gives to nobody.
  protocol::message send_unshared(protocol::conversation_id c, const std::string& text) {
    protocol::send_request r;
    r.conversation = c;
    r.encrypted = protocol::envelope{boost::json::serialize(dev.group_encrypt(c, text, 1'800'000'000'000))};
    auto sent = reply_of(session->call(std::move(r)));
    EXPECT_TRUE(sent) << (sent ? "" : sent.error().code);
    return sent ? sent->msg : protocol::message{};
  }

  boost::json::object forwarded(protocol::conversation_id c, const std::string& session_id,
                                boost::json::object key) const {
    return {{"kind", "forwarded_key"},
            {"request_id", "unsolicited"},
            {"conversation_id", c},
            {"session_id", session_id},
            {"key", std::move(key)}};
  }

  boost::json::object own_key(protocol::conversation_id c) const {
    auto k = dev.export_group_key(dev.self().curve25519, dev.outbound_session_id(c));
    EXPECT_TRUE(k.has_value());
    return k ? boost::json::parse(k->json).as_object() : boost::json::object{};
  }
};

TEST_F(e2ee_keys_test, a_new_device_restores_the_backup_and_reads_old_and_later_messages) {
  register_user("alice");
  register_user("bob");
  auto a1 = device_of("alice", "A1");
  auto bob = device_of("bob", "BOB1");
  const auto c = encrypted_chat(a1, "bob", bob, "alice");
  ASSERT_NE(c, 0);
  ASSERT_TRUE(bob.crypto->send(c, "before the backup"));
  ASSERT_TRUE(pump_until_shown(a1, "before the backup")) << a1.screen();

  auto short_one = a1.crypto->backup_setup("too short");
  ASSERT_FALSE(short_one);
  EXPECT_EQ(short_one.error().code, "VALIDATION_FAILED");
  auto made = a1.crypto->backup_setup(recovery_phrase);
  ASSERT_TRUE(made) << made.error().code << " " << made.error().message;
  EXPECT_TRUE(made->exists);
  EXPECT_TRUE(made->uploading);
  EXPECT_GE(made->count, 1);
  // A key made after the set-up goes up by itself.
  ASSERT_TRUE(a1.crypto->send(c, "alice after the backup"));
  auto status = a1.crypto->backup_status();
  ASSERT_TRUE(status);
  EXPECT_EQ(status->count, made->count + 1);
  EXPECT_EQ(status->waiting, 0u);

  auto a2 = device_of("alice", "A2");
  EXPECT_FALSE(reads(a2, c, "before the backup"));
  auto wrong = a2.crypto->backup_restore("a wrong passphrase here");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, "WRONG_PASSPHRASE");
  EXPECT_FALSE(reads(a2, c, "before the backup"));
  auto restored = a2.crypto->backup_restore(recovery_phrase);
  ASSERT_TRUE(restored) << restored.error().code;
  EXPECT_EQ(restored->imported, static_cast<std::size_t>(status->count));
  EXPECT_EQ(restored->skipped, 0u);
  EXPECT_TRUE(reads(a2, c, "before the backup"));
  EXPECT_TRUE(reads(a2, c, "alice after the backup"));
  auto a2_status = a2.crypto->backup_status();
  ASSERT_TRUE(a2_status);
  EXPECT_TRUE(a2_status->uploading);

  // bob's next key (a new session: alice has a new device) reaches A1, which
  // backs it up; a third device reads it from the backup alone.
  ASSERT_TRUE(pump(bob, [](const crypto_user& u) { return has_notice<client::e2ee::device_added>(u); }));
  ASSERT_TRUE(bob.crypto->send(c, "bob after the restore"));
  ASSERT_TRUE(pump_until_shown(a1, "bob after the restore")) << a1.screen();
  auto a3 = device_of("alice", "A3");
  EXPECT_FALSE(reads(a3, c, "bob after the restore"));
  auto again = a3.crypto->backup_restore(recovery_phrase);
  ASSERT_TRUE(again) << again.error().code;
  EXPECT_GT(again->imported, restored->imported);
  EXPECT_TRUE(reads(a3, c, "bob after the restore"));
  EXPECT_TRUE(reads(a3, c, "before the backup"));
}

TEST_F(e2ee_keys_test, a_backup_replaced_elsewhere_is_forgotten_and_the_user_is_told) {
  register_user("alice");
  register_user("bob");
  auto a1 = device_of("alice", "A1");
  auto bob = device_of("bob", "BOB1");
  const auto c = encrypted_chat(a1, "bob", bob, "alice");
  ASSERT_NE(c, 0);
  ASSERT_TRUE(a1.crypto->backup_setup(recovery_phrase));
  auto a2 = device_of("alice", "A2");
  ASSERT_TRUE(a2.crypto->backup_setup("another long passphrase"));

  ASSERT_TRUE(bob.crypto->send(c, "after the replacement"));
  ASSERT_TRUE(pump_until_shown(a1, "after the replacement")) << a1.screen();
  EXPECT_TRUE(has_notice<backup_problem>(a1)) << "no notice";
  auto status = a1.crypto->backup_status();
  ASSERT_TRUE(status);
  EXPECT_FALSE(status->uploading);
  auto restore_missing = device_of("bob", "BOB2").crypto->backup_restore(recovery_phrase);
  ASSERT_FALSE(restore_missing);
  EXPECT_EQ(restore_missing.error().code, "NO_BACKUP");
}

TEST_F(e2ee_keys_test, approving_a_new_device_confirms_it_for_everyone) {
  register_user("alice");
  register_user("bob");
  auto a1 = device_of("alice", "A1");
  auto bob = device_of("bob", "BOB1");
  ASSERT_NE(encrypted_chat(a1, "bob", bob, "alice"), 0);
  auto a2 = device_of("alice", "A2");
  auto confirmed = [](crypto_user& viewer, user_id of, const std::string& device_id) {
    for (const auto& d : viewer.crypto->devices_of(of)) {
      if (d.device_id == device_id) return std::optional<bool>(d.signed_by_owner);
    }
    return std::optional<bool>();
  };
  EXPECT_EQ(confirmed(bob, a1.id(), "A2"), std::optional<bool>(false));
  EXPECT_EQ(confirmed(a1, a1.id(), "A2"), std::optional<bool>(false));

  auto without_key = a2.crypto->approve_device("A2");
  ASSERT_FALSE(without_key);
  EXPECT_EQ(without_key.error().code, "NOT_ALLOWED");
  auto unknown = a1.crypto->approve_device("NOSUCH");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, "NOT_FOUND");

  auto approved = a1.crypto->approve_device("A2");
  ASSERT_TRUE(approved) << approved.error().code;
  for (auto* viewer : {&a1, &a2, &bob}) {
    EXPECT_EQ(confirmed(*viewer, a1.id(), "A2"), std::optional<bool>(true));
    EXPECT_EQ(confirmed(*viewer, a1.id(), "A1"), std::optional<bool>(true));
  }
}

TEST_F(e2ee_keys_test, an_approved_device_gets_a_missing_key_from_the_users_other_device) {
  register_user("alice");
  register_user("bob");
  auto a1 = device_of("alice", "A1");
  auto bob = device_of("bob", "BOB1");
  const auto c = encrypted_chat(a1, "bob", bob, "alice");
  ASSERT_NE(c, 0);
  ASSERT_TRUE(bob.crypto->send(c, "history for the phone"));
  ASSERT_TRUE(pump_until_shown(a1, "history for the phone")) << a1.screen();

  auto a2 = device_of("alice", "A2");
  ASSERT_TRUE(a1.crypto->approve_device("A2"));
  const auto old = history_of(a2, c);
  ASSERT_FALSE(old.empty());
  const auto& secret = old.back();
  const auto first = a2.crypto->open(secret);
  ASSERT_TRUE(first.error.has_value());
  EXPECT_EQ(first.error->why, failure::missing_group_key);
  EXPECT_NE(first.error->detail.find("asked"), std::string::npos) << first.error->detail;

  // A1 answers the request; A2 reopens the message.
  ASSERT_TRUE(pump(a1, [&](crypto_user& u) { return device_messages_handled(u); }));
  ASSERT_TRUE(pump(a2, [&](const crypto_user& u) {
    return std::any_of(u.notices.begin(), u.notices.end(), [&](const client::e2ee::notice& n) {
      const auto* r = std::get_if<message_reopened>(&n);
      return r != nullptr && r->msg.id == secret.id && r->text == "history for the phone";
    });
  }));
  EXPECT_FALSE(a2.crypto->open(secret).error.has_value());
  EXPECT_FALSE(has_notice<key_request_refused>(a1));
}

TEST_F(e2ee_keys_test, an_unconfirmed_device_asking_for_a_key_is_refused_and_reads_nothing) {
  register_user("alice");
  register_user("bob");
  auto a1 = device_of("alice", "A1");
  auto bob = device_of("bob", "BOB1");
  const auto c = encrypted_chat(a1, "bob", bob, "alice");
  ASSERT_NE(c, 0);
  ASSERT_TRUE(bob.crypto->send(c, "not for the intruder"));
  ASSERT_TRUE(pump_until_shown(a1, "not for the intruder")) << a1.screen();

  auto a3 = device_of("alice", "A3");  // never approved
  const auto old = history_of(a3, c);
  ASSERT_FALSE(old.empty());
  const auto asked = a3.crypto->open(old.back());
  ASSERT_TRUE(asked.error.has_value());
  EXPECT_NE(asked.error->detail.find("asked"), std::string::npos) << asked.error->detail;

  ASSERT_TRUE(pump(a1, [](const crypto_user& u) { return has_notice<key_request_refused>(u); }));
  const auto refused = std::find_if(a1.notices.begin(), a1.notices.end(), [](const client::e2ee::notice& n) {
    return std::holds_alternative<key_request_refused>(n);
  });
  EXPECT_EQ(std::get<key_request_refused>(*refused).device_id, "A3");
  EXPECT_EQ(std::get<key_request_refused>(*refused).reason, "not confirmed");
  EXPECT_TRUE(device_messages_handled(a3));  // nothing was sent to it
  EXPECT_TRUE(a3.crypto->open(old.back()).error.has_value());
}

TEST_F(e2ee_keys_test, forwarded_keys_from_another_user_or_not_matching_their_session_are_not_imported) {
  register_user("alice");
  register_user("bob");
  auto a1 = device_of("alice", "A1");
  auto bob = device_of("bob", "BOB1");
  const auto c = encrypted_chat(a1, "bob", bob, "alice");
  ASSERT_NE(c, 0);
  raw_device bobx(online_with(options_for("bob")), "BOBX");
  raw_device alx(online_with(options_for("alice")), "ALX");
  ASSERT_TRUE(a1.crypto->approve_device("ALX"));

  const auto from_bob = bobx.send_unshared(c, "bob's unshared one");
  const auto from_alx = alx.send_unshared(c, "alice's unshared one");
  ASSERT_TRUE(
      pump(a1, [&](const crypto_user& u) { return u.shown.contains(from_bob.id) && u.shown.contains(from_alx.id); }));
  ASSERT_TRUE(a1.shown.at(from_bob.id).error.has_value());
  ASSERT_TRUE(a1.shown.at(from_alx.id).error.has_value());
  const auto a1_seen_by_bob = bobx.device_in_list(a1.id(), "A1");
  const auto a1_seen_by_alice = alx.device_in_list(a1.id(), "A1");

  // bob's device forwards its own, valid key: not from alice, not imported.
  const auto bob_session = bobx.dev.outbound_session_id(c);
  bobx.send_payload(a1_seen_by_bob, bobx.forwarded(c, bob_session, bobx.own_key(c)));
  // alice's confirmed device forwards its valid key under another session's
  // id: the key is not the session the payload names.
  alx.send_payload(a1_seen_by_alice, alx.forwarded(c, bob_session, alx.own_key(c)));
  ASSERT_TRUE(pump(a1, [](crypto_user& u) { return device_messages_handled(u); }));
  EXPECT_TRUE(a1.crypto->open(from_bob).error.has_value());
  EXPECT_TRUE(a1.crypto->open(from_alx).error.has_value());

  // The same device's correct key is taken, unasked: the message reopens.
  alx.send_payload(a1_seen_by_alice, alx.forwarded(c, alx.dev.outbound_session_id(c), alx.own_key(c)));
  ASSERT_TRUE(pump(a1, [&](const crypto_user& u) {
    return !u.shown.at(from_alx.id).error.has_value() && u.shown.at(from_alx.id).text == "alice's unshared one";
  }));
  EXPECT_TRUE(a1.crypto->open(from_bob).error.has_value());
}

}  // namespace
}  // namespace natter::testing
