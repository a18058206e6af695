// Files and edits in encrypted conversations through crypto_session and a
// real natterd (docs/security.md, "Encrypted files"): the server stores and
// relays only ciphertext, and a member opens the file to the same bytes.

#include <fstream>

#include "client/e2ee/file_transfer.hpp"
#include "client/support/crypto_fixture.hpp"

namespace natter::testing {
namespace {

using client::e2ee::encrypted_file;
using client::e2ee::shown_text;

class e2ee_files_test : public crypto_test {
 protected:
  void SetUp() override {
    crypto_test::SetUp();
    register_user("alice");
    register_user("bob");
    alice_ = install("alice", "ALICE1");
    bob_ = install("bob", "BOB1");
    chat_ = encrypted_chat(alice_, "bob", bob_, "alice");
    ASSERT_NE(chat_, 0);
  }

  // A file of the test's with these bytes.
  std::filesystem::path file_with(const std::string& name, const std::string& bytes) {
    const auto dir = new_dir();
    std::filesystem::create_directories(dir);
    const auto path = dir / name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }

  static std::string some_bytes(std::size_t n) {
    std::string out(n, '\0');
    for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<char>((i * 131 + i / 7) & 0xFFU);
    return out;
  }

  // alice uploads a file of these bytes and sends it with caption.
  protocol::message send_file(const std::string& name, const std::string& bytes, const std::string& caption) {
    auto f = client::e2ee::upload_sealed(*alice_.session, file_with(name, bytes));
    EXPECT_TRUE(f) << (f ? "" : f.error().code);
    if (!f) return {};
    protocol::send_request r;
    r.conversation = chat_;
    r.text = caption;
    auto sent = alice_.crypto->send(std::move(r), {*f});
    EXPECT_TRUE(sent) << (sent ? "" : sent.error().code);
    return sent ? sent->msg : protocol::message{};
  }

  static const shown_text* shown_as(const crypto_user& u, const std::string& text) {
    for (const auto& [id, s] : u.shown) {
      if (!s.error && s.text == text) return &s;
    }
    return nullptr;
  }

