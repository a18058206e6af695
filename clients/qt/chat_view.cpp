#include "chat_view.hpp"

#include <QDateTime>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace natter::desktop {

namespace {

QDateTime local_time(unix_ms ts) {
  return QDateTime::fromMSecsSinceEpoch(ts).toLocalTime();
}

QString tick_html(const QString& tick) {
  if (tick == "queued") return "<span title='Queued: sent when back online'>&#x1F552;</span>";
  if (tick == "read") return "<span style='color:#3584e4' title='Read'>&#x2713;&#x2713;</span>";
  if (tick == "delivered") return "<span title='Delivered'>&#x2713;&#x2713;</span>";
  return "<span title='Sent'>&#x2713;</span>";
}

QString separator(const QDate& day) {
  return QString("<p align='center' style='color:gray'>&mdash; %1 &mdash;</p>")
      .arg(QLocale().toString(day, QLocale::LongFormat).toHtmlEscaped());
}

QString line(const QString& who, unix_ms ts, const QString& text, const QString& tick) {
  return QString("<p><b>%1</b> <span style='color:gray'>%2</span> %3 %4</p>")
      .arg(who.toHtmlEscaped(), local_time(ts).toString("HH:mm"), text, tick);
}

}  // namespace

chat_view::chat_view(conversation_id id, QString peer, QWidget* parent)
    : QWidget(parent), id_(id), peer_(std::move(peer)) {
  transcript_ = new QTextBrowser(this);
  transcript_->setAccessibleName(tr("Messages"));
  transcript_->setOpenLinks(false);
  input_ = new QLineEdit(this);
  input_->setAccessibleName(tr("Message"));
  input_->setPlaceholderText(tr("Write a message"));
  send_ = new QPushButton(tr("&Send"), this);
  auto* row = new QHBoxLayout;
  row->addWidget(input_);
  row->addWidget(send_);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(transcript_);
  layout->addLayout(row);
  setFocusProxy(input_);
  auto send = [this] {
    if (!send_->isEnabled()) return;
    emit send_requested(input_->text());
    input_->clear();
  };
  connect(send_, &QPushButton::clicked, this, send);
  connect(input_, &QLineEdit::returnPressed, this, send);
  connect(input_, &QLineEdit::textChanged, this, &chat_view::update_send);
  update_send();
}

void chat_view::update_send() {
  send_->setEnabled(can_send_ && !input_->text().trimmed().isEmpty());
}

QString chat_view::tick_of(const conversation_state& c, seq_t seq) {
  if (seq <= c.others_read) return "read";
  if (seq <= c.others_delivered) return "delivered";
  return "sent";
}

QString chat_view::html_of(const chat_state& state, const conversation_state& c) const {
  QString html;
  QDate day;
  auto me = QString::fromStdString(state.me());
  for (const auto& m : c.messages) {
    auto when = local_time(m.ts).date();
    if (when != day) html += separator(day = when);
    auto sender = QString::fromStdString(m.sender);
    auto text = m.deleted ? QString("<i>%1</i>").arg(tr("deleted")) : QString::fromStdString(m.text).toHtmlEscaped();
    html += line(sender, m.ts, text, sender == me ? tick_html(tick_of(c, m.seq)) : QString());
  }
  for (const auto& p : c.pending) {
    auto when = local_time(p.ts).date();
    if (when != day) html += separator(day = when);
    html += line(me, p.ts, QString::fromStdString(p.text).toHtmlEscaped(), tick_html("queued"));
  }
  return html;
}

void chat_view::render(const chat_state& state) {
  const auto* c = state.find(id_);
  auto* bar = transcript_->verticalScrollBar();
  bool at_end = bar->value() == bar->maximum();
  transcript_->setHtml(c ? html_of(state, *c) : QString());
  if (at_end) bar->setValue(bar->maximum());
}

}  // namespace natter::desktop
