// End-to-end encrypted conversations over real WebSockets (docs/protocol.md,
// "End-to-end encryption: messages"): who turns encryption on, what it
// refuses from then on, and an envelope delivered and kept as it was sent.

#include <string>

#include "integration/e2ee_fixture.hpp"
#include "integration/support/test_images.hpp"

namespace natter::testing {
namespace {

using boost::json::array;
using boost::json::object;

object megolm(const std::string& ciphertext = "Y2lwaGVydGV4dA") {
  return {{"v", 1},
          {"alg", "megolm.v1"},
          {"sender_device", "phone"},
          {"session_id", "c2Vzc2lvbjE"},
          {"ciphertext", ciphertext}};
}

object olm(std::int64_t user, int recipients = 1) {
  object ciphertexts;
  for (int i = 0; i < recipients; ++i) {
    ciphertexts[std::to_string(user) + ":dev" + std::to_string(i)] = object{{"type", 0}, {"body", "Ym9keQ"}};
  }
  return {{"v", 1}, {"alg", "olm.v1"}, {"sender_device", "phone"}, {"ciphertexts", std::move(ciphertexts)}};
}

class e2ee_conversations : public e2ee_test {
 protected:
  void SetUp() override {
    e2ee_test::SetUp();
    chat_ = alice_->ok({{"type", "conversations.list"}}).at("conversations").at(0).at("conversation_id").as_int64();
  }

  object encrypted_send(std::int64_t conversation, object envelope, const std::string& text = "") {
    return {{"type", "message.send"},
            {"conversation_id", conversation},
            {"client_msg_id", next_client_id()},
            {"text", text},
            {"encrypted", std::move(envelope)}};
  }
  object plain_send(std::int64_t conversation, const std::string& text) {
    return {{"type", "message.send"},
            {"conversation_id", conversation},
            {"client_msg_id", next_client_id()},
            {"text", text}};
  }
  void encrypt(ws_client& ws, std::int64_t conversation) {
    ws.ok({{"type", "conversation.encrypt"}, {"conversation_id", conversation}});
  }
  object conversation_in_list(ws_client& ws, std::int64_t conversation) {
    const auto list = ws.ok({{"type", "conversations.list"}});
    for (const auto& c : list.at("conversations").as_array()) {
      if (c.at("conversation_id").as_int64() == conversation) return c.as_object();
    }
    ADD_FAILURE() << "conversation " << conversation << " is not in the list";
    return {};
  }
  array history_of(ws_client& ws, std::int64_t conversation) {
    return ws.ok({{"type", "history"}, {"conversation_id", conversation}, {"limit", 100}}).at("events").as_array();
  }
  std::int64_t last_seq(ws_client& ws, std::int64_t conversation) {
    return conversation_in_list(ws, conversation).at("last_seq").as_int64();
  }

  // Uploads bytes as alice (purpose attachment); returns the media id.
  std::string upload(const std::string& name, const std::string& bytes) {
    auto r = http_->request(boost::beast::http::verb::post, "/api/v1/media?name=" + name, bytes,
                            {{"Authorization", "Bearer " + alice_session_.access_token}}, "application/octet-stream");
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? std::string(r.json().at("media").at("id").as_string()) : std::string();
  }

