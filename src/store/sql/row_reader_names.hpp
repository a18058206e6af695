// The shared readers and column lists (row_readers.hpp) by their plain
// names, for a backend's namespace: each backend's row_readers.hpp includes
// this inside its namespace, after its row_access adapter, so that its code
// calls read_user(row) as before. A reader added to row_readers.hpp is named
// here once.
//
// No include guard on purpose: each backend includes it once, in its own
// namespace.

using ::natter::store::sql::audit_events_in;
using ::natter::store::sql::audit_select;
using ::natter::store::sql::conversation_column_count;
using ::natter::store::sql::conversation_columns;
using ::natter::store::sql::first_credentials;
using ::natter::store::sql::first_user;
using ::natter::store::sql::member_column_count;
using ::natter::store::sql::member_columns;
using ::natter::store::sql::message_column_count;
using ::natter::store::sql::message_columns;
using ::natter::store::sql::read_audit_event;
using ::natter::store::sql::read_conversation;
using ::natter::store::sql::read_credentials;
using ::natter::store::sql::read_device;
using ::natter::store::sql::read_invitation;
using ::natter::store::sql::read_invite;
using ::natter::store::sql::read_log_entry;
using ::natter::store::sql::read_media;
using ::natter::store::sql::read_member;
using ::natter::store::sql::read_message;
using ::natter::store::sql::read_refresh_token;
using ::natter::store::sql::read_sanction;
using ::natter::store::sql::read_summary;
using ::natter::store::sql::read_to_device;
using ::natter::store::sql::read_user;
using ::natter::store::sql::select_log_entries;
using ::natter::store::sql::user_column_count;
using ::natter::store::sql::user_columns;
