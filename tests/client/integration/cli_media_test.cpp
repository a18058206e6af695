// natter send --file, natter download, and attachments in history and listen.

#include <filesystem>
#include <fstream>
#include <sstream>

#include "client/support/cli_fixture.hpp"
#include "integration/support/test_images.hpp"

namespace natter::testing {
namespace {

namespace fs = std::filesystem;

class cli_media_test : public cli_test {
 protected:
  std::vector<std::string> natterd_args() override {
    auto args = cli_test::natterd_args();
    args.insert(args.end(), {"--max-upload-bytes", "1000000"});
    return args;
  }

  // A file in the user's home (removed with it).
  static fs::path write_file(const natter_cli& cli, const std::string& name, const std::string& bytes) {
    const auto path = cli.home() / name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }

  static std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
  }

  // The media id at the end of the attachment line that starts with `label`.
  static std::string media_id_after(const std::string& out, const std::string& label) {
    const auto at = out.find(label);
    if (at == std::string::npos) return {};
    const auto end = out.find('\n', at);
    const auto line = out.substr(at, end == std::string::npos ? std::string::npos : end - at);
    return line.substr(line.rfind(' ') + 1);
  }

  // A directory of the user's own to download into.
  static fs::path downloads(const natter_cli& cli) {
    const auto dir = cli.home() / "downloads";
    fs::create_directories(dir);
    return dir;
  }

