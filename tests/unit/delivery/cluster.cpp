#include "cluster.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <random>

#include "core/views.hpp"
#include "store/sqlite/sqlite_backend.hpp"

namespace natter::delivery::testing {

namespace {

store::database_options database_options() {
  store::database_options o;
  o.reader_threads = 1;
  return o;
}

core::chat_limits chat_limits() {
  core::chat_limits l;
  l.sends = core::rate_limit{1'000'000, 1'000'000};
  return l;
}

std::filesystem::path new_directory() {
  std::string pattern = (std::filesystem::temp_directory_path() / "natter-delivery-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

}  // namespace

node::node(memory_network& network, const std::filesystem::path& db_file, std::string id, const clock& clock)
    : id_(std::move(id)) {
  store::sqlite::sqlite_options sqlite{db_file.string(), "NORMAL"};
  db_ = std::make_unique<store::database>(std::make_unique<store::sqlite::sqlite_backend>(sqlite), database_options());
  guard_ = std::make_unique<core::session_guard>(*db_, clock, core::session_guard_options{});
  link_ = network.link();
  relay_options options;
  options.node_id = id_;
  options.catch_up_batch = 50;  // small, so that catch-ups take several reads
  relay_ = std::make_unique<relay>(*link_, options, hub_, *db_, members_, *guard_, io_.get_executor(), metrics_);
  hub_.set_observer(relay_.get());
  chats_ = std::make_unique<core::chats>(*db_, *relay_, members_, clock, chat_limits());
  core::conversation_limits unlimited{std::nullopt, std::nullopt};
  conversations_ = std::make_unique<core::conversations>(*db_, *relay_, members_, clock, unlimited);
  thread_ = std::thread([this] {
    auto work = boost::asio::make_work_guard(io_);
    io_.run();
  });
}

node::~node() {
  relay_->stop();  // nothing more arrives from the link, nor leaves through it
  io_.stop();
  thread_.join();
  // The database first: its writer may still publish through the services.
  // What it still had to hand back to coroutines is dropped with io_.
  db_.reset();
  conversations_.reset();
  chats_.reset();
  relay_.reset();
  link_.reset();
  guard_.reset();
}

cluster::cluster(int nodes) : dir_(new_directory()) {
  for (int i = 0; i < nodes; ++i) {
    nodes_.push_back(std::make_unique<node>(network_, dir_ / "natter.db", "node" + std::to_string(i), clock_));
  }
}

cluster::~cluster() {
  nodes_.clear();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

void cluster::restart(std::size_t i) {
  nodes_.at(i).reset();
  nodes_.at(i) = std::make_unique<node>(network_, dir_ / "natter.db",
                                        "node" + std::to_string(i) + "r" + std::to_string(++restarts_), clock_);
}

core::caller cluster::add_user(const std::string& name) {
  auto job = [name, now = clock_.now_ms()](store::store& s) -> result<store::user_record> {
    return s.insert_user({name + "@example.org", name, name, "not a hash", now});
  };
  auto added = run_on(at(0).io(), at(0).db().write(std::move(job)));
  if (!added) throw std::runtime_error("add_user " + name + ": " + std::string(added.err().message_or_default()));
  return {added->id, added->username};
}

void cluster::befriend(const std::vector<core::caller>& people) {
  auto job = [people](store::store& s) -> result<bool> {
    for (const auto& a : people) {
      for (const auto& b : people) {
        if (a.id != b.id) s.add_contact(a.id, b.id);
      }
    }
    return true;
  };
  auto done = run_on(at(0).io(), at(0).db().write(std::move(job)));
  if (!done) throw std::runtime_error("befriend: " + std::string(done.err().message_or_default()));
}

std::map<seq_t, std::string> cluster::log_of(conversation_id c) {
  auto job = [c](store::store& s) -> result<std::map<seq_t, std::string>> {
    std::map<seq_t, std::string> out;
    for (seq_t after = 0;;) {
      auto page = s.log_after(c, after, 500);
      if (page.empty()) return out;
      for (const auto& e : page) out[e.seq] = fingerprint_of(core::log_event_view(e));
      after = page.back().seq;
    }
  };
  auto read = run_on(at(0).io(), at(0).db().read(std::move(job)));
  if (!read) throw std::runtime_error("log_of: " + std::string(read.err().message_or_default()));
  return std::move(*read);
}

std::string fingerprint_of(const protocol::log_event& e) {
  std::string about = std::visit(
      [](const auto& body) -> std::string {
        using T = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<T, protocol::message_event>) {
          return std::to_string(body.msg.id);
        } else if constexpr (std::is_same_v<T, protocol::member_joined_event> ||
                             std::is_same_v<T, protocol::member_left_event>) {
          return body.user;
        } else {
          return std::string();
        }
      },
      e);
  return std::to_string(e.index()) + ":" + about;
}

}  // namespace natter::delivery::testing
