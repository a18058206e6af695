// http_api::upload and http_api::download against natterd, through a proxy
// that spoils the first connection: the retry of an upload stores it once,
// a download cut off resumes where it stopped.

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "client/http_api.hpp"
#include "client/support/cutting_proxy.hpp"
#include "integration/support/server_fixture.hpp"

namespace natter::testing {
namespace {

namespace fs = std::filesystem;

class http_media_test : public server_test {
 protected:
  std::vector<std::string> natterd_args() override {
    auto args = relaxed_limits();
    args.insert(args.end(), {"--max-upload-bytes", "1000000"});
    return args;
  }

  void SetUp() override {
    server_test::SetUp();
    std::string pattern = (fs::temp_directory_path() / "natter-media-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  static client::http_api api_on(unsigned short port, std::chrono::seconds timeout = std::chrono::seconds(15)) {
    return client::http_api(client::server_url::parse("http://127.0.0.1:" + std::to_string(port)).value(), nullptr,
                            timeout);
  }

  fs::path write_file(const std::string& name, const std::string& bytes) const {
    std::ofstream(dir_ / name, std::ios::binary) << bytes;
    return dir_ / name;
  }

  static std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
  }

  // Bytes that are no picture, in several upload pieces.
  static std::string some_bytes(std::size_t n) {
    std::string bytes;
    for (std::size_t i = 0; i < n; ++i) bytes += static_cast<char>('a' + i % 23);
    return bytes;
  }

  // The upload_id=... of a request's target.
  static std::string upload_id_of(const std::string& request) {
    const auto at = request.find("upload_id=");
    if (at == std::string::npos) return {};
    return request.substr(at + 10, request.find_first_of("& ", at) - at - 10);
  }

  // An answer without the interim responses ("100 Continue") before it.
  static std::string final_answer(std::string answer) {
    while (answer.rfind("HTTP/1.1 1", 0) == 0 && answer.find("\r\n\r\n") != std::string::npos) {
      answer.erase(0, answer.find("\r\n\r\n") + 4);
    }
    return answer;
  }

  // What follows the header of a request.
  static std::string body_of(const std::string& request) {
    const auto end = request.find("\r\n\r\n");
    return end == std::string::npos ? std::string() : request.substr(end + 4);
  }

