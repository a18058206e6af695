// natter_search_bench: the cost of message search in the SQLite store
// (docs/benchmarks.md, "Message search"). Seeds a database through the
// store's own send path (append_messages, FTS5 triggers and all), then
// measures searches on a reader connection, and what the index adds to a
// group of sends. Not a test: run by hand, it prints a report.

#include <SQLiteCpp/Database.h>

#include <algorithm>
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

struct options {
  std::string dir = "/tmp/natter-search-bench";
  long messages = 1'000'000;
  int users = 1000;
  int conversations = 2000;
  int members = 10;    // per conversation
  int queries = 200;   // per class
  bool reuse = false;  // --reuse 1: query the database a previous run seeded
};

// Words with a Zipf-like frequency: word r is used about 1/r^1.07 as often as word 1.
class vocabulary {
 public:
  explicit vocabulary(int size) {
    static const char* syllables[] = {"ka", "lo",  "mi", "ne", "ru", "ta", "vo", "shi", "ber", "dan",
                                      "el", "for", "gu", "ho", "in", "jo", "pe", "qui", "sa",  "zu"};
    for (int i = 0; i < size; ++i) {
      std::string w;
      for (int n = i + 7; w.size() < 4 || n > 0; n /= 20) w += syllables[n % 20];
      words_.push_back(w);
    }
    double total = 0;
    for (int r = 1; r <= size; ++r) cumulative_.push_back(total += 1.0 / std::pow(r, 1.07));
  }
  const std::string& pick(std::mt19937_64& rng) const {
    std::uniform_real_distribution<double> d(0, cumulative_.back());
    auto at = std::lower_bound(cumulative_.begin(), cumulative_.end(), d(rng)) - cumulative_.begin();
    return words_[static_cast<std::size_t>(at)];
  }
  const std::string& rank(int r) const { return words_[static_cast<std::size_t>(r - 1)]; }

 private:
  std::vector<std::string> words_;
  std::vector<double> cumulative_;
};

std::string sentence(const vocabulary& v, std::mt19937_64& rng) {
  std::uniform_int_distribution<int> length(4, 16);
  std::string text;
  for (int i = length(rng); i > 0; --i) text += (text.empty() ? "" : " ") + v.pick(rng);
  return text;
}

struct world {
  std::vector<store::user_id> users;
  std::vector<std::vector<store::user_id>> members;  // per conversation index
  std::vector<store::conversation_id> conversations;
};

// User 0 is in every 100th conversation (1 % of the messages), user 1 in every one.
world make_world(store::store& s, const options& o) {
  world w;
  s.begin_transaction();
  for (int i = 0; i < o.users; ++i) {
    store::new_user u{"u" + std::to_string(i) + "@example.com", "u" + std::to_string(i), "", "x", 0};
    w.users.push_back(s.insert_user(u).value().id);
  }
  for (int c = 0; c < o.conversations; ++c) {
    store::new_conversation nc;
    nc.name = "g" + std::to_string(c);
    const auto id = s.create_conversation(nc).value().id;
    std::vector<store::user_id> in{w.users[1]};
    if (c % 100 == 0) in.push_back(w.users[0]);
    for (int m = 0; static_cast<int>(in.size()) < o.members; ++m)
      in.push_back(w.users[2 + (c * 7 + m * 13) % (o.users - 2)]);
    for (auto u : in) s.add_member(id, u, store::member_role::member, 0, 0);
    w.conversations.push_back(id);
    w.members.push_back(in);
  }
  s.commit_transaction();
  return w;
}

// Appends `count` messages in groups of `group` (one transaction each, as
// the writer commits a group of sends); returns the seconds it took.
double append(store::store& s, const world& w, const vocabulary& v, long count, int group, std::mt19937_64& rng,
              long& at) {
  std::uniform_int_distribution<std::size_t> conv(0, w.conversations.size() - 1);
  const auto start = clock_type::now();
  std::vector<store::new_message> batch;
  for (long done = 0; done < count;) {
    batch.clear();
    for (int i = 0; i < group && done < count; ++i, ++done) {
      const auto c = conv(rng);
      const auto& in = w.members[c];
      batch.push_back({w.conversations[c],
                       in[static_cast<std::size_t>(rng() % in.size())],
                       ++at,
                       sentence(v, rng),
                       "",
                       std::nullopt,
                       {}});
    }
    s.begin_transaction();
    s.append_messages(batch);
    s.commit_transaction();
  }
  return std::chrono::duration<double>(clock_type::now() - start).count();
}

struct query_class {
  const char* name;
  std::vector<std::vector<std::string>> queries;
};

