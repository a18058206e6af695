// The main window's side of new groups and public rooms.

#include <QLineEdit>
#include <QStatusBar>

#include "chat_view.hpp"
#include "group_dialog.hpp"
#include "main_window.hpp"
#include "room_dialog.hpp"
#include "session_bridge.hpp"

namespace natter::desktop {

void main_window::open_new_group() {
  if (!group_dialog_) {
    group_dialog_ = new group_dialog(this);
    connect(group_dialog_, &QDialog::accepted, this, &main_window::create_group);
  }
  group_dialog_->start(people_names_);
  group_dialog_->open();
}

// Those without a chat with the user are invited: the status bar names them.
void main_window::create_group() {
  protocol::group_create_request r{group_dialog_->name().toStdString(), group_dialog_->members()};
  bridge_.request(std::move(r), [this](client::outcome<protocol::reply> got) {
    if (!state_) return;
    if (!got) return statusBar()->showMessage(tr("Group not created: %1").arg(describe(got.error())));
    const auto& made = std::get<protocol::group_create_reply>(*got);
    state_->set_conversations({made.conv});
    QStringList invited;
    for (const auto& name : made.invited) invited << QString::fromStdString(name);
    if (!invited.isEmpty())
      statusBar()->showMessage(tr("Invited %1: they join when they accept.").arg(invited.join(", ")));
    render_conversations();
    open_chat(made.conv.id, {});
  });
}

void main_window::open_rooms() {
  if (!room_dialog_) {
    room_dialog_ = new room_dialog(this);
    connect(room_dialog_, &room_dialog::join_requested, this, &main_window::join_room);
  }
  room_dialog_->show_rooms({}, {});
  room_dialog_->show_error(tr("Loading the rooms…"));
  room_dialog_->open();
  bridge_.request(protocol::room_list_request{}, [this](client::outcome<protocol::reply> got) {
    if (!state_ || !room_dialog_) return;
    if (!got) return room_dialog_->show_error(describe(got.error()));
    std::set<conversation_id> joined;
    for (const auto& [id, c] : state_->conversations())
      if (!c.info.kind.empty()) joined.insert(id);
    room_dialog_->show_rooms(std::get<protocol::rooms_reply>(*got).rooms, joined);
  });
}

void main_window::join_room(const QString& name, conversation_id id, bool member) {
  if (member && state_ && state_->find(id)) {
    room_dialog_->accept();
    open_chat(id, {});
    return;
  }
  bridge_.request(protocol::room_join_request{name.toStdString()}, [this](client::outcome<protocol::reply> got) {
    if (!state_) return;
    if (!got) return room_dialog_->show_error(describe(got.error()));
    const auto& joined = std::get<protocol::conversation_reply>(*got).conv;
    state_->set_conversations({joined});
    render_conversations();
    room_dialog_->accept();
    open_chat(joined.id, {});
  });
}

}  // namespace natter::desktop
