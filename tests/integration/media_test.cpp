// Pictures and files against the real natterd: uploads decided by content,
// images re-encoded without metadata, files never served inline, limits,
// who may read what, ranges, attachments in messages, avatars, collection.

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <future>
#include <thread>

#include "integration/media_fixture.hpp"
#include "integration/support/test_images.hpp"

namespace natter::testing {
namespace {

namespace http = boost::beast::http;
using boost::json::object;

TEST_F(media_test, each_allowed_image_type_round_trips_re_encoded_with_a_thumbnail) {
  auto alice = register_and_login("alice");
  for (auto [suffix, mime] :
       {std::pair{".png", "image/png"}, {".jpg", "image/jpeg"}, {".gif", "image/gif"}, {".webp", "image/webp"}}) {
    auto media = uploaded(alice, encoded_image(640, 360, suffix), "name=picture");
    EXPECT_EQ(media.at("kind"), "image") << suffix;
    EXPECT_EQ(media.at("width"), 640) << suffix;
    EXPECT_EQ(media.at("height"), 360) << suffix;
    EXPECT_EQ(media.at("thumbnail").at("width"), 320) << suffix;
    EXPECT_EQ(media.at("thumbnail").at("height"), 180) << suffix;
    EXPECT_EQ(std::string(media.at("colour").as_string()).size(), 7u) << suffix;
    const std::string served_mime(media.at("mime").as_string());
    if (std::string(suffix) != ".gif") {
      EXPECT_EQ(served_mime, mime) << suffix;
    }
    auto got = download(id_of(media), alice.access_token);
    ASSERT_EQ(got.status, 200) << suffix;
    EXPECT_EQ(got.header("content-type"), served_mime);
    EXPECT_EQ(got.body.size(), static_cast<std::size_t>(media.at("size").as_int64()));
    auto image = decode_image(got.body);
    ASSERT_TRUE(image.ok) << suffix;
    EXPECT_EQ(image.width, 640);
    EXPECT_EQ(image.height, 360);
    auto thumbnail = decode_image(download(id_of(media), alice.access_token, "/thumbnail").body);
    EXPECT_EQ(thumbnail.width, 320) << suffix;
  }
}

TEST_F(media_test, the_type_comes_from_the_content_never_from_the_name) {
  auto alice = register_and_login("alice");
  auto png = uploaded(alice, encoded_image(50, 40, ".png"), "name=holiday.jpg");
  EXPECT_EQ(png.at("mime"), "image/png");
  EXPECT_EQ(png.at("kind"), "image");
  EXPECT_EQ(png.at("name"), "holiday.jpg");
  const std::string svg =
      R"svg(<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>)svg";
  const std::string html = "<!doctype html><html><script>alert(document.cookie)</script></html>";
  for (const auto& [bytes, name] : {std::pair{svg, "logo.png"}, {html, "page.png"}}) {
    auto media = uploaded(alice, bytes, std::string("name=") + name);
    EXPECT_EQ(media.at("kind"), "file");
    EXPECT_EQ(media.at("mime"), "application/octet-stream");
    EXPECT_FALSE(media.contains("width"));
    auto got = download(id_of(media), alice.access_token);
    ASSERT_EQ(got.status, 200);
    EXPECT_EQ(got.body, bytes);
    EXPECT_EQ(got.header("content-type"), "application/octet-stream");
    EXPECT_EQ(got.header("content-disposition").rfind("attachment;", 0), 0u) << got.header("content-disposition");
    EXPECT_EQ(got.header("content-security-policy"), "default-src 'none'; sandbox");
    EXPECT_EQ(got.header("x-content-type-options"), "nosniff");
    EXPECT_EQ(download(id_of(media), alice.access_token, "/thumbnail").status, 404);
  }
}

TEST_F(media_test, a_jpeg_loses_its_exif_gps_position) {
  auto alice = register_and_login("alice");
  const auto original = encoded_image(400, 300, ".jpg", true);
  ASSERT_NE(original.find("Natter Test Camera"), std::string::npos);  // the upload carries it
  auto media = uploaded(alice, original, "name=beach.jpg");
  for (const std::string suffix : {"", "/thumbnail"}) {
    auto got = download(id_of(media), alice.access_token, suffix);
    ASSERT_EQ(got.status, 200);
    EXPECT_EQ(got.body.find("Natter Test Camera"), std::string::npos) << suffix;
    auto image = decode_image(got.body);
    ASSERT_TRUE(image.ok);
    for (const auto& field : image.fields) {
      EXPECT_EQ(field.rfind("exif-", 0), std::string::npos) << suffix << ": " << field;
    }
  }
}

TEST_F(media_test, pictures_that_cannot_be_decoded_safely_are_refused_with_a_clear_error) {
  auto alice = register_and_login("alice");
  auto bomb = upload(alice, png_claiming(30000, 30000), "name=bomb.png");
  EXPECT_EQ(bomb.status, 422);
  EXPECT_EQ(bomb.error_code(), "VALIDATION_FAILED");
  EXPECT_EQ(bomb.json().at("error").at("field"), "file");
  EXPECT_NE(std::string(bomb.json().at("error").at("message").as_string()).find("megapixels"), std::string::npos)
      << bomb.body;
  const auto jpeg = encoded_image(400, 300, ".jpg");
  auto truncated = upload(alice, jpeg.substr(0, jpeg.size() / 2), "name=cut.jpg");
  EXPECT_EQ(truncated.status, 422);
  EXPECT_EQ(truncated.json().at("error").at("field"), "file");
  auto empty = upload(alice, "", "name=empty");
  EXPECT_EQ(empty.status, 422);
  // Nothing of them was kept, and natterd still serves.
  EXPECT_EQ(blob_files(), 0u);
  EXPECT_EQ(uploaded(alice, encoded_image(8, 8, ".png")).at("kind"), "image");
}

TEST_F(media_test, a_zip_bomb_is_an_opaque_file_never_unpacked) {
  auto alice = register_and_login("alice");
  // A zip's local header and deflate data that would inflate a thousandfold.
  std::string zip("PK\x03\x04\x14\x00\x00\x00\x08\x00", 10);
  zip += std::string(1000, '\0');
  auto media = uploaded(alice, zip, "name=42.zip");
  EXPECT_EQ(media.at("kind"), "file");
  EXPECT_EQ(media.at("size"), static_cast<std::int64_t>(zip.size()));
  EXPECT_EQ(download(id_of(media), alice.access_token).body, zip);
}

TEST_F(media_test, over_size_and_over_quota_uploads_are_refused_and_leave_nothing) {
  auto alice = register_and_login("alice");
  auto big = upload(alice, std::string(1000001, 'x'), "name=big.bin");
  EXPECT_EQ(big.status, 413);
  EXPECT_EQ(big.error_code(), "PAYLOAD_TOO_LARGE");
  // Without a Content-Length the limit holds while the body streams in.
  auto chunked = upload(alice, std::string(1000001, 'x'), "name=big.bin", {{"Transfer-Encoding", "chunked"}});
  EXPECT_EQ(chunked.status, 413) << chunked.body;
  EXPECT_EQ(blob_files(), 0u);
  // The quota (2500000 bytes): two uploads of 1000000 fit, a third does not.
  uploaded(alice, std::string(1000000, 'a'), "name=a.bin");
  uploaded(alice, std::string(1000000, 'b'), "name=b.bin");
  auto third = upload(alice, std::string(1000000, 'c'), "name=c.bin");
  EXPECT_EQ(third.status, 413);
  EXPECT_EQ(third.error_code(), "QUOTA_EXCEEDED");
  // Without a Content-Length the quota is checked once the body is in.
  auto unsized = upload(alice, std::string(1000000, 'c'), "name=c.bin", {{"Transfer-Encoding", "chunked"}});
  EXPECT_EQ(unsized.error_code(), "QUOTA_EXCEEDED") << unsized.body;
  // Another user's quota is their own.
  auto bob = register_and_login("bob");
  uploaded(bob, std::string(1000000, 'c'), "name=c.bin");
}

TEST_F(media_test, a_client_that_expects_100_continue_hears_it_only_when_the_body_is_wanted) {
  auto alice = register_and_login("alice");
  auto request = [&](std::size_t length, const std::string& body) {
    return "POST /api/v1/media?name=e.bin HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + alice.access_token +
           "\r\nExpect: 100-continue\r\nConnection: close\r\nContent-Length: " + std::to_string(length) + "\r\n\r\n" +
           body;
  };
  const auto wanted = http_->raw(request(5, "hello"));
  EXPECT_EQ(wanted.rfind("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created", 0), 0u) << wanted;
  // Over the limit: refused at once, and the client need never send the body.
  const auto refused = http_->raw(request(1000001, ""));
  EXPECT_EQ(refused.rfind("HTTP/1.1 413", 0), 0u) << refused;
  EXPECT_EQ(refused.find("100 Continue"), std::string::npos);
}

TEST_F(media_test, an_upload_retried_with_its_upload_id_is_stored_once) {
  auto alice = register_and_login("alice");
  const auto png = encoded_image(30, 30, ".png");
  auto first = upload(alice, png, "name=p.png&upload_id=retry-1");
  ASSERT_EQ(first.status, 201);
  auto again = upload(alice, png, "name=p.png&upload_id=retry-1");
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.json().at("media").at("id"), first.json().at("media").at("id"));
  EXPECT_EQ(upload(alice, png, "name=p.png&upload_id=bad%20id").error_code(), "VALIDATION_FAILED");
  EXPECT_EQ(upload(alice, png, "purpose=banner").error_code(), "VALIDATION_FAILED");
}

TEST_F(media_test, only_members_of_a_conversation_holding_it_may_download_and_others_see_404_like_missing) {
  auto alice = register_and_login("alice");
  auto bob = register_and_login("bob");
  auto carol = register_and_login("carol");
  auto a = connect(alice);
  auto b = connect(bob);
  auto conversation = conversation_of(send_to(*a, "@bob", "hi"));
  b->ok({{"type", "request.accept"}, {"conversation_id", conversation}});
  const auto bytes = std::string("secret plans");
  auto media = uploaded(alice, bytes, "name=plans.txt");
  // Before it is attached only the uploader may read it.
  EXPECT_EQ(download(id_of(media), bob.access_token).status, 404);
  a->ok({{"type", "message.send"},
         {"conversation_id", conversation},
         {"client_msg_id", next_client_id()},
         {"text", ""},
         {"attachments", boost::json::array{id_of(media)}}});
  EXPECT_EQ(download(id_of(media), bob.access_token).body, bytes);
  auto stranger = download(id_of(media), carol.access_token);
  auto missing = download("AAAAAAAAAAAAAAAAAAAAAA", carol.access_token);
  EXPECT_EQ(stranger.status, 404);
  EXPECT_EQ(stranger.body, missing.body);
  EXPECT_EQ(download(id_of(media), "").status, 404);  // no token: avatars only
  EXPECT_EQ(download(id_of(media), "not-a-token").status, 401);
  EXPECT_EQ(download("../../etc/passwd", alice.access_token).status, 404);
}

TEST_F(media_test, downloads_honour_range_and_etag) {
  auto alice = register_and_login("alice");
  std::string bytes;
  for (int i = 0; i < 1000; ++i) bytes += static_cast<char>('a' + i % 26);
  auto id = id_of(uploaded(alice, bytes, "name=letters.txt"));
  auto whole = download(id, alice.access_token);
  EXPECT_EQ(whole.header("accept-ranges"), "bytes");
  EXPECT_EQ(whole.header("cache-control"), "private, max-age=31536000, immutable");
  auto first = download(id, alice.access_token, "", {{"Range", "bytes=0-9"}});
  EXPECT_EQ(first.status, 206);
  EXPECT_EQ(first.body, bytes.substr(0, 10));
  EXPECT_EQ(first.header("content-range"), "bytes 0-9/1000");
  EXPECT_EQ(download(id, alice.access_token, "", {{"Range", "bytes=-5"}}).body, bytes.substr(995));
  EXPECT_EQ(download(id, alice.access_token, "", {{"Range", "bytes=990-"}}).body, bytes.substr(990));
  EXPECT_EQ(download(id, alice.access_token, "", {{"Range", "bytes=990-5000"}}).body, bytes.substr(990));
  auto past = download(id, alice.access_token, "", {{"Range", "bytes=1000-"}});
  EXPECT_EQ(past.status, 416);
  EXPECT_EQ(past.error_code(), "RANGE_NOT_SATISFIABLE");
  EXPECT_EQ(past.header("content-range"), "bytes */1000");
  for (const std::string ignored : {"bytes=0-1,5-6", "lines=1-2", "bytes=9-3", "bytes=x-"}) {
    auto r = download(id, alice.access_token, "", {{"Range", ignored}});
    EXPECT_EQ(r.status, 200) << ignored;
    EXPECT_EQ(r.body, bytes) << ignored;
  }
  auto unchanged = download(id, alice.access_token, "", {{"If-None-Match", whole.header("etag")}});
  EXPECT_EQ(unchanged.status, 304);
  EXPECT_TRUE(unchanged.body.empty());
}

TEST_F(media_test, messages_carry_attachments_live_in_history_and_in_sync) {
  auto alice = register_and_login("alice");
  auto bob = register_and_login("bob");
  auto a = connect(alice);
  auto b = connect(bob);
  auto conversation = conversation_of(send_to(*a, "@bob", "hi"));
  b->ok({{"type", "request.accept"}, {"conversation_id", conversation}});
  auto picture = uploaded(alice, encoded_image(200, 100, ".png"), "name=cat.png");
  auto file = uploaded(alice, "report", "name=report.pdf");
  auto sent = a->ok({{"type", "message.send"},
                     {"conversation_id", conversation},
                     {"client_msg_id", next_client_id()},
                     {"text", "two things"},
                     {"attachments", boost::json::array{id_of(picture), id_of(file)}}});
  const auto& attachments = sent.at("message").at("attachments").as_array();
  ASSERT_EQ(attachments.size(), 2u);
  EXPECT_EQ(attachments[0].at("id"), picture.at("id"));
  EXPECT_EQ(attachments[0].at("width"), 200);
  EXPECT_EQ(attachments[0].at("thumbnail").at("width"), 200);
  EXPECT_EQ(attachments[1].at("name"), "report.pdf");
  EXPECT_FALSE(attachments[1].as_object().contains("width"));
  auto live = b->event("message");
  while (live.at("message").at("text") != "two things") live = b->event("message");
  EXPECT_EQ(live.at("message").at("attachments"), sent.at("message").at("attachments"));
  auto history = b->ok({{"type", "history"}, {"conversation_id", conversation}});
  const auto& events = history.at("events").as_array();
  EXPECT_EQ(events.back().at("message").at("attachments"), sent.at("message").at("attachments"));
  auto again = connect(bob, false);
  auto synced = again->ok({{"type", "sync"}, {"since", object{{std::to_string(conversation), 0}}}});
  EXPECT_NE(boost::json::serialize(synced).find(id_of(file)), std::string::npos);
  // A caption-less message of attachments only; a message of nothing is refused.
  auto only = a->ok({{"type", "message.send"},
                     {"conversation_id", conversation},
                     {"client_msg_id", next_client_id()},
                     {"text", ""},
                     {"attachments", boost::json::array{id_of(file)}}});
  EXPECT_EQ(only.at("message").at("text"), "");
  EXPECT_EQ(a->error_of({{"type", "message.send"},
                         {"conversation_id", conversation},
                         {"client_msg_id", next_client_id()},
                         {"text", ""}}),
            "VALIDATION_FAILED");
}

TEST_F(media_test, only_ones_own_uploads_of_pictures_and_files_can_be_attached) {
  auto alice = register_and_login("alice");
  auto bob = register_and_login("bob");
  auto a = connect(alice);
  auto conversation = conversation_of(send_to(*a, "@bob", "hi"));
  auto bobs = uploaded(bob, "bob's", "name=b.txt");
  auto avatar = uploaded(alice, encoded_image(100, 100, ".png"), "name=me.png&purpose=avatar");
  boost::json::array eleven;
  for (int i = 0; i < 11; ++i) eleven.push_back(boost::json::value(id_of(uploaded(alice, std::to_string(i)))));
  for (const auto& ids : {boost::json::array{id_of(bobs)}, boost::json::array{id_of(avatar)},
                          boost::json::array{"AAAAAAAAAAAAAAAAAAAAAA"}, boost::json::array{"../x"}, eleven,
                          boost::json::array{eleven[0], eleven[0]}}) {
    EXPECT_EQ(a->error_of({{"type", "message.send"},
                           {"conversation_id", conversation},
                           {"client_msg_id", next_client_id()},
                           {"text", "look"},
                           {"attachments", ids}}),
              "VALIDATION_FAILED")
        << boost::json::serialize(ids);
  }
  // Bob's upload stays his: attaching it did not let alice read it.
  EXPECT_EQ(download(id_of(bobs), alice.access_token).status, 404);
}

TEST_F(media_test, avatars_are_square_public_and_set_on_the_profile) {
  auto alice = register_and_login("alice");
  auto bob = register_and_login("bob");
  EXPECT_EQ(upload(alice, "not a picture", "name=x&purpose=avatar").error_code(), "UNSUPPORTED_MEDIA_TYPE");
  auto avatar = uploaded(alice, encoded_image(300, 200, ".jpg"), "name=me.jpg&purpose=avatar");
  EXPECT_EQ(avatar.at("kind"), "avatar");
  EXPECT_EQ(avatar.at("width"), 256);
  EXPECT_EQ(avatar.at("height"), 256);
  EXPECT_EQ(avatar.at("thumbnail").at("width"), 64);
  auto set = http_->patch("/api/v1/me", {{"avatar", id_of(avatar)}}, alice.access_token);
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(set.json().at("user").at("avatar"), avatar.at("id"));
  auto seen = http_->get("/api/v1/users/alice", bob.access_token);
  EXPECT_EQ(seen.json().at("user").at("avatar"), avatar.at("id"));
  auto small = decode_image(download(id_of(avatar), "", "/thumbnail").body);  // no token needed
  EXPECT_EQ(small.width, 64);
  EXPECT_EQ(small.height, 64);
  // Only one's own avatar uploads.
  auto picture = uploaded(alice, encoded_image(30, 30, ".png"));
  EXPECT_EQ(http_->patch("/api/v1/me", {{"avatar", id_of(picture)}}, alice.access_token).error_code(),
            "VALIDATION_FAILED");
  auto bobs = uploaded(bob, encoded_image(30, 30, ".png"), "name=b&purpose=avatar");
  EXPECT_EQ(http_->patch("/api/v1/me", {{"avatar", id_of(bobs)}}, alice.access_token).error_code(),
            "VALIDATION_FAILED");
  auto removed = http_->patch("/api/v1/me", {{"avatar", ""}}, alice.access_token);
  EXPECT_TRUE(removed.json().at("user").at("avatar").is_null());
}

// An upload cut off by natterd stopping, gracefully or not: nothing of it
// stays, and natterd serves uploads again after the restart.
class media_stop_test : public media_test {
 protected:
  // Sends the header and part of the body of an upload, and waits until
  // natterd holds it in a scratch file.
  std::unique_ptr<boost::asio::ip::tcp::socket> start_upload(boost::asio::io_context& io, const session& s) {
    auto socket = std::make_unique<boost::asio::ip::tcp::socket>(io);
    socket->connect({boost::asio::ip::make_address("127.0.0.1"), server_->port()});
    const std::string head = "POST /api/v1/media?name=half.bin HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                             s.access_token + "\r\nContent-Length: 900000\r\n\r\n";
    boost::asio::write(*socket, boost::asio::buffer(head + std::string(300000, 'h')));
    EXPECT_TRUE(eventually([&] { return scratch_files() > 0; }));
    return socket;
  }
  std::size_t scratch_files() const {
    const auto dir = server_->data_dir() / "data" / "media" / "tmp";
    std::size_t n = 0;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec)) n += e.is_regular_file() ? 1 : 0;
    return n;
  }
};

