#include "torture/torture_fixture.hpp"

#include <cstdlib>
#include <iostream>

#include "integration/support/http_client.hpp"
#include "integration/support/server_fixture.hpp"

namespace natter::torture {

namespace {

constexpr int history_page = 100;

}  // namespace

int torture_scale() {
  const char* text = std::getenv("NATTER_TORTURE_SCALE");
  if (text == nullptr || *text == '\0') return 1;
  const int scale = std::atoi(text);
  return scale < 1 ? 1 : scale;
}

std::chrono::steady_clock::time_point deadline_in(std::chrono::seconds s) {
  return std::chrono::steady_clock::now() + s * torture_scale();
}

store_view read_history(unsigned short port, const std::string& username,
                        const std::vector<conversation_id>& conversations) {
  client::session reader(torture_options(port, username));
  reader.on_event([](const client::session_event&) {});
  reader.start();
  store_view view;
  auto online = reader.wait_online(std::chrono::seconds(60));
  EXPECT_TRUE(online) << "history reader: " << (online ? "" : online.error().code);
  if (!online) return view;
  for (auto c : conversations) {
    seq_t after = 0;
    for (bool more = true; more;) {
      auto page = reader.call(protocol::history_request{c, std::nullopt, after, history_page});
      if (page.wait_for(std::chrono::seconds(60)) != std::future_status::ready) {
        ADD_FAILURE() << "history of " << c << " after " << after << ": no reply";
        return view;
      }
      auto got = page.get();
      if (!got) {
        ADD_FAILURE() << "history of " << c << " after " << after << ": " << got.error().code;
        return view;
      }
      for (const auto& e : got->events) {
        add_to_view(view, e);
        after = std::max(after, seq_of(e));
      }
      more = got->has_more && !got->events.empty();
    }
  }
  return view;
}

member& torture_run::add_member(const std::string& username, unsigned short port) {
  testing::http_client http(port);
  auto reply = http.post("/api/v1/auth/register",
                         {{"email", username + "@example.com"}, {"username", username}, {"password", member_password}});
  EXPECT_EQ(reply.status, 201) << reply.body;
  members_.push_back(std::make_unique<member>(username, port, ledger_));
  EXPECT_TRUE(members_.back()->start()) << username << " did not come online";
  return *members_.back();
}

member& torture_run::get(const std::string& username) {
  for (auto& m : members_) {
    if (m->name() == username) return *m;
  }
  throw std::logic_error("no member " + username);
}

conversation_id torture_run::create_group(member& owner, const std::string& name) {
  protocol::group_create_request create{name, {}};
  for (auto& m : members_) {
    if (m.get() == &owner) continue;
    // Adding the owner as a contact lets the owner add them at once (others
    // would only be invited).
    auto trusted = m->call(protocol::request(protocol::contact_add_request{owner.name()}));
    EXPECT_TRUE(trusted) << (trusted ? "" : trusted.error().code);
    create.members.push_back(m->name());
  }
  auto reply = owner.call(protocol::request(create));
  EXPECT_TRUE(reply) << (reply ? "" : reply.error().code);
  if (!reply) return 0;
  const auto& created = std::get<protocol::group_create_reply>(reply.value());
  EXPECT_TRUE(created.invited.empty()) << "every member should have been added";
  return created.conv.id;
}

seq_t torture_run::mark_start(member& owner, conversation_id conversation) {
  protocol::send_request marker;
  marker.conversation = conversation;
  marker.client_msg_id = "start-marker";
  marker.text = "start";
  auto reply = owner.call(protocol::request(marker));
  EXPECT_TRUE(reply) << (reply ? "" : reply.error().code);
  if (!reply) return 0;
  const seq_t seq = std::get<protocol::message_reply>(reply.value()).msg.seq;
  for (auto& m : members_) ledger_.expect_from(m->name(), conversation, seq);
  EXPECT_TRUE(ledger_.wait_until_seen(conversation, seq, deadline_in(std::chrono::seconds(30))))
      << "the start marker did not reach every member";
  return seq;
}

conversation_id torture_run::group_of_members() {
  auto& owner = *members_.front();
  const auto c = create_group(owner, "torture");
  mark_start(owner, c);
  return c;
}

bool torture_run::reached(std::int64_t total, int k, int n) {
  const bool ok = ledger_.wait_until_acked(total * k / n, deadline_in(std::chrono::seconds(120)));
  EXPECT_TRUE(ok) << "traffic stalled at " << ledger_.acked_count() << " of " << total;
  return ok;
}

void torture_run::start_senders(const std::vector<std::string>& names, send_plan plan) {
  for (const auto& name : names) senders_.push_back(std::make_unique<sender>(get(name), ledger_, plan));
}

bool torture_run::senders_done(std::chrono::steady_clock::time_point deadline) {
  bool done = true;
  for (auto& s : senders_) done = s->wait_done(deadline) && done;
  return done;
}

figures torture_run::finish(const std::string& scenario, unsigned short port, const std::string& reader,
                            conversation_id conversation, std::chrono::seconds converge) {
  EXPECT_TRUE(senders_done(deadline_in(converge_patience))) << "sends still unacknowledged at the deadline";
  auto history = read_history(port, reader, {conversation});
  const seq_t last = history[conversation].empty() ? 0 : history[conversation].rbegin()->first;
  EXPECT_TRUE(ledger_.wait_until_seen(conversation, last, deadline_in(converge)))
      << "members did not converge on seq " << last;
  auto f = ledger_.check(history);
  expect_clean(f, scenario);
  return f;
}

void torture_run::stop_all() {
  senders_.clear();
  members_.clear();
}

void expect_clean(const figures& f, const std::string& scenario) {
  std::cout << f.line(scenario) << std::endl;
  std::string details;
  for (const auto& d : f.details) details += "\n  " + d;
  EXPECT_EQ(f.lost, 0) << details;
  EXPECT_EQ(f.dup, 0) << details;
  EXPECT_EQ(f.gaps, 0) << details;
  EXPECT_EQ(f.inversions, 0) << details;
  EXPECT_EQ(f.phantoms, 0) << details;
}

}  // namespace natter::torture
