// The main window's conversations: events, open tabs, sending, requests.

#include <QApplication>
#include <QListWidget>
#include <QPointer>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTabWidget>
#include <QUuid>

#include "chat_view.hpp"
#include "common/wall_clock.hpp"
#include "main_window.hpp"
#include "session_bridge.hpp"

namespace natter::desktop {

namespace {

const protocol::message* message_in(const protocol::event& e) {
  if (const auto* m = std::get_if<protocol::message_event>(&e)) return &m->msg;
  if (const auto* r = std::get_if<protocol::request_event>(&e)) return &r->msg;
  return nullptr;
}

}  // namespace

chat_view* main_window::view_of(conversation_id id) const {
  for (int i = 0; i < tabs_->count(); ++i)
    if (auto* v = qobject_cast<chat_view*>(tabs_->widget(i)); v && v->conversation() == id && id != 0) return v;
  return nullptr;
}

void main_window::on_event(const protocol::event& e) {
  if (!state_) return;
  state_->apply(e);
  if (const auto* m = message_in(e)) {
    const auto* c = state_->find(m->conversation);
    if (!c || c->info.kind.empty()) refresh_conversations();
    if (m->sender != state_->me()) bridge_.request(protocol::receipt_delivered_request{m->conversation, m->seq});
    notice(e);
  }
  if (const auto* d = std::get_if<protocol::request_declined_event>(&e))
    statusBar()->showMessage(tr("%1 declined your chat request.").arg(QString::fromStdString(d->by)));
  if (const auto* a = std::get_if<protocol::request_accepted_event>(&e))
    statusBar()->showMessage(tr("%1 accepted your chat request.").arg(QString::fromStdString(a->by)));
  if (std::holds_alternative<protocol::presence_event>(e) && !people_names_.isEmpty()) render_people(people_names_);
  if (const auto* t = std::get_if<protocol::typing_event>(&e)) show_typing(*t);
  on_membership(e);
  mark_current_read();
  render_conversations();
  render_requests();
  render_open_chats();
}

// Joins, leaves and renames change the list; a removal of this user (left
// elsewhere, kicked) closes the conversation here too.
void main_window::on_membership(const protocol::event& e) {
  if (const auto* left = std::get_if<protocol::member_left_event>(&e); left && left->user == state_->me()) {
    state_->forget(left->conversation);
    close_chat(left->conversation);
    return;
  }
  if (std::holds_alternative<protocol::member_joined_event>(e) ||
      std::holds_alternative<protocol::member_left_event>(e) ||
      std::holds_alternative<protocol::conversation_updated_event>(e))
    refresh_conversations();
}

chat_view* main_window::open_chat(conversation_id id, const QString& peer) {
  if (auto* v = view_of(id)) {
    tabs_->setCurrentWidget(v);
    v->setFocus();
    return v;
  }
  const auto* c = state_->find(id);
  auto title = c ? QString::fromStdString(state_->title_of(*c)) : peer;
  auto* view = new chat_view(id, c ? QString::fromStdString(state_->peer_of(*c)) : peer, tabs_);
  view->setAccessibleName(tr("Conversation with %1").arg(title));
  connect_view(view);
  tabs_->setCurrentIndex(tabs_->addTab(view, title));
  if (id != 0 && c && !c->history_loaded) load_history(id);
  view->render(*state_);
  render_encryption();
  view->setFocus();
  mark_current_read();
  return view;
}

void main_window::start_chat() {
  auto* item = people_->currentItem();
  if (!item || !state_) return;
  auto name = item->text();
  auto existing = state_->direct_with(name.toStdString());
  open_chat(existing.value_or(0), name);
}

void main_window::send_from(chat_view* view, const QString& text, message_id reply_to,
                            const std::vector<protocol::media>& attachments,
                            std::vector<client::e2ee::encrypted_file> sealed) {
  protocol::send_request r;
  r.client_msg_id = QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
  r.text = text.toStdString();
  if (reply_to != 0) r.reply_to = reply_to;
  auto shown = r.text;  // while queued
  for (const auto& a : attachments) {
    r.attachments.push_back(a.id);
    shown += " \U0001F4CE " + a.name;
  }
  for (const auto& f : sealed) shown += " \U0001F4CE " + f.name;
  if (view->conversation() != 0) {
    r.conversation = view->conversation();
    state_->add_pending(view->conversation(), {r.client_msg_id, shown, wall_clock_ms()});
  } else {
    r.to = "@" + view->peer().toStdString();
  }
  QPointer<chat_view> target(view);
  const bool secret = encrypted(view->conversation());
  auto done = [this, target, secret, id = r.client_msg_id, text](client::outcome<protocol::reply> got) {
    if (!state_) return;
    if (!got && secret) return send_failed(target, id, text, got.error());
    if (!got) return statusBar()->showMessage(tr("Not sent: %1").arg(describe(got.error())));
    const auto& msg = std::get<protocol::message_reply>(*got).msg;
    if (target && target->conversation() == 0) target->bind(msg.conversation);
    state_->acknowledge(msg);
    if (state_->find(msg.conversation)->info.kind.empty()) refresh_conversations();
    render_conversations();
    render_open_chats();
  };
  if (secret) {
    bridge_.send_encrypted(std::move(r), std::move(done),
                           std::move(sealed));  // not queued while offline: it fails and comes back
  } else {
    bridge_.request(std::move(r), std::move(done));
  }
  view->render(*state_);
}

// The conversation in front, in a focused window, has been read.
void main_window::mark_current_read() {
  auto* view = qobject_cast<chat_view*>(tabs_->currentWidget());
  if (!state_ || !view || view->conversation() == 0 || !isActiveWindow()) return;
  const auto* c = state_->find(view->conversation());
  if (!c || c->info.unread == 0) return;
  auto last = c->info.last_seq;
  state_->mark_read(view->conversation());
  bridge_.request(protocol::receipt_read_request{view->conversation(), last});
  render_conversations();
}

void main_window::render_open_chats() {
  if (!state_) return;
  for (int i = 0; i < tabs_->count(); ++i)
    if (auto* v = qobject_cast<chat_view*>(tabs_->widget(i))) v->render(*state_);
  render_encryption();
}

}  // namespace natter::desktop
