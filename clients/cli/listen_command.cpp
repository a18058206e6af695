// listen: prints incoming events until SIGINT or SIGTERM, as readable lines or
// (--json) as the protocol's own JSON, one event per line. Connection state
// changes go to stderr ("natter: online", "natter: reconnecting").

#include <csignal>
#include <iostream>
#include <map>

#include "clients/cli/commands.hpp"
#include "clients/cli/event_format.hpp"
#include "protocol/codec.hpp"

namespace natter::cli {

namespace {

volatile std::sig_atomic_t interrupted = 0;
void on_signal(int) {
  interrupted = 1;
}

class listener {
 public:
  listener(client::session& s, bool json) : session_(s), json_(json) {}

  void handle(const client::session_event& e) {
    if (const auto* change = std::get_if<client::state_change>(&e)) return on_state(*change);
    const auto& event = std::get<protocol::event>(e);
    if (json_) {
      std::cout << protocol::encode_event(event) << std::endl;
      return;
    }
    const auto line = describe(event, [this](protocol::conversation_id id) { return label(id); });
    if (!line.empty()) std::cout << line << std::endl;
  }

  bool stopped() const { return stopped_; }
  const std::optional<client::failure>& reason() const { return reason_; }

 private:
  void on_state(const client::state_change& change) {
    std::cerr << "natter: " << to_string(change.state) << std::endl;
    if (change.state == client::connection_state::online) labels_.clear();  // names may have changed
    if (change.state == client::connection_state::stopped) {
      stopped_ = true;
      reason_ = change.reason;
    }
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
  bool stopped_ = false;
  std::optional<client::failure> reason_;
  std::map<protocol::conversation_id, std::string> labels_;
};

int do_listen(const cli_context& context, bool json) {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  auto s = context.open_session(true);
  if (!s) return report(s.error());
  listener out(*s.value(), json);
  while (!interrupted && !out.stopped()) {
    if (auto e = s.value()->next_event(std::chrono::milliseconds(200))) out.handle(*e);
  }
  if (out.stopped() && out.reason()) return report(*out.reason());
  return exit_ok;
}

}  // namespace

void add_listen_command(CLI::App& app, command_line& line) {
  auto json = std::make_shared<bool>(false);
  auto* l = app.add_subcommand("listen", "Print incoming events until interrupted");
  l->add_flag("--json", *json, "One JSON event per line");
  l->callback([&line, json] { line.action = [json](const cli_context& c) { return do_listen(c, *json); }; });
}

}  // namespace natter::cli
