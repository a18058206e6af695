// A C++ client of natterd with end-to-end encryption (client::session and
// e2ee::crypto_session, as the terminal and desktop apps use them), driven
// over stdin/stdout by the web app's end-to-end tests
// (clients/web/tests/e2e/e2ee_cpp.e2e.ts): a browser and a C++ client in the
// same encrypted chats, through a real natterd.
//
//   e2ee_live_peer PORT USERNAME PASSWORD STATE_DIR DEVICE_ID
//
// It logs in, bootstraps its device, accepts every chat request and group
// invitation, and prints one JSON object per line:
//   {"event":"ready","user_id":N,"device_id":D}
//   {"event":"message","conversation":C,"id":M,"sender":U,"text":T,"error":E?,
//    "encrypted":B,"source":"live"|"history"|"reopened",
//    "files":[{"name":N,"mime":T,"size":S,"readable":B}]?}
//       every message it is sent live or reads in history, as a user would
//       see it (error: why it cannot be decrypted; files: those its
//       plaintext carries); again when it reopens
//   {"event":"conversation","conversation":C}   a request or invitation it accepted
//   {"event":"sent","conversation":C,"id":M,"session_id":S?}  a message it sent
//       (S: the Megolm session of an encrypted one)
//   {"event":"device_added","user_id":N,"device_id":D} / {"event":"keys_changed","user_id":N}
//   {"reply":CMD,"ok":true|false,"code":C?}     the answer to each command
// Commands, one JSON object per line:
//   {"cmd":"send","conversation":C,"text":T}   encrypted where the chat is
//   {"cmd":"history","conversation":C}         prints each message of the last page
//   {"cmd":"send_file","conversation":C,"path":P,"text":T}   seals, uploads and sends the file
//   {"cmd":"download","id":M,"index":I,"path":P}   opens file I of message M (as last shown) into P
//   {"cmd":"quit"}

#include <boost/json.hpp>
#include <chrono>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <variant>

#include "client/e2ee/crypto_session.hpp"
#include "client/e2ee/file_transfer.hpp"
#include "client/session.hpp"

namespace {

namespace json = boost::json;
using namespace natter;

constexpr auto patience = std::chrono::seconds(20);

void print(const json::object& o) {
  std::cout << json::serialize(o) << std::endl;  // flushed: the test reads line by line
}

// source: "live", "history" or "reopened".
void print_message(const protocol::message& m, const client::e2ee::shown_text& shown, const char* source) {
  json::object o{{"event", "message"}, {"conversation", m.conversation}, {"id", m.id},      {"sender", m.sender},
                 {"text", shown.text}, {"encrypted", shown.encrypted},   {"source", source}};
  if (shown.error) o["error"] = std::string(client::e2ee::describe(shown.error->why));
  if (!shown.files.empty()) {
    json::array files;
    for (const auto& f : shown.files) {
      files.push_back(
          json::object{{"name", f.file.name}, {"mime", f.file.mime}, {"size", f.file.size}, {"readable", f.readable}});
    }
    o["files"] = std::move(files);
  }
  print(o);
}

// Lines from stdin, for the thread that owns the crypto session.
class command_queue {
 public:
  void push(std::string line) {
    std::lock_guard lock(mutex_);
    lines_.push_back(std::move(line));
  }
  std::optional<std::string> pop() {
    std::lock_guard lock(mutex_);
    if (lines_.empty()) return std::nullopt;
    auto line = std::move(lines_.front());
    lines_.pop_front();
    return line;
  }

 private:
  std::mutex mutex_;
  std::deque<std::string> lines_;
};

template <class Request>
auto call(client::session& s, Request r) {
  auto reply = s.call(std::move(r));
  if (reply.wait_for(patience) != std::future_status::ready) {
    throw std::runtime_error("no reply in time");
  }
  return reply.get();
}

class peer {
 public:
  peer(client::session& s, client::e2ee::crypto_session& crypto) : session_(s), crypto_(crypto) {}

  void take(const protocol::event& e) {
    notices(crypto_.handle(e));
    if (const auto* m = std::get_if<protocol::message_event>(&e)) show(m->msg, crypto_.open(m->msg), "live");
    if (const auto* r = std::get_if<protocol::request_event>(&e)) accept(r->conversation);
    if (const auto* g = std::get_if<protocol::group_invited_event>(&e)) accept(g->conversation);
  }

  void notices(const std::vector<client::e2ee::notice>& list) {
    for (const auto& n : list) {
      if (const auto* added = std::get_if<client::e2ee::device_added>(&n)) {
        print({{"event", "device_added"}, {"user_id", added->user}, {"device_id", added->device_id}});
      } else if (const auto* changed = std::get_if<client::e2ee::keys_changed>(&n)) {
        print({{"event", "keys_changed"}, {"user_id", changed->user}});
      } else if (const auto* reopened = std::get_if<client::e2ee::message_reopened>(&n)) {
        show(reopened->msg, client::e2ee::shown_text{reopened->text, std::nullopt, true}, "reopened");
      }
    }
  }

