// The store's overrides, declared once for every backend class: included
// inside the class body of sqlite_store, postgres_store and mariadb_store
// (after their constructor), so that a method added to the store interface
// is declared in one place. Each backend defines them in its own folder,
// files named after the part of the interface (<backend>_keys.cpp, ...);
// what a method guarantees is in the interface that declares it.
//
// No include guard on purpose: each class includes it once. The types are
// store.hpp's, which the including header includes first.

void begin_transaction() override;
void commit_transaction() override;
void rollback_transaction() override;
void begin_savepoint() override;
void release_savepoint() override;
void rollback_to_savepoint() override;
void begin_read() override;
void end_read() override;

bool ping() override;
void probe_write() override;

result<user_record> insert_user(const new_user& user) override;
std::optional<user_record> user_by_id(user_id id) override;
std::optional<user_record> user_by_login(std::string_view login) override;
std::optional<user_record> user_by_username(std::string_view username) override;
std::vector<user_record> users_with_prefix(std::string_view prefix, std::string_view after, int limit) override;
result<user_record> update_profile(user_id id, const profile_update& update) override;
std::optional<user_credentials> credentials_by_login(std::string_view login) override;
std::optional<user_credentials> credentials_of(user_id id) override;
void set_credentials(const user_credentials& credentials) override;

std::int64_t insert_refresh_token(const refresh_token_record& token) override;
std::optional<refresh_token_record> refresh_token_by_hash(std::string_view token_hash) override;
void mark_refresh_token_rotated(std::int64_t token_id, unix_ms at) override;
void revoke_refresh_family(std::string_view family, unix_ms at) override;
std::vector<std::string> revoke_refresh_tokens_of_user(user_id user, unix_ms at,
                                                       std::optional<std::string_view> except_family) override;
std::vector<session_record> sessions_of(user_id user, unix_ms now, int limit) override;
bool refresh_family_active(std::string_view family, user_id user) override;

void erase_account(user_id user, const account_erasure& e) override;
bool username_reserved(std::string_view username, unix_ms now) override;

// --- people ---
void reserve_username(std::string_view username, unix_ms until, user_id freed_by) override;
bool username_reserved_against(std::string_view username, user_id taker, unix_ms now) override;
std::vector<user_id> profile_audience(user_id u, int limit) override;
void set_chosen_status(user_id u, std::string_view status) override;
std::string chosen_status(user_id u) override;
std::optional<user_id> reopen_declined_request(conversation_id c, user_id writer) override;

void insert_password_reset(const password_reset_record& reset) override;
std::optional<user_id> use_password_reset(std::string_view token_hash, unix_ms at) override;
std::optional<user_id> password_reset_user(std::string_view token_hash, unix_ms at) override;

// --- email confirmation ---
void insert_email_confirmation(const email_confirmation_record& c) override;
std::optional<email_confirmation_record> use_email_confirmation(std::string_view token_hash, unix_ms at) override;
email_state email_state_of(user_id user, unix_ms at) override;
void set_email_verified(user_id user, unix_ms at) override;

void append_audit_event(const audit_event& event) override;
std::vector<audit_event> audit_events_of_user(user_id user, int limit) override;
std::vector<audit_event> audit_events_of_kind(std::string_view kind, int limit) override;

// --- administration ---
account_state account_state_of(user_id user) override;
bool set_server_admin(user_id user, std::optional<unix_ms> since) override;
bool set_account_disabled(user_id user, std::optional<unix_ms> at) override;
std::vector<audit_event> audit_events_matching(const audit_filter& filter) override;
void insert_invite(const invite_record& invite) override;
bool invite_usable(std::string_view code_hash, unix_ms at) override;
std::optional<std::string> use_invite(std::string_view code_hash, user_id by, unix_ms at) override;
std::vector<invite_record> open_invites(unix_ms now, int limit) override;
bool revoke_invite(std::string_view id, unix_ms at) override;
bool delete_conversation(conversation_id room, unix_ms at) override;
std::vector<group_summary> groups(conversation_id after, int limit) override;
// --- end administration ---

