#pragma once
// The desktop app's end-to-end encryption: one client::e2ee::crypto_session
// on a thread of its own. The crypto_session blocks on its requests (it waits
// on their futures), so it may run neither on the client session's I/O
// thread nor on the Qt GUI thread (a slow server would freeze the window);
// this thread is its single owner. Everything reaches it as a task in one
// FIFO queue: the bootstrap first, then every session event in the order the
// session delivered it, reply pages to open, sends. Results come back to the
// thread that made this object (the GUI thread) by queued invocation, and
// are dropped once this object is gone.
//
// The event queue is bounded (max_queued_events): when it is full an event
// is dropped and the worker, once it has caught up, lists the device
// messages waiting on the server (catch_up) and says so with fell_behind, so
// that the window loads the conversations again (nothing is lost: the server
// keeps both). Tasks that answer a user action are not counted: the user
// cannot start them faster than one at a time per click.

#include <QObject>
#include <QString>
#include <atomic>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "client/e2ee/crypto_session.hpp"

class QThread;

namespace natter::desktop {

class crypto_worker : public QObject {
  Q_OBJECT

 public:
  // Events waiting for the worker at most; past it they are dropped (see above).
  static constexpr int max_queued_events = 2000;

  // Starts the thread and bootstraps there over `s` (online). `s` must
  // outlive this object and be stopped before it is destroyed (a stopped
  // session fails the requests the worker may be waiting on at once).
  crypto_worker(client::session& s, client::e2ee::crypto_options options, QObject* parent = nullptr);
  ~crypto_worker() override;
  crypto_worker(const crypto_worker&) = delete;
  crypto_worker& operator=(const crypto_worker&) = delete;

  // An event of the session, in order: `done` gets it readable (messages
  // decrypted, or "Unable to decrypt: …"). False when the queue is full.
  using event_handler = std::function<void(protocol::event)>;
  bool feed(protocol::event e, event_handler done);
  // After a reconnect: the device messages that came while offline.
  void catch_up();
  // Replies with messages (history pages, the conversation list, a send)
  // made readable.
  void open_reply(protocol::reply r, std::function<void(protocol::reply)> done);
  // Runs `work` with the crypto_session on the worker's thread, then `done`
  // with its result on this object's thread, then hands out what it noticed
  // (noticed). Without a crypto_session (the bootstrap failed), `work` gets
  // nullptr.
  template <class R>
  void run(std::function<R(client::e2ee::crypto_session*)> work, std::function<void(R)> done);

  // On the worker's thread only (inside run): opens an encrypted message in
  // place. Its text becomes what it says (or "Unable to decrypt: …"), and
  // its attachments the files its plaintext lists, in order (name, type,
  // size as sent; a picture's kind "image"); each readable one's key is
  // kept for sealed_file. An entry that cannot be read keeps the kind
  // "file" and no key.
  void make_readable(protocol::message& m);
  // Any thread. The key and details of the encrypted file with this media id
  // from a message opened this run; nullopt: none (not an encrypted file,
  // or one that cannot be read). At most max_file_keys are kept (the oldest
  // go; their files then show as not readable until opened again).
  std::optional<client::e2ee::encrypted_file> sealed_file(const std::string& media_id) const;
  static constexpr std::size_t max_file_keys = 5000;

  // The bootstrap is done and the crypto_session works (ready came).
  bool working() const { return working_; }
  // Why there is no crypto_session ("" while it works or is starting).
  QString problem() const;

 signals:
  // On this object's thread.
  void ready();
  void unavailable(const QString& why);
  void noticed(const natter::client::e2ee::notice& n);
  void fell_behind();

 private:
  void post(std::function<void()> task);
  void deliver(std::function<void()> call);
  void bootstrap(client::session& s, client::e2ee::crypto_options options);
  void hand_out(std::vector<client::e2ee::notice> notices);
  void keep_file_key(const client::e2ee::encrypted_file& f);
  void make_readable(std::vector<protocol::log_event>& events);

  QThread* thread_ = nullptr;
  QObject* home_ = nullptr;                               // lives on thread_: the tasks are queued to it
  std::unique_ptr<client::e2ee::crypto_session> crypto_;  // touched on thread_ only
  std::string problem_;                                   // thread_ only; copied out by problem_shown_
  QString problem_shown_;                                 // this object's thread
  bool working_ = false;                                  // this object's thread
  mutable std::mutex keys_mutex_;  // guards file_keys_, key_order_ (the worker writes, the GUI reads)
  std::map<std::string, client::e2ee::encrypted_file> file_keys_;
  std::deque<std::string> key_order_;
  std::atomic<int> queued_{0};
  std::atomic<bool> behind_{false};
};

template <class R>
void crypto_worker::run(std::function<R(client::e2ee::crypto_session*)> work, std::function<void(R)> done) {
  post([this, work = std::move(work), done = std::move(done)] {
    auto result = std::make_shared<R>(work(crypto_.get()));
    deliver([done, result] { done(std::move(*result)); });
    // What the task noticed (a restored backup reopens messages, ...).
    if (crypto_) hand_out(crypto_->take_notices());
  });
}

// A message's text as the user sees it: decrypted, or why it cannot be.
QString unable_to_decrypt(const QString& why);

}  // namespace natter::desktop