  // False on quit.
  bool command(const std::string& line) {
    boost::system::error_code ec;
    const auto v = json::parse(line, ec);
    if (ec || !v.is_object()) {
      print({{"reply", "?"}, {"ok", false}, {"code", "BAD_COMMAND"}});
      return true;
    }
    const auto& o = v.get_object();
    const auto* cmd = o.if_contains("cmd");
    const std::string name = cmd != nullptr && cmd->is_string() ? std::string(cmd->get_string()) : "";
    try {
      if (name == "quit") return false;
      if (name == "send") {
        const auto sent = crypto_.send(o.at("conversation").to_number<protocol::conversation_id>(),
                                       std::string(o.at("text").as_string()));
        if (sent) announce(sent->msg);
        answer(name, sent ? std::string() : sent.error().code);
      } else if (name == "history") {
        history(o.at("conversation").to_number<protocol::conversation_id>());
      } else if (name == "send_file") {
        send_file(o.at("conversation").to_number<protocol::conversation_id>(), std::string(o.at("path").as_string()),
                  std::string(o.at("text").as_string()));
      } else if (name == "download") {
        download(o.at("id").to_number<protocol::message_id>(), o.at("index").to_number<std::size_t>(),
                 std::string(o.at("path").as_string()));
      } else {
        answer(name, "BAD_COMMAND");
      }
    } catch (const std::exception& e) {
      answer(name, std::string("FAILED: ") + e.what());
    }
    return true;
  }

 private:
  // Printed, and kept for download (the last 1000 messages shown).
  void show(const protocol::message& m, client::e2ee::shown_text shown, const char* source) {
    print_message(m, shown, source);
    if (shown.files.empty()) return;
    shown_[m.id] = std::move(shown);
    if (shown_.size() > 1000) shown_.erase(shown_.begin());
  }

  void send_file(protocol::conversation_id c, const std::string& path, const std::string& text) {
    auto f = client::e2ee::upload_sealed(session_, path);
    if (!f) return answer("send_file", f.error().code);
    protocol::send_request r;
    r.conversation = c;
    r.text = text;
    const auto sent = crypto_.send(std::move(r), {*f});
    if (sent) announce(sent->msg);
    answer("send_file", sent ? std::string() : sent.error().code);
  }

  void download(protocol::message_id id, std::size_t index, const std::string& path) {
    const auto it = shown_.find(id);
    if (it == shown_.end() || index >= it->second.files.size()) return answer("download", "NOT_FOUND");
    auto bytes = client::e2ee::download_sealed(session_, it->second.files[index].file);
    if (!bytes) return answer("download", bytes.error().code);
    std::ofstream(path, std::ios::binary) << *bytes;
    answer("download", "");
  }

  static void answer(const std::string& name, const std::string& code) {
    json::object o{{"reply", name}, {"ok", code.empty()}};
    if (!code.empty()) o["code"] = code;
    print(o);
  }

  // What went out: the Megolm session a message was sent under.
  static void announce(const protocol::message& m) {
    json::object o{{"event", "sent"}, {"conversation", m.conversation}, {"id", m.id}};
    if (m.encrypted) {
      boost::system::error_code ec;
      const auto v = json::parse(m.encrypted->json, ec);
      if (!ec && v.is_object()) {
        if (const auto* id = v.get_object().if_contains("session_id")) o["session_id"] = *id;
      }
    }
    print(o);
  }

  void accept(protocol::conversation_id c) {
    const auto accepted = call(session_, protocol::request_accept_request{c});
    if (accepted) print({{"event", "conversation"}, {"conversation", c}});
  }

  void history(protocol::conversation_id c) {
    protocol::history_request r;
    r.conversation = c;
    const auto page = call(session_, r);
    if (!page) return answer("history", page.error().code);
    for (const auto& e : page->events) {
      if (const auto* m = std::get_if<protocol::message_event>(&e)) {
        show(m->msg, crypto_.open(m->msg), "history");
      }
    }
    answer("history", "");
  }

  client::session& session_;
  client::e2ee::crypto_session& crypto_;
  std::map<protocol::message_id, client::e2ee::shown_text> shown_;
};

int run(int argc, char** argv) {
  if (argc != 6) {
    std::cerr << "usage: e2ee_live_peer PORT USERNAME PASSWORD STATE_DIR DEVICE_ID\n";
    return 2;
  }
  client::session_options o;
  o.server = client::server_url::parse(std::string("http://127.0.0.1:") + argv[1]).value();
  o.authenticate = client::with_password(argv[2], argv[3]);
  o.backoff = {std::chrono::milliseconds(50), std::chrono::milliseconds(500), 2.0, 0.5};
  client::session s(std::move(o));
  s.start();
  if (auto online = s.wait_online(patience); !online) {
    std::cerr << "e2ee_live_peer: not online: " << online.error().code << "\n";
    return 1;
  }
  client::e2ee::crypto_options c;
  c.state_dir = argv[4];
  c.device_id = argv[5];
  c.display_name = "natter (test peer)";
  client::e2ee::crypto_session crypto(s, std::move(c));
  peer p(s, crypto);
  p.notices(crypto.take_notices());
  print({{"event", "ready"}, {"user_id", s.user()->id}, {"device_id", crypto.self().device_id}});

  command_queue commands;
  std::thread reader([&commands] {
    std::string line;
    while (std::getline(std::cin, line)) commands.push(line);
    commands.push(R"({"cmd":"quit"})");
  });
  reader.detach();  // blocked on stdin until the test closes it; the process ends first

  for (;;) {
    while (auto line = commands.pop()) {
      if (!p.command(*line)) return 0;
    }
    auto e = s.next_event(std::chrono::milliseconds(50));
    if (!e) continue;
    if (const auto* event = std::get_if<protocol::event>(&*e)) {
      p.take(*event);
    } else if (const auto* state = std::get_if<client::state_change>(&*e);
               state != nullptr && state->state == client::connection_state::online) {
      p.notices(crypto.catch_up());
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "e2ee_live_peer: " << e.what() << "\n";
    return 1;
  }
}
