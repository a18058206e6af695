#pragma once
// The statement texts of device-to-device messages (key_store.hpp) that are
// the same in every dialect, written once as conversation_statements.hpp
// says (? for each parameter, in the order the backends bind them).

namespace natter::store::sql {

// The device a session registered (columns for read_device): session family.
inline constexpr const char* device_of_session =
    "SELECT user_id, device_id, session_family, curve25519, ed25519, signature, display_name, created_at "
    "FROM e2ee_devices WHERE session_family = ? ORDER BY created_at LIMIT 1";
// Locks the recipient device's row (no row: no such device): user, device.
// SQLite, with its one writer, leaves out the FOR UPDATE.
inline constexpr const char* device_exists = "SELECT 1 FROM e2ee_devices WHERE user_id = ? AND device_id = ?";
inline constexpr const char* lock_device_suffix = " FOR UPDATE";
// How many messages wait for a device: user, device.
inline constexpr const char* queued_to_device =
    "SELECT count(*) FROM e2ee_to_device WHERE user_id = ? AND device_id = ?";
// user, device, sender, sender_device, envelope, created_at. PostgreSQL adds
// RETURNING id; the others read the id the insert took.
inline constexpr const char* queue_to_device =
    "INSERT INTO e2ee_to_device (user_id, device_id, sender_id, sender_device, envelope, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?)";
// Columns for read_to_device: user, device, after, limit.
inline constexpr const char* to_device_after =
    "SELECT id, sender_id, sender_device, envelope, created_at FROM e2ee_to_device "
    "WHERE user_id = ? AND device_id = ? AND id > ? ORDER BY id LIMIT ?";
// user, device, up_to
inline constexpr const char* remove_to_device =
    "DELETE FROM e2ee_to_device WHERE user_id = ? AND device_id = ? AND id <= ?";

}  // namespace natter::store::sql
