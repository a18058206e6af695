#include "search_dialog.hpp"

#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

#include "client/http_api.hpp"

namespace natter::desktop {

search_dialog::search_dialog(QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Search messages"));
  query_ = new QLineEdit(this);
  query_->setAccessibleName(tr("Words to find"));
  query_->setPlaceholderText(tr("Words to find"));
  search_ = new QPushButton(tr("&Search"), this);
  search_->setDefault(false);
  search_->setAutoDefault(false);
  results_ = new QListWidget(this);
  results_->setAccessibleName(tr("Messages found"));
  results_->setWordWrap(true);
  more_ = new QPushButton(tr("&More"), this);
  more_->setAutoDefault(false);
  more_->setEnabled(false);
  status_ = new QLabel(this);
  status_->setAccessibleName(tr("Search status"));
  // The server cannot read end-to-end encrypted messages, so it cannot find them.
  auto* encrypted_note =
      new QLabel(QString::fromUtf8("\xF0\x9F\x94\x92 ") + tr("Encrypted chats are not searched."), this);
  encrypted_note->setAccessibleName(tr("Encrypted chats are not searched"));
  auto* row = new QHBoxLayout;
  row->addWidget(query_);
  row->addWidget(search_);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(row);
  layout->addWidget(results_, 1);
  layout->addWidget(encrypted_note);
  layout->addWidget(status_);
  layout->addWidget(more_);
  resize(480, 420);
  connect(query_, &QLineEdit::returnPressed, this, &search_dialog::start);
  connect(search_, &QPushButton::clicked, this, &search_dialog::start);
  connect(more_, &QPushButton::clicked, this, [this] {
    if (!cursor_.isEmpty()) emit search_requested(text_, cursor_);
  });
  connect(results_, &QListWidget::itemActivated, this, &search_dialog::open_current);
}

void search_dialog::start() {
  auto text = query_->text().trimmed();
  if (text.isEmpty()) return;
  status_->setText(tr("Searching…"));
  emit search_requested(text, {});
}

void search_dialog::show_results(const client::search_results& results, bool more,
                                 const std::function<QString(conversation_id)>& title) {
  if (!more) {
    results_->clear();
    text_ = query_->text().trimmed();
  }
  cursor_ = QString::fromStdString(results.next_cursor);
  more_->setEnabled(!cursor_.isEmpty());
  for (const auto& hit : results.hits) {
    auto when = QDateTime::fromMSecsSinceEpoch(hit.ts).toLocalTime();
    auto* item = new QListWidgetItem(
        QString("%1 — %2, %3\n%4")
            .arg(QString::fromStdString(hit.sender), title(hit.conversation_id),
                 QLocale().toString(when, QLocale::ShortFormat), QString::fromStdString(hit.snippet)),
        results_);
    item->setData(Qt::UserRole, QVariantList{QVariant::fromValue<qlonglong>(hit.conversation_id),
                                             QVariant::fromValue<qlonglong>(hit.message_id),
                                             QVariant::fromValue<qlonglong>(hit.seq)});
  }
  status_->setText(results_->count() == 0 ? tr("Nothing found.")
                                          : tr("%n message(s) found.", nullptr, results_->count()));
  if (!more && results_->count() > 0) {
    results_->setCurrentRow(0);
    results_->setFocus();
  }
}

void search_dialog::show_error(const QString& text) {
  status_->setText(text);
}

void search_dialog::open_current() {
  auto* item = results_->currentItem();
  if (!item) return;
  auto where = item->data(Qt::UserRole).toList();
  emit open_requested(where[0].toLongLong(), where[1].toLongLong(), where[2].toLongLong());
}

}  // namespace natter::desktop
