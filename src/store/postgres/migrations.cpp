#include "store/postgres/migrations.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <string>

#include "store/postgres/row_readers.hpp"

namespace natter::store::postgres {
namespace {

// Times are Unix milliseconds (bigint), ids bigint identities. Text that is
// compared or sorted (usernames, room names) is COLLATE "C": byte order, the
// same on every server whatever its locale, and what the SQLite backend does.
constexpr std::string_view v1_accounts = R"sql(
CREATE TABLE users (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email         text   NOT NULL,
  -- ASCII-lowered email: the uniqueness key, so that Bob@x and bob@x collide.
  email_lower   text   NOT NULL CONSTRAINT users_email_lower_key UNIQUE,
  username      text   COLLATE "C" NOT NULL CONSTRAINT users_username_key UNIQUE,  -- stored lower case
  display_name  text   NOT NULL DEFAULT '',
  bio           text   NOT NULL DEFAULT '',
  password_hash text   NOT NULL,
  created_at    bigint NOT NULL
);

CREATE TABLE refresh_tokens (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  family     text   NOT NULL,  -- shared by every rotation of one login
  token_hash text   NOT NULL UNIQUE,
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  rotated_at bigint,
  revoked_at bigint
);
CREATE INDEX refresh_tokens_by_family ON refresh_tokens (family);
CREATE INDEX refresh_tokens_by_user ON refresh_tokens (user_id);

-- user_id is deliberately not a foreign key: the audit trail outlives accounts.
CREATE TABLE audit_events (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  occurred_at bigint NOT NULL,
  user_id     bigint,
  kind        text   NOT NULL,
  remote_addr text   NOT NULL DEFAULT '',
  detail      text   NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_by_user ON audit_events (user_id, id);
CREATE INDEX audit_events_by_kind ON audit_events (kind, id);
)sql";

// Conversations are logs: every entry takes the conversation's next seq
// (last_seq + 1, kept on the conversation row: the UPDATE that raises it also
// locks the row, which is what serialises the writers of one conversation
// across nodes). A message's id is its log row's id, and its row holds the
// message as it stands now; edits and deletions are entries of their own that
// point at it through target_id.
constexpr std::string_view v2_conversations = R"sql(
ALTER TABLE users ADD COLUMN last_seen_at bigint;  -- when the user last went offline

CREATE TABLE conversations (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind          text   NOT NULL CHECK (kind IN ('direct', 'group', 'room')),
  name          text   COLLATE "C" NOT NULL DEFAULT '',
  topic         text   NOT NULL DEFAULT '',
  last_seq      bigint NOT NULL DEFAULT 0,
  created_at    bigint NOT NULL,
  -- Direct chats only: '<smaller user id>:<larger user id>', one chat per pair.
  direct_key    text   CONSTRAINT conversations_direct_key UNIQUE,
  request_state text   NOT NULL DEFAULT 'none' CHECK (request_state IN ('none', 'pending', 'declined')),
  requested_by  bigint REFERENCES users (id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX conversations_room_name ON conversations (name) WHERE kind = 'room';

CREATE TABLE conversation_members (
  conversation_id bigint NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  user_id         bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role            text   NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
  joined_at       bigint NOT NULL,
  delivered_seq   bigint NOT NULL DEFAULT 0,
  read_seq        bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (conversation_id, user_id)
);
CREATE INDEX conversation_members_by_user ON conversation_members (user_id);

CREATE TABLE conversation_log (
  id              bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  conversation_id bigint  NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  seq             bigint  NOT NULL,
  kind            text    NOT NULL
                  CHECK (kind IN ('message', 'edit', 'deletion', 'member_joined', 'member_left', 'updated')),
  actor_id        bigint  NOT NULL REFERENCES users (id),
  occurred_at     bigint  NOT NULL,
  text            text    NOT NULL DEFAULT '',  -- message: current text; edit: the text it set
  client_msg_id   text,                         -- message: the sender's idempotency key
  reply_to        bigint,                       -- message: the id of the message it answers
  target_id       bigint,                       -- edit, deletion: the message's id
  subject_id      bigint,                       -- membership and role changes: whom they concern
  role            text    NOT NULL DEFAULT '',
  new_name        text,
  new_topic       text,
  edited_at       bigint,                       -- message: its last edit
  deleted         boolean NOT NULL DEFAULT false,  -- message: true once deleted (text is then '')
  CONSTRAINT conversation_log_seq UNIQUE (conversation_id, seq)
);
-- A retried send with the same key finds the first one instead of storing a second.
CREATE UNIQUE INDEX conversation_log_client_msg_id ON conversation_log (actor_id, client_msg_id)
  WHERE kind = 'message';
-- The latest message and the unread count of each conversation.
CREATE INDEX conversation_log_messages ON conversation_log (conversation_id, seq) WHERE kind = 'message';

-- created_at is set by the database: the interface passes no time for these,
-- and they are kept only to answer "since when" by hand.
CREATE TABLE contacts (
  owner_id   bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  contact_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at bigint NOT NULL DEFAULT (floor(extract(epoch FROM clock_timestamp()) * 1000)),
  PRIMARY KEY (owner_id, contact_id)
);
CREATE INDEX contacts_by_contact ON contacts (contact_id);

CREATE TABLE blocks (
  blocker_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  blocked_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at bigint NOT NULL DEFAULT (floor(extract(epoch FROM clock_timestamp()) * 1000)),
  PRIMARY KEY (blocker_id, blocked_id)
);
)sql";

// An invitation to a group: a row until accepted (then deleted, and the user
// joins); a declined one stays, so that it cannot be sent again.
constexpr std::string_view v3_group_invitations = R"sql(
CREATE TABLE group_invitations (
  conversation_id bigint NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  user_id         bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  invited_by      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  invited_at      bigint NOT NULL,
  declined_at     bigint,
  PRIMARY KEY (conversation_id, user_id)
);
CREATE INDEX group_invitations_by_user ON group_invitations (user_id, invited_by);
)sql";

// The first seq each member receives (see member_record::joined_seq). Members
// from before get the seq of their latest join entry (0 without one: the two
// people of a direct chat, who are there from its first message).
constexpr std::string_view v4_member_joined_seq = R"sql(
ALTER TABLE conversation_members ADD COLUMN joined_seq bigint NOT NULL DEFAULT 0;
UPDATE conversation_members m SET joined_seq = j.seq
  FROM (SELECT conversation_id, subject_id, max(seq) AS seq FROM conversation_log
        WHERE kind = 'member_joined' GROUP BY conversation_id, subject_id) AS j
  WHERE j.conversation_id = m.conversation_id AND j.subject_id = m.user_id;
)sql";

// Unread counts at a constant cost, as in the SQLite schema (its migration 5
// says what each counter holds): unread = message_count - read_message_count
// - own_or_deleted_after_read. Existing data is counted once, here.
constexpr std::string_view v5_unread_counters = R"sql(
ALTER TABLE conversations ADD COLUMN message_count bigint NOT NULL DEFAULT 0;
ALTER TABLE conversation_log ADD COLUMN message_count bigint NOT NULL DEFAULT 0;
ALTER TABLE conversation_members ADD COLUMN read_message_count bigint NOT NULL DEFAULT 0;
ALTER TABLE conversation_members ADD COLUMN own_or_deleted_after_read bigint NOT NULL DEFAULT 0;

-- Every row of the log is written again: its secondary indexes are built
-- afresh afterwards instead of being updated row by row (half the time on a
-- log of millions of entries).
ALTER TABLE conversation_log DROP CONSTRAINT conversation_log_seq;
DROP INDEX conversation_log_client_msg_id;
DROP INDEX conversation_log_messages;
UPDATE conversation_log l SET message_count = n.messages
  FROM (SELECT id, count(*) FILTER (WHERE kind = 'message') OVER (PARTITION BY conversation_id ORDER BY seq)
          AS messages
        FROM conversation_log) AS n
  WHERE n.id = l.id AND n.messages <> 0;
ALTER TABLE conversation_log ADD CONSTRAINT conversation_log_seq UNIQUE (conversation_id, seq);
CREATE UNIQUE INDEX conversation_log_client_msg_id ON conversation_log (actor_id, client_msg_id)
  WHERE kind = 'message';
CREATE INDEX conversation_log_messages ON conversation_log (conversation_id, seq) WHERE kind = 'message';
UPDATE conversations c SET message_count = l.message_count
  FROM conversation_log l WHERE l.conversation_id = c.id AND l.seq = c.last_seq;
UPDATE conversation_members m SET read_message_count = l.message_count
  FROM conversation_log l WHERE l.conversation_id = m.conversation_id AND l.seq = m.read_seq;
CREATE INDEX conversation_log_messages_by_sender ON conversation_log (conversation_id, actor_id, seq)
  WHERE kind = 'message';
CREATE INDEX conversation_log_deleted_messages ON conversation_log (conversation_id, seq)
  WHERE kind = 'message' AND deleted;
UPDATE conversation_members m SET own_or_deleted_after_read =
    (SELECT count(*) FROM conversation_log l WHERE l.conversation_id = m.conversation_id
       AND l.kind = 'message' AND l.actor_id = m.user_id AND l.seq > m.read_seq)
    + (SELECT count(*) FROM conversation_log l WHERE l.conversation_id = m.conversation_id
       AND l.kind = 'message' AND l.deleted AND l.actor_id <> m.user_id AND l.seq > m.read_seq);
ANALYZE conversation_log;
)sql";

