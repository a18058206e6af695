// The server sees only ciphertext: a marker sent in an encrypted chat (and
// read on the other side) appears nowhere natterd keeps or says (its
// database files, its debug log) nor in any WebSocket frame either client
// sent or got; not in plain text, base64 or UTF-16LE. A marker sent in a
// plain chat is found in the same places, so the search can find it.

#include <fstream>
#include <sstream>

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
  register_user("alice");
  register_user("bob");
  auto with_capture = [this](client::session_options& o) { capture(o); };
  auto alice = install("alice", "ALICE1", with_capture);
  auto bob = install("bob", "BOB1", with_capture);
  const auto c = encrypted_chat(alice, "bob", bob, "alice");
  ASSERT_NE(c, 0);
  std::random_device r;
  const auto marker = "zqmarker" + std::to_string(r()) + "secret" + std::to_string(r());
  const auto control = "zqcontrol" + std::to_string(r()) + "plain" + std::to_string(r());

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

}  // namespace
}  // namespace natter::testing
