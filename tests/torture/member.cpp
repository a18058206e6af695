#include "torture/member.hpp"

namespace natter::torture {

namespace {

// For coming online, and for a reply.
constexpr auto patience = std::chrono::seconds(30);

}  // namespace

client::session_options torture_options(unsigned short port, const std::string& username) {
  client::session_options o;
  o.server = client::server_url::parse("http://127.0.0.1:" + std::to_string(port)).value();
  o.authenticate = client::with_password(username, member_password);
  o.backoff = {std::chrono::milliseconds(20), std::chrono::milliseconds(300), 2.0, 0.5};
  o.timeout = std::chrono::seconds(10);
  return o;
}

member::member(std::string username, unsigned short port, ledger& book)
    : name_(std::move(username)), ledger_(book), port_(port) {}

member::~member() {
  stop();
}

bool member::start() {
  auto o = torture_options(port_, name_);
  o.resume_from = ledger_.resume_point(name_);
  auto s = std::make_unique<client::session>(std::move(o));
  s->on_event([this](const client::session_event& e) {
    const auto* event = std::get_if<protocol::event>(&e);
    if (event == nullptr) return;
    if (auto entry = as_log_event(*event)) ledger_.received(name_, *entry);
  });
  s->start();
  const bool online = static_cast<bool>(s->wait_online(patience));
  {
    std::lock_guard lock(mutex_);
    session_ = std::move(s);
  }
  started_.notify_all();
  return online;
}

void member::stop() {
  std::unique_ptr<client::session> s;
  {
    std::lock_guard lock(mutex_);
    s = std::move(session_);
  }
  s.reset();  // stops and joins; what it still had pending fails with STOPPED
}

void member::use_port(unsigned short port) {
  std::lock_guard lock(mutex_);
  port_ = port;
}

void member::send(protocol::send_request r, std::function<void(client::outcome<protocol::message_reply>)> done) {
  std::unique_lock lock(mutex_);
  if (!started_.wait_for(lock, patience, [this] { return session_ != nullptr; })) {
    return done(client::failure::local("STOPPED", "no session"));
  }
  session_->request(protocol::request(std::move(r)), [done = std::move(done)](client::outcome<protocol::reply> got) {
    if (!got) return done(got.error());
    auto* body = std::get_if<protocol::message_reply>(&got.value());
    if (body == nullptr) return done(client::failure::local("BAD_RESPONSE", "not a message reply"));
    done(std::move(*body));
  });
}

client::outcome<protocol::reply> member::call(protocol::request r) {
  std::future<client::outcome<protocol::reply>> reply;
  {
    std::lock_guard lock(mutex_);
    if (!session_) return client::failure::local("STOPPED", "no session");
    reply = session_->request(std::move(r));
  }
  if (reply.wait_for(patience) != std::future_status::ready) return client::failure::local("TIMEOUT", "no reply");
  return reply.get();
}

}  // namespace natter::torture
