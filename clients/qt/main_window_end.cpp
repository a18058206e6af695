// Closing a chat's tab, and ending a conversation: leaving a group or room
// (the others get member.left), or, for a direct chat, which the protocol
// cannot leave, an action message "* ann ended the chat" to the other side,
// after which the chat is left out of the list until something new arrives.

#include <QMessageBox>
#include <QPushButton>
#include <QStatusBar>
#include <QTabWidget>
#include <QUuid>

#include "chat_view.hpp"
#include "main_window.hpp"
#include "session_bridge.hpp"

namespace natter::desktop {

namespace {

// What a direct chat's end says to the other side (an action: "/me ...").
constexpr const char* ended_text = "/me ended the chat";

}  // namespace

void main_window::close_tab(int index) {
  auto* w = tabs_->widget(index);
  if (!w) return;
  tabs_->removeTab(index);
  w->deleteLater();
  update_actions();
}

void main_window::close_chat(conversation_id id) {
  if (auto* v = view_of(id)) close_tab(tabs_->indexOf(v));
}

// Asks first (the others will be told), without blocking the event loop.
void main_window::confirm_end() {
  auto* view = qobject_cast<chat_view*>(tabs_->currentWidget());
  if (!state_ || !view || !state_->find(view->conversation())) return;
  auto id = view->conversation();
  const auto& c = *state_->find(id);
  auto title = QString::fromStdString(state_->title_of(c));
  auto text = c.info.kind == "direct" ? tr("End the chat with %1? They will see that you ended it.").arg(title)
                                      : tr("Leave %1? Its members will see that you left.").arg(title);
  auto* box = new QMessageBox(QMessageBox::Question, tr("End conversation"), text,
                              QMessageBox::Yes | QMessageBox::Cancel, this);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->button(QMessageBox::Yes)->setText(c.info.kind == "direct" ? tr("&End chat") : tr("&Leave"));
  box->setDefaultButton(QMessageBox::Cancel);
  connect(box, &QMessageBox::accepted, this, [this, id] { end_conversation(id); });
  box->open();
}

void main_window::end_conversation(conversation_id id) {
  const auto* c = state_ ? state_->find(id) : nullptr;
  if (!c) return;
  auto done = [this, id](client::outcome<protocol::reply> got) {
    if (!state_) return;
    if (!got) return statusBar()->showMessage(tr("Could not end it: %1").arg(describe(got.error())));
    if (const auto* m = std::get_if<protocol::message_reply>(&*got)) {
      state_->acknowledge(m->msg);
      state_->end_direct(id, m->msg.seq);
    } else {
      state_->forget(id);
    }
    close_chat(id);
    render_conversations();
    statusBar()->showMessage(tr("Conversation ended."));
  };
  if (c->info.kind == "group") return bridge_.request(protocol::group_leave_request{id}, done);
  if (c->info.kind == "room") return bridge_.request(protocol::room_leave_request{c->info.name}, done);
  protocol::send_request r;
  r.conversation = id;
  r.client_msg_id = QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
  r.text = ended_text;
  bridge_.request(std::move(r), done);
}

}  // namespace natter::desktop
