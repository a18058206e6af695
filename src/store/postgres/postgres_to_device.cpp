// postgres_store: device-to-device messages (key_store.hpp, migration 22).
// Nodes share the queue: the recipient device's row is locked (FOR UPDATE)
// before its queue is counted, so two nodes cannot both take the last place.

#include <string>

#include "store/postgres/guarded.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/postgres/row_readers.hpp"
#include "store/sql/placeholders.hpp"
#include "store/sql/to_device_statements.hpp"

namespace natter::store::postgres {
namespace {

namespace shared = ::natter::store::sql;

const statement session_device_sql{"e2ee_session_device", shared::numbered_placeholders(shared::device_of_session)};
const statement lock_device_sql{"e2ee_lock_device",
                                shared::numbered_placeholders(shared::device_exists) + shared::lock_device_suffix};
const statement queued_count_sql{"e2ee_queued_count", shared::numbered_placeholders(shared::queued_to_device)};
const statement queue_sql{"e2ee_queue", shared::numbered_placeholders(shared::queue_to_device) + " RETURNING id"};
const statement queued_after_sql{"e2ee_queued_after", shared::numbered_placeholders(shared::to_device_after)};
const statement unqueue_sql{"e2ee_unqueue", shared::numbered_placeholders(shared::remove_to_device)};

}  // namespace

std::optional<device_record> postgres_store::device_of_session(std::string_view family) {
  return guarded("device_of_session", [&] {
    const pqxx::result r = db_->exec(session_device_sql, family);
    if (r.empty()) return std::optional<device_record>();
    return std::optional<device_record>(read_device(r[0]));
  });
}

to_device_queued postgres_store::queue_to_device(const to_device_record& m, int max_queued) {
  return guarded("queue_to_device", [&] {
    if (db_->exec(lock_device_sql, m.recipient, m.recipient_device).empty()) {
      return to_device_queued{to_device_outcome::no_device, 0};
    }
    if (int_at(db_->exec(queued_count_sql, m.recipient, m.recipient_device)[0], 0) >= max_queued) {
      return to_device_queued{to_device_outcome::full, 0};
    }
    const auto id = int_at(
        db_->exec(queue_sql, m.recipient, m.recipient_device, m.sender, m.sender_device, m.envelope, m.created_at)[0],
        0);
    return to_device_queued{to_device_outcome::queued, id};
  });
}

std::vector<to_device_record> postgres_store::to_device_after(user_id u, std::string_view device_id, std::int64_t after,
                                                              int limit) {
  return guarded("to_device_after", [&] {
    std::vector<to_device_record> out;
    for (const pqxx::row& r : db_->exec(queued_after_sql, u, device_id, after, limit)) {
      out.push_back(read_to_device(r, u, device_id));
    }
    return out;
  });
}

int postgres_store::remove_to_device(user_id u, std::string_view device_id, std::int64_t up_to) {
  return guarded("remove_to_device",
                 [&] { return static_cast<int>(db_->exec(unqueue_sql, u, device_id, up_to).affected_rows()); });
}

}  // namespace natter::store::postgres
