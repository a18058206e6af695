#include "client/session.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <thread>

#include "client/event_queue.hpp"
#include "client/session_engine.hpp"

namespace natter::client {

namespace asio = boost::asio;

// The thread, its io_context and the engine living on it.
// The work guard keeps io.run() going until the destructor, so that every
// posted call runs (and answers STOPPED once the engine has stopped).
struct session::runner {
  asio::io_context io{1};
  asio::executor_work_guard<asio::io_context::executor_type> keep_running{io.get_executor()};
  session_engine engine;
  std::thread thread;
  bool started = false;

  runner(session_options options, session_engine::event_sink sink) : engine(io, std::move(options), std::move(sink)) {}
};

session::session(session_options options) : queue_(std::make_unique<event_queue>(options.event_queue_limit)) {
  auto sink = [this](session_event e) { publish(std::move(e)); };
  runner_ = std::make_unique<runner>(std::move(options), std::move(sink));
}

session::~session() {
  stop();
  runner_->keep_running.reset();
  if (runner_->thread.joinable()) runner_->thread.join();
}

void session::on_event(event_handler handler) {
  handler_ = std::move(handler);
}

void session::start() {
  if (runner_->started) return;
  runner_->started = true;
  runner_->engine.start();
  runner_->thread = std::thread([this] { runner_->io.run(); });
}

void session::stop() {
  if (!runner_->started) return;
  asio::post(runner_->io, [this] { runner_->engine.stop(); });
}

void session::publish(session_event e) {
  if (const auto* change = std::get_if<state_change>(&e)) {
    std::lock_guard lock(state_mutex_);
    state_ = change->state;
    if (change->state == connection_state::online) user_ = runner_->engine.user();
    if (change->state == connection_state::stopped) stop_reason_ = change->reason;
    state_changed_.notify_all();
  }
  if (handler_) return handler_(e);
  queue_->push(std::move(e));
}

std::optional<session_event> session::next_event(std::chrono::milliseconds wait) {
  return queue_->pop(wait);
}

connection_state session::state() const {
  std::lock_guard lock(state_mutex_);
  return state_;
}

outcome<success> session::wait_online(std::chrono::milliseconds wait) const {
  std::unique_lock lock(state_mutex_);
  const bool settled = state_changed_.wait_for(
      lock, wait, [this] { return state_ == connection_state::online || state_ == connection_state::stopped; });
  if (!settled) return failure{failure::kind::connection, "TIMEOUT", "Could not connect in time."};
  if (state_ == connection_state::online) return success{};
  return stop_reason_.value_or(failure::local("STOPPED", "The session was stopped."));
}

std::optional<protocol::user_summary> session::user() const {
  std::lock_guard lock(state_mutex_);
  return user_;
}

void session::request(protocol::request r, reply_handler done) {
  if (!runner_->started) return done(failure::local("NOT_STARTED", "Call start() first."));
  asio::post(runner_->io, [this, r = std::move(r), done = std::move(done)]() mutable {
    runner_->engine.request(std::move(r), std::move(done));
  });
}

std::future<outcome<protocol::reply>> session::request(protocol::request r) {
  auto promise = std::make_shared<std::promise<outcome<protocol::reply>>>();
  auto result = promise->get_future();
  request(std::move(r), [promise](outcome<protocol::reply> got) { promise->set_value(std::move(got)); });
  return result;
}

std::future<outcome<std::string>> session::access_token() {
  auto promise = std::make_shared<std::promise<outcome<std::string>>>();
  auto result = promise->get_future();
  if (!runner_->started) {
    promise->set_value(failure::local("NOT_STARTED", "Call start() first."));
    return result;
  }
  asio::post(runner_->io, [this, promise] { promise->set_value(runner_->engine.access_token()); });
  return result;
}

const http_api& session::http() const {
  return runner_->engine.http();
}

std::future<outcome<protocol::message_reply>> session::send_text(std::string to, std::string text) {
  protocol::send_request r;
  r.to = std::move(to);
  r.text = std::move(text);
  return call(std::move(r));
}

std::future<outcome<protocol::message_reply>> session::send_text(protocol::conversation_id conversation,
                                                                 std::string text) {
  protocol::send_request r;
  r.conversation = conversation;
  r.text = std::move(text);
  return call(std::move(r));
}

}  // namespace natter::client