// --- conversation_store ---
// A room name that is taken gives room_exists. A direct pair that has a
// chat already gives that chat.
result<conversation_record> create_conversation(const new_conversation& c) override;
std::optional<conversation_record> conversation_by_id(conversation_id id) override;
std::optional<conversation_record> direct_conversation(user_id a, user_id b) override;
std::optional<conversation_record> room_by_name(std::string_view name) override;
std::vector<room_summary> rooms(std::string_view after, int limit) override;
void set_request_state(conversation_id id, request_state state) override;
bool encrypt_conversation(conversation_id c) override;

std::optional<member_record> member(conversation_id c, user_id u) override;
std::vector<member_record> members(conversation_id c) override;
std::vector<user_id> member_ids(conversation_id c) override;
// New members start with delivered and read seq 0. Adding a member twice
// throws failure (a caller's bug: it checks membership first).
void add_member(conversation_id c, user_id u, member_role role, unix_ms at, seq_t joined_seq) override;
void remove_member(conversation_id c, user_id u) override;
void set_member_role(conversation_id c, user_id u, member_role role) override;
std::optional<member_record> advance_receipts(conversation_id c, user_id u, seq_t delivered, seq_t read) override;
std::int64_t unread_count(conversation_id c, user_id u) override;
std::optional<conversation_summary> conversation_summary_of(conversation_id c, user_id u) override;
// Ties in latest activity go to the newer conversation.
std::vector<conversation_summary> conversations_of(user_id u) override;

// An entry of kind updated with a name or topic also renames the
// conversation or sets its topic. A message without client_msg_id is never
// taken for a retry. Throws failure when the conversation does not exist.
appended_entry append(const new_log_entry& e) override;
std::vector<message_append> append_messages(std::span<const new_message> messages) override;

// --- key_store ---
std::vector<device_record> devices_of(user_id u, int limit) override;
std::optional<device_record> device_of(user_id u, std::string_view device_id) override;
std::int64_t insert_device(const device_record& d) override;
void rename_device(user_id u, std::string_view device_id, std::string_view display_name) override;
int remove_devices_of_session(std::string_view family) override;
int add_one_time_keys(user_id u, std::string_view device_id, std::span<const device_key_record> keys) override;
int one_time_key_count(user_id u, std::string_view device_id) override;
void set_fallback_key(user_id u, std::string_view device_id, const device_key_record& key) override;
std::optional<claimed_key_record> claim_key(user_id u, std::string_view device_id) override;
key_owner_record key_owner(user_id u) override;
std::int64_t set_signing_key(user_id u, std::string_view ed25519) override;
bool sign_device_list(user_id u, std::int64_t version, std::string_view signature, std::string_view devices) override;
void erase_keys_of(user_id u) override;
std::optional<device_record> device_of_session(std::string_view family) override;
to_device_queued queue_to_device(const to_device_record& m, int max_queued) override;
std::vector<to_device_record> to_device_after(user_id u, std::string_view device_id, std::int64_t after,
                                              int limit) override;
int remove_to_device(user_id u, std::string_view device_id, std::int64_t up_to) override;
// --- end key_store ---
// --- key backup (<backend>_key_backup.cpp) ---
std::optional<key_backup_record> key_backup_of(user_id u) override;
std::int64_t create_key_backup(user_id u, std::string_view auth_data, unix_ms now) override;
bool delete_key_backup(user_id u, std::int64_t version) override;
key_backup_stored put_key_backup_entries(user_id u, std::int64_t version,
                                         std::span<const key_backup_entry_record> entries,
                                         std::int64_t max_entries) override;
std::vector<key_backup_entry_record> key_backup_entries_after(user_id u, std::int64_t version, std::string_view after,
                                                              int limit) override;
// --- end key backup ---