// Joins and leaves of a conversation, found without reading its messages:
// the audience checks of a send (membership_changed) and of a catch-up
// (membership_changes_after) cost what the membership changes do, not what
// the log holds.
constexpr std::string_view v6_membership_index = R"sql(
CREATE INDEX conversation_log_membership ON conversation_log (conversation_id, seq)
  WHERE kind IN ('member_joined', 'member_left');
)sql";

// Media: as in the SQLite store's migration 7, plus the blobs' bytes, in
// chunks of 256 KiB, so that every node serves every blob.
constexpr std::string_view v7_media = R"sql(
ALTER TABLE users ADD COLUMN avatar text;
CREATE INDEX users_by_avatar ON users (avatar) WHERE avatar IS NOT NULL;
ALTER TABLE conversation_log ADD COLUMN attachments text;

CREATE TABLE media (
  id               text    PRIMARY KEY,
  owner_id         bigint  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind             text    NOT NULL CHECK (kind IN ('image', 'file', 'avatar')),
  name             text    NOT NULL,
  mime             text    NOT NULL,
  size             bigint  NOT NULL,
  blob             text    NOT NULL,
  thumbnail_blob   text,
  thumbnail_mime   text    NOT NULL DEFAULT '',
  thumbnail_size   bigint  NOT NULL DEFAULT 0,
  width            integer NOT NULL DEFAULT 0,
  height           integer NOT NULL DEFAULT 0,
  thumbnail_width  integer NOT NULL DEFAULT 0,
  thumbnail_height integer NOT NULL DEFAULT 0,
  colour           text    NOT NULL DEFAULT '',
  upload_id        text,
  created_at       bigint  NOT NULL,
  used             boolean NOT NULL DEFAULT false  -- once attached or set as an avatar
);
CREATE UNIQUE INDEX media_by_upload_id ON media (owner_id, upload_id) WHERE upload_id IS NOT NULL;
CREATE INDEX media_by_blob ON media (blob);
CREATE INDEX media_by_thumbnail_blob ON media (thumbnail_blob) WHERE thumbnail_blob IS NOT NULL;
CREATE INDEX media_by_created_at ON media (created_at);

