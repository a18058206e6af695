// Answering chat requests: from the panel under the lists, or from the
// request dialog, which offers each new request by itself (once: Later puts
// it off until the user asks with Conversation > Answer chat request).

#include <QListWidget>
#include <QPushButton>
#include <QStatusBar>

#include "main_window.hpp"
#include "request_dialog.hpp"
#include "session_bridge.hpp"

namespace natter::desktop {

void main_window::answer_selected(bool accept) {
  if (auto* item = requests_->currentItem()) answer_request(item->data(Qt::UserRole).toLongLong(), accept);
}

void main_window::answer_request(conversation_id id, bool accept) {
  if (!state_) return;
  state_->forget_request(id);  // at once, so that it is not offered again meanwhile
  render_requests();
  auto done = [this, id, accept](client::outcome<protocol::reply> got) {
    if (!state_) return;
    if (!got) state_->reopen_request(id);
    refresh_conversations();
    if (!got) return statusBar()->showMessage(describe(got.error()));
    if (accept) open_chat(id, {});
  };
  if (accept) return bridge_.request(protocol::request_accept_request{id}, done);
  bridge_.request(protocol::request_decline_request{id}, done);
}

// The dialog shows the oldest request not put off; it goes away when that
// request has been answered (here, in the panel or elsewhere), and gives
// the keyboard back to the main window if it had it.
void main_window::offer_request() {
  if (!state_) return close_request_dialog();
  const auto& requests = state_->requests();
  auto still = [&](conversation_id id) {
    return std::any_of(requests.begin(), requests.end(), [&](const auto& r) { return r.conversation == id; });
  };
  if (request_dialog_->isVisible() && still(request_dialog_->conversation())) return;
  for (const auto& r : requests) {
    if (later_.count(r.conversation)) continue;
    request_dialog_->show_request(r);
    request_dialog_->show();
    return;
  }
  close_request_dialog();
}

void main_window::close_request_dialog() {
  if (!request_dialog_->isVisible()) return;
  bool had_keyboard = request_dialog_->isActiveWindow();
  request_dialog_->hide();
  if (had_keyboard) activateWindow();
}

// Conversation > Answer chat request: the request chosen in the panel (or
// the oldest), put off or not, in front and with the keyboard.
void main_window::show_request_dialog() {
  if (!state_ || state_->requests().empty()) return;
  auto chosen = state_->requests().front();
  if (auto* item = requests_->currentItem())
    for (const auto& r : state_->requests())
      if (r.conversation == item->data(Qt::UserRole).toLongLong()) chosen = r;
  later_.erase(chosen.conversation);
  request_dialog_->show_request(chosen);
  request_dialog_->show();
  request_dialog_->raise();
  request_dialog_->activateWindow();
  request_dialog_->accept_button()->setFocus();
}

}  // namespace natter::desktop