  crypto_user alice_;
  crypto_user bob_;
  protocol::conversation_id chat_ = 0;
};

TEST_F(e2ee_files_test, a_sealed_file_opens_to_the_same_bytes_for_the_other_member_and_the_sender) {
  const auto bytes = some_bytes(200'000);
  const auto sent = send_file("report.pdf", bytes, "the report");
  ASSERT_EQ(sent.attachments.size(), 1U);
  EXPECT_EQ(sent.attachments[0].name, "encrypted");  // the server knows no name, no type
  EXPECT_EQ(sent.attachments[0].mime, "application/vnd.natter.encrypted");
  EXPECT_EQ(sent.attachments[0].size, static_cast<std::int64_t>(bytes.size() + 16));

  ASSERT_TRUE(pump_until_shown(bob_, "the report")) << bob_.screen();
  const auto* shown = shown_as(bob_, "the report");
  ASSERT_EQ(shown->files.size(), 1U);
  const auto& entry = shown->files[0];
  EXPECT_TRUE(entry.readable);
  EXPECT_EQ(entry.file.media_id, sent.attachments[0].id);
  EXPECT_EQ(entry.file.name, "report.pdf");
  EXPECT_EQ(entry.file.mime, "application/pdf");
  EXPECT_EQ(entry.file.size, static_cast<std::int64_t>(bytes.size()));
  auto opened = client::e2ee::download_sealed(*bob_.session, entry.file);
  ASSERT_TRUE(opened) << opened.error().code;
  EXPECT_EQ(*opened, bytes);

  ASSERT_TRUE(pump_until_shown(alice_, "the report")) << alice_.screen();  // her own copy
  ASSERT_EQ(shown_as(alice_, "the report")->files.size(), 1U);
  EXPECT_TRUE(shown_as(alice_, "the report")->files[0].readable);
}

TEST_F(e2ee_files_test, what_the_server_stores_is_the_ciphertext_only) {
  const auto bytes = std::string("a plain text file that must not be seen by the server");
  const auto sent = send_file("secret.txt", bytes, "");
  ASSERT_EQ(sent.attachments.size(), 1U);
  const auto dir = new_dir();
  std::filesystem::create_directories(dir);
  auto token = get(bob_.session->access_token());
  ASSERT_TRUE(token);
  auto raw = bob_.session->http().download(token.value(), sent.attachments[0].id, dir / "raw");
  ASSERT_TRUE(raw) << raw.error().code;
  std::ifstream in(raw->path, std::ios::binary);
  const std::string stored((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(stored.size(), bytes.size() + 16);
  EXPECT_EQ(stored.find("plain text"), std::string::npos);
  EXPECT_EQ(sent.encrypted->json.find("secret.txt"), std::string::npos);
}

TEST_F(e2ee_files_test, an_edit_changes_the_text_and_keeps_the_files) {
  const auto sent = send_file("photo.png", some_bytes(5000), "before");
  ASSERT_TRUE(pump_until_shown(alice_, "before")) << alice_.screen();
  ASSERT_TRUE(pump_until_shown(bob_, "before")) << bob_.screen();
  const auto original = *shown_as(alice_, "before");

  auto edited = alice_.crypto->edit(chat_, sent.id, "after", original);
  ASSERT_TRUE(edited) << edited.error().code;
  EXPECT_EQ(edited->msg.text, "");
  ASSERT_EQ(edited->msg.attachments.size(), 1U);  // the server keeps the attachments

  std::optional<protocol::message> edited_msg;
  ASSERT_TRUE(pump(bob_, [&](const crypto_user& u) {
    for (const auto& e : u.others) {
      const auto* x = std::get_if<protocol::message_edited_event>(&e);
      if (x != nullptr && x->msg.id == sent.id) edited_msg = x->msg;
    }
    return edited_msg.has_value();
  }));
  const auto now = bob_.crypto->open(*edited_msg);
  ASSERT_FALSE(now.error) << client::e2ee::describe(now.error->why);
  EXPECT_EQ(now.text, "after");
  EXPECT_EQ(now.files_json, original.files_json);
  ASSERT_EQ(now.files.size(), 1U);
  EXPECT_TRUE(now.files[0].readable);
  EXPECT_EQ(now.files[0].file.name, "photo.png");
  EXPECT_EQ(now.files[0].file.mime, "image/png");
  auto opened = client::e2ee::download_sealed(*bob_.session, now.files[0].file);
  ASSERT_TRUE(opened) << opened.error().code;
  EXPECT_EQ(*opened, some_bytes(5000));
}

TEST_F(e2ee_files_test, an_entry_whose_upload_the_message_does_not_hold_cannot_be_read) {
  send_file("notes.txt", "notes", "with notes");
  ASSERT_TRUE(pump_until_shown(bob_, "with notes")) << bob_.screen();
  const auto& [id, shown] =
      *std::find_if(bob_.shown.begin(), bob_.shown.end(), [](const auto& s) { return s.second.text == "with notes"; });
  ASSERT_TRUE(shown.files.at(0).readable);
  auto without = bob_.messages.at(id);  // as a server that dropped the attachment would send it
  without.attachments.clear();
  const auto reopened = bob_.crypto->open(without);
  EXPECT_FALSE(reopened.error);
  EXPECT_EQ(reopened.text, "with notes");  // the message still opens
  ASSERT_EQ(reopened.files.size(), 1U);
  EXPECT_FALSE(reopened.files[0].readable);
}

TEST_F(e2ee_files_test, a_file_opened_with_the_wrong_key_is_reported_damaged) {
  send_file("notes.txt", "notes", "damaged");
  ASSERT_TRUE(pump_until_shown(bob_, "damaged")) << bob_.screen();
  auto f = shown_as(bob_, "damaged")->files.at(0).file;
  f.key[0] = static_cast<char>(f.key[0] ^ 1);
  auto opened = client::e2ee::download_sealed(*bob_.session, f);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, "DAMAGED");
  f = shown_as(bob_, "damaged")->files.at(0).file;
  f.size += 1;  // the entry's size must match too
  EXPECT_EQ(client::e2ee::download_sealed(*bob_.session, f).error().code, "DAMAGED");
}

TEST_F(e2ee_files_test, files_go_only_through_the_files_overload_and_only_where_encryption_is_on) {
  auto f = client::e2ee::upload_sealed(*alice_.session, file_with("a.txt", "a"));
  ASSERT_TRUE(f) << f.error().code;
  protocol::send_request plain;
  plain.conversation = chat_;
  plain.attachments = {f->media_id};
  auto refused = alice_.crypto->send(plain);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "ENCRYPTION_REQUIRED");
  auto none = alice_.crypto->send(plain, {});
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, "VALIDATION_FAILED");
  auto eleven = alice_.crypto->send(plain, std::vector<encrypted_file>(11, *f));
  ASSERT_FALSE(eleven);
  EXPECT_EQ(eleven.error().code, "VALIDATION_FAILED");

  auto carol = online_as("carol");
  ASSERT_TRUE(get(carol->call(protocol::contact_add_request{"alice"})));
  auto hello = get(alice_.session->send_text("@carol", "hello"));
  ASSERT_TRUE(hello) << hello.error().code;
  protocol::send_request to_carol;
  to_carol.conversation = hello->msg.conversation;
  auto not_encrypted = alice_.crypto->send(to_carol, {*f});
  ASSERT_FALSE(not_encrypted);
  EXPECT_EQ(not_encrypted.error().code, "NOT_ENCRYPTED");
  auto edit = alice_.crypto->edit(hello->msg.conversation, hello->msg.id, "x", {});
  ASSERT_FALSE(edit);
  EXPECT_EQ(edit.error().code, "NOT_ENCRYPTED");
  // A message this device could not open: its files would be lost.
  client::e2ee::shown_text unopened;
  unopened.error = client::e2ee::unreadable{client::e2ee::failure::missing_group_key, {}};
  auto blind = alice_.crypto->edit(chat_, 1, "x", unopened);
  ASSERT_FALSE(blind);
  EXPECT_EQ(blind.error().code, "NOT_READABLE");
}

TEST_F(e2ee_files_test, a_file_past_the_limit_is_refused_before_anything_is_uploaded) {
  const auto path = file_with("big.bin", "");
  std::filesystem::resize_file(path, client::e2ee::max_sealed_plain + 1);  // sparse: nothing written
  auto f = client::e2ee::upload_sealed(*alice_.session, path);
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().code, "FILE_TOO_LARGE");
}

}  // namespace
}  // namespace natter::testing
