// listen: prints incoming events until SIGINT or SIGTERM (then exits 0), as
// readable lines or (--json) as the protocol's own JSON, one event per line
// (every event; the readable lines show changes only).
// Connection state changes go to stderr ("natter: online", "natter:
// reconnecting"). A server it cannot reach at the start is exit 3; once
// online, it reconnects for as long as it runs. What it prints of other
// people's messages it reports delivered (receipt.delivered).

#include <csignal>
#include <iostream>
#include <map>
#include <utility>

#include "clients/cli/commands.hpp"
#include "clients/cli/event_format.hpp"
#include "protocol/codec.hpp"

namespace natter::cli {

namespace {

volatile std::sig_atomic_t interrupted = 0;
void on_signal(int) {
  interrupted = 1;
}

// Events handled between two rounds of delivery receipts, at most.
constexpr int events_per_round = 200;

class listener {
 public:
  listener(client::session& s, bool json) : session_(s), json_(json) {}

  void handle(const client::session_event& e) {
    if (const auto* change = std::get_if<client::state_change>(&e)) return on_state(*change);
    const auto& event = std::get<protocol::event>(e);
    if (const auto* m = std::get_if<protocol::message_event>(&event)) to_acknowledge(m->msg);
    if (json_) {
      std::cout << protocol::encode_event(event) << std::endl;
      return;
    }
    if (const auto* receipt = std::get_if<protocol::receipt_event>(&event); receipt && !worth_a_line(*receipt)) {
      return;
    }
    if (const auto* presence = std::get_if<protocol::presence_event>(&event); presence && !worth_a_line(*presence)) {
      return;
    }
    const auto line = describe(event, [this](protocol::conversation_id id) { return label(id); });
    if (!line.empty()) std::cout << line << std::endl;
  }

  // receipt.delivered for the latest message printed in each conversation.
  void acknowledge() {
    for (auto& [conversation, seq] : unacknowledged_) {
      session_.request(protocol::receipt_delivered_request{conversation, seq}, [](const auto&) {});
    }
    unacknowledged_.clear();
  }

  bool stopped() const { return stopped_; }
  const std::optional<client::failure>& reason() const { return reason_; }

 private:
  void on_state(const client::state_change& change) {
    std::cerr << "natter: " << to_string(change.state) << std::endl;
    online_ = change.state == client::connection_state::online;
    ever_online_ = ever_online_ || online_;
    if (online_) {
      labels_.clear();  // names may have changed
      if (auto me = session_.user()) me_ = me->username;
    }
    if (change.state == client::connection_state::stopped) {
      stopped_ = true;
      reason_ = change.reason;
    }
  }

  // A line when someone else read further; nothing for delivery alone, for
  // the user's own receipts, or for what a sync reports while connecting
  // (where everyone stood then).
  bool worth_a_line(const protocol::receipt_event& r) {
    auto& known = read_seqs_[{r.conversation, r.user}];
    const bool further = r.read_seq > known;
    known = std::max(known, r.read_seq);
    return online_ && further && r.user != me_;
  }

  // A line when someone's status changed; nothing for where everyone was
  // when listen started (what the first sync reports), nor for a repeat.
  bool worth_a_line(const protocol::presence_event& p) {
    auto [known, first] = statuses_.try_emplace(p.user, p.status);
    const bool changed = !first && known->second != p.status;
    known->second = p.status;
    return changed || (first && ever_online_);
  }

  void to_acknowledge(const protocol::message& m) {
    if (m.sender == me_) return;
    auto& seq = unacknowledged_[m.conversation];
    seq = std::max(seq, m.seq);
  }

  // Conversations are named by asking the server once per unknown id.
  std::string label(protocol::conversation_id id) {
    if (!labels_.contains(id)) {
      auto listed = await(session_.call(protocol::conversations_list_request{}));
      if (listed) {
        for (const auto& c : listed->conversations) labels_[c.id] = label_of(c);
      }
    }
    auto it = labels_.find(id);
    return it == labels_.end() ? std::to_string(id) : it->second;
  }

  client::session& session_;
  bool json_;
  bool online_ = false;
  bool ever_online_ = false;
  bool stopped_ = false;
  std::string me_;
  std::optional<client::failure> reason_;
  std::map<protocol::conversation_id, std::string> labels_;
  std::map<std::pair<protocol::conversation_id, std::string>, protocol::seq_t> read_seqs_;
  std::map<std::string, std::string> statuses_;
  std::map<protocol::conversation_id, protocol::seq_t> unacknowledged_;
};

int do_listen(const cli_context& context, bool json) {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  auto s = context.open_session(session_use::lasting);
  if (!s) return report(s.error());
  listener out(*s.value(), json);
  while (!interrupted && !out.stopped()) {
    for (int n = 0; n < events_per_round && !out.stopped(); ++n) {
      auto e = s.value()->next_event(std::chrono::milliseconds(n == 0 ? 200 : 0));
      if (!e) break;
      out.handle(*e);
    }
    out.acknowledge();
  }
  if (interrupted) return exit_ok;
  if (out.reason()) return report(*out.reason());
  return exit_ok;
}

}  // namespace

void add_listen_command(CLI::App& app, command_line& line) {
  auto json = std::make_shared<bool>(false);
  auto* l = app.add_subcommand("listen",
                               "Print incoming events until Ctrl-C (exit 0); exit 3 if the server cannot be reached");
  l->add_flag("--json", *json, "One JSON event per line");
  l->callback([&line, json] { line.action = [json](const cli_context& c) { return do_listen(c, *json); }; });
}

}  // namespace natter::cli
