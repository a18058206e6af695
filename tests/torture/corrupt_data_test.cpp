// Corrupted data files. What natterd does, and what this asserts:
//  - a damaged database file (its header overwritten, pages zeroed as by a
//    lost write, page headers flipped): natterd refuses to start and says the
//    file is damaged and must be restored from a backup. It never crashes, and
//    never serves it: writing into a broken b-tree could acknowledge what it
//    then loses.
//  - a write-ahead log cut short (a server killed with -9, then its WAL
//    truncated): what the cut removed is gone, as if those commits had never
//    happened; no server can tell a cut log from one that ended there. natterd
//    either starts and serves the intact prefix (every conversation gapless,
//    every entry exactly the one acknowledged at that seq, and what it
//    acknowledges afterwards survives the next kill -9), or, when the cut
//    leaves the file inconsistent, refuses to start as for a damaged file.

#include <filesystem>
#include <fstream>

#include "torture/single_node.hpp"

namespace natter::torture {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t page_size = 4096;

// Starts natterd on `data_dir`; empty when it started, else what it said.
std::optional<std::string> refusal_on(const fs::path& data_dir, std::vector<std::string> args) {
  args.insert(args.end(), {"--data-dir", data_dir.string()});
  try {
    testing::natterd_process started(args);
    return std::nullopt;
  } catch (const std::runtime_error& e) {
    return std::string(e.what());
  }
}

void overwrite(const fs::path& file, std::size_t offset, const std::string& bytes) {
  std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(static_cast<std::streamoff>(offset));
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Flips every bit of `n` bytes at `offset`.
void flip(const fs::path& file, std::size_t offset, std::size_t n) {
  std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
  std::string bytes(n, '\0');
  f.seekg(static_cast<std::streamoff>(offset));
  f.read(bytes.data(), static_cast<std::streamsize>(n));
  for (char& b : bytes) b = static_cast<char>(~static_cast<unsigned char>(b));
  f.seekp(static_cast<std::streamoff>(offset));
  f.write(bytes.data(), static_cast<std::streamsize>(n));
}

struct damage {
  std::string name;
  void (*apply)(const fs::path& db);
};

const damage damages[] = {
    {"header overwritten", [](const fs::path& db) { overwrite(db, 0, "not a database!!"); }},
    {"pages zeroed",
     [](const fs::path& db) {
       const auto pages = fs::file_size(db) / page_size;
       overwrite(db, (pages / 2) * page_size, std::string(4 * page_size, '\0'));
     }},
    {"page headers flipped",
     [](const fs::path& db) {
       const auto pages = fs::file_size(db) / page_size;
       for (auto p = pages / 3; p < pages; p += 2) flip(db, p * page_size, 8);
     }},
};

class torture_corrupt : public torture_single {
 protected:
  fs::path data() const { return server_->data_dir() / "data"; }

  // Acknowledged messages against what the store holds after a cut: the
  // store must be a gapless prefix, each entry the acknowledged one.
  figures prefix_figures(const store_view& history, conversation_id c, std::int64_t& cut) const {
    figures f;
    const auto& stored = history.count(c) ? history.at(c) : std::map<seq_t, stored_entry>{};
    const seq_t last = stored.empty() ? 0 : stored.rbegin()->first;
    for (seq_t s = 1; s <= last; ++s) f.gaps += stored.contains(s) ? 0 : 1;
    std::map<std::string, const protocol::message*> by_id;
    const auto acks = ledger_.acks();
    for (const auto& a : acks) by_id[a.client_msg_id] = &a;
    for (const auto& a : acks) {
      ++f.acked;
      if (a.seq > last) {
        ++cut;
        continue;
      }
      auto it = stored.find(a.seq);
      if (it == stored.end() || it->second.id != a.id || it->second.client_msg_id != a.client_msg_id) ++f.lost;
    }
    std::map<std::string, int> copies;
    for (const auto& [seq, e] : stored) {
      if (e.client_msg_id.empty() || !by_id.contains(e.client_msg_id)) continue;
      if (++copies[e.client_msg_id] > 1) ++f.dup;
      if (by_id.at(e.client_msg_id)->seq != seq) ++f.phantoms;
    }
    return f;
  }
};

TEST_F(torture_corrupt, a_damaged_database_file_refuses_to_start_with_a_clear_message) {
  const auto c = group_of({"ann", "bob"}, port());
  start_senders({"ann", "bob"}, {c, 300 * torture_scale(), 8, 160});
  ASSERT_TRUE(senders_done(deadline_in(std::chrono::seconds(120))));
  senders_.clear();
  members_.clear();
  ASSERT_EQ(server_->stop(), 0);

  for (const auto& d : damages) {
    SCOPED_TRACE(d.name);
    const fs::path copy = server_->data_dir() / "copy";
    fs::remove_all(copy);
    fs::copy(data(), copy, fs::copy_options::recursive);
    d.apply(copy / "natter.db");
    auto refused = refusal_on(copy, natterd_args());
    ASSERT_TRUE(refused) << "natterd started on a damaged database";
    EXPECT_NE(refused->find("cannot start:"), std::string::npos) << "refused in words, not by crashing:\n" << *refused;
    EXPECT_NE(refused->find("damaged"), std::string::npos) << *refused;
    EXPECT_NE(refused->find("backup"), std::string::npos) << *refused;
  }

  // The original was never touched: it still serves everything.
  server_->restart(true);
  for (const auto& name : {"ann", "bob"}) members_.push_back(std::make_unique<member>(name, port(), ledger_));
  for (auto& m : members_) EXPECT_TRUE(m->start());
  finish("corrupt_file", port(), "ann", c);
}

TEST_F(torture_corrupt, a_cut_write_ahead_log_serves_the_intact_prefix_or_refuses) {
  const int per_sender = 300 * torture_scale();
  const auto c = group_of({"ann", "bob"}, port());
  start_senders({"ann", "bob"}, {c, per_sender, 8, 160});
  ASSERT_TRUE(senders_done(deadline_in(std::chrono::seconds(120))));
  senders_.clear();
  for (auto& m : members_) m->stop();
  server_->kill();
  const auto wal = data() / "natter.db-wal";
  ASSERT_TRUE(fs::exists(wal)) << "a killed server leaves its write-ahead log";
  const auto size = fs::file_size(wal);
  fs::resize_file(wal, size / 2 + 1000);  // mid-frame, most likely

  if (auto refused = refusal_on(data(), natterd_args())) {
    EXPECT_NE(refused->find("damaged"), std::string::npos) << "refused in words, not by crashing:\n" << *refused;
    std::cout << "torture corrupt_wal: natterd refused to start on the cut log" << std::endl;
    return;
  }
  server_->restart(true);
  for (auto& m : members_) EXPECT_TRUE(m->start());
  std::int64_t cut = 0;
  auto f = prefix_figures(read_history(port(), "ann", {c}), c, cut);
  expect_clean(f, "corrupt_wal");
  // How much the cut removes depends on where SQLite's last checkpoint left
  // the log (after one, the tail of the file can hold only frames already in
  // the database): reported, not asserted, so the test cannot fail by timing.
  // What is asserted holds either way: the prefix is intact and gapless.
  std::cout << "corrupt_wal: " << cut << " acknowledged messages were in the part of the log cut off" << std::endl;

  // What it acknowledges from here on survives the next kill -9.
  ledger later;
  sender more(get("ann"), later, {c, 100, 8, 160});
  ASSERT_TRUE(more.wait_done(deadline_in(std::chrono::seconds(60))));
  server_->kill();
  server_->restart(true);
  auto after = read_history(port(), "ann", {c});
  for (const auto& a : later.acks()) {
    auto& stored = after[c];
    auto it = stored.find(a.seq);
    EXPECT_TRUE(it != stored.end() && it->second.id == a.id) << "lost after the restart: " << a.client_msg_id;
  }
}

}  // namespace
}  // namespace natter::torture
