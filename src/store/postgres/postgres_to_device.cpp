// postgres_store: device-to-device messages (key_store.hpp, migration 22).
// Nodes share the queue: the recipient device's row is locked (FOR UPDATE)
// before its queue is counted, so two nodes cannot both take the last place.

#include <string>

#include "store/postgres/guarded.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/postgres/row_readers.hpp"

namespace natter::store::postgres {
namespace {

const statement session_device_sql{
    "e2ee_session_device",
    "SELECT user_id, device_id, session_family, curve25519, ed25519, signature, display_name, created_at "
    "FROM e2ee_devices WHERE session_family = $1 ORDER BY created_at LIMIT 1"};
const statement lock_device_sql{"e2ee_lock_device",
                                "SELECT 1 FROM e2ee_devices WHERE user_id = $1 AND device_id = $2 FOR UPDATE"};
const statement queued_count_sql{"e2ee_queued_count",
                                 "SELECT count(*) FROM e2ee_to_device WHERE user_id = $1 AND device_id = $2"};
const statement queue_sql{"e2ee_queue",
                          "INSERT INTO e2ee_to_device (user_id, device_id, sender_id, sender_device, envelope, "
                          "created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"};
const statement queued_after_sql{"e2ee_queued_after",
                                 "SELECT id, sender_id, sender_device, envelope, created_at FROM e2ee_to_device "
                                 "WHERE user_id = $1 AND device_id = $2 AND id > $3 ORDER BY id LIMIT $4"};
const statement unqueue_sql{"e2ee_unqueue",
                            "DELETE FROM e2ee_to_device WHERE user_id = $1 AND device_id = $2 AND id <= $3"};

}  // namespace

std::optional<device_record> postgres_store::device_of_session(std::string_view family) {
  return guarded("device_of_session", [&] {
    const pqxx::result r = db_->exec(session_device_sql, family);
    if (r.empty()) return std::optional<device_record>();
    const auto& row = r[0];
    return std::optional<device_record>(device_record{int_at(row, 0), text_at(row, 1), text_at(row, 2), text_at(row, 3),
                                                      text_at(row, 4), text_at(row, 5), text_at(row, 6),
                                                      int_at(row, 7)});
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
      out.push_back(to_device_record{int_at(r, 0), u, std::string(device_id), int_at(r, 1), text_at(r, 2),
                                     text_at(r, 3), int_at(r, 4)});
    }
    return out;
  });
}

int postgres_store::remove_to_device(user_id u, std::string_view device_id, std::int64_t up_to) {
  return guarded("remove_to_device",
                 [&] { return static_cast<int>(db_->exec(unqueue_sql, u, device_id, up_to).affected_rows()); });
}

}  // namespace natter::store::postgres
