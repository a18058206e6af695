#include "bus/redis/redis_presence_directory.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace natter::bus {

namespace asio = boost::asio;

namespace {

// (Commands are named variables: a braced list inside a co_await expression
// trips GCC 12, see store/database.hpp.)

// KEYS: P:online:<user>, P:node_users:<node>. ARGV: node, user.
// Returns how many nodes hold the user now.
constexpr const char* add_script = R"(
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('SADD', KEYS[2], ARGV[2])
return redis.call('SCARD', KEYS[1]))";

// KEYS: P:online:<user>, P:node_users:<node>, P:status:<user>. ARGV: node, user.
// Returns how many nodes still hold the user; forgets the chosen status at 0.
constexpr const char* remove_script = R"(
redis.call('SREM', KEYS[1], ARGV[1])
redis.call('SREM', KEYS[2], ARGV[2])
local n = redis.call('SCARD', KEYS[1])
if n == 0 then redis.call('DEL', KEYS[3]) end
return n)";

// KEYS: pairs of P:online:<user>, P:status:<user>. For each user: "-" when no
// node holds them, else their chosen status ("" if none).
constexpr const char* statuses_script = R"(
local out = {}
for i = 1, #KEYS, 2 do
  if redis.call('SCARD', KEYS[i]) == 0 then
    out[#out + 1] = '-'
  else
    out[#out + 1] = redis.call('GET', KEYS[i + 1]) or ''
  end
end
return out)";

}  // namespace

redis_presence_directory::redis_presence_directory(redis_commands& commands, presence_directory_options options,
                                                   asio::any_io_executor io)
    : commands_(commands), options_(std::move(options)), io_(std::move(io)) {}

redis_presence_directory::~redis_presence_directory() = default;

std::string redis_presence_directory::key(const std::string& kind, const std::string& id) const {
  return options_.prefix + ":" + kind + ":" + id;
}

void redis_presence_directory::on_gone(std::function<void(store::user_id)> handler) {
  on_gone_ = std::move(handler);
}

asio::awaitable<std::optional<command_reply>> redis_presence_directory::run(std::vector<std::string> argv) {
  auto initiate = [this](auto handler, std::vector<std::string> args) {
    auto shared = std::make_shared<decltype(handler)>(std::move(handler));
    commands_.submit(std::move(args), [shared](std::optional<command_reply> reply) {
      auto executor = asio::get_associated_executor(*shared);
      asio::post(executor, [shared, reply = std::move(reply)]() mutable { (*shared)(std::move(reply)); });
    });
  };
  auto op = asio::async_initiate<const asio::use_awaitable_t<>, void(std::optional<command_reply>)>(
      initiate, asio::use_awaitable, std::move(argv));
  co_return co_await std::move(op);
}

asio::awaitable<bool> redis_presence_directory::arrived(store::user_id u) {
  {
    std::lock_guard lock(mutex_);
    here_.insert(u);
  }
  const auto user = std::to_string(u);
  std::vector<std::string> add{
      "EVAL", add_script, "2", key("online", user), key("node_users", options_.node_id), options_.node_id, user};
  auto reply = co_await run(std::move(add));
  co_return reply && !reply->error && reply->integer > 1;
}

asio::awaitable<bool> redis_presence_directory::departed(store::user_id u) {
  {
    std::lock_guard lock(mutex_);
    here_.erase(u);
  }
  const auto user = std::to_string(u);
  std::vector<std::string> remove{"EVAL",
                                  remove_script,
                                  "3",
                                  key("online", user),
                                  key("node_users", options_.node_id),
                                  key("status", user),
                                  options_.node_id,
                                  user};
  auto reply = co_await run(std::move(remove));
  co_return reply && !reply->error && reply->integer > 0;
}

asio::awaitable<std::string> redis_presence_directory::chosen(store::user_id u) {
  std::vector<std::string> get{"GET", key("status", std::to_string(u))};
  auto reply = co_await run(std::move(get));
  co_return reply && !reply->error ? reply->text : std::string();
}

void redis_presence_directory::set_chosen(store::user_id u, const std::string& status) {
  commands_.submit({"SET", key("status", std::to_string(u)), status}, [](std::optional<command_reply>) {});
}

