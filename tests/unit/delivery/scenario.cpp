#include "scenario.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_future.hpp>
#include <iostream>
#include <thread>

namespace natter::delivery::testing {

namespace asio = boost::asio;

namespace {

// A coroutine's arguments live in its frame (a lambda's captures would not).
asio::awaitable<bool> send_one(core::chats& chats, core::caller who, protocol::send_request req) {
  auto sent = co_await chats.send(std::move(who), std::move(req));
  co_return static_cast<bool>(sent);
}

}  // namespace

core::caller scenario::user(const std::string& name, std::size_t at) {
  auto who = cluster_.add_user(name);
  people_[name].who = who;
  people_[name].at = at;
  return who;
}

void scenario::connect(const std::string& name) {
  auto& p = people_.at(name);
  if (p.session) disconnect(name);
  auto session = std::make_shared<probe>(cluster_.at(p.at), p.who, *p.view);
  ASSERT_TRUE(session->connect()) << name << " could not sync";
  p.session = std::move(session);
}

void scenario::disconnect(const std::string& name) {
  auto& p = people_.at(name);
  if (!p.session) return;
  p.session->disconnect();
  p.session.reset();
}

void scenario::move(const std::string& name, std::size_t to) {
  disconnect(name);
  people_.at(name).at = to;
}

void scenario::restart(std::size_t i) {
  for (auto& [name, p] : people_) {
    if (p.at == i) disconnect(name);
  }
  cluster_.restart(i);
}

conversation_id scenario::group(const std::string& owner, const std::vector<std::string>& others) {
  std::vector<core::caller> everyone{who(owner)};
  for (const auto& o : others) everyone.push_back(who(o));
  cluster_.befriend(everyone);
  auto& n = cluster_.at(node_of(owner));
  auto made = run_on(n.io(), n.conversations().group_create(who(owner), "group of " + owner, others));
  if (!made) throw std::runtime_error("group_create: " + std::string(made.err().message_or_default()));
  return made->conv.id;
}

conversation_id scenario::room(const std::string& owner, const std::string& name) {
  auto& n = cluster_.at(node_of(owner));
  auto made = run_on(n.io(), n.conversations().room_create(who(owner), name, "a room"));
  if (!made) throw std::runtime_error("room_create: " + std::string(made.err().message_or_default()));
  return made->id;
}

void scenario::join_room(const std::string& name, const std::string& room) {
  auto& n = cluster_.at(node_of(name));
  auto joined = run_on(n.io(), n.conversations().room_join(who(name), room));
  ASSERT_TRUE(joined) << name << " joining " << room << ": " << joined.err().message_or_default();
}

void scenario::leave_room(const std::string& name, const std::string& room) {
  auto& n = cluster_.at(node_of(name));
  auto left = run_on(n.io(), n.conversations().room_leave(who(name), room));
  ASSERT_TRUE(left) << name << " leaving " << room << ": " << left.err().message_or_default();
}

std::future<bool> scenario::send(const std::string& name, conversation_id c, const std::string& text) {
  auto& p = people_.at(name);
  auto& n = cluster_.at(p.at);
  protocol::send_request req;
  req.conversation = c;
  req.client_msg_id = name + "-" + std::to_string(++p.sent);
  req.text = text;
  return asio::co_spawn(n.io(), send_one(n.chats(), p.who, std::move(req)), asio::use_future);
}

bool scenario::send_many(const std::string& name, conversation_id c, int n, int window) {
  std::vector<std::future<bool>> in_flight;
  bool all = true;
  for (int i = 0; i < n; ++i) {
    if (static_cast<int>(in_flight.size()) >= window) {
      all = in_flight.front().get() && all;
      in_flight.erase(in_flight.begin());
    }
    in_flight.push_back(send(name, c, name + " says " + std::to_string(i)));
  }
  for (auto& f : in_flight) all = f.get() && all;
  return all;
}

bool scenario::converge(const std::vector<conversation_id>& conversations, std::chrono::seconds patience) {
  const auto deadline = std::chrono::steady_clock::now() + patience;
  std::map<conversation_id, store_log> logs;
  for (auto c : conversations) logs[c] = cluster_.log_of(c);
  for (;;) {
    bool all = true;
    for (const auto& [name, p] : people_) {
      if (!p.session) continue;
      for (auto c : conversations) all = all && caught_up(*p.view, name, c, logs[c]);
    }
    if (all) return true;
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

bool scenario::converge_user(const std::string& name, conversation_id c, std::chrono::seconds patience) {
  const auto deadline = std::chrono::steady_clock::now() + patience;
  const auto log = cluster_.log_of(c);
  while (!caught_up(*people_.at(name).view, name, c, log)) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

figures scenario::check(const std::vector<conversation_id>& conversations) {
  figures total;
  for (auto c : conversations) {
    const auto log = cluster_.log_of(c);
    for (const auto& [name, p] : people_) total += testing::check(*p.view, name, c, log);
  }
  return total;
}

void scenario::expect_clean(const std::vector<conversation_id>& conversations, const std::string& what) {
  EXPECT_TRUE(converge(conversations)) << what << ": the clients did not converge on the store";
  auto f = check(conversations);
  std::cout << "delivery " << what << ": " << f.line() << std::endl;
  std::string details;
  for (const auto& d : f.details) details += "\n  " + d;
  EXPECT_TRUE(f.clean()) << what << ": " << f.line() << details;
}

}  // namespace natter::delivery::testing
