// natter_reactions_bench: what reactions cost in the SQLite store
// (docs/benchmarks.md, "Reactions"). Seeds three conversations of the same
// length whose messages carry no reactions, a few (a third of the messages,
// 1-3 emoji from 1-5 people) and the most natterd allows (20 emoji, 12
// people each), then measures a history page as core reads it (50 log
// entries, then the reactions of their messages) and the write of one
// reaction against the write of one message. Not a test: run by hand, it
// prints a report.

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "store/sqlite/sqlite_backend.hpp"

namespace {

using namespace natter;
using clock_type = std::chrono::steady_clock;
namespace fs = std::filesystem;

constexpr int people = 12;
constexpr int page = 50;       // a history page (core's default)
constexpr int max_users = 10;  // reactors shown per emoji
const std::array<const char*, 20> emoji = {"👍", "❤️", "😂",    "🎉", "😮", "😢", "🙏", "👀",    "🔥", "✅",
                                           "💯", "🚀",      "🤔", "👏", "😍", "🙌", "😅", "🤝", "🍕", "☕"};

struct shape {
  const char* name;
  double reacted;  // share of messages with reactions
  int min_emoji, max_emoji, min_users, max_users;
  long per_message_seeded;  // seed messages / this many (the cap takes 240 reactions a message)
};

struct seeded {
  store::conversation_id id = 0;
  store::seq_t last = 0;
};

double elapsed_us(clock_type::time_point start) {
  return std::chrono::duration<double, std::micro>(clock_type::now() - start).count();
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

// One reaction as core::reactions::react writes it: the row, the tally
// check, the log entry, and the message's reactions for the event.
void react(store::store& s, store::conversation_id c, store::message_id m, store::user_id u, const char* e,
           unix_ms at) {
  s.add_reaction(m, u, e, at);
  (void)s.reaction_tally_of(m, u, e);
  auto entry = store::new_entry(c, store::entry_kind::updated, u, at);
  entry.target = m;
  entry.action = store::reaction_added_action;
  entry.text = e;
  (void)s.append(entry);
  const std::array ids{m};
  (void)s.reactions_on(ids, max_users);
}

seeded seed(store::store& s, const std::vector<store::user_id>& users, const shape& sh, long messages,
            std::mt19937_64& rng) {
  store::new_conversation nc;
  nc.name = sh.name;
  const auto c = s.create_conversation(nc).value().id;
  for (auto u : users) s.add_member(c, u, store::member_role::member, 0, 0);
  std::uniform_real_distribution<double> coin(0, 1);
  unix_ms at = 0;
  messages /= sh.per_message_seeded;
  for (long done = 0; done < messages; done += 100) {
    s.begin_transaction();
    for (int i = 0; i < 100; ++i) {
      const std::array one{store::new_message{
          c, users[rng() % users.size()], ++at, "message " + std::to_string(done + i), "", std::nullopt, {}}};
      const auto id = s.append_messages(one).front().appended.entry.id;
      if (coin(rng) >= sh.reacted) continue;
      const int kinds = sh.min_emoji + static_cast<int>(rng() % (sh.max_emoji - sh.min_emoji + 1));
      const int who = sh.min_users + static_cast<int>(rng() % (sh.max_users - sh.min_users + 1));
      for (int k = 0; k < kinds; ++k)
        for (int p = 0; p < who; ++p) react(s, c, id, users[static_cast<std::size_t>(p)], emoji[k], ++at);
    }
    s.commit_transaction();
  }
  return {c, s.log_before(c, 1LL << 62, 1).front().seq};
}

// Random pages of the conversation: log_before alone, then with the
// reactions of the messages on the page (what history answers).
void measure_pages(store::store& reader, const shape& sh, const seeded& c, int pages, std::mt19937_64& rng) {
  std::vector<double> log_us, reactions_us;
  std::size_t shown = 0;
  for (int i = 0; i < pages; ++i) {
    const auto before =
        static_cast<store::seq_t>(page + 1 + static_cast<long>(rng() % static_cast<std::uint64_t>(c.last - page)));
    reader.begin_read();
    auto start = clock_type::now();
    const auto entries = reader.log_before(c.id, before, page);
    log_us.push_back(elapsed_us(start));
    std::vector<store::message_id> ids;
    for (const auto& e : entries) {
      if (e.message)
        ids.push_back(e.message->id);
      else if (e.target)
        ids.push_back(*e.target);
    }
    start = clock_type::now();
    shown += reader.reactions_on(ids, max_users).size();
    reactions_us.push_back(elapsed_us(start));
    reader.end_read();
  }
  std::printf("| %-34s | %8.0f | %8.0f | %8.0f | %8.0f | %6.1f |\n", sh.name, percentile(log_us, 0.5),
              percentile(log_us, 0.99), percentile(reactions_us, 0.5), percentile(reactions_us, 0.99),
              static_cast<double>(shown) / pages);
}

// One message against one reaction, each its own transaction (as the
// writer commits a lone request), synchronous=FULL.
void write_cost(const std::string& dir, int n) {
  const auto path = fs::path(dir) / "writes.db";
  fs::remove(path);
  store::sqlite::sqlite_backend backend({path.string(), "FULL"});
  backend.migrate();
  auto s = backend.open_writer();
  std::vector<store::user_id> users;
  for (int i = 0; i < people; ++i)
    users.push_back(
        s->insert_user({"w" + std::to_string(i) + "@example.com", "w" + std::to_string(i), "", "x", 0}).value().id);
  store::new_conversation nc;
  nc.name = "writes";
  const auto c = s->create_conversation(nc).value().id;
  for (auto u : users) s->add_member(c, u, store::member_role::member, 0, 0);
  std::vector<double> send_us, react_us;
  std::vector<store::message_id> ids;
  unix_ms at = 0;
  for (int i = 0; i < n; ++i) {
    const std::array one{store::new_message{c, users[0], ++at, "hello", "", std::nullopt, {}}};
    const auto start = clock_type::now();
    s->begin_transaction();
    ids.push_back(s->append_messages(one).front().appended.entry.id);
    s->commit_transaction();
    send_us.push_back(elapsed_us(start));
  }
  for (int i = 0; i < n; ++i) {
    const auto start = clock_type::now();
    s->begin_transaction();
    react(*s, c, ids[static_cast<std::size_t>(i)], users[static_cast<std::size_t>(1 + i % (people - 1))],
          emoji[static_cast<std::size_t>(i % 20)], ++at);
    s->commit_transaction();
    react_us.push_back(elapsed_us(start));
  }
  std::printf("| %-24s | %8.0f | %8.0f |\n", "a message (append)", percentile(send_us, 0.5), percentile(send_us, 0.99));
  std::printf("| %-24s | %8.0f | %8.0f |\n", "a reaction (as core)", percentile(react_us, 0.5),
              percentile(react_us, 0.99));
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir = "/tmp/natter-reactions-bench";
  long messages = 10'000;
  int pages = 500;
  int writes = 2000;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--dir") dir = argv[i + 1];
    if (flag == "--messages") messages = std::atol(argv[i + 1]);
    if (flag == "--pages") pages = std::atoi(argv[i + 1]);
    if (flag == "--writes") writes = std::atoi(argv[i + 1]);
  }
  fs::create_directories(dir);
  const auto path = fs::path(dir) / "reactions.db";
  fs::remove(path);
  store::sqlite::sqlite_backend backend({path.string(), "NORMAL"});
  backend.migrate();
  const std::array<shape, 3> shapes{{{"no reactions", 0, 0, 0, 0, 0, 1},
                                     {"a third reacted, 1-3 emoji x 1-5", 1.0 / 3, 1, 3, 1, 5, 1},
                                     {"all at the cap, 20 emoji x 12", 1, 20, 20, 12, 12, 10}}};
  std::mt19937_64 rng(42);
  std::vector<seeded> seeded_shapes;
  {
    auto writer = backend.open_writer();
    std::vector<store::user_id> users;
    for (int i = 0; i < people; ++i)
      users.push_back(
          writer->insert_user({"u" + std::to_string(i) + "@example.com", "u" + std::to_string(i), "", "x", 0})
              .value()
              .id);
    for (const auto& sh : shapes) seeded_shapes.push_back(seed(*writer, users, sh, messages, rng));
  }
  std::printf("History pages (%d log entries, %d random pages each; %ld messages, %ld at the cap), µs\n\n", page, pages,
              messages, messages / 10);
  std::printf("| %-34s | log p50 | log p99 | reactions p50 | reactions p99 | emoji rows |\n|---|---|---|---|---|---|\n",
              "conversation");
  auto reader = backend.open_reader();
  for (std::size_t i = 0; i < shapes.size(); ++i) measure_pages(*reader, shapes[i], seeded_shapes[i], pages, rng);
  std::printf(
      "\nWrites (%d each, one transaction each, synchronous=FULL), µs\n\n| %-24s | p50 | p99 |\n|---|---|---|\n",
      writes, "");
  write_cost(dir, writes);
  return 0;
}
