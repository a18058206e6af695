// Microbenchmarks of the message hot path: decode the request, encode the
// event once, hand the frame to every recipient session.

#include <benchmark/benchmark.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <deque>
#include <memory>
#include <vector>

#include "delivery/hub.hpp"
#include "protocol/codec.hpp"
#include "realtime/session_inbox.hpp"

namespace {

namespace asio = boost::asio;
namespace protocol = natter::protocol;
namespace delivery = natter::delivery;

const std::string text_64(64, 'x');

protocol::message_event sample_event() {
  protocol::message m;
  m.id = 123456;
  m.conversation = 7;
  m.seq = 98765;
  m.sender = "bench0";
  m.text = text_64;
  m.ts = 1763719200000;
  m.client_msg_id = "1763719200000p1234-98765";
  return protocol::message_event{m};
}

void decode_send_request(benchmark::State& state) {
  const std::string frame = R"({"type":"message.send","id":"98765","conversation_id":7,)"
                            R"("client_msg_id":"1763719200000p1234-98765","text":")" +
                            text_64 + "\"}";
  for (auto _ : state) {
    auto decoded = protocol::decode_request(frame);
    benchmark::DoNotOptimize(decoded);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * frame.size()));
}
BENCHMARK(decode_send_request);

void encode_message_event(benchmark::State& state) {
  const protocol::event e = sample_event();
  for (auto _ : state) {
    auto text = protocol::encode_event(e);
    benchmark::DoNotOptimize(text);
  }
}
BENCHMARK(encode_message_event);

// Keeps the frame in a queue, like a session's outbox, without an executor.
class queue_session final : public delivery::session_handle {
 public:
  void deliver_conversation(natter::store::conversation_id, natter::store::seq_t, const delivery::frame& f) override {
    queue_.push_back(f);
  }
  void deliver_user(const delivery::frame& f) override { queue_.push_back(f); }
  void end_if_session_in(std::shared_ptr<const std::vector<std::string>>) override {}
  void recheck_session() override {}
  void clear() { queue_.clear(); }

 private:
  std::deque<delivery::frame> queue_;
};

// Posts to an io_context first, as websocket_session does (one handler
// allocation and two reference count changes per recipient).
class posting_session final : public delivery::session_handle, public std::enable_shared_from_this<posting_session> {
 public:
  explicit posting_session(asio::io_context& io) : io_(io) {}
  void deliver_conversation(natter::store::conversation_id, natter::store::seq_t, const delivery::frame& f) override {
    asio::post(io_, [self = shared_from_this(), f] { self->queue_.push_back(f); });
  }
  void deliver_user(const delivery::frame& f) override { deliver_conversation(0, 0, f); }
  void end_if_session_in(std::shared_ptr<const std::vector<std::string>>) override {}
  void recheck_session() override {}
  void clear() { queue_.clear(); }

 private:
  asio::io_context& io_;
  std::deque<delivery::frame> queue_;
};

// As websocket_session now does: pushes into its inbox, and posts a drain
// only for the first event of a burst; the drain takes the whole burst.
class inbox_session final : public delivery::session_handle, public std::enable_shared_from_this<inbox_session> {
 public:
  explicit inbox_session(asio::io_context& io) : io_(io) {}
  void deliver_conversation(natter::store::conversation_id c, natter::store::seq_t seq,
                            const delivery::frame& f) override {
    if (inbox_.push({c, seq, f, false})) asio::post(io_, [self = shared_from_this()] { self->drain(); });
  }
  void deliver_user(const delivery::frame& f) override { deliver_conversation(0, 0, f); }
  void end_if_session_in(std::shared_ptr<const std::vector<std::string>>) override {}
  void recheck_session() override {}
  void clear() { queue_.clear(); }

 private:
  void drain() {
    inbox_.take(drained_);
    for (auto& e : drained_) queue_.push_back(std::move(e.f));
    drained_.clear();
  }
  asio::io_context& io_;
  natter::realtime::session_inbox inbox_{1 << 20};
  std::vector<natter::realtime::session_inbox::event> drained_;
  std::deque<delivery::frame> queue_;
};

// Fans out `burst` events (a commit group's worth, published one after
// another) to n sessions per iteration, then runs what they posted.
template <class Session, class... Args>
void fan_out(benchmark::State& state, Args&... args) {
  const auto n = static_cast<std::size_t>(state.range(0));
  delivery::hub hub;
  std::vector<std::shared_ptr<Session>> sessions;
  auto members = std::make_shared<std::vector<natter::store::user_id>>();
  for (std::size_t i = 0; i < n; ++i) {
    sessions.push_back(std::make_shared<Session>(args...));
    hub.add(static_cast<natter::store::user_id>(i + 1), sessions.back());
    members->push_back(static_cast<natter::store::user_id>(i + 1));
  }
  const natter::core::member_list list = members;
  const protocol::event e = sample_event();
  const auto burst = state.range(1);
  natter::store::seq_t seq = 0;
  for (auto _ : state) {
    for (std::int64_t i = 0; i < burst; ++i) hub.to_conversation(7, list, ++seq, e);
    if constexpr (sizeof...(Args) > 0) {
      (args.poll(), ...);
      (args.restart(), ...);
    }
    state.PauseTiming();
    for (auto& s : sessions) s->clear();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n) * burst);
}

void hub_fan_out_to_queues(benchmark::State& state) {
  fan_out<queue_session>(state);
}
BENCHMARK(hub_fan_out_to_queues)->Args({2, 1})->Args({100, 1})->Args({1000, 1});

void hub_fan_out_posting(benchmark::State& state) {
  asio::io_context io(1);
  fan_out<posting_session>(state, io);
}
BENCHMARK(hub_fan_out_posting)->Args({2, 1})->Args({100, 1})->Args({1000, 1})->Args({100, 4});

void hub_fan_out_inbox(benchmark::State& state) {
  asio::io_context io(1);
  fan_out<inbox_session>(state, io);
}
BENCHMARK(hub_fan_out_inbox)->Args({2, 1})->Args({100, 1})->Args({1000, 1})->Args({100, 4});

}  // namespace

BENCHMARK_MAIN();