CREATE TABLE media_refs (
  media_id        text   NOT NULL,
  message_id      bigint NOT NULL,
  conversation_id bigint NOT NULL,
  PRIMARY KEY (media_id, message_id)
);
CREATE INDEX media_refs_by_message ON media_refs (message_id);

CREATE TABLE blobs (
  hash         text   PRIMARY KEY,
  size         bigint NOT NULL,
  state        text   NOT NULL DEFAULT 'live' CHECK (state IN ('live', 'freeing')),
  pins         integer NOT NULL DEFAULT 0,  -- uploads between claiming it and recording their media
  pinned_until bigint NOT NULL              -- pins of uploads that stopped halfway end then
);

CREATE TABLE blob_chunks (
  hash text    NOT NULL,
  n    integer NOT NULL,
  data bytea   NOT NULL,
  PRIMARY KEY (hash, n)
);
)sql";

// Group avatars: the conversation's current one, and an updated entry's
// change of it (NULL: unchanged; '': removed).
constexpr std::string_view v8_group_avatars = R"sql(
ALTER TABLE conversations ADD COLUMN avatar text;
CREATE INDEX conversations_by_avatar ON conversations (avatar) WHERE avatar IS NOT NULL;
ALTER TABLE conversation_log ADD COLUMN new_avatar text;
)sql";