TEST_F(media_stop_test, an_upload_cut_off_by_a_kill_leaves_nothing_after_the_restart) {
  auto alice = register_and_login("alice");
  boost::asio::io_context io;
  auto socket = start_upload(io, alice);
  server_->kill();
  restart();
  EXPECT_EQ(scratch_files(), 0u);
  EXPECT_EQ(blob_files(), 0u);
  auto again = login("alice");
  EXPECT_EQ(uploaded(again, "after the restart").at("kind"), "file");
}

TEST_F(media_stop_test, an_upload_under_way_when_natterd_stops_does_not_stop_it_from_exiting_cleanly) {
  auto alice = register_and_login("alice");
  boost::asio::io_context io;
  auto socket = start_upload(io, alice);
  auto stopped = std::async(std::launch::async, [this] { return server_->stop(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  socket->close();  // the client gives up while natterd drains
  EXPECT_EQ(stopped.get(), 0);
  restart();
  EXPECT_EQ(scratch_files(), 0u);
  EXPECT_EQ(blob_files(), 0u);
}

TEST_F(media_test, deleting_the_only_message_holding_media_frees_it_and_its_blobs) {
  auto alice = register_and_login("alice");
  auto bob = register_and_login("bob");
  auto a = connect(alice);
  auto conversation = conversation_of(send_to(*a, "@bob", "hi"));
  auto picture = uploaded(alice, encoded_image(120, 80, ".png"), "name=p.png");
  auto waiting = uploaded(alice, "not attached yet", "name=w.txt");
  ASSERT_EQ(blob_files(), 3u);  // the picture, its thumbnail, the file
  auto sent = a->ok({{"type", "message.send"},
                     {"conversation_id", conversation},
                     {"client_msg_id", next_client_id()},
                     {"text", "look"},
                     {"attachments", boost::json::array{id_of(picture)}}});
  a->ok({{"type", "message.delete"}, {"message_id", sent.at("message").at("id")}});
  EXPECT_TRUE(eventually([&] { return download(id_of(picture), alice.access_token).status == 404; }));
  EXPECT_TRUE(eventually([&] { return blob_files() == 1u; }));
  // An upload not used yet waits out its grace period (a day by default).
  EXPECT_EQ(download(id_of(waiting), alice.access_token).body, "not attached yet");
  // A replaced avatar goes the same way.
  auto first = uploaded(alice, encoded_image(40, 40, ".png"), "name=1&purpose=avatar");
  auto second = uploaded(alice, encoded_image(40, 40, ".jpg"), "name=2&purpose=avatar");
  ASSERT_EQ(http_->patch("/api/v1/me", {{"avatar", id_of(first)}}, alice.access_token).status, 200);
  ASSERT_EQ(http_->patch("/api/v1/me", {{"avatar", id_of(second)}}, alice.access_token).status, 200);
  EXPECT_TRUE(eventually([&] { return download(id_of(first), "").status == 404; }));
  EXPECT_EQ(download(id_of(second), "").status, 200);
}

}  // namespace
}  // namespace natter::testing