  // Bytes that no image decoder takes: a file.
  static std::string report_bytes() {
    std::string bytes = "%PDF-1.4 not really\n";
    for (int i = 0; i < 1500; ++i) bytes += static_cast<char>(i % 251);
    return bytes;
  }
};

TEST_F(cli_media_test, a_file_sent_with_a_caption_shows_in_history_and_downloads_byte_for_byte) {
  auto alice = user("alice");
  auto bob = user("bob");
  const auto bytes = report_bytes();
  const auto file = write_file(*alice, "report.pdf", bytes);
  EXPECT_EQ(ok(*alice, {"send", "@bob", "--file", file.string(), "the report"}), "");
  const auto history = ok(*bob, {"history", "@alice"});
  EXPECT_NE(history.find("alice: the report\n  [file report.pdf 1.5 KB] "), std::string::npos) << history;
  const auto id = media_id_after(history, "[file report.pdf 1.5 KB]");
  ASSERT_EQ(id.size(), 22u) << history;
  // Without -o: the media's own name, in the current directory.
  bob->set_working_directory(downloads(*bob));
  EXPECT_EQ(ok(*bob, {"download", id}), "./report.pdf\t1.5 KB\n");
  EXPECT_EQ(read_file(downloads(*bob) / "report.pdf"), bytes);
  EXPECT_NE(ok(*alice, {"history", "@bob"}).find("[file report.pdf 1.5 KB] " + id), std::string::npos);
}

TEST_F(cli_media_test, a_picture_sent_without_text_reaches_a_listener_as_an_image_line) {
  auto alice = user("alice");
  auto bob = user("bob");
  ok(*bob, {"contacts", "add", "alice"});
  const auto file = write_file(*alice, "photo.png", encoded_image(640, 360, ".png"));
  auto listening = bob->start({"listen"});
  ASSERT_TRUE(listening->wait_for_err("natter: online", cli_patience)) << listening->err();
  ok(*alice, {"send", "@bob", "--file", file.string()});
  ASSERT_TRUE(listening->wait_for_out("[@alice] alice:\n  [image 640×360 photo.png ", cli_patience))
      << listening->out();
  EXPECT_EQ(listening->interrupt(), 0);  // after the rest of the line
  const auto id = media_id_after(listening->out(), "[image 640×360 photo.png ");
  const auto target = downloads(*bob) / "picture.png";
  ok(*bob, {"download", id, "-o", target.string()});
  const auto image = decode_image(read_file(target));
  EXPECT_TRUE(image.ok);
  EXPECT_EQ(image.width, 640);
  EXPECT_EQ(image.height, 360);
  const auto small = downloads(*bob) / "small.png";
  ok(*bob, {"download", id, "--thumbnail", "-o", small.string()});
  const auto thumbnail = decode_image(read_file(small));
  EXPECT_EQ(thumbnail.width, 320);
  EXPECT_EQ(thumbnail.height, 180);
}

TEST_F(cli_media_test, a_file_goes_to_a_room_too_and_an_unknown_group_is_refused) {
  auto alice = user("alice");
  auto bob = user("bob");
  ok(*alice, {"join", "general"});
  ok(*bob, {"join", "general"});
  ok(*alice, {"send", "#general", "--file", write_file(*alice, "minutes.txt", "minutes").string()});
  EXPECT_NE(ok(*bob, {"history", "#general"}).find("alice:\n  [file minutes.txt 7 B] "), std::string::npos);
  auto group = alice->run({"send", "--group", "Nobody", "--file", write_file(*alice, "x.txt", "x").string()});
  EXPECT_EQ(group.exit_code, 1);
  EXPECT_NE(group.err.find("NOT_FOUND"), std::string::npos) << group.err;
}

TEST_F(cli_media_test, several_files_go_on_one_message_in_order) {
  auto alice = user("alice");
  auto bob = user("bob");
  const auto first = write_file(*alice, "a.txt", "first file");
  const auto second = write_file(*alice, "b.png", encoded_image(30, 20, ".png"));
  ok(*alice, {"send", "@bob", "--file", first.string(), "--file", second.string(), "two things"});
  const auto history = ok(*bob, {"history", "@alice"});
  const auto text = history.find("alice: two things\n  [file a.txt 10 B] ");
  ASSERT_NE(text, std::string::npos) << history;
  EXPECT_NE(history.find("\n  [image 30×20 b.png ", text), std::string::npos) << history;
}

TEST_F(cli_media_test, an_upload_over_the_servers_limit_fails_clearly_and_sends_nothing) {
  auto alice = user("alice");
  auto bob = user("bob");
  ok(*alice, {"send", "@bob", "hello"});
  // Just over the limit, and far over it (natterd answers before the body
  // is read, while natter is still writing it).
  for (std::size_t size : {std::size_t{1000001}, std::size_t{6000000}}) {
    const auto file = write_file(*alice, "big.bin", std::string(size, 'x'));
    auto r = alice->run({"send", "@bob", "--file", file.string(), "too big"});
    EXPECT_EQ(r.exit_code, 1) << size;
    EXPECT_NE(r.err.find("PAYLOAD_TOO_LARGE"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("big.bin"), std::string::npos) << r.err;
  }
  const auto history = ok(*bob, {"history", "@alice"});
  EXPECT_NE(history.find("alice: hello"), std::string::npos) << history;
  EXPECT_EQ(history.find("too big"), std::string::npos) << history;
}

TEST_F(cli_media_test, send_file_refuses_missing_files_and_more_than_ten_before_connecting) {
  auto alice = user("alice");
  const auto file = write_file(*alice, "a.txt", "a");
  auto missing = alice->run({"send", "@bob", "--file", (alice->home() / "nope.txt").string(), "hi"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("nope.txt"), std::string::npos) << missing.err;
  std::vector<std::string> eleven{"send", "@bob"};
  for (int i = 0; i < 11; ++i) eleven.insert(eleven.end(), {"--file", file.string()});
  EXPECT_EQ(alice->run(eleven).exit_code, 2);
  EXPECT_EQ(alice->run({"send", "@bob"}).exit_code, 2);  // no text and no file
}

TEST_F(cli_media_test, download_of_media_one_may_not_read_fails_and_leaves_no_file) {
  auto alice = user("alice");
  auto bob = user("bob");
  auto carol = user("carol");
  ok(*alice, {"send", "@bob", "--file", write_file(*alice, "plans.txt", "secret plans").string(), "for you"});
  const auto id = media_id_after(ok(*bob, {"history", "@alice"}), "[file plans.txt 12 B]");
  ASSERT_EQ(id.size(), 22u);
  const auto dir = downloads(*carol);
  auto refused = carol->run({"download", id, "-o", dir.string()});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("NOT_FOUND"), std::string::npos) << refused.err;
  auto missing = carol->run({"download", "AAAAAAAAAAAAAAAAAAAAAA", "-o", dir.string()});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("NOT_FOUND"), std::string::npos) << missing.err;
  // One id in 64 begins with '-': an id, never options.
  for (const std::string dashed : {"-3Jx0m5v2cS8kq1Vb0aZ7w", "-oJx0m5v2cS8kq1Vb0aZ7w", "--Jx0m5v2cS8kq1Vb0aZ7w"}) {
    auto r = carol->run({"download", dashed, "-o", dir.string()});
    EXPECT_EQ(r.exit_code, 1) << dashed;
    EXPECT_NE(r.err.find("NOT_FOUND"), std::string::npos) << r.err;
  }
  EXPECT_TRUE(fs::is_empty(dir));
  EXPECT_EQ(carol->run({"download", "../../etc/passwd"}).exit_code, 2);
}

TEST_F(cli_media_test, download_never_replaces_a_file_without_force) {
  auto alice = user("alice");
  auto bob = user("bob");
  ok(*alice, {"send", "@bob", "--file", write_file(*alice, "notes.txt", "new notes").string(), "notes"});
  const auto id = media_id_after(ok(*bob, {"history", "@alice"}), "[file notes.txt 9 B]");
  const auto dir = downloads(*bob);
  std::ofstream(dir / "notes.txt") << "my own notes";
  auto refused = bob->run({"download", id, "-o", dir.string()});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("FILE_EXISTS"), std::string::npos) << refused.err;
  EXPECT_EQ(bob->run({"download", id, "-o", (dir / "notes.txt").string()}).exit_code, 1);
  EXPECT_EQ(read_file(dir / "notes.txt"), "my own notes");
  ok(*bob, {"download", id, "-o", dir.string(), "--force"});
  EXPECT_EQ(read_file(dir / "notes.txt"), "new notes");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);  // no temp file left
}

}  // namespace
}  // namespace natter::testing