// Password resets: a mailed token (stored hashed) that works once.
constexpr std::string_view v9_password_resets = R"sql(
CREATE TABLE password_resets (
  token_hash text   PRIMARY KEY,
  user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  used_at    bigint
);
CREATE INDEX password_resets_by_user ON password_resets (user_id);
CREATE INDEX password_resets_by_expiry ON password_resets (expires_at);
)sql";

// Sessions as their owners see them: where each refresh token was issued.
constexpr std::string_view v10_session_origins = R"sql(
ALTER TABLE refresh_tokens ADD COLUMN user_agent text NOT NULL DEFAULT '';
ALTER TABLE refresh_tokens ADD COLUMN remote_addr text NOT NULL DEFAULT '';
CREATE INDEX refresh_tokens_current_by_user ON refresh_tokens (user_id) WHERE revoked_at IS NULL AND rotated_at IS NULL;
)sql";

// Deleted accounts: when (the row stays as a tombstone), and the usernames
// they leave, reserved for a while.
constexpr std::string_view v11_account_deletion = R"sql(
ALTER TABLE users ADD COLUMN deleted_at bigint;
CREATE TABLE reserved_usernames (
  username text    PRIMARY KEY,
  until    bigint NOT NULL
);
)sql";

// --- administration (migration 12) ---
// Server administrators, disabled accounts, invitations to register on an
// invite-only server (codes stored hashed, like refresh tokens), and deleted
// rooms.
constexpr std::string_view v12_administration = R"sql(
ALTER TABLE users ADD COLUMN admin_since bigint;
ALTER TABLE users ADD COLUMN disabled_at bigint;
-- created_by and used_by are not foreign keys: like the audit log, invites
-- outlive the accounts that made and used them.
CREATE TABLE invites (
  id         text    PRIMARY KEY,
  code_hash  text    NOT NULL UNIQUE,
  created_by bigint,
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  used_at    bigint,
  used_by    bigint,
  revoked_at bigint
);
CREATE INDEX invites_by_created_at ON invites (created_at);
-- Rooms an operator deleted: kept (their log stays), unlisted, their name free.
ALTER TABLE conversations ADD COLUMN deleted_at bigint;
DROP INDEX conversations_room_name;
CREATE UNIQUE INDEX conversations_room_name ON conversations (name) WHERE kind = 'room' AND deleted_at IS NULL;
)sql";
// --- end administration ---

// --- migration 13: room moderation ---
// Bans and mutes of users in rooms (they outlive the membership), and the
// moderation action and reason of a log entry (member_left: a kick or ban;
// updated: unban, mute, unmute, topic).
constexpr std::string_view v13_room_moderation = R"sql(
CREATE TABLE room_sanctions (
  conversation_id bigint NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  user_id         bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind            text   NOT NULL CHECK (kind IN ('ban', 'mute')),
  by_id           bigint NOT NULL,  -- the moderator; not a foreign key: the record outlives their account
  created_at      bigint NOT NULL,
  reason          text   NOT NULL DEFAULT '',
  PRIMARY KEY (conversation_id, user_id, kind)
);
CREATE INDEX room_sanctions_by_user ON room_sanctions (user_id);
ALTER TABLE conversation_log ADD COLUMN moderation text NOT NULL DEFAULT '';
ALTER TABLE conversation_log ADD COLUMN reason text NOT NULL DEFAULT '';
)sql";
// --- end migration 13 ---

// Email confirmations: a mailed token (stored hashed) that confirms an
// address, new or current, once; and whether the current one is confirmed.
constexpr std::string_view v14_email_confirmations = R"sql(
ALTER TABLE users ADD COLUMN email_verified_at bigint;
CREATE TABLE email_confirmations (
  token_hash text   PRIMARY KEY,
  user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  email      text   NOT NULL,
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  used_at    bigint
);
CREATE INDEX email_confirmations_by_user ON email_confirmations (user_id);
CREATE INDEX email_confirmations_by_expiry ON email_confirmations (expires_at);
)sql";

