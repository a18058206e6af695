// The server sees only ciphertext: a marker sent in an encrypted chat (and
// read on the other side) appears nowhere natterd keeps or says (its
// database files, its debug log) nor in any WebSocket frame either client
// sent or got; not in plain text, base64 or UTF-16LE. A marker sent in a
// plain chat is found in the same places, so the search can find it. The
// same for a file: neither its name nor its bytes are anywhere the server
// keeps them, while a plain file's bytes are.

#include <fstream>
#include <sstream>

#include "client/e2ee/file_transfer.hpp"
#include "client/support/crypto_fixture.hpp"

namespace natter::testing {
namespace {

std::string base64(std::string_view bytes) {
  static constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::uint32_t bits = 0;
  int held = 0;
  for (unsigned char b : bytes) {
    bits = (bits << 8) | b;
    held += 8;
    while (held >= 6) {
      held -= 6;
      out += alphabet[(bits >> held) & 63];
    }
  }
  if (held > 0) out += alphabet[(bits << (6 - held)) & 63];
  return out;
}

// The ways a marker could be written down: plain, UTF-16LE, and base64 at
// each of the three alignments it could start at (the characters that
// depend on neighbouring bytes are left out).
std::vector<std::string> spellings(const std::string& marker) {
  std::vector<std::string> out{marker};
  std::string utf16;
  for (char ch : marker) {
    utf16 += ch;
    utf16 += '\0';
  }
  out.push_back(utf16);
  for (std::size_t shift = 0; shift < 3; ++shift) {
    const auto encoded = base64(std::string(shift, 'x') + marker);
    out.push_back(encoded.substr(4, encoded.size() - 8));
  }
  return out;
}

std::string read_all(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class e2ee_ciphertext_test : public crypto_test {
 protected:
  std::vector<std::string> natterd_args() override {
    auto args = crypto_test::natterd_args();
    args.insert(args.end(), {"--log-level", "debug"});
    return args;
  }

  // username, registered and installed with every frame it writes and reads captured.
  crypto_user capturing(const std::string& username, const std::string& device_id) {
    register_user(username);
    return install(username, device_id, [this](client::session_options& o) { capture(o); });
  }

  // A string found nowhere by chance.
  static std::string unique(const std::string& kind) {
    std::random_device r;
    return "zq" + kind + std::to_string(r()) + "secret" + std::to_string(r());
  }

  // Every frame both clients wrote and read.
  client::session_options& capture(client::session_options& o) {
    o.frame_observer = [this](bool, std::string_view frame) {
      std::lock_guard lock(frames_mutex_);
      frames_ += frame;
      frames_ += '\n';
    };
    return o;
  }
  std::string frames() {
    std::lock_guard lock(frames_mutex_);
    return frames_;
  }

  // Where the marker was found, in any spelling: "" when nowhere.
  std::string found(const std::string& marker) {
    std::string database;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(server_->data_dir())) {
      if (entry.is_regular_file() && entry.path().extension() != ".log") database += read_all(entry.path());
    }
    const auto log = server_->log();
    const auto sent = frames();
    std::string where;
    for (const auto& s : spellings(marker)) {
      if (database.find(s) != std::string::npos) where += " database";
      if (log.find(s) != std::string::npos) where += " log";
      if (sent.find(s) != std::string::npos) where += " frames";
    }
    return where;
  }

  std::mutex frames_mutex_;
  std::string frames_;
};

TEST_F(e2ee_ciphertext_test, a_marker_in_an_encrypted_chat_is_nowhere_in_the_servers_files_log_or_frames) {
  auto alice = capturing("alice", "ALICE1");
  auto bob = capturing("bob", "BOB1");
  const auto c = encrypted_chat(alice, "bob", bob, "alice");
  ASSERT_NE(c, 0);
  const auto marker = unique("marker");
  const auto control = unique("control");

  ASSERT_TRUE(alice.crypto->send(c, marker));
  ASSERT_TRUE(pump_until_shown(bob, marker));
  ASSERT_TRUE(pump_until_shown(alice, marker));
  // The same with the plain chat alice has with carol: this one the server keeps and relays as it is.
  register_user("carol");
  auto carol = online_with(options_for("carol"));
  ASSERT_TRUE(get(carol->call(protocol::contact_add_request{"alice"})));
  ASSERT_TRUE(get(alice.session->send_text("@carol", control)));
  EXPECT_EQ(found(marker), "");  // the database and its write-ahead log as they are while it runs
  // ... and once natterd stopped and wrote everything back.
  server_->stop();
  EXPECT_EQ(found(marker), "");
  const auto control_found = found(control);
  EXPECT_NE(control_found.find("database"), std::string::npos) << control_found;
  EXPECT_NE(control_found.find("frames"), std::string::npos) << control_found;
}

TEST_F(e2ee_ciphertext_test, a_file_in_an_encrypted_chat_is_nowhere_in_the_servers_files_log_or_frames) {
  auto alice = capturing("alice", "ALICE1");
  auto bob = capturing("bob", "BOB1");
  const auto c = encrypted_chat(alice, "bob", bob, "alice");
  ASSERT_NE(c, 0);
  const auto name_marker = unique("name");
  const auto content_marker = unique("bytes");
  const auto control = unique("plainfile");
  const auto dir = new_dir();
  std::filesystem::create_directories(dir);
  auto write = [&dir](const std::string& name, const std::string& bytes) {
    std::ofstream(dir / name, std::ios::binary) << bytes;
    return dir / name;
  };
  std::string content;
  for (int i = 0; i < 100; ++i) content += content_marker + "\n";

  auto sealed = client::e2ee::upload_sealed(*alice.session, write(name_marker + ".txt", content));
  ASSERT_TRUE(sealed) << sealed.error().code;
  protocol::send_request send;
  send.conversation = c;
  send.text = "the file";
  ASSERT_TRUE(alice.crypto->send(std::move(send), {*sealed}));
  ASSERT_TRUE(pump_until_shown(bob, "the file")) << bob.screen();
  // bob reads it: the name from the message, the bytes from the server.
  const client::e2ee::shown_text* shown = nullptr;
  for (const auto& [id, s] : bob.shown) {
    if (!s.error && s.text == "the file") shown = &s;
  }
  ASSERT_NE(shown, nullptr);
  ASSERT_EQ(shown->files.size(), 1U);
  EXPECT_EQ(shown->files[0].file.name, name_marker + ".txt");
  auto opened = client::e2ee::download_sealed(*bob.session, shown->files[0].file);
  ASSERT_TRUE(opened) << opened.error().code;
  EXPECT_EQ(*opened, content);

  // A plain file alice sends carol: its bytes the server keeps as they are,
  // so the search below does look where uploads are kept.
  register_user("carol");
  auto carol = online_with(options_for("carol"));
  ASSERT_TRUE(get(carol->call(protocol::contact_add_request{"alice"})));
  auto token = alice.session->access_token().get();
  ASSERT_TRUE(token);
  auto plain = alice.session->http().upload(token.value(), write("plain.txt", control), {});
  ASSERT_TRUE(plain) << plain.error().code;
  protocol::send_request to_carol;
  to_carol.to = "@carol";
  to_carol.client_msg_id = "plain-file-1";
  to_carol.text = "a plain file";
  to_carol.attachments = {plain->id};
  ASSERT_TRUE(get(alice.session->call(to_carol)));

  server_->stop();
  EXPECT_EQ(found(name_marker), "");
  EXPECT_EQ(found(content_marker), "");
  EXPECT_NE(found(control).find("database"), std::string::npos) << "the plain file's bytes were not found";
}

}  // namespace
}  // namespace natter::testing