std::vector<query_class> query_classes(const vocabulary& v, int n, std::mt19937_64& rng) {
  std::vector<query_class> out{{"common word (rank 1-20)", {}},
                               {"mid word (rank 200-2000)", {}},
                               {"rare word (rank 10000-20000)", {}},
                               {"3-letter prefix", {}},
                               {"two words (common + mid)", {}}};
  auto in = [&](int lo, int hi) { return v.rank(std::uniform_int_distribution<int>(lo, hi)(rng)); };
  for (int i = 0; i < n; ++i) {
    out[0].queries.push_back({in(1, 20)});
    out[1].queries.push_back({in(200, 2000)});
    out[2].queries.push_back({in(10000, 20000)});
    out[3].queries.push_back({in(200, 2000).substr(0, 3)});
    out[4].queries.push_back({in(1, 20), in(200, 2000)});
  }
  return out;
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

void measure(store::store& reader, const query_class& qc, store::user_id who, const char* as) {
  std::vector<double> ms;
  std::size_t found = 0;
  for (const auto& words : qc.queries) {
    store::message_search_query q;
    q.reader = who;
    q.words = words;
    q.limit = 21;  // what core asks for a page of 20
    const auto start = clock_type::now();
    reader.begin_read();
    found += reader.search_messages(q).size();
    reader.end_read();
    ms.push_back(std::chrono::duration<double, std::milli>(clock_type::now() - start).count());
  }
  std::printf("| %-28s | %-22s | %7.2f | %7.2f | %5.1f |\n", qc.name, as, percentile(ms, 0.5), percentile(ms, 0.99),
              static_cast<double>(found) / static_cast<double>(qc.queries.size()));
}

double megabytes(SQLite::Database& db, const char* like) {
  SQLite::Statement q(db, "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE ?");
  q.bind(1, like);
  q.executeStep();
  return static_cast<double>(q.getColumn(0).getInt64()) / 1e6;
}

// What the triggers add to a group of 64 sends: the same appends on a
// database with them and on one without.
void send_cost(const options& o, const vocabulary& v) {
  for (bool indexed : {true, false}) {
    const auto path = fs::path(o.dir) / (indexed ? "send-indexed.db" : "send-plain.db");
    fs::remove(path);
    store::sqlite::sqlite_backend backend({path.string(), "FULL"});
    backend.migrate();
    if (!indexed) {
      SQLite::Database db(path.string(), SQLite::OPEN_READWRITE);
      db.exec("DROP TRIGGER message_search_insert");
    }
    auto s = backend.open_writer();
    auto w = make_world(*s, {o.dir, 0, 200, 100, 10, 0});
    std::mt19937_64 rng(7);
    long at = 0;
    append(*s, w, v, 20'000, 64, rng, at);  // warm: the index has some size
    const long n = 20'000;
    const double seconds = append(*s, w, v, n, 64, rng, at);
    std::printf("| %-34s | %8.1f | %8.0f |\n", indexed ? "with the FTS5 index (triggers)" : "without (trigger dropped)",
                seconds * 1e6 / static_cast<double>(n) * 64, static_cast<double>(n) / seconds);
  }
}

}  // namespace

int main(int argc, char** argv) {
  options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--dir") o.dir = argv[i + 1];
    if (flag == "--messages") o.messages = std::atol(argv[i + 1]);
    if (flag == "--queries") o.queries = std::atoi(argv[i + 1]);
    if (flag == "--reuse") o.reuse = std::atoi(argv[i + 1]) != 0;
  }
  fs::create_directories(o.dir);
  const vocabulary v(20'000);

  const auto path = fs::path(o.dir) / "search.db";
  std::mt19937_64 rng(42);
  world w;
  if (o.reuse) {
    w.users = {1, 2};  // the first two users a seeding run inserted
  } else {
    std::printf("Send path: groups of 64 sends, one transaction each, synchronous=FULL\n\n");
    std::printf("| %-34s | %8s | %8s |\n|---|---|---|\n", "", "us/group", "msg/s");
    send_cost(o, v);
    fs::remove(path);
  }
  store::sqlite::sqlite_backend backend({path.string(), "NORMAL"});
  backend.migrate();
  if (!o.reuse) {
    auto writer = backend.open_writer();
    w = make_world(*writer, o);
    long at = 0;
    const double seeded = append(*writer, w, v, o.messages, 1000, rng, at);
    std::printf("\nSeeded %ld messages in %d conversations in %.0f s (%.0f msg/s, groups of 1000)\n", o.messages,
                o.conversations, seeded, static_cast<double>(o.messages) / seeded);
  }

  auto reader = backend.open_reader();
  std::printf("\n| %-28s | %-22s | p50 ms | p99 ms | found |\n|---|---|---|---|---|\n", "query", "reader");
  for (const auto& qc : query_classes(v, o.queries, rng)) {
    measure(*reader, qc, w.users[1], "in every conversation");
    measure(*reader, qc, w.users[0], "in 1 % of them");
  }
  SQLite::Database db(path.string(), SQLite::OPEN_READONLY);
  std::printf("\nFile %.0f MB: log %.0f MB, its indexes %.0f MB, FTS5 index %.0f MB\n",
              static_cast<double>(fs::file_size(path)) / 1e6, megabytes(db, "conversation_log"),
              megabytes(db, "conversation_log_%") + megabytes(db, "sqlite_autoindex_conversation_log%"),
              megabytes(db, "message_search%"));
  return 0;
}