  std::int64_t chat_ = 0;  // alice and bob's direct chat, with alice's "hello"
};

TEST_F(e2ee_conversations, either_person_of_a_direct_chat_turns_encryption_on_for_good) {
  EXPECT_FALSE(conversation_in_list(*bob_, chat_).at("encrypted").as_bool());
  encrypt(*bob_, chat_);
  auto told = alice_->event("conversation.updated");
  EXPECT_EQ(told.at("conversation_id").as_int64(), chat_);
  EXPECT_EQ(told.at("action"), "encrypt");
  EXPECT_EQ(told.at("by"), "bob");
  EXPECT_EQ(told.at("by_id").as_int64(), bob_id_);
  EXPECT_TRUE(conversation_in_list(*alice_, chat_).at("encrypted").as_bool());
  EXPECT_TRUE(conversation_in_list(*bob_, chat_).at("encrypted").as_bool());

  const auto seq = last_seq(*alice_, chat_);
  encrypt(*alice_, chat_);  // on already: ok, and nothing is logged
  EXPECT_EQ(last_seq(*alice_, chat_), seq);
  EXPECT_TRUE(conversation_in_list(*alice_, chat_).at("encrypted").as_bool());
  // History keeps the change, for whoever reads it later.
  auto events = history_of(*alice_, chat_);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().at("type"), "conversation.updated");
  EXPECT_EQ(events.back().at("action"), "encrypt");
  // There is no way back.
  EXPECT_EQ(alice_->error_of({{"type", "conversation.decrypt"}, {"conversation_id", chat_}}), "UNKNOWN_TYPE");
}

TEST_F(e2ee_conversations, a_resuming_client_learns_of_encryption_from_sync) {
  const auto seq = last_seq(*alice_, chat_);
  bob_->close();
  encrypt(*alice_, chat_);
  auto bob = connect(bob_session_, false);
  auto synced = bob->ok({{"type", "sync"}, {"since", object{{std::to_string(chat_), seq}}}});
  bool seen = false;
  for (const auto& c : synced.at("conversations").as_array()) {
    if (c.at("conversation_id").as_int64() != chat_) continue;
    for (const auto& e : c.at("events").as_array()) seen = seen || (e.at("action") == "encrypt");
  }
  EXPECT_TRUE(seen) << boost::json::serialize(synced);
}

TEST_F(e2ee_conversations, in_a_group_the_owner_and_admins_turn_it_on_and_members_cannot) {
  auto group = alice_->ok({{"type", "group.create"}, {"name", "plans"}, {"members", array{"bob"}}});
  const auto g = conversation_of(group);
  EXPECT_FALSE(group.at("conversation").at("encrypted").as_bool());
  EXPECT_EQ(bob_->error_of({{"type", "conversation.encrypt"}, {"conversation_id", g}}), "FORBIDDEN");
  EXPECT_EQ(carol_->error_of({{"type", "conversation.encrypt"}, {"conversation_id", g}}), "NOT_A_MEMBER");
  EXPECT_FALSE(conversation_in_list(*alice_, g).at("encrypted").as_bool());
  alice_->ok({{"type", "group.role"}, {"conversation_id", g}, {"username", "bob"}, {"role", "admin"}});
  encrypt(*bob_, g);
  EXPECT_TRUE(conversation_in_list(*alice_, g).at("encrypted").as_bool());
}

TEST_F(e2ee_conversations, a_room_anyone_can_join_cannot_be_encrypted) {
  const auto room = conversation_of(alice_->ok({{"type", "room.create"}, {"name", "lobby"}}));
  auto refused = alice_->request({{"type", "conversation.encrypt"}, {"conversation_id", room}});
  EXPECT_EQ(code_of(refused), "FORBIDDEN");
  EXPECT_NE(std::string(refused.at("error").at("message").as_string()).find("anyone can join"), std::string::npos);
  EXPECT_FALSE(conversation_in_list(*alice_, room).at("encrypted").as_bool());
  EXPECT_EQ(code_of(alice_->request(encrypted_send(room, megolm()))), "VALIDATION_FAILED");
}

TEST_F(e2ee_conversations, plaintext_in_an_encrypted_chat_is_refused_and_nothing_is_stored) {
  const auto hello = history_of(*alice_, chat_).back().at("message").at("id").as_int64();
  const auto plain_group =
      conversation_of(alice_->ok({{"type", "group.create"}, {"name", "open"}, {"members", array{"bob"}}}));
  const auto plain_message = send_in(*alice_, plain_group, "in the open").at("message").at("id").as_int64();
  encrypt(*alice_, chat_);
  const auto seq = last_seq(*alice_, chat_);

  EXPECT_EQ(alice_->error_of(plain_send(chat_, "in the clear")), "ENCRYPTION_REQUIRED");
  EXPECT_EQ(alice_->error_of(
                {{"type", "message.send"}, {"to", "@bob"}, {"client_msg_id", next_client_id()}, {"text", "by name"}}),
            "ENCRYPTION_REQUIRED");
  EXPECT_EQ(alice_->error_of(encrypted_send(chat_, megolm(), "and the text beside it")), "ENCRYPTION_REQUIRED");
  EXPECT_EQ(alice_->error_of({{"type", "message.edit"}, {"message_id", hello}, {"text", "edited in the clear"}}),
            "ENCRYPTION_REQUIRED");
  EXPECT_EQ(alice_->error_of({{"type", "message.forward"},
                              {"message_id", hello},
                              {"conversation_id", plain_group},
                              {"client_msg_id", next_client_id()}}),
            "ENCRYPTION_REQUIRED");
  EXPECT_EQ(alice_->error_of({{"type", "message.forward"},
                              {"message_id", plain_message},
                              {"conversation_id", chat_},
                              {"client_msg_id", next_client_id()}}),
            "ENCRYPTION_REQUIRED");

  EXPECT_EQ(last_seq(*alice_, chat_), seq);
  EXPECT_EQ(history_of(*bob_, chat_).back().at("action"), "encrypt");
  EXPECT_EQ(history_of(*bob_, plain_group).back().at("message").at("id").as_int64(), plain_message);
}

TEST_F(e2ee_conversations, plain_attachments_in_an_encrypted_chat_are_refused) {
  const auto media = upload("notes.txt", "plain notes");
  const auto picture = upload("dot.png", encoded_image(8, 8, ".png"));
  encrypt(*alice_, chat_);
  const auto seq = last_seq(*alice_, chat_);
  auto with_file = plain_send(chat_, "");
  with_file["attachments"] = array{media};
  const auto without_envelope = alice_->request(with_file);
  EXPECT_EQ(without_envelope.at("error").at("code"), "ENCRYPTION_REQUIRED") << boost::json::serialize(without_envelope);
  for (const auto& plain : {media, picture}) {
    auto beside_envelope = encrypted_send(chat_, megolm());
    beside_envelope["attachments"] = array{plain};
    auto refused = alice_->request(beside_envelope);
    EXPECT_EQ(refused.at("error").at("code"), "VALIDATION_FAILED") << boost::json::serialize(refused);
    EXPECT_EQ(refused.at("error").at("field"), "attachments");
  }
  EXPECT_EQ(last_seq(*alice_, chat_), seq);
}

TEST_F(e2ee_conversations, files_uploaded_encrypted_travel_with_an_envelope_and_members_download_them) {
  // Bytes that begin like a PNG: an encrypted upload is never sniffed or decoded.
  const std::string ciphertext = encoded_image(8, 8, ".png").substr(0, 16) + std::string(200, 'Z');
  auto uploaded = http_->request(
      boost::beast::http::verb::post, "/api/v1/media?name=holiday%20plans.pdf&purpose=encrypted", ciphertext,
      {{"Authorization", "Bearer " + alice_session_.access_token}}, "application/octet-stream");
  ASSERT_EQ(uploaded.status, 201) << uploaded.body;
  const auto media = uploaded.json().at("media").as_object();
  EXPECT_EQ(media.at("kind"), "file");
  EXPECT_EQ(media.at("name"), "encrypted") << "the real name travels inside the envelope only";
  EXPECT_EQ(media.at("mime"), "application/vnd.natter.encrypted");
  EXPECT_EQ(media.at("size").as_int64(), static_cast<std::int64_t>(ciphertext.size()));
  const std::string id(media.at("id").as_string());

  // Not in a plain message, even before encryption is on.
  auto plain = plain_send(chat_, "look");
  plain["attachments"] = array{id};
  auto refused = alice_->request(plain);
  EXPECT_EQ(refused.at("error").at("field"), "attachments") << boost::json::serialize(refused);

  encrypt(*alice_, chat_);
  bob_->event("conversation.updated");
  auto send = encrypted_send(chat_, megolm());
  send["attachments"] = array{id};
  auto sent = alice_->ok(send);
  ASSERT_EQ(sent.at("message").at("attachments").as_array().size(), 1U);
  auto live = bob_->event("message").at("message").as_object();
  EXPECT_EQ(live.at("attachments").at(0).at("id").as_string(), id);

  auto fetched = http_->request(boost::beast::http::verb::get, "/api/v1/media/" + id, "",
                                {{"Authorization", "Bearer " + bob_session_.access_token}});
  EXPECT_EQ(fetched.status, 200);
  EXPECT_EQ(fetched.body, ciphertext);
  EXPECT_EQ(fetched.header("content-type"), "application/octet-stream");
  auto thumbnail = http_->request(boost::beast::http::verb::get, "/api/v1/media/" + id + "/thumbnail", "",
                                  {{"Authorization", "Bearer " + bob_session_.access_token}});
  EXPECT_EQ(thumbnail.status, 404);
}

TEST_F(e2ee_conversations, an_envelope_is_delivered_live_and_kept_intact_in_history_and_sync) {
  encrypt(*alice_, chat_);
  bob_->event("conversation.updated");
  const auto before = last_seq(*bob_, chat_);
  const auto envelope = megolm("U2VjcmV0TWFya2VyNzc");
  auto sent = alice_->ok(encrypted_send(chat_, envelope));
  EXPECT_EQ(sent.at("message").at("text"), "");
  EXPECT_EQ(sent.at("message").at("encrypted"), envelope);

  auto live = bob_->event("message").at("message").as_object();
  EXPECT_EQ(live.at("text"), "");
  EXPECT_EQ(live.at("encrypted"), envelope);
  EXPECT_FALSE(live.contains("mentions"));
  EXPECT_EQ(history_of(*bob_, chat_).back().at("message").at("encrypted"), envelope);

  auto again = connect(bob_session_, false);
  auto synced = again->ok({{"type", "sync"}, {"since", object{{std::to_string(chat_), before}}}});
  bool found = false;
  for (const auto& c : synced.at("conversations").as_array()) {
    for (const auto& e : c.at("events").as_array()) {
      if (e.at("type") == "message") found = found || e.at("message").at("encrypted") == envelope;
    }
  }
  EXPECT_TRUE(found) << boost::json::serialize(synced);
  // The conversation list carries no envelope: its last message is read with history.
  const auto last = conversation_in_list(*bob_, chat_).at("last_message").as_object();
  EXPECT_EQ(last.at("text"), "");
  EXPECT_FALSE(last.contains("encrypted"));

  // An olm envelope, and an edit by a new envelope.
  const auto to_bob = olm(bob_id_, 2);
  const auto id = alice_->ok(encrypted_send(chat_, to_bob)).at("message").at("id").as_int64();
  EXPECT_EQ(bob_->event("message").at("message").at("encrypted"), to_bob);
  const auto replaced = megolm("bmV3ZXI");
  auto edited = alice_->ok({{"type", "message.edit"}, {"message_id", id}, {"text", ""}, {"encrypted", replaced}});
  EXPECT_EQ(edited.at("message").at("encrypted"), replaced);
  EXPECT_EQ(bob_->event("message.edited").at("message").at("encrypted"), replaced);
}

TEST_F(e2ee_conversations, a_send_without_text_field_carries_only_the_envelope) {
  encrypt(*alice_, chat_);
  auto sent = alice_->ok({{"type", "message.send"},
                          {"conversation_id", chat_},
                          {"client_msg_id", next_client_id()},
                          {"encrypted", megolm()}});
  EXPECT_EQ(sent.at("message").at("text"), "");
}

TEST_F(e2ee_conversations, envelopes_of_the_wrong_shape_are_refused) {
  encrypt(*alice_, chat_);
  const auto seq = last_seq(*alice_, chat_);
  auto expect_refused = [&](object envelope, const std::string& code, const std::string& why) {
    auto reply = alice_->request(encrypted_send(chat_, std::move(envelope)));
    EXPECT_EQ(code_of(reply), code) << why << ": " << boost::json::serialize(reply);
    if (code == "VALIDATION_FAILED") {
      EXPECT_EQ(field_of(reply), "encrypted") << why;
    }
  };
  auto with = [](object o, const std::string& key, boost::json::value v) {
    o[key] = std::move(v);
    return o;
  };
  auto without = [](object o, const std::string& key) {
    o.erase(key);
    return o;
  };
  expect_refused(with(megolm(), "v", 2), "VALIDATION_FAILED", "an unknown version");
  expect_refused(without(megolm(), "v"), "VALIDATION_FAILED", "no version");
  expect_refused(with(megolm(), "alg", "aes.v1"), "VALIDATION_FAILED", "an unknown algorithm");
  expect_refused(without(megolm(), "sender_device"), "VALIDATION_FAILED", "no sender device");
  expect_refused(with(megolm(), "sender_device", "my phone"), "VALIDATION_FAILED", "a bad device id");
  expect_refused(without(megolm(), "ciphertext"), "VALIDATION_FAILED", "no ciphertext");
  expect_refused(with(megolm(), "ciphertext", "not base64!"), "VALIDATION_FAILED", "a ciphertext not base64");
  expect_refused(with(megolm(), "session_id", boost::json::string(std::string(65, 'A'))), "VALIDATION_FAILED",
                 "a long session id");
  expect_refused(with(megolm(), "text", "hello"), "VALIDATION_FAILED", "plain text riding along");
  expect_refused(olm(bob_id_, 101), "VALIDATION_FAILED", "101 ciphertexts");
  expect_refused(with(olm(bob_id_), "ciphertexts", object{}), "VALIDATION_FAILED", "no ciphertexts");
  expect_refused(with(olm(bob_id_), "ciphertexts", object{{"bob:phone", object{{"type", 0}, {"body", "Ym9keQ"}}}}),
                 "VALIDATION_FAILED", "a recipient that is not <user_id>:<device_id>");
  expect_refused(with(olm(bob_id_), "ciphertexts",
                      object{{std::to_string(bob_id_) + ":phone", object{{"type", 2}, {"body", "Ym9keQ"}}}}),
                 "VALIDATION_FAILED", "an unknown olm message type");
  expect_refused(megolm(std::string(62 * 1024, 'A')), "MESSAGE_TOO_LONG", "over the 60 KiB cap");
  EXPECT_EQ(code_of(alice_->request({{"type", "message.send"},
                                     {"conversation_id", chat_},
                                     {"client_msg_id", next_client_id()},
                                     {"text", ""},
                                     {"encrypted", "a string"}})),
            "BAD_REQUEST");
  EXPECT_EQ(last_seq(*alice_, chat_), seq);
}

TEST_F(e2ee_conversations, an_envelope_where_encryption_is_off_is_refused) {
  const auto hello = history_of(*alice_, chat_).back().at("message").at("id").as_int64();
  const auto seq = last_seq(*alice_, chat_);
  auto refused = alice_->request(encrypted_send(chat_, megolm()));
  EXPECT_EQ(code_of(refused), "VALIDATION_FAILED");
  EXPECT_EQ(field_of(refused), "encrypted");
  auto edit = alice_->request({{"type", "message.edit"}, {"message_id", hello}, {"text", ""}, {"encrypted", megolm()}});
  EXPECT_EQ(code_of(edit), "VALIDATION_FAILED");
  EXPECT_EQ(field_of(edit), "encrypted");
  EXPECT_EQ(last_seq(*alice_, chat_), seq);
  EXPECT_EQ(history_of(*alice_, chat_).back().at("message").at("text"), "hello");
}

TEST_F(e2ee_conversations, a_first_encrypted_message_to_a_user_creates_an_encrypted_chat) {
  auto first = alice_->ok({{"type", "message.send"},
                           {"to", "@carol"},
                           {"client_msg_id", next_client_id()},
                           {"text", ""},
                           {"encrypted", megolm()}});
  const auto chat = conversation_of(first);
  auto request = carol_->event("request");
  EXPECT_EQ(request.at("message").at("encrypted"), megolm());
  EXPECT_TRUE(conversation_in_list(*carol_, chat).at("encrypted").as_bool());
  EXPECT_TRUE(conversation_in_list(*alice_, chat).at("encrypted").as_bool());
  EXPECT_EQ(alice_->error_of({{"type", "message.send"},
                              {"to", "@carol"},
                              {"client_msg_id", next_client_id()},
                              {"text", "now in the clear"}}),
            "ENCRYPTION_REQUIRED");
}

TEST_F(e2ee_conversations, conversation_encrypt_checks_its_input) {
  EXPECT_EQ(alice_->error_of({{"type", "conversation.encrypt"}}), "BAD_REQUEST");
  EXPECT_EQ(alice_->error_of({{"type", "conversation.encrypt"}, {"conversation_id", "7"}}), "BAD_REQUEST");
  EXPECT_EQ(alice_->error_of({{"type", "conversation.encrypt"}, {"conversation_id", chat_ + 1000}}), "NOT_A_MEMBER");
}

}  // namespace
}  // namespace natter::testing