// --- migration 15: reactions, pins, forwards ---
// Reactions to messages and pinned messages (their changes are logged as
// `updated` entries: store/conversation_records.hpp), and where a forwarded
// message came from (the original's sender and time, never its conversation).
constexpr std::string_view v15_reactions_pins_forwards = R"sql(
CREATE TABLE message_reactions (
  message_id bigint NOT NULL REFERENCES conversation_log (id) ON DELETE CASCADE,
  user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  emoji      text   NOT NULL,
  reacted_at bigint NOT NULL,
  PRIMARY KEY (message_id, emoji, user_id)
);
CREATE INDEX message_reactions_by_user ON message_reactions (message_id, user_id);
CREATE TABLE pinned_messages (
  conversation_id bigint NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  message_id      bigint NOT NULL REFERENCES conversation_log (id) ON DELETE CASCADE,
  pinned_by       bigint NOT NULL REFERENCES users (id),
  pinned_at       bigint NOT NULL,
  PRIMARY KEY (conversation_id, message_id)
);
ALTER TABLE conversation_log ADD COLUMN forwarded_sender text;
ALTER TABLE conversation_log ADD COLUMN forwarded_at bigint;
)sql";
// --- end migration 15 ---

// --- migration 16: message search ---
// The words of each message's current text as a tsvector column the
// database keeps itself (generated, so every insert, edit and deletion
// updates it in its own statement), under a GIN index of messages.
// 'simple': lower-cased words, no stemming and no stop words, the same for
// every language a chat mixes. Rewrites conversation_log once.
constexpr std::string_view v16_message_search = R"sql(
ALTER TABLE conversation_log ADD COLUMN search_words tsvector
  GENERATED ALWAYS AS (CASE WHEN kind = 'message' AND NOT deleted THEN to_tsvector('simple'::regconfig, text) END)
  STORED;
CREATE INDEX conversation_log_search ON conversation_log USING gin (search_words) WHERE kind = 'message';
)sql";
// --- end migration 16 ---

// --- migration 17: people ---
// People: the status each user chose (presence.set), kept across sessions;
// and who freed a reserved username by a rename (they may take it back).
constexpr std::string_view v17_people = R"sql(
ALTER TABLE users ADD COLUMN chosen_status text NOT NULL DEFAULT 'online'
  CHECK (chosen_status IN ('online', 'away', 'busy', 'invisible'));
ALTER TABLE reserved_usernames ADD COLUMN freed_by bigint;
)sql";
// --- end migration 17 ---

// --- migration 18: mentions ---
// Whom each message mentions (user 0: everyone, for @room and @here), with
// the message's conversation, seq and sender copied in so that a member's
// unread mentions are one range of the (user, conversation, seq) index.
constexpr std::string_view v18_mentions = R"sql(
CREATE TABLE message_mentions (
  message_id      bigint NOT NULL REFERENCES conversation_log (id) ON DELETE CASCADE,
  user_id         bigint NOT NULL,
  conversation_id bigint NOT NULL,
  seq             bigint NOT NULL,
  sender_id       bigint NOT NULL,
  ordinal         integer NOT NULL,
  username        text   NOT NULL,
  PRIMARY KEY (message_id, user_id)
);
CREATE INDEX message_mentions_unread ON message_mentions (user_id, conversation_id, seq);
)sql";
// --- end migration 18 ---

// --- migration 19: threads ---
// A reply in a thread names its root message (thread_id) and takes the
// conversation's next seq like every message; the partial index pages a
// thread's replies and counts its unread ones at the cost of what is read.
// message_threads keeps each root's reply count and last reply, raised by
// the send that appends a reply; thread_reads is each reader's read mark
// in a thread (a seq of the conversation).
constexpr std::string_view v19_threads = R"sql(
ALTER TABLE conversation_log ADD COLUMN thread_id bigint;
CREATE INDEX conversation_log_threads ON conversation_log (conversation_id, thread_id, seq)
  WHERE thread_id IS NOT NULL;
CREATE TABLE message_threads (
  root_id         bigint PRIMARY KEY REFERENCES conversation_log (id) ON DELETE CASCADE,
  conversation_id bigint NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  reply_count     bigint NOT NULL,
  last_reply_seq  bigint NOT NULL,
  last_reply_at   bigint NOT NULL
);
CREATE TABLE thread_reads (
  root_id  bigint NOT NULL REFERENCES conversation_log (id) ON DELETE CASCADE,
  user_id  bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  read_seq bigint NOT NULL,
  PRIMARY KEY (root_id, user_id)
);
)sql";
// --- end migration 19 ---