asio::awaitable<std::unordered_map<store::user_id, std::string>> redis_presence_directory::online_among(
    const std::vector<store::user_id>& users) {
  std::unordered_map<store::user_id, std::string> out;
  if (users.empty()) co_return out;
  std::vector<std::string> argv{"EVAL", statuses_script, std::to_string(users.size() * 2)};
  for (auto u : users) {
    argv.push_back(key("online", std::to_string(u)));
    argv.push_back(key("status", std::to_string(u)));
  }
  auto reply = co_await run(std::move(argv));
  if (!reply || reply->error || reply->items.size() != users.size()) co_return out;
  for (std::size_t i = 0; i < users.size(); ++i) {
    if (reply->items[i] != "-") out.emplace(users[i], reply->items[i]);
  }
  co_return out;
}

void redis_presence_directory::start() {
  timer_ = std::make_shared<asio::steady_timer>(io_);
  asio::co_spawn(io_, heartbeat(), asio::detached);
}

void redis_presence_directory::stop() {
  if (timer_) asio::post(timer_->get_executor(), [t = timer_] { t->cancel(); });
}

asio::awaitable<void> redis_presence_directory::heartbeat() {
  auto timer = timer_;
  const auto ttl_ms = std::to_string(options_.heartbeat_ttl.count());
  // What an earlier process with this node id left behind is stale.
  co_await reap(options_.node_id);
  bool first = true;
  for (;;) {
    std::vector<std::string> heartbeat_key{"SET", key("node", options_.node_id), "alive", "PX", ttl_ms, "GET"};
    auto before = co_await run(std::move(heartbeat_key));
    if (before && !before->error && before->text.empty() && !first) co_await announce_again();
    first = false;
    std::vector<std::string> announce{"SADD", options_.prefix + ":nodes", options_.node_id};
    co_await run(std::move(announce));
    std::vector<std::string> list_nodes{"SMEMBERS", options_.prefix + ":nodes"};
    auto nodes = co_await run(std::move(list_nodes));
    if (nodes && !nodes->error) {
      for (const auto& node : nodes->items) {
        if (node == options_.node_id) continue;
        std::vector<std::string> exists{"EXISTS", key("node", node)};
        auto alive = co_await run(std::move(exists));
        if (!alive || alive->error || alive->integer != 0) continue;
        // Dead: whoever claims it first cleans up after it.
        std::vector<std::string> claim_dead{"SET", key("reaping", node), options_.node_id, "NX", "PX", "30000"};
        auto claim = co_await run(std::move(claim_dead));
        if (claim && !claim->error && claim->text == "OK") co_await reap(node);
      }
    }
    timer->expires_after(options_.heartbeat_period);
    auto [ec] = co_await timer->async_wait(asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;
  }
}

asio::awaitable<void> redis_presence_directory::announce_again() {
  std::vector<store::user_id> users;
  {
    std::lock_guard lock(mutex_);
    users.assign(here_.begin(), here_.end());
  }
  spdlog::info("bus: redis lost this node's presence; announcing {} users again", users.size());
  for (auto u : users) {
    const auto user = std::to_string(u);
    std::vector<std::string> add{
        "EVAL", add_script, "2", key("online", user), key("node_users", options_.node_id), options_.node_id, user};
    co_await run(std::move(add));
  }
}

asio::awaitable<void> redis_presence_directory::reap(const std::string& node) {
  std::vector<std::string> list_users{"SMEMBERS", key("node_users", node)};
  auto users = co_await run(std::move(list_users));
  if (!users || users->error) co_return;
  if (!users->items.empty()) spdlog::info("bus: node {} is gone; {} users were on it", node, users->items.size());
  for (const auto& user : users->items) {
    std::vector<std::string> remove{
        "EVAL", remove_script, "3", key("online", user), key("node_users", node), key("status", user), node, user};
    auto left = co_await run(std::move(remove));
    if (left && !left->error && left->integer == 0 && on_gone_) on_gone_(std::stoll(user));
  }
  std::vector<std::string> forget_users{"DEL", key("node_users", node)};
  co_await run(std::move(forget_users));
  if (node != options_.node_id) {
    std::vector<std::string> forget_node{"SREM", options_.prefix + ":nodes", node};
    co_await run(std::move(forget_node));
  }
}

}  // namespace natter::bus
