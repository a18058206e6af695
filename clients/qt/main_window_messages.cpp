// The main window's side of a chat view: replies, edits, deletions, typing
// notices both ways, and history pages.

#include <QStatusBar>
#include <QTimer>

#include "chat_view.hpp"
#include "common/wall_clock.hpp"
#include "crypto_worker.hpp"
#include "main_window.hpp"
#include "session_bridge.hpp"

namespace natter::desktop {

namespace {

// How long a typing notice shows (the server's default typing_ttl_ms).
constexpr int typing_ttl_ms = 5000;
// Messages per history page.
constexpr int history_page = 50;

}  // namespace

void main_window::connect_view(chat_view* view) {
  connect(view, &chat_view::send_requested, this,
          [this, view](const QString& text, message_id reply_to) { send_from(view, text, reply_to); });
  connect(view, &chat_view::send_files_requested, this,
          [this, view](const QString& text, message_id reply_to, const QStringList& files) {
            send_files(view, text, reply_to, files);
          });
  connect(view, &chat_view::save_requested, this, &main_window::save_media);
  view->set_media(media_);
  connect(view, &chat_view::react_requested, this, &main_window::react);
  connect(view, &chat_view::edit_requested, this, [this, view](message_id id, const QString& text) {
    if (!encrypted(view->conversation())) return edit_message(id, text);
    edit_encrypted(view->conversation(), id, text);
  });
  connect(view, &chat_view::delete_requested, this, &main_window::delete_message);
  connect(view, &chat_view::typing, this, [this, view] { send_typing(view->conversation()); });
  connect(view, &chat_view::older_wanted, this, [this, view] { load_older(view->conversation()); });
  connect(view, &chat_view::keys_accepted, this, [this, view] { accept_keys(view->conversation()); });
  connect(view, &chat_view::selection_changed, this, [this, view] {
    if (state_) view->render(*state_);
  });
}

void main_window::edit_message(message_id id, const QString& text) {
  bridge_.request(protocol::edit_request{id, text.toStdString()}, [this](client::outcome<protocol::reply> got) {
    if (!state_) return;
    if (!got) return statusBar()->showMessage(tr("Not edited: %1").arg(describe(got.error())));
    const auto& m = std::get<protocol::message_reply>(*got).msg;
    state_->apply(protocol::message_edited_event{m.conversation, m.seq, m});
    render_open_chats();
    render_conversations();
  });
}

// In an encrypted chat: a new envelope with the new text and the message's
// files as they were (crypto_session::edit), through the crypto worker.
void main_window::edit_encrypted(conversation_id c, message_id id, const QString& text) {
  const auto* chat = state_ ? state_->find(c) : nullptr;
  auto* worker = bridge_.crypto();
  const protocol::message* original = nullptr;
  for (std::size_t i = 0; chat && i < chat->messages.size() && !original; ++i)
    if (chat->messages[i].id == id) original = &chat->messages[i];
  if (!original || !worker) return statusBar()->showMessage(tr("Not edited: encryption is not available here."));
  using edited = client::outcome<protocol::message_reply>;
  worker->run<edited>(
      [worker, c, id, m = *original, text = text.toStdString()](client::e2ee::crypto_session* s) -> edited {
        if (!s) return client::failure::local("ENCRYPTION_UNAVAILABLE", "Encryption is not set up.");
        auto before = s->open(m);  // the files as the message has them
        if (before.error) return client::failure::local("UNREADABLE", "The message cannot be read here.");
        auto done = s->edit(c, id, text, before);
        if (done) worker->make_readable(done->msg);
        return done;
      },
      [this](const edited& got) {
        if (!state_) return;
        if (!got) return statusBar()->showMessage(tr("Not edited: %1").arg(describe(got.error())));
        state_->apply(protocol::message_edited_event{got->msg.conversation, got->msg.seq, got->msg});
        render_open_chats();
        render_conversations();
      });
}

void main_window::delete_message(message_id id) {
  bridge_.request(protocol::delete_request{id}, [this](client::outcome<protocol::reply> got) {
    if (got || !state_) return;  // the message.deleted event shows it
    statusBar()->showMessage(tr("Not deleted: %1").arg(describe(got.error())));
  });
}

// The message.reaction event that follows shows it, here and elsewhere.
void main_window::react(message_id id, const QString& emoji, bool add) {
  auto done = [this](const client::outcome<protocol::reply>& got) {
    if (!got && state_) statusBar()->showMessage(tr("Reaction not changed: %1").arg(describe(got.error())));
  };
  if (add) {
    bridge_.request(protocol::react_request{id, emoji.toStdString()}, done);
  } else {
    bridge_.request(protocol::unreact_request{id, emoji.toStdString()}, done);
  }
}

// Only while online: a typing notice is not worth queueing.
void main_window::send_typing(conversation_id id) {
  if (id == 0 || bridge_.state() != client::connection_state::online) return;
  bridge_.request(protocol::typing_request{id});
}

void main_window::show_typing(const protocol::typing_event& e) {
  state_->set_typing(e.conversation, e.user, wall_clock_ms() + typing_ttl_ms);
  if (!typing_expiry_) {
    typing_expiry_ = new QTimer(this);
    typing_expiry_->setSingleShot(true);
    connect(typing_expiry_, &QTimer::timeout, this, &main_window::render_open_chats);
  }
  typing_expiry_->start(typing_ttl_ms + 100);
}

// The newest page when nothing is loaded yet; else the page before the
// first message held, while the server says there is more.
void main_window::load_history(conversation_id id) {
  bridge_.request(protocol::history_request{id, std::nullopt, std::nullopt, history_page},
                  [this, id](client::outcome<protocol::reply> got) {
                    if (!got || !state_) return;
                    if (const auto* h = std::get_if<protocol::history_reply>(&*got)) {
                      state_->apply_history(id, h->events, false, h->has_more);
                      render_open_chats();
                    }
                  });
}

void main_window::load_older(conversation_id id) {
  const auto* c = state_ ? state_->find(id) : nullptr;
  if (!c || !c->more_before || c->loading_older || c->messages.empty()) return;
  state_->set_loading_older(id);
  auto first = c->messages.front().seq;
  bridge_.request(protocol::history_request{id, first, std::nullopt, history_page},
                  [this, id](client::outcome<protocol::reply> got) {
                    if (!state_) return;
                    const auto* h = got ? std::get_if<protocol::history_reply>(&*got) : nullptr;
                    state_->apply_history(id, h ? h->events : std::vector<protocol::log_event>{}, true,
                                          h ? h->has_more : true);
                    render_open_chats();
                  });
}

}  // namespace natter::desktop
