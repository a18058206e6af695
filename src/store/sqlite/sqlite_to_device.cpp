// sqlite_store: device-to-device messages (key_store.hpp, migration 22).
// A queue per recipient device; every write is on the one writer, so the
// cap check and the insert cannot interleave with another send.

#include <SQLiteCpp/VariadicBind.h>

#include <string>

#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/statement_use.hpp"

namespace natter::store::sqlite {

std::optional<device_record> sqlite_store::device_of_session(std::string_view family) {
  return guarded("device_of_session", [&] {
    SQLite::Statement q(db_,
                        "SELECT user_id, device_id, session_family, curve25519, ed25519, signature, display_name, "
                        "created_at FROM e2ee_devices WHERE session_family = ? ORDER BY created_at LIMIT 1");
    bind_text(q, 1, family);
    if (!q.executeStep()) return std::optional<device_record>();
    return std::optional<device_record>(device_record{
        q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString(), q.getColumn(3).getString(),
        q.getColumn(4).getString(), q.getColumn(5).getString(), q.getColumn(6).getString(), q.getColumn(7).getInt64()});
  });
}

to_device_queued sqlite_store::queue_to_device(const to_device_record& m, int max_queued) {
  return guarded("queue_to_device", [&] {
    SQLite::Statement exists(db_, "SELECT 1 FROM e2ee_devices WHERE user_id = ? AND device_id = ?");
    SQLite::bind(exists, m.recipient, m.recipient_device);
    if (!exists.executeStep()) return to_device_queued{to_device_outcome::no_device, 0};
    SQLite::Statement waiting(db_, "SELECT count(*) FROM e2ee_to_device WHERE user_id = ? AND device_id = ?");
    SQLite::bind(waiting, m.recipient, m.recipient_device);
    if (single_int(waiting) >= max_queued) return to_device_queued{to_device_outcome::full, 0};
    SQLite::Statement q(db_,
                        "INSERT INTO e2ee_to_device (user_id, device_id, sender_id, sender_device, envelope, "
                        "created_at) VALUES (?, ?, ?, ?, ?, ?)");
    SQLite::bind(q, m.recipient, m.recipient_device, m.sender, m.sender_device, m.envelope, m.created_at);
    q.exec();
    return to_device_queued{to_device_outcome::queued, db_.getLastInsertRowid()};
  });
}

std::vector<to_device_record> sqlite_store::to_device_after(user_id u, std::string_view device_id, std::int64_t after,
                                                            int limit) {
  return guarded("to_device_after", [&] {
    SQLite::Statement q(db_,
                        "SELECT id, sender_id, sender_device, envelope, created_at FROM e2ee_to_device "
                        "WHERE user_id = ? AND device_id = ? AND id > ? ORDER BY id LIMIT ?");
    SQLite::bind(q, u, std::string(device_id), after, limit);
    std::vector<to_device_record> out;
    while (q.executeStep()) {
      out.push_back(to_device_record{q.getColumn(0).getInt64(), u, std::string(device_id), q.getColumn(1).getInt64(),
                                     q.getColumn(2).getString(), q.getColumn(3).getString(),
                                     q.getColumn(4).getInt64()});
    }
    return out;
  });
}

int sqlite_store::remove_to_device(user_id u, std::string_view device_id, std::int64_t up_to) {
  return guarded("remove_to_device", [&] {
    SQLite::Statement q(db_, "DELETE FROM e2ee_to_device WHERE user_id = ? AND device_id = ? AND id <= ?");
    SQLite::bind(q, u, std::string(device_id), up_to);
    return q.exec();
  });
}

}  // namespace natter::store::sqlite
