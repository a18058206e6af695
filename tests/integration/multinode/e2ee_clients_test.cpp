// End-to-end encryption with the real client (e2ee::crypto_session) on two
// nodes: the group key, the message, and a key request with its forwarded
// key each cross from one node to the other through the bus and the shared
// database, and every device reads what it should.

#include <chrono>
#include <filesystem>
#include <memory>
#include <random>

#include "client/e2ee/crypto_session.hpp"
#include "client/session.hpp"
#include "integration/multinode/cluster_fixture.hpp"

namespace natter::testing {
namespace {

constexpr auto crypto_patience = std::chrono::seconds(30);

template <class T>
T reply_of(std::future<T> f) {
  if (f.wait_for(crypto_patience) != std::future_status::ready) throw std::runtime_error("no reply in time");
  return f.get();
}

// One install: a session to one node, its crypto_session, what it shows.
struct install {
  std::unique_ptr<client::session> session;
  std::unique_ptr<client::e2ee::crypto_session> crypto;
  std::map<protocol::message_id, client::e2ee::shown_text> shown;
  std::vector<client::e2ee::notice> notices;

  bool shows(const std::string& text) const {
    for (const auto& [id, s] : shown) {
      if (!s.error && s.text == text) return true;
    }
    return false;
  }
  std::string screen() const {
    std::string out;
    for (const auto& [id, s] : shown) out += std::to_string(id) + ": " + (s.error ? "(unreadable)" : s.text) + "\n";
    return out;
  }
  void take(const protocol::event& e) {
    auto noticed = crypto->handle(e);
    if (const auto* m = std::get_if<protocol::message_event>(&e)) shown[m->msg.id] = crypto->open(m->msg);
    for (auto& n : noticed) {
      if (const auto* r = std::get_if<client::e2ee::message_reopened>(&n)) {
        shown[r->msg.id] = client::e2ee::shown_text{r->text, std::nullopt, true};
      }
      notices.push_back(std::move(n));
    }
  }
  // Takes events through the crypto_session until `text` shows or the deadline.
  bool pump_until_shown(const std::string& text) {
    const auto deadline = std::chrono::steady_clock::now() + crypto_patience;
    while (!shows(text)) {
      if (std::chrono::steady_clock::now() >= deadline) return false;
      auto e = session->next_event(std::chrono::milliseconds(100));
      if (!e) continue;
      if (const auto* event = std::get_if<protocol::event>(&*e)) take(*event);
    }
    return true;
  }
};

class multinode_e2ee_clients : public cluster_test {
 protected:
  void TearDown() override {
    installs_.clear();
    for (const auto& d : dirs_) std::filesystem::remove_all(d);
    cluster_test::TearDown();
  }

  install& install_on(int node_index, const std::string& username, const std::string& device_id) {
    client::session_options o;
    o.server = client::server_url::parse("http://127.0.0.1:" + std::to_string(node(node_index).port())).value();
    o.authenticate = client::with_password(username, default_password);
    auto u = std::make_unique<install>();
    u->session = std::make_unique<client::session>(std::move(o));
    u->session->start();
    auto online = u->session->wait_online(crypto_patience);
    EXPECT_TRUE(online) << (online ? "" : online.error().code);
    std::random_device r;
    dirs_.push_back(std::filesystem::temp_directory_path() /
                    ("natter-e2ee-cluster-" + std::to_string(r()) + std::to_string(r())));
    client::e2ee::crypto_options c;
    c.state_dir = dirs_.back();
    c.device_id = device_id;
    c.timeout = crypto_patience;
    u->crypto = std::make_unique<client::e2ee::crypto_session>(*u->session, std::move(c));
    installs_.push_back(std::move(u));
    return *installs_.back();
  }

 private:
  std::vector<std::unique_ptr<install>> installs_;
  std::vector<std::filesystem::path> dirs_;
};

TEST_F(multinode_e2ee_clients, devices_on_two_nodes_read_each_other_and_a_new_device_gets_its_keys_across) {
  register_and_login("alice");
  register_and_login("bob");
  auto& phone = install_on(0, "alice", "PHONE");
  auto& bob = install_on(1, "bob", "BOBPC");
  ASSERT_TRUE(reply_of(bob.session->call(protocol::contact_add_request{"alice"})));
  auto hello = reply_of(phone.session->send_text("@bob", "hello"));
  ASSERT_TRUE(hello) << hello.error().code;
  const auto chat = hello->msg.conversation;
  ASSERT_TRUE(phone.crypto->encrypt(chat));

  // The group key goes from node 0 to bob's device on node 1, then the message.
  auto sent = phone.crypto->send(chat, "across the nodes");
  ASSERT_TRUE(sent) << sent.error().code;
  ASSERT_TRUE(bob.pump_until_shown("across the nodes")) << bob.screen();
  auto reply = bob.crypto->send(chat, "and back");
  ASSERT_TRUE(reply) << reply.error().code;
  ASSERT_TRUE(phone.pump_until_shown("and back")) << phone.screen();

  // A second device of alice's, on node 1, installed after both messages: it
  // has no key for them and asks her phone, on node 0, which is in her signed
  // list... once the phone approves it (it holds her self-signing key).
  auto& laptop = install_on(1, "alice", "LAPTOP");
  ASSERT_TRUE(phone.crypto->approve_device("LAPTOP"));
  auto page = reply_of(laptop.session->call(protocol::history_request{chat, std::nullopt, std::nullopt, 50}));
  ASSERT_TRUE(page) << page.error().code;
  for (const auto& e : page->events) {
    if (const auto* m = std::get_if<protocol::message_event>(&e)) laptop.shown[m->msg.id] = laptop.crypto->open(m->msg);
  }
  EXPECT_FALSE(laptop.shows("across the nodes")) << "no key yet: " << laptop.screen();
  // The phone answers the laptop's request as it takes its events; the
  // laptop opens the messages when the forwarded key arrives.
  const auto deadline = std::chrono::steady_clock::now() + crypto_patience;
  while (!(laptop.shows("across the nodes") && laptop.shows("and back")) &&
         std::chrono::steady_clock::now() < deadline) {
    if (auto e = phone.session->next_event(std::chrono::milliseconds(50))) {
      if (const auto* event = std::get_if<protocol::event>(&*e)) phone.take(*event);
    }
    if (auto e = laptop.session->next_event(std::chrono::milliseconds(50))) {
      if (const auto* event = std::get_if<protocol::event>(&*e)) laptop.take(*event);
    }
  }
  EXPECT_TRUE(laptop.shows("across the nodes")) << laptop.screen();
  EXPECT_TRUE(laptop.shows("and back")) << laptop.screen();

  // What the laptop sends now reaches the phone and bob, each on the other node.
  ASSERT_TRUE(laptop.crypto->send(chat, "from the laptop"));
  EXPECT_TRUE(phone.pump_until_shown("from the laptop")) << phone.screen();
  EXPECT_TRUE(bob.pump_until_shown("from the laptop")) << bob.screen();
}

}  // namespace
}  // namespace natter::testing