// --- media_store ---
media_record insert_media(const media_record& m) override;
std::optional<media_record> media_by_id(std::string_view id) override;
std::optional<media_record> media_by_upload_id(user_id owner, std::string_view upload_id) override;
bool media_readable(std::string_view id, user_id reader) override;
void mark_media_used(std::string_view id) override;
std::int64_t media_bytes_of(user_id owner) override;
bool claim_blob(std::string_view hash, std::int64_t size, unix_ms pinned_until) override;
void release_blob(std::string_view hash) override;
int delete_unused_media(unix_ms before, int limit) override;
std::vector<std::string> doom_unused_blobs(unix_ms now, unix_ms lease_until, int limit) override;
void forget_blobs(std::span<const std::string> hashes, unix_ms lease_until) override;
std::optional<message_record> message_by_id(message_id id) override;
void edit_message(message_id id, std::string_view text, unix_ms at) override;
void edit_envelope(message_id id, std::string_view envelope, unix_ms at) override;
void delete_message(message_id id, unix_ms at) override;
std::vector<log_entry> log_after(conversation_id c, seq_t after, int limit) override;
std::vector<log_entry> log_before(conversation_id c, seq_t before, int limit) override;
bool membership_changed(conversation_id c, seq_t after, seq_t before) override;
std::vector<membership_change> membership_changes_after(conversation_id c, seq_t after) override;
std::vector<message_hit> search_messages(const message_search_query& q) override;

bool add_invitation(conversation_id c, user_id u, user_id by, unix_ms at) override;
std::optional<invitation_record> invitation(conversation_id c, user_id u) override;
std::vector<invitation_record> invitations_of(user_id u) override;
void remove_invitation(conversation_id c, user_id u) override;
int decline_invitations_from(user_id u, user_id by, unix_ms at) override;
bool declined_invitation_from(user_id u, user_id by) override;

// --- threads ---
std::vector<thread_summary> thread_summaries(std::span<const message_id> roots) override;
std::vector<log_entry> thread_replies_before(conversation_id c, message_id root, seq_t before, int limit) override;
seq_t thread_read_seq(message_id root, user_id u) override;
void mark_thread_read(message_id root, user_id u, seq_t seq) override;
std::int64_t thread_unread(conversation_id c, message_id root, user_id u, seq_t after, std::int64_t cap) override;
// --- mentions ---
std::vector<member_record> members_named(conversation_id c, std::span<const std::string> usernames) override;
void set_mentions(const message_record& m, std::span<const mention_record> mentions) override;
std::vector<mention_record> mentions_on(std::span<const message_id> messages) override;
std::int64_t unread_mentions(conversation_id c, user_id u) override;
// --- reactions and pins ---
bool add_reaction(message_id m, user_id u, std::string_view emoji, unix_ms at) override;
bool remove_reaction(message_id m, user_id u, std::string_view emoji) override;
reaction_tally reaction_tally_of(message_id m, user_id u, std::string_view emoji) override;
std::vector<reaction_summary> reactions_on(std::span<const message_id> messages, int max_users) override;
bool pin_message(conversation_id c, message_id m, user_id by, unix_ms at) override;
bool unpin_message(conversation_id c, message_id m) override;
std::vector<pin_record> pins_of(conversation_id c, int limit) override;
// --- room moderation ---
bool add_sanction(const sanction_record& s) override;
bool remove_sanction(conversation_id c, user_id u, sanction_kind kind) override;
std::optional<sanction_record> sanction(conversation_id c, user_id u, sanction_kind kind) override;
std::vector<sanction_record> sanctions(conversation_id c, sanction_kind kind, int limit) override;
// --- end room moderation ---

bool add_contact(user_id owner, user_id contact) override;
bool remove_contact(user_id owner, user_id contact) override;
bool is_contact(user_id owner, user_id other) override;
// Ordered by username.
std::vector<user_record> contacts_of(user_id owner) override;
bool add_block(user_id blocker, user_id blocked) override;
bool remove_block(user_id blocker, user_id blocked) override;
bool is_blocked(user_id blocker, user_id blocked) override;
std::vector<user_id> presence_audience(user_id u) override;
std::vector<user_id> presence_visible_to(user_id v) override;
void set_last_seen(user_id u, unix_ms at) override;
std::optional<unix_ms> last_seen(user_id u) override;