  fs::path dir_;
};

TEST_F(http_media_test, an_upload_whose_answer_was_lost_is_retried_with_its_upload_id_and_stored_once) {
  const auto alice = register_and_login("alice");
  cutting_proxy proxy(server_->port(), cutting_proxy::cut::lose_answer);
  const auto bytes = some_bytes(300'000);
  auto media = api_on(proxy.port()).upload(alice.access_token, write_file("notes.bin", bytes));
  ASSERT_TRUE(media) << media.error().code << " " << media.error().message;
  EXPECT_EQ(media->kind, "file");
  EXPECT_EQ(media->name, "notes.bin");
  EXPECT_EQ(media->size, 300'000);
  ASSERT_EQ(proxy.connections(), 2u);
  // The first attempt was stored; the retry named it by the same upload_id
  // and got that media back instead of storing a second one.
  const auto first = final_answer(proxy.answer(0));
  ASSERT_EQ(first.rfind("HTTP/1.1 201", 0), 0u) << first;
  const auto stored = boost::json::parse(first.substr(first.find("\r\n\r\n") + 4));
  EXPECT_EQ(stored.at("media").at("id").as_string(), media->id);
  EXPECT_EQ(proxy.answer(1).rfind("HTTP/1.1 200", 0), 0u) << proxy.answer(1);
  EXPECT_FALSE(upload_id_of(proxy.request(0)).empty());
  EXPECT_EQ(upload_id_of(proxy.request(1)), upload_id_of(proxy.request(0)));
  EXPECT_EQ(body_of(proxy.request(1)), "");  // natterd answered at once: the body stayed home
}

TEST_F(http_media_test, a_refused_upload_never_sends_its_body) {
  const auto alice = register_and_login("alice");
  cutting_proxy proxy(server_->port(), cutting_proxy::cut::answer_after, std::size_t{1} << 30);  // passes all
  auto media = api_on(proxy.port()).upload(alice.access_token, write_file("big.bin", some_bytes(3'000'000)));
  ASSERT_FALSE(media);
  EXPECT_EQ(media.error().code, "PAYLOAD_TOO_LARGE");
  EXPECT_NE(proxy.request(0).find("Expect: 100-continue\r\n"), std::string::npos) << proxy.request(0);
  EXPECT_EQ(body_of(proxy.request(0)), "");
  const auto wanted = api_on(proxy.port()).upload(alice.access_token, write_file("small.bin", some_bytes(1000)));
  ASSERT_TRUE(wanted);
  EXPECT_EQ(body_of(proxy.request(1)), some_bytes(1000));
  EXPECT_EQ(proxy.answer(1).rfind("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201", 0), 0u) << proxy.answer(1);
}

TEST_F(http_media_test, an_answer_that_comes_before_the_whole_body_was_read_ends_the_upload) {
  const auto alice = register_and_login("alice");
  // The proxy says "100 Continue" itself, takes 64 KiB of the body and no
  // more, then passes on natterd's refusal of the Content-Length: the answer
  // comes while the body is being written. Far more than socket buffers
  // hold: a client that only reads once the body is written waits for its
  // timeout, then tries again.
  cutting_proxy proxy(server_->port(), cutting_proxy::cut::stall_request, 64 * 1024);
  auto media = api_on(proxy.port(), std::chrono::seconds(5))
                   .upload(alice.access_token, write_file("big.bin", some_bytes(12'000'000)));
  ASSERT_FALSE(media);
  EXPECT_EQ(media.error().what, client::failure::kind::refused);
  EXPECT_EQ(media.error().code, "PAYLOAD_TOO_LARGE");
  EXPECT_GE(body_of(proxy.request(0)).size(), 64u * 1024);  // the answer came while the body was on its way
  EXPECT_EQ(proxy.connections(), 1u);
}

TEST_F(http_media_test, each_upload_gets_a_fresh_upload_id) {
  const auto alice = register_and_login("alice");
  const auto file = write_file("a.txt", "same bytes");
  auto api = api_on(server_->port());
  auto one = api.upload(alice.access_token, file);
  auto two = api.upload(alice.access_token, file);
  ASSERT_TRUE(one && two);
  EXPECT_NE(one->id, two->id);
}

TEST_F(http_media_test, a_download_cut_off_resumes_with_a_range_request_and_lands_whole) {
  const auto alice = register_and_login("alice");
  const auto bytes = some_bytes(400'000);
  auto media = api_on(server_->port()).upload(alice.access_token, write_file("big.bin", bytes));
  ASSERT_TRUE(media);
  cutting_proxy proxy(server_->port(), cutting_proxy::cut::answer_after, 150'000);
  const auto into = dir_ / "downloads";
  fs::create_directory(into);
  auto got = api_on(proxy.port()).download(alice.access_token, media->id, into);
  ASSERT_TRUE(got) << got.error().code << " " << got.error().message;
  EXPECT_EQ(got->path, into / "big.bin");
  EXPECT_EQ(got->size, 400'000u);
  EXPECT_EQ(read_file(into / "big.bin"), bytes);
  ASSERT_EQ(proxy.connections(), 2u);
  EXPECT_EQ(proxy.request(0).find("Range:"), std::string::npos);
  const auto header_bytes = proxy.answer(0).find("\r\n\r\n") + 4;
  EXPECT_NE(proxy.request(1).find("Range: bytes=" + std::to_string(150'000 - header_bytes) + "-\r\n"),
            std::string::npos)
      << proxy.request(1);
  EXPECT_EQ(proxy.answer(1).rfind("HTTP/1.1 206", 0), 0u);
  EXPECT_EQ(std::distance(fs::directory_iterator(into), fs::directory_iterator()), 1);  // no temp file left
}

TEST_F(http_media_test, a_download_refused_by_natterd_leaves_nothing_behind) {
  const auto alice = register_and_login("alice");
  const auto bob = register_and_login("bob");
  auto media = api_on(server_->port()).upload(alice.access_token, write_file("mine.txt", "mine"));
  ASSERT_TRUE(media);
  const auto into = dir_ / "downloads";
  fs::create_directory(into);
  auto got = api_on(server_->port()).download(bob.access_token, media->id, into / "x.txt");
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().what, client::failure::kind::refused);
  EXPECT_EQ(got.error().code, "NOT_FOUND");
  EXPECT_TRUE(fs::is_empty(into));
}

}  // namespace
}  // namespace natter::testing
