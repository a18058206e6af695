// mariadb_store: device-to-device messages (key_store.hpp, migration 21).
// Nodes share the queue: the recipient device's row is locked (FOR UPDATE)
// before its queue is counted, so two nodes cannot both take its last place.

#include <string>

#include "store/mariadb/mariadb_store.hpp"
#include "store/mariadb/row_readers.hpp"
#include "store/sql/to_device_statements.hpp"

namespace natter::store::mariadb {
namespace {

namespace shared = ::natter::store::sql;

const statement session_device_sql{"e2ee_session_device", shared::device_of_session};
const statement lock_device_sql{"e2ee_lock_device", std::string(shared::device_exists) + shared::lock_device_suffix};
const statement queued_count_sql{"e2ee_queued_count", shared::queued_to_device};
const statement queue_sql{"e2ee_queue", shared::queue_to_device};
const statement queued_after_sql{"e2ee_queued_after", shared::to_device_after};
const statement unqueue_sql{"e2ee_unqueue", shared::remove_to_device};

}  // namespace

std::optional<device_record> mariadb_store::device_of_session(std::string_view family) {
  const rows r = db_->exec(session_device_sql, family);
  if (r.empty()) return std::nullopt;
  return read_device(r[0]);
}

to_device_queued mariadb_store::queue_to_device(const to_device_record& m, int max_queued) {
  if (db_->exec(lock_device_sql, m.recipient, m.recipient_device).empty()) {
    return to_device_queued{to_device_outcome::no_device, 0};
  }
  if (int_at(db_->exec(queued_count_sql, m.recipient, m.recipient_device)[0], 0) >= max_queued) {
    return to_device_queued{to_device_outcome::full, 0};
  }
  const auto inserted =
      db_->exec(queue_sql, m.recipient, m.recipient_device, m.sender, m.sender_device, m.envelope, m.created_at);
  return to_device_queued{to_device_outcome::queued, static_cast<std::int64_t>(inserted.insert_id)};
}

std::vector<to_device_record> mariadb_store::to_device_after(user_id u, std::string_view device_id, std::int64_t after,
                                                             int limit) {
  std::vector<to_device_record> out;
  if (limit <= 0) return out;
  for (const rows::row& r : db_->exec(queued_after_sql, u, device_id, after, limit)) {
    out.push_back(read_to_device(r, u, device_id));
  }
  return out;
}

int mariadb_store::remove_to_device(user_id u, std::string_view device_id, std::int64_t up_to) {
  return static_cast<int>(db_->exec(unqueue_sql, u, device_id, up_to).affected_rows);
}

}  // namespace natter::store::mariadb
