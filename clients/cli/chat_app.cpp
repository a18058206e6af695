#include "clients/cli/chat_app.hpp"

#include <curses.h>

#include <map>
#include <random>

#include "clients/cli/chat_marks.hpp"

namespace natter::cli {

namespace {

constexpr int key_wait_ms = 100;
constexpr auto reply_patience = std::chrono::seconds(10);
constexpr int history_page = 50;
// Profiles asked for when a conversation opens, at most (the rest: next time).
constexpr std::size_t max_names_per_open = 20;

std::string random_prefix() {
  std::random_device device;
  return "t" + std::to_string(device()) + std::to_string(device()) + "-";
}

}  // namespace

chat_app::chat_app(client::session& session, std::optional<std::filesystem::path> e2ee_dir)
    : session_(session), e2ee_dir_(std::move(e2ee_dir)), id_prefix_(random_prefix()) {}

int chat_app::run() {
  hint_ = "Tab/Ctrl-N next conversation, Shift-Tab/Ctrl-P previous, PgUp/PgDn scroll, /help for commands";
  while (!quit_) {
    while (auto e = session_.next_event(std::chrono::milliseconds(0))) on_event(*e);
    poll_sends();
    poll_transfers();
    if (typing_.expire(typing_state::clock::now())) dirty_ = true;
    if (dirty_) {
      screen_.draw(model_, input_, title(), status_line(), panel_);
      dirty_ = false;
    }
    wint_t key = 0;
    bool is_key = false;
    if (screen_.next_key(key_wait_ms, key, is_key)) on_key(key, is_key);
  }
  return 0;
}

// A question waiting for y/n; else the connection when it is not online;
// else the last note; else the key hint.
std::string chat_app::status_line() const {
  if (leaving_) return "Leave " + leaving_->label + "? y/n";
  if (e2ee_asking_) return e2ee_asking_->text + " y/n";
  if (secret_asking_) return secret_asking_->prompt + " (not shown; Esc cancels)";
  if (state_ != "online") return stop_reason_.empty() ? state_ + "…" : stop_reason_;
  if (auto typing = typing_line(); !typing.empty()) return typing;
  if (!model_.last_note().empty()) return model_.last_note();
  return hint_;
}

std::string chat_app::title() const {
  std::string shown;
  const auto selected = model_.selected();
  if (selected && model_.conversations()[*selected].encrypted) {
    shown = " · " + model_.conversations()[*selected].label + " " + std::string(lock_mark) + " encrypted";
  }
  return "natter · " + (model_.me().empty() ? std::string("…") : model_.me()) + " · " + state_ + shown;
}

void chat_app::on_event(const client::session_event& e) {
  dirty_ = true;
  if (const auto* change = std::get_if<client::state_change>(&e)) {
    state_ = std::string(to_string(change->state));
    if (change->state == client::connection_state::online) {
      if (auto me = session_.user()) model_.set_me(me->username, me->id);
      if (!crypto_ && e2ee_problem_.empty() && e2ee_dir_) {
        start_e2ee();
      } else if (crypto_) {
        take_notices(crypto_->catch_up());  // device messages that came while offline
      }
      reload();
    }
    if (change->state == client::connection_state::stopped && change->reason) {
      stop_reason_ = "stopped: " + change->reason->code + " " + change->reason->message;
    }
    return;
  }
  if (!crypto_ && e2ee_problem_.empty() && e2ee_dir_ && session_.user()) start_e2ee();
  const auto event = readable(std::get<protocol::event>(e));
  if (const auto* t = std::get_if<protocol::typing_event>(&event)) {
    if (t->user != model_.me()) typing_.typing(t->conversation, t->user, typing_state::clock::now());
    return;
  }
  if (const auto* m = std::get_if<protocol::message_event>(&event)) typing_.stopped(m->msg.conversation, m->msg.sender);
  // Scrolled back: what arrives below must not move the rows in view.
  const auto* shown = model_.current();
  const auto held = shown && shown->scroll > 0 ? shown->id : 0;
  const int limit_before = held ? screen_.scroll_limit(model_, *shown) : 0;
  const auto effect = model_.apply(event);
  if (effect.reload) reload();
  if (effect.bell) screen_.bell();
  if (auto* c = model_.current(); held && c && c->id == held) {
    const int added = screen_.scroll_limit(model_, *c) - limit_before;
    c->scroll += added;
    const auto* m = std::get_if<protocol::message_event>(&event);
    if (added > 0 && m && m->msg.conversation == held && m->msg.sender != model_.me()) ++c->new_below;
  }
  if (std::holds_alternative<protocol::message_event>(event)) opened();
}

void chat_app::on_key(wint_t key, bool is_key) {
  dirty_ = true;
  if (is_key && key == KEY_RESIZE) return screen_.resize();
  if (leaving_) return answer_leave(key, is_key);
  if (e2ee_asking_) return answer_e2ee(key, is_key);
  if (secret_asking_) return answer_secret(key, is_key);
  const bool had_panel = !panel_.empty();
  panel_.clear();
  if (had_panel && !is_key && key == 27) return;  // Esc only closes it
  if (is_key && (key == KEY_PPAGE || key == KEY_NPAGE)) return scroll(key == KEY_PPAGE ? 1 : -1);
  const bool next = !is_key && (key == L'\t' || key == 14);
  const bool previous = (is_key && key == KEY_BTAB) || (!is_key && key == 16);
  if (next || previous) {
    model_.select_next(next ? 1 : -1);
    return opened();
  }
  if (auto line = input_.handle(key, is_key)) return submit(*line);
  if (!is_key && key >= 32) announce_typing();
}

// A message being typed (not a command) in a conversation that exists:
// `typing`, as often as typing_state allows.
void chat_app::announce_typing() {
  const auto* c = model_.current();
  const auto& text = input_.text();
  if (!c || c->id == 0 || state_ != "online" || text.empty() || text.front() == L'/') return;
  if (typing_.should_send(c->id, typing_state::clock::now())) {
    session_.request(protocol::typing_request{c->id}, [](auto) {});
  }
}

std::string chat_app::typing_line() const {
  const auto selected = model_.selected();
  if (!selected) return {};
  return typing_state::describe(typing_.typers(model_.conversations()[*selected].id));
}

void chat_app::submit(const std::string& line) {
  if (line.empty()) return;
  if (line.front() == '/') return command(line);
  send(line);
}

void chat_app::send(const std::string& text) {
  auto* c = model_.current();
  if (!c) return model_.note("Open a conversation first: /msg @user or /join #room.");
  send_to(*c, text, {});
}

void chat_app::send_to(chat_conversation& c, const std::string& text, std::vector<protocol::media> attachments,
                       std::optional<protocol::message_id> reply_to, std::optional<protocol::message_id> thread_id) {
  protocol::send_request r;
  r.client_msg_id = id_prefix_ + std::to_string(++sent_);
  r.text = text;
  r.reply_to = reply_to;
  r.thread_id = thread_id;
  if (c.id == 0) {
    r.to = c.label;
  } else {
    r.conversation = c.id;
  }
  for (const auto& a : attachments) r.attachments.push_back(a.id);
  if (c.encrypted) {
    model_.add_pending(c, {0, model_.me(), text, 0, r.client_msg_id, std::move(attachments)});
    send_encrypted(c, r);
    return;
  }
  model_.add_pending(c, {0, model_.me(), text, 0, r.client_msg_id, std::move(attachments)});
  const bool was_draft = c.id == 0;
  auto client_msg_id = r.client_msg_id;
  sending_.push_back({session_.call(std::move(r)), std::move(client_msg_id), was_draft});
}

// Sends that got their answer: a refusal is shown, a draft's first message
// made its conversation exist.
void chat_app::poll_sends() {
  for (auto it = sending_.begin(); it != sending_.end();) {
    if (it->reply.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
      ++it;
      continue;
    }
    auto got = it->reply.get();
    dirty_ = true;
    if (!got) {
      model_.drop_pending(it->client_msg_id);
      model_.note("not sent: " + got.error().code + " " + got.error().message);
    } else if (it->was_draft) {
      reload();
    }
    it = sending_.erase(it);
  }
}

void chat_app::reload() {
  auto listed = session_.call(protocol::conversations_list_request{});
  if (listed.wait_for(reply_patience) != std::future_status::ready) return;
  auto got = listed.get();
  if (!got) return;
  for (const auto& c : got->conversations) {
    for (std::size_t i = 0; i < c.member_ids.size() && i < c.members.size(); ++i)
      usernames_[c.member_ids[i]] = c.members[i];
  }
  model_.load(got->conversations);
  opened();
}

// PgUp (pages 1) / PgDn (-1): a page less a row, so that a row stays in
// view; past the top, older history is fetched first.
void chat_app::scroll(int pages) {
  auto* c = model_.current();
  if (!c) return;
  c->scroll = std::max(0, c->scroll + pages * std::max(1, screen_.pane_height() - 1));
  if (pages > 0 && c->scroll > screen_.scroll_limit(model_, *c)) load_older(*c);
  const int limit = screen_.scroll_limit(model_, *c);
  if (pages > 0 && c->scroll > limit && !c->older) model_.note("the start of " + c->label);
  c->scroll = std::min(c->scroll, limit);
  if (c->scroll == 0) c->new_below = 0;
}

// Pages of history before what is held, until the scroll is covered or the
// conversation's start is reached.
void chat_app::load_older(chat_conversation& c) {
  while (c.id != 0 && c.older && c.scroll > screen_.scroll_limit(model_, c)) {
    auto page = session_.call(protocol::history_request{c.id, c.oldest_seq, std::nullopt, history_page});
    if (page.wait_for(reply_patience) != std::future_status::ready) return model_.note("no answer from the server");
    auto got = page.get();
    if (!got) return model_.note(got.error().code + ": " + got.error().message);
    make_readable(got->events);
    model_.add_history(c.id, got->events);
    c.older = got->has_more && !got->events.empty();
  }
}

// The current conversation is on screen: fetch its recent past once, and
// tell the server it is read.
void chat_app::opened() {
  auto* c = model_.current();
  if (!c || c->id == 0) return;
  c->unread = 0;
  c->unread_mentions = 0;
  if (!c->history_loaded) {
    auto page = session_.call(protocol::history_request{c->id, std::nullopt, std::nullopt, history_page});
    if (page.wait_for(reply_patience) == std::future_status::ready) {
      auto got = page.get();
      if (got) make_readable(got->events);
      if (got) model_.add_history(c->id, got->events);
      if (got) c->older = got->has_more && !got->events.empty();
    }
  }
  c = model_.current();
  if (!c) return;
  learn_names(*c);
  if (c->id != shown_id_) divide(*c);
  if (!c->lines.empty()) {
    session_.request(protocol::receipt_read_request{c->id, c->lines.rbegin()->first}, [](auto) {});
    c->read_seq = std::max(c->read_seq, c->lines.rbegin()->first);
  }
}

// The display names of the senders of c's lines not asked for yet (one
// profile each, once a session; a failure is not asked again either).
void chat_app::learn_names(const chat_conversation& c) {
  std::map<protocol::user_id, std::string> unknown;
  for (const auto& [seq, line] : c.lines) {
    if (line.sender_id && line.sender != model_.me() && !model_.knows_display_name(line.sender_id)) {
      unknown.emplace(line.sender_id, line.sender);
    }
  }
  if (unknown.empty()) return;
  auto token = session_.access_token();
  if (token.wait_for(reply_patience) != std::future_status::ready) return;
  auto got_token = token.get();
  if (!got_token) return;
  std::size_t asked = 0;
  for (const auto& [id, username] : unknown) {
    if (asked++ == max_names_per_open) break;
    auto user = session_.http().user(got_token.value(), username);
    model_.set_display_name(id, user && user->id == id ? user->display_name : "");
  }
}

// Switched to `c`: the "new messages" divider goes before the first line
// past what was read, and leaves the one switched away from.
void chat_app::divide(chat_conversation& c) {
  if (auto* before = model_.find_target(shown_id_, ""); before && shown_id_ != 0) before->new_from = 0;
  shown_id_ = c.id;
  c.new_from = 0;
  for (auto it = c.lines.upper_bound(c.read_seq); it != c.lines.end(); ++it) {
    if (it->second.sender == model_.me()) continue;
    c.new_from = it->first;
    break;
  }
}

}  // namespace natter::cli
