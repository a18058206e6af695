// Pictures and files on two nodes sharing PostgreSQL: what one node stored,
// the other serves, and what one frees is gone on both.

#include <chrono>
#include <thread>

#include "integration/multinode/cluster_fixture.hpp"
#include "integration/support/test_images.hpp"

namespace natter::testing {
namespace {

namespace http = boost::beast::http;
using boost::json::object;

class multinode_media : public cluster_test {
 protected:
  http_reply upload(int node_index, const session& s, const std::string& bytes, const std::string& query) {
    return http_client(node(node_index).port())
        .request(http::verb::post, "/api/v1/media?" + query, bytes, {{"Authorization", "Bearer " + s.access_token}},
                 "application/octet-stream");
  }
  http_reply download(int node_index, const std::string& id, const session& s,
                      std::map<std::string, std::string> headers = {}) {
    headers["Authorization"] = "Bearer " + s.access_token;
    return http_client(node(node_index).port()).request(http::verb::get, "/api/v1/media/" + id, "", headers);
  }
};

TEST_F(multinode_media, a_picture_uploaded_to_one_node_is_served_by_the_other) {
  auto alice = register_and_login("alice");
  auto bob = register_and_login("bob");
  auto a = connect(alice, 0);
  auto b = connect(bob, 1);
  const auto chat = conversation_of(send_to(*a, "@bob", "hi"));
  b->ok({{"type", "request.accept"}, {"conversation_id", chat}});
  // Bigger than one 256 KiB chunk, so that the bytes span rows.
  std::string file;
  for (int i = 0; i < 700'000; ++i) file += static_cast<char>(i * 7 % 251);
  auto picture = upload(0, alice, encoded_image(800, 600, ".png"), "name=p.png");
  auto document = upload(0, alice, file, "name=big.bin");
  ASSERT_EQ(picture.status, 201) << picture.body;
  ASSERT_EQ(document.status, 201) << document.body;
  const std::string picture_id(picture.json().at("media").at("id").as_string());
  const std::string document_id(document.json().at("media").at("id").as_string());
  send_in(*a, chat, "see");  // a plain message first: attachments ride the same path
  a->ok({{"type", "message.send"},
         {"conversation_id", chat},
         {"client_msg_id", next_client_id()},
         {"text", "both"},
         {"attachments", boost::json::array{picture_id, document_id}}});
  auto event = b->event("message");
  while (event.at("message").at("text") != "both") event = b->event("message");
  EXPECT_EQ(event.at("message").at("attachments").as_array().size(), 2u);

  EXPECT_EQ(download(1, document_id, bob).body, file);
  auto middle = download(1, document_id, bob, {{"Range", "bytes=262000-262200"}});
  EXPECT_EQ(middle.status, 206);
  EXPECT_EQ(middle.body, file.substr(262000, 201)) << "across the first chunk's end";
  auto image = decode_image(download(1, picture_id, bob).body);
  EXPECT_TRUE(image.ok);
  EXPECT_EQ(image.width, 800);
  EXPECT_EQ(download(0, picture_id, bob).body, download(1, picture_id, bob).body);
}

class multinode_media_collected : public multinode_media {
 protected:
  std::vector<std::string> extra_args() const override { return {"--media-gc-interval-ms", "200"}; }
};

TEST_F(multinode_media_collected, media_freed_after_a_delete_on_one_node_is_gone_from_both) {
  auto alice = register_and_login("alice");
  auto bob = register_and_login("bob");
  auto a = connect(alice, 0);
  auto b = connect(bob, 1);
  const auto chat = conversation_of(send_to(*a, "@bob", "hi"));
  b->ok({{"type", "request.accept"}, {"conversation_id", chat}});
  auto file = upload(1, alice, "to be deleted", "name=gone.txt");
  ASSERT_EQ(file.status, 201) << file.body;
  const std::string id(file.json().at("media").at("id").as_string());
  auto sent = a->ok({{"type", "message.send"},
                     {"conversation_id", chat},
                     {"client_msg_id", next_client_id()},
                     {"text", ""},
                     {"attachments", boost::json::array{id}}});
  ASSERT_EQ(download(0, id, bob).body, "to be deleted");
  a->ok({{"type", "message.delete"}, {"message_id", sent.at("message").at("id")}});
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (download(0, id, alice).status != 404 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(download(0, id, alice).status, 404);
  EXPECT_EQ(download(1, id, alice).status, 404);
  // The same bytes uploaded again after they were freed are stored anew.
  auto again = upload(0, alice, "to be deleted", "name=again.txt");
  ASSERT_EQ(again.status, 201) << again.body;
  const std::string again_id(again.json().at("media").at("id").as_string());
  EXPECT_EQ(download(1, again_id, alice).body, "to be deleted");
}

}  // namespace
}  // namespace natter::testing
