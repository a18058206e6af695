#pragma once
// keys.backup.put's checks, the same in every store
// (key_store.hpp, put_key_backup_entries): the caller has locked the user's
// backup row and read it; this decides, from that row and the entries, what
// is stored. SQLite needs no lock: it has one writer.

#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <string_view>

#include "store/key_store.hpp"

namespace natter::store::sql {

// current: the locked row (version, count, etag; outcome stored), nullopt
// when the user has none. held(session_id): whether the backup holds an
// entry with that id. put(entry) writes one entry; counted(added) records
// the new count and returns the new etag.
template <class Held, class Put, class Counted>
key_backup_stored put_backup_entries(const std::optional<key_backup_stored>& current, std::int64_t version,
                                     std::span<const key_backup_entry_record> entries, std::int64_t max_entries,
                                     Held held, Put put, Counted counted) {
  if (!current) return key_backup_stored{key_backup_outcome::no_backup, 0, 0, 0};
  key_backup_stored out = *current;
  if (out.version != version) {
    out.outcome = key_backup_outcome::other_version;
    return out;
  }
  std::set<std::string_view> seen;
  std::int64_t added = 0;
  for (const auto& e : entries) {
    if (seen.insert(e.session_id).second && !held(e.session_id)) ++added;
  }
  if (out.count + added > max_entries) {
    out.outcome = key_backup_outcome::full;
    return out;
  }
  for (const auto& e : entries) put(e);
  out.etag = counted(added);
  out.count += added;
  return out;
}

}  // namespace natter::store::sql
