// sqlite_store: device-to-device messages (key_store.hpp, migration 22).
// A queue per recipient device; every write is on the one writer, so the
// cap check and the insert cannot interleave with another send.

#include <SQLiteCpp/VariadicBind.h>

#include <string>

#include "store/sql/to_device_statements.hpp"
#include "store/sqlite/row_readers.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/statement_use.hpp"

namespace natter::store::sqlite {

std::optional<device_record> sqlite_store::device_of_session(std::string_view family) {
  return guarded("device_of_session", [&] {
    SQLite::Statement q(db_, sql::device_of_session);
    bind_text(q, 1, family);
    if (!q.executeStep()) return std::optional<device_record>();
    return std::optional<device_record>(read_device(q));
  });
}

to_device_queued sqlite_store::queue_to_device(const to_device_record& m, int max_queued) {
  return guarded("queue_to_device", [&] {
    SQLite::Statement exists(db_, sql::device_exists);
    SQLite::bind(exists, m.recipient, m.recipient_device);
    if (!exists.executeStep()) return to_device_queued{to_device_outcome::no_device, 0};
    SQLite::Statement waiting(db_, sql::queued_to_device);
    SQLite::bind(waiting, m.recipient, m.recipient_device);
    if (single_int(waiting) >= max_queued) return to_device_queued{to_device_outcome::full, 0};
    SQLite::Statement q(db_, sql::queue_to_device);
    SQLite::bind(q, m.recipient, m.recipient_device, m.sender, m.sender_device, m.envelope, m.created_at);
    q.exec();
    return to_device_queued{to_device_outcome::queued, db_.getLastInsertRowid()};
  });
}

std::vector<to_device_record> sqlite_store::to_device_after(user_id u, std::string_view device_id, std::int64_t after,
                                                            int limit) {
  return guarded("to_device_after", [&] {
    SQLite::Statement q(db_, sql::to_device_after);
    SQLite::bind(q, u, std::string(device_id), after, limit);
    std::vector<to_device_record> out;
    while (q.executeStep()) {
      out.push_back(read_to_device(q, u, device_id));
    }
    return out;
  });
}

int sqlite_store::remove_to_device(user_id u, std::string_view device_id, std::int64_t up_to) {
  return guarded("remove_to_device", [&] {
    SQLite::Statement q(db_, sql::remove_to_device);
    SQLite::bind(q, u, std::string(device_id), up_to);
    return q.exec();
  });
}

}  // namespace natter::store::sqlite
