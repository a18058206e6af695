// A chat view's @ completion: typing "@" and the start of a member's name
// offers the conversation's members; Enter or a click puts "@name " in.

#include <QAbstractItemView>
#include <QCompleter>
#include <QKeyEvent>
#include <QLineEdit>
#include <QRegularExpression>
#include <QStringListModel>

#include "chat_view.hpp"

namespace natter::desktop {

namespace {

// "@" and a name's start right before the cursor (not in a word or an address).
const QRegularExpression& mention_start() {
  static const QRegularExpression at(R"((?<![\w@])@([\w.-]*)$)", QRegularExpression::UseUnicodePropertiesOption);
  return at;
}

}  // namespace

void chat_view::build_mentions() {
  members_ = new QStringListModel(this);
  completer_ = new QCompleter(members_, this);
  completer_->setWidget(input_);
  completer_->setCaseSensitivity(Qt::CaseInsensitive);
  completer_->setCompletionMode(QCompleter::PopupCompletion);
  completer_->popup()->setAccessibleName(tr("Members to mention"));
  completer_->popup()->installEventFilter(this);  // after the completer's own: runs first
  connect(input_, &QLineEdit::textEdited, this, &chat_view::offer_mentions);
  connect(completer_, qOverload<const QString&>(&QCompleter::activated), this, &chat_view::insert_mention);
}

void chat_view::set_members(const std::vector<std::string>& members) {
  QStringList names;
  for (const auto& m : members)
    if (m != me_) names << QString::fromStdString(m);
  if (names != members_->stringList()) members_->setStringList(names);
}

void chat_view::offer_mentions() {
  auto match = mention_start().match(input_->text().left(input_->cursorPosition()));
  if (!match.hasMatch() || members_->rowCount() == 0) return completer_->popup()->hide();
  completer_->setCompletionPrefix(match.captured(1));
  if (completer_->completionCount() == 0) return completer_->popup()->hide();
  completer_->complete();
}

// Enter or Tab in the list takes the member chosen (else the first one)
// and nothing more: the message is not sent with it.
bool chat_view::mention_key(const QKeyEvent* key) {
  auto* popup = completer_->popup();
  bool take = key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter || key->key() == Qt::Key_Tab;
  if (!take || !popup->isVisible()) return false;
  auto chosen = popup->currentIndex();
  auto name = chosen.isValid() ? chosen.data().toString() : completer_->currentCompletion();
  popup->hide();
  insert_mention(name);
  return true;
}

void chat_view::insert_mention(const QString& name) {
  auto before = input_->text().left(input_->cursorPosition());
  auto match = mention_start().match(before);
  if (!match.hasMatch()) return;
  auto start = match.capturedStart(0);
  auto text = before.left(start) + '@' + name + ' ';
  input_->setText(text + input_->text().mid(before.size()));
  input_->setCursorPosition(static_cast<int>(text.size()));
}

}  // namespace natter::desktop
