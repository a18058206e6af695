#include "crypto_worker.hpp"

#include <QThread>

namespace natter::desktop {

QString unable_to_decrypt(const QString& why) {
  return QObject::tr("Unable to decrypt: %1").arg(why);
}

crypto_worker::crypto_worker(client::session& s, client::e2ee::crypto_options options, QObject* parent)
    : QObject(parent) {
  thread_ = new QThread(this);
  thread_->setObjectName("natter-crypto");
  home_ = new QObject;
  home_->moveToThread(thread_);
  thread_->start();
  post([this, &s, options = std::move(options)] { bootstrap(s, options); });
}

// The session was stopped first: a request the worker waits on fails at
// once, so the wait here is for the task in hand to notice.
crypto_worker::~crypto_worker() {
  thread_->quit();
  thread_->wait();
  delete home_;  // with the tasks it still held
  crypto_.reset();
}

void crypto_worker::post(std::function<void()> task) {
  QMetaObject::invokeMethod(home_, std::move(task), Qt::QueuedConnection);
}

void crypto_worker::deliver(std::function<void()> call) {
  QMetaObject::invokeMethod(this, std::move(call), Qt::QueuedConnection);
}

void crypto_worker::bootstrap(client::session& s, client::e2ee::crypto_options options) {
  try {
    crypto_ = std::make_unique<client::e2ee::crypto_session>(s, std::move(options));
    deliver([this] {
      working_ = true;
      emit ready();
    });
    hand_out(crypto_->take_notices());  // what the bootstrap noticed
  } catch (const std::exception& e) {
    problem_ = e.what();
    deliver([this, why = QString::fromStdString(problem_)] {
      problem_shown_ = why;
      emit unavailable(why);
    });
  }
}

QString crypto_worker::problem() const {
  return problem_shown_;
}

void crypto_worker::hand_out(std::vector<client::e2ee::notice> notices) {
  for (auto& n : notices) {
    // A message that now opens goes out readable, its files included.
    if (auto* r = std::get_if<client::e2ee::message_reopened>(&n)) make_readable(r->msg);
    deliver([this, n = std::move(n)] { emit noticed(n); });
  }
}

bool crypto_worker::feed(protocol::event e, event_handler done) {
  if (queued_.fetch_add(1) >= max_queued_events) {
    queued_.fetch_sub(1);
    behind_ = true;
    return false;
  }
  post([this, e = std::move(e), done = std::move(done)]() mutable {
    queued_.fetch_sub(1);
    if (crypto_) hand_out(crypto_->handle(e));
    if (auto* m = std::get_if<protocol::message_event>(&e)) make_readable(m->msg);
    if (auto* edited = std::get_if<protocol::message_edited_event>(&e)) make_readable(edited->msg);
    if (auto* request = std::get_if<protocol::request_event>(&e)) make_readable(request->msg);
    deliver([done, e = std::move(e)] { done(e); });
    if (queued_.load() == 0 && behind_.exchange(false)) {
      if (crypto_) hand_out(crypto_->catch_up());
      deliver([this] { emit fell_behind(); });
    }
  });
  return true;
}

void crypto_worker::catch_up() {
  post([this] {
    if (crypto_) hand_out(crypto_->catch_up());
  });
}

void crypto_worker::open_reply(protocol::reply r, std::function<void(protocol::reply)> done) {
  post([this, r = std::move(r), done = std::move(done)]() mutable {
    if (auto* h = std::get_if<protocol::history_reply>(&r)) make_readable(h->events);
    if (auto* list = std::get_if<protocol::conversations_reply>(&r)) {
      for (auto& c : list->conversations)
        if (c.last_message) make_readable(*c.last_message);
    }
    if (auto* one = std::get_if<protocol::conversation_reply>(&r); one && one->conv.last_message)
      make_readable(*one->conv.last_message);
    if (auto* sent = std::get_if<protocol::message_reply>(&r)) make_readable(sent->msg);
    if (auto* sync = std::get_if<protocol::sync_reply>(&r)) {
      for (auto& c : sync->conversations) make_readable(c.events);
    }
    deliver([done, r = std::move(r)] { done(r); });
  });
}

namespace {

bool shown_inline(const std::string& mime) {
  return mime == "image/png" || mime == "image/jpeg" || mime == "image/gif" || mime == "image/webp";
}

// What an encrypted message's files look like to the views: its entries
// as attachments, in order; one that cannot be read keeps the server's id
// (or none) and says so in its name.
protocol::media attachment_of(const client::e2ee::file_entry& e, const protocol::message& m, std::size_t index) {
  protocol::media a;
  a.kind = "file";
  if (!e.readable) {
    a.id = index < m.attachments.size() ? m.attachments[index].id : std::string();
    a.name = QObject::tr("a file that could not be read").toStdString();
    return a;
  }
  a.id = e.file.media_id;
  a.kind = shown_inline(e.file.mime) ? "image" : "file";
  a.name = e.file.name;
  a.mime = e.file.mime;
  a.size = e.file.size;
  if (e.file.width > 0 && e.file.height > 0) a.width = e.file.width, a.height = e.file.height;
  return a;
}

}  // namespace

void crypto_worker::make_readable(protocol::message& m) {
  if (!m.encrypted || m.deleted) return;
  if (!crypto_) {
    const auto why = problem_.empty() ? QObject::tr("encryption is not set up") : QString::fromStdString(problem_);
    m.text = unable_to_decrypt(why).toStdString();
    return;
  }
  auto shown = crypto_->open(m);
  if (shown.error) {
    m.text = unable_to_decrypt(QString::fromUtf8(client::e2ee::describe(shown.error->why))).toStdString();
    return;
  }
  m.text = std::move(shown.text);
  std::vector<protocol::media> files;
  for (std::size_t i = 0; i < shown.files.size(); ++i) {
    if (shown.files[i].readable) keep_file_key(shown.files[i].file);
    files.push_back(attachment_of(shown.files[i], m, i));
  }
  m.attachments = std::move(files);
}

void crypto_worker::keep_file_key(const client::e2ee::encrypted_file& f) {
  std::lock_guard lock(keys_mutex_);
  if (file_keys_.insert_or_assign(f.media_id, f).second) key_order_.push_back(f.media_id);
  while (key_order_.size() > max_file_keys) {
    file_keys_.erase(key_order_.front());
    key_order_.pop_front();
  }
}

std::optional<client::e2ee::encrypted_file> crypto_worker::sealed_file(const std::string& media_id) const {
  std::lock_guard lock(keys_mutex_);
  auto it = file_keys_.find(media_id);
  if (it == file_keys_.end()) return std::nullopt;
  return it->second;
}

void crypto_worker::make_readable(std::vector<protocol::log_event>& events) {
  for (auto& e : events) {
    if (auto* m = std::get_if<protocol::message_event>(&e)) make_readable(m->msg);
    if (auto* edited = std::get_if<protocol::message_edited_event>(&e)) make_readable(edited->msg);
  }
}

}  // namespace natter::desktop