// --- migration 20: end-to-end encryption keys ---
// The key directory (core::e2ee_keys): public keys only. e2ee_key_owners
// holds each user's self-signing key, the version of their device list and
// the owner's signature over one version of it; a device is bound to the
// session (refresh family) that uploaded it, and one-time keys go with
// their device.
constexpr std::string_view v20_e2ee_keys = R"sql(
CREATE TABLE e2ee_key_owners (
  user_id        bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  signing_key    text   NOT NULL,
  list_version   bigint NOT NULL,
  signed_version bigint NOT NULL,
  list_signature text   NOT NULL,
  signed_devices text   NOT NULL
);
CREATE TABLE e2ee_devices (
  user_id            bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  device_id          text   NOT NULL,
  session_family     text   NOT NULL,
  curve25519         text   NOT NULL,
  ed25519            text   NOT NULL,
  signature          text   NOT NULL,
  display_name       text   NOT NULL,
  created_at         bigint NOT NULL,
  fallback_key_id    text,
  fallback_key       text,
  fallback_signature text,
  PRIMARY KEY (user_id, device_id)
);
CREATE INDEX e2ee_devices_session ON e2ee_devices (session_family);
CREATE TABLE e2ee_one_time_keys (
  user_id    bigint NOT NULL,
  device_id  text   NOT NULL,
  key_id     text   NOT NULL,
  curve25519 text   NOT NULL,
  signature  text   NOT NULL,
  PRIMARY KEY (user_id, device_id, key_id),
  FOREIGN KEY (user_id, device_id) REFERENCES e2ee_devices (user_id, device_id) ON DELETE CASCADE
);
)sql";
// --- end migration 20 ---

// --- migration 21: device-to-device messages ---
// Olm envelopes from one device to another (group keys, key requests), kept
// until the recipient device acknowledges them; they go with the device.
constexpr std::string_view v21_to_device = R"sql(
CREATE TABLE e2ee_to_device (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id       bigint NOT NULL,
  device_id     text   NOT NULL,
  sender_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  sender_device text   NOT NULL,
  envelope      text   NOT NULL,
  created_at    bigint NOT NULL,
  FOREIGN KEY (user_id, device_id) REFERENCES e2ee_devices (user_id, device_id) ON DELETE CASCADE
);
CREATE INDEX e2ee_to_device_by_device ON e2ee_to_device (user_id, device_id, id);
)sql";
// --- end migration 21 ---

// --- migration 22: end-to-end encrypted conversations ---
// A conversation's flag (turned on by conversation.encrypt or by a first
// encrypted message, never off), and each encrypted message's envelope: the
// client's JSON, kept as sent (the server does not read it). An encrypted
// message has no text, so the search index gets nothing of it.
constexpr std::string_view v22_encrypted_conversations = R"sql(
ALTER TABLE conversations ADD COLUMN encrypted boolean NOT NULL DEFAULT false;
ALTER TABLE conversation_log ADD COLUMN envelope text;
)sql";
// --- end migration 22 ---

// --- migration 23: key backup ---
// Each user's current key backup (core::e2ee_backup): what the client
// published with it (auth_data: salt, Argon2 parameters, a check value) and
// the group session keys it sealed, one entry per session, unreadable to the
// server. A deleted backup keeps its row without auth_data, so that its
// version number is never given out again. Entries are paged by session_id
// in byte order.
constexpr std::string_view v23_key_backup = R"sql(
CREATE TABLE e2ee_backups (
  user_id     bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  version     bigint NOT NULL,
  auth_data   text,
  entry_count bigint NOT NULL DEFAULT 0,
  etag        bigint NOT NULL DEFAULT 0,
  created_at  bigint NOT NULL
);
CREATE TABLE e2ee_backup_keys (
  user_id    bigint NOT NULL REFERENCES e2ee_backups (user_id) ON DELETE CASCADE,
  version    bigint NOT NULL,
  session_id text   COLLATE "C" NOT NULL,
  data       text   NOT NULL,
  PRIMARY KEY (user_id, session_id)
);
)sql";
// --- end migration 23 ---

// --- migration 24: device message ids are never given out twice ---
// SQLite's table is rebuilt with AUTOINCREMENT here; the identity column
// above never goes back, so PostgreSQL only records the version (one schema
// numbering for every store).
constexpr std::string_view v24_to_device_ids = "SELECT 1";
// --- end migration 24 ---

