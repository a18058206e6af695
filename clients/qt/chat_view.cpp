#include "chat_view.hpp"

#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QTextBrowser>
#include <QVBoxLayout>

#include "common/wall_clock.hpp"
#include "mention_marks.hpp"

namespace natter::desktop {

namespace {

// Typing notices sent at most this often (the server's limit is 3 at once,
// then 30 a minute; a notice shows for typing_ttl_ms, 5 s by default).
constexpr qint64 typing_every_ms = 3000;

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

// Message text as shown: an action ("/me waves") as "* ann waves".
QString body_html(const protocol::message& m) {
  if (m.deleted) return QString("<i>%1</i>").arg(QObject::tr("deleted"));
  auto text = QString::fromStdString(m.text);
  if (text.startsWith("/me ") && text.size() > 4)
    return "<i>* " + QString::fromStdString(m.sender).toHtmlEscaped() + ' ' + text.mid(4).toHtmlEscaped() + "</i>";
  return text.toHtmlEscaped();
}

// The quoted start of the message a reply answers.
QString quote_html(const std::vector<protocol::message>& shown, message_id id) {
  for (const auto& m : shown)
    if (m.id == id) {
      auto text = m.deleted ? QObject::tr("deleted") : QString::fromStdString(m.text);
      if (text.size() > 60) text = text.left(57) + "…";
      return QString("<span style='color:gray'>&#x21AA; %1: %2</span><br>")
          .arg(QString::fromStdString(m.sender).toHtmlEscaped(), text.toHtmlEscaped());
    }
  return QString("<span style='color:gray'>&#x21AA; %1</span><br>").arg(QObject::tr("an earlier message"));
}

}  // namespace

// The chosen message's background: the highlight, faded into the base.
QColor chat_view::selection_colour() const {
  auto base = palette().color(QPalette::Base);
  auto mark = palette().color(QPalette::Highlight);
  return QColor((base.red() * 2 + mark.red()) / 3, (base.green() * 2 + mark.green()) / 3,
                (base.blue() * 2 + mark.blue()) / 3);
}

// A message mentioning the user: a warm yellow, faded into the base.
QColor chat_view::mention_colour() const {
  auto base = palette().color(QPalette::Base);
  QColor mark(0xf5, 0xc2, 0x11);
  return QColor((base.red() * 3 + mark.red()) / 4, (base.green() * 3 + mark.green()) / 4,
                (base.blue() * 3 + mark.blue()) / 4);
}

chat_view::chat_view(conversation_id id, QString peer, QWidget* parent)
    : QWidget(parent), id_(id), peer_(std::move(peer)) {
  build();
  build_actions();
  build_mentions();
  update_send();
}

void chat_view::build() {
  transcript_ = new transcript_browser(this);
  transcript_->setAccessibleName(tr("Messages"));
  transcript_->setOpenLinks(false);
  typing_ = new QLabel(this);
  typing_->setAccessibleName(tr("Typing"));
  mode_ = new QLabel(this);
  mode_->setAccessibleName(tr("Reply or edit"));
  mode_->setVisible(false);
  input_ = new QLineEdit(this);
  input_->setAccessibleName(tr("Message"));
  input_->setPlaceholderText(tr("Write a message"));
  send_ = new QPushButton(tr("&Send"), this);
  build_attach();
  auto* row = new QHBoxLayout;
  row->addWidget(attach_);
  row->addWidget(input_);
  row->addWidget(send_);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(build_e2ee());
  layout->addWidget(transcript_);
  layout->addWidget(typing_);
  layout->addWidget(mode_);
  layout->addWidget(attached_);
  layout->addLayout(row);
  setFocusProxy(input_);
  connect(send_, &QPushButton::clicked, this, &chat_view::submit);
  connect(input_, &QLineEdit::returnPressed, this, &chat_view::submit);
  connect(input_, &QLineEdit::textChanged, this, [this](const QString& text) {
    update_send();
    if (text.isEmpty() || mode_kind_ == mode::edit || id_ == 0) return;
    if (since_typing_.isValid() && since_typing_.elapsed() < typing_every_ms) return;
    since_typing_.start();
    emit typing();
  });
  connect(transcript_->verticalScrollBar(), &QScrollBar::valueChanged, this, &chat_view::on_scrolled);
}

void chat_view::submit() {
  if (!send_->isEnabled()) return;
  auto text = input_->text();
  auto reply_to = mode_kind_ == mode::reply ? mode_target_ : 0;
  if (mode_kind_ == mode::edit) {
    emit edit_requested(mode_target_, text);
  } else if (!files_.isEmpty()) {
    emit send_files_requested(text, reply_to, files_);
  } else {
    emit send_requested(text, reply_to);
  }
  input_->clear();
  clear_files();
  since_typing_.invalidate();
  cancel_mode();
  select(0);  // done with the chosen message
}

void chat_view::update_send() {
  bool files = !files_.isEmpty() && mode_kind_ != mode::edit && online_;
  send_->setEnabled(!input_->text().trimmed().isEmpty() || files);
}

void chat_view::on_scrolled(int value) {
  auto* bar = transcript_->verticalScrollBar();
  if (!rendering_ && value == bar->minimum() && bar->maximum() > bar->minimum()) emit older_wanted();
}

QString chat_view::tick_of(const conversation_state& c, seq_t seq) {
  if (seq <= c.others_read) return "read";
  if (seq <= c.others_delivered) return "delivered";
  return "sent";
}

// One paragraph per message; the anchor on the sender's name names the
// message ("m<id>") so that a click or the context menu finds it.
QString chat_view::message_html(const protocol::message& m, const QString& me, const conversation_state& c) const {
  auto sender = QString::fromStdString(m.sender);
  QString html = "<p>";
  if (m.id == selected_) {
    html = QString("<p style='background-color:%1'>").arg(selection_colour().name());
  } else if (mentions_me(m, me_)) {
    html = QString("<p style='background-color:%1'>").arg(mention_colour().name());
  }
  if (m.reply_to) html += quote_html(shown_, *m.reply_to);
  html += QString("<a name='m%1'><b>%2</b></a> <span style='color:gray'>%3</span> %4")
              .arg(m.id)
              .arg(sender.toHtmlEscaped(), local_time(m.ts).toString("HH:mm"),
                   mark_mentions(body_html(m), m, palette().color(QPalette::Link).name()));
  if (m.edited_ts && !m.deleted) html += QString(" <span style='color:gray'>(%1)</span>").arg(tr("edited"));
  if (sender == me) html += ' ' + tick_html(tick_of(c, m.seq));
  if (!m.deleted) html += attachments_html(m) + reactions_html(m);
  return html + "</p>";
}

QString chat_view::html_of(const chat_state& state, const conversation_state& c) const {
  QString html;
  QDate day;
  auto me = QString::fromStdString(state.me());
  if (c.more_before)
    html += QString("<p align='center' style='color:gray'>%1</p>").arg(tr("Scroll up for older messages"));
  for (const auto& m : c.messages) {
    auto when = local_time(m.ts).date();
    if (when != day) html += separator(day = when);
    html += message_html(m, me, c);
  }
  for (const auto& p : c.pending) {
    auto when = local_time(p.ts).date();
    if (when != day) html += separator(day = when);
    html += QString("<p><b>%1</b> <span style='color:gray'>%2</span> %3 %4</p>")
                .arg(me.toHtmlEscaped(), local_time(p.ts).toString("HH:mm"),
                     QString::fromStdString(p.text).toHtmlEscaped(), tick_html("queued"));
  }
  return html;
}

// Keeps the reader's place: at the end it follows new messages, elsewhere
// it stays on the same messages when older ones are added above.
void chat_view::render(const chat_state& state) {
  me_ = state.me();
  const auto* c = state.find(id_);
  shown_ = c ? c->messages : std::vector<protocol::message>{};
  if (c) set_members(c->info.members);
  show_lock(c && c->info.encrypted);
  auto* bar = transcript_->verticalScrollBar();
  bool at_end = bar->value() == bar->maximum();
  int from_end = bar->maximum() - bar->value();
  rendering_ = true;
  transcript_->setHtml(c ? html_of(state, *c) : QString());
  bar->setValue(at_end ? bar->maximum() : bar->maximum() - from_end);
  rendering_ = false;
  QStringList typing;
  if (c)
    for (const auto& [user, until] : c->typing_until)
      if (until > wall_clock_ms()) typing << QString::fromStdString(user);
  typing_->setText(typing.isEmpty() ? QString() : tr("%1 is typing…", nullptr, typing.size()).arg(typing.join(", ")));
  update_actions();
}

}  // namespace natter::desktop
