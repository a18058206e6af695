// The main window's side of message search: the dialog's searches, and a
// result opened at its message.

#include <QLineEdit>
#include <QStatusBar>

#include "chat_view.hpp"
#include "client/http_api.hpp"
#include "main_window.hpp"
#include "search_dialog.hpp"
#include "session_bridge.hpp"

namespace natter::desktop {

namespace {

// Results per page, and history pages loaded back to reach a result (of
// history_page messages each): the web app's bound.
constexpr int results_page = 20;
constexpr int max_pages_back = 50;
constexpr int history_page = 100;

}  // namespace

void main_window::open_search() {
  if (!search_dialog_) {
    search_dialog_ = new search_dialog(this);
    connect(search_dialog_, &search_dialog::search_requested, this, &main_window::run_search);
    connect(search_dialog_, &search_dialog::open_requested, this,
            [this](conversation_id conv, message_id id, seq_t) { reveal(conv, id, max_pages_back); });
  }
  search_dialog_->show();
  search_dialog_->raise();
  search_dialog_->activateWindow();
  search_dialog_->query_field()->setFocus();
  search_dialog_->query_field()->selectAll();
}

void main_window::run_search(const QString& text, const QString& cursor) {
  client::search_query q{text.toStdString(), std::nullopt, "", results_page, cursor.toStdString()};
  bridge_.search(q, [this, more = !cursor.isEmpty()](client::outcome<client::search_results> got) {
    if (!search_dialog_ || !state_) return;
    if (!got) return search_dialog_->show_error(describe(got.error()));
    search_dialog_->show_results(got.value(), more, [this](conversation_id id) {
      const auto* c = state_->find(id);
      return c ? QString::fromStdString(state_->title_of(*c)) : tr("a conversation");
    });
  });
}

void main_window::reveal(conversation_id conv, message_id id, int pages_left) {
  if (!state_) return;
  auto* view = open_chat(conv, {});
  const auto* c = state_->find(conv);
  if (!c) return;
  for (const auto& m : c->messages)
    if (m.id == id) return view->show_message(id);
  if (pages_left == 0 || (c->history_loaded && !c->more_before && !c->messages.empty()))
    return statusBar()->showMessage(tr("That message is no longer there."));
  bool before = c->history_loaded && !c->messages.empty();
  std::optional<seq_t> first = before ? std::optional<seq_t>(c->messages.front().seq) : std::nullopt;
  bridge_.request(protocol::history_request{conv, first, std::nullopt, history_page},
                  [this, conv, id, pages_left, before](client::outcome<protocol::reply> got) {
                    const auto* h = got ? std::get_if<protocol::history_reply>(&*got) : nullptr;
                    if (!state_ || !h) return;
                    state_->apply_history(conv, h->events, before, h->has_more);
                    render_open_chats();
                    reveal(conv, id, pages_left - 1);
                  });
}

}  // namespace natter::desktop