constexpr std::array migrations{
    migration{1, "accounts, refresh tokens, audit events", v1_accounts},
    migration{2, "conversations, members, logs, contacts, blocks, last seen", v2_conversations},
    migration{3, "group invitations", v3_group_invitations},
    migration{4, "the seq each member joined at", v4_member_joined_seq},
    migration{5, "unread counters", v5_unread_counters},
    migration{6, "an index of joins and leaves", v6_membership_index},
    migration{7, "media, blobs, attachments, avatars", v7_media},
    migration{8, "group avatars", v8_group_avatars},
    migration{9, "password resets", v9_password_resets},
    migration{10, "where sessions come from", v10_session_origins},
    migration{11, "account deletion", v11_account_deletion},
    migration{12, "server administrators, disabled accounts, invites, deleted rooms", v12_administration},
    migration{13, "room moderation: bans, mutes, moderation entries", v13_room_moderation},
    migration{14, "email confirmations", v14_email_confirmations},
    migration{15, "reactions, pins, forwards", v15_reactions_pins_forwards},
    migration{16, "message search", v16_message_search},
    migration{17, "chosen status, usernames freed by renames", v17_people},
    migration{18, "mentions", v18_mentions},
    migration{19, "threads", v19_threads},
    migration{20, "end-to-end encryption keys", v20_e2ee_keys},
    migration{21, "device-to-device messages", v21_to_device},
    migration{22, "end-to-end encrypted conversations", v22_encrypted_conversations},
    migration{23, "key backup", v23_key_backup},
    migration{24, "device message ids never reused", v24_to_device_ids},
};

constexpr bool numbered_without_gaps() {
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version != static_cast<int>(i) + 1) return false;
  }
  return true;
}
static_assert(numbered_without_gaps(), "migration versions must be 1, 2, 3, ... in order");

// Held until the migrating transaction ends. One key for the whole database:
// deployments in different schemas of one database merely take turns.
const std::string take_migration_lock = "SELECT pg_advisory_xact_lock(7237692377541820161)";

const std::string create_version_table = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version    integer PRIMARY KEY,
  name       text    NOT NULL,
  applied_at bigint  NOT NULL
))sql";

const statement record_version{"record_migration",
                               "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)"};

std::int64_t now_ms() {
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch).count();
}

// Applies what list has beyond the database's version; the caller holds the
// transaction and the lock.
int apply_pending(connection& c, std::span<const migration> list) {
  const int newest_known = list.empty() ? 0 : list.back().version;
  const int found = schema_version(c);
  if (found > newest_known) {
    throw failure("postgres: database schema version " + std::to_string(found) +
                  " is newer than this build supports (" + std::to_string(newest_known) + ")");
  }
  int applied = 0;
  for (const migration& m : list) {
    if (m.version <= found) continue;
    try {
      c.exec_unprepared(std::string(m.sql));
      c.exec(record_version, m.version, m.name, now_ms());
    } catch (const failure& e) {
      throw failure("postgres: migration " + std::to_string(m.version) + " (" + std::string(m.name) +
                    ") failed: " + e.what());
    }
    ++applied;
  }
  return applied;
}

}  // namespace

std::span<const migration> all_migrations() noexcept {
  return migrations;
}

int schema_version(connection& c) {
  const pqxx::result table = c.exec_unprepared("SELECT to_regclass('schema_migrations') IS NOT NULL");
  if (!table[0][0].as<bool>()) return 0;
  const pqxx::result newest = c.exec_unprepared("SELECT coalesce(max(version), 0) FROM schema_migrations");
  return static_cast<int>(int_at(newest[0], 0));
}

int apply_migrations(connection& c, std::span<const migration> list) {
  c.begin("BEGIN");
  int applied = 0;
  try {
    c.exec_unprepared(take_migration_lock);
    c.exec_unprepared(create_version_table);
    applied = apply_pending(c, list);
    c.commit();
  } catch (...) {
    try {
      c.rollback();
    } catch (const std::exception&) {  // the first error says more
    }
    throw;
  }
  if (applied > 0)
    spdlog::info("store: applied {} postgres migration(s), now at version {}", applied, list.back().version);
  return applied;
}

}  // namespace natter::store::postgres
