#include "store/sqlite/migrations.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <spdlog/spdlog.h>
#include <array>
#include <chrono>
#include <cstdint>
#include <string>

#include "store/store.hpp"

namespace natter::store::sqlite {
namespace {

// Tables are STRICT so that a value of the wrong type is an error instead of
// being stored as whatever SQLite makes of it. Times are Unix milliseconds.
constexpr std::string_view v1_accounts = R"sql(
CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  email         TEXT    NOT NULL,
  -- ASCII-lowered email: the uniqueness key, so that Bob@x and bob@x collide.
  email_lower   TEXT    NOT NULL UNIQUE,
  username      TEXT    NOT NULL UNIQUE,  -- stored lower case
  display_name  TEXT    NOT NULL DEFAULT '',
  bio           TEXT    NOT NULL DEFAULT '',
  password_hash TEXT    NOT NULL,
  created_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE refresh_tokens (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  family     TEXT    NOT NULL,  -- shared by every rotation of one login
  token_hash TEXT    NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  rotated_at INTEGER,
  revoked_at INTEGER
) STRICT;
CREATE INDEX refresh_tokens_by_family ON refresh_tokens (family);
CREATE INDEX refresh_tokens_by_user ON refresh_tokens (user_id);

-- user_id is deliberately not a foreign key: the audit trail outlives accounts.
CREATE TABLE audit_events (
  id          INTEGER PRIMARY KEY,
  occurred_at INTEGER NOT NULL,
  user_id     INTEGER,
  kind        TEXT    NOT NULL,
  remote_addr TEXT    NOT NULL DEFAULT '',
  detail      TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX audit_events_by_user ON audit_events (user_id, id);
CREATE INDEX audit_events_by_kind ON audit_events (kind, id);
)sql";

// Conversations are logs: every entry takes the conversation's next seq
// (last_seq + 1, kept on the conversation row so that the next seq is one
// UPDATE away). A message's id is its log row's id, and its row holds the
// message as it stands now (edited text, or deleted); edits and deletions
// are entries of their own that point at it through target_id.
constexpr std::string_view v2_conversations = R"sql(
ALTER TABLE users ADD COLUMN last_seen_at INTEGER;  -- when the user last went offline

CREATE TABLE conversations (
  id            INTEGER PRIMARY KEY,
  kind          TEXT    NOT NULL CHECK (kind IN ('direct', 'group', 'room')),
  name          TEXT    NOT NULL DEFAULT '',
  topic         TEXT    NOT NULL DEFAULT '',
  last_seq      INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL,
  -- Direct chats only: '<smaller user id>:<larger user id>', one chat per pair.
  direct_key    TEXT    UNIQUE,
  request_state TEXT    NOT NULL DEFAULT 'none' CHECK (request_state IN ('none', 'pending', 'declined')),
  requested_by  INTEGER REFERENCES users (id) ON DELETE SET NULL
) STRICT;
CREATE UNIQUE INDEX conversations_room_name ON conversations (name) WHERE kind = 'room';

CREATE TABLE conversation_members (
  conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role            TEXT    NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
  joined_at       INTEGER NOT NULL,
  delivered_seq   INTEGER NOT NULL DEFAULT 0,
  read_seq        INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (conversation_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX conversation_members_by_user ON conversation_members (user_id);

CREATE TABLE conversation_log (
  id              INTEGER PRIMARY KEY,
  conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  seq             INTEGER NOT NULL,
  kind            TEXT    NOT NULL
                  CHECK (kind IN ('message', 'edit', 'deletion', 'member_joined', 'member_left', 'updated')),
  actor_id        INTEGER NOT NULL REFERENCES users (id),
  occurred_at     INTEGER NOT NULL,
  text            TEXT    NOT NULL DEFAULT '',  -- message: current text; edit: the text it set
  client_msg_id   TEXT,                         -- message: the sender's idempotency key
  reply_to        INTEGER,                      -- message: the id of the message it answers
  target_id       INTEGER,                      -- edit, deletion: the message's id
  subject_id      INTEGER,                      -- membership and role changes: whom they concern
  role            TEXT    NOT NULL DEFAULT '',
  new_name        TEXT,
  new_topic       TEXT,
  edited_at       INTEGER,                      -- message: its last edit
  deleted         INTEGER NOT NULL DEFAULT 0,   -- message: 1 once deleted (text is then '')
  UNIQUE (conversation_id, seq)
) STRICT;
-- A retried send with the same key finds the first one instead of storing a second.
CREATE UNIQUE INDEX conversation_log_client_msg_id ON conversation_log (actor_id, client_msg_id)
  WHERE kind = 'message';
-- The latest message and the unread count of each conversation.
CREATE INDEX conversation_log_messages ON conversation_log (conversation_id, seq) WHERE kind = 'message';

-- created_at is set by the database: the interface passes no time for these,
-- and they are kept only to answer "since when" by hand.
CREATE TABLE contacts (
  owner_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  contact_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL DEFAULT (CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)),
  PRIMARY KEY (owner_id, contact_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX contacts_by_contact ON contacts (contact_id);

CREATE TABLE blocks (
  blocker_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  blocked_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL DEFAULT (CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)),
  PRIMARY KEY (blocker_id, blocked_id)
) STRICT, WITHOUT ROWID;
)sql";

// An invitation to a group: a row until accepted (then deleted, and the user
// joins); a declined one stays, so that it cannot be sent again.
constexpr std::string_view v3_group_invitations = R"sql(
CREATE TABLE group_invitations (
  conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  invited_by      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  invited_at      INTEGER NOT NULL,
  declined_at     INTEGER,
  PRIMARY KEY (conversation_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX group_invitations_by_user ON group_invitations (user_id, invited_by);
)sql";

// The first seq each member receives (see member_record::joined_seq). Members
// from before get the seq of their latest join entry (0 without one: the two
// people of a direct chat, who are there from its first message).
constexpr std::string_view v4_member_joined_seq = R"sql(
ALTER TABLE conversation_members ADD COLUMN joined_seq INTEGER NOT NULL DEFAULT 0;
UPDATE conversation_members SET joined_seq = j.seq
  FROM (SELECT conversation_id, subject_id, max(seq) AS seq FROM conversation_log
        WHERE kind = 'member_joined' GROUP BY conversation_id, subject_id) AS j
  WHERE j.conversation_id = conversation_members.conversation_id AND j.subject_id = conversation_members.user_id;
)sql";

// Unread counts at a constant cost (docs/architecture.md, "Unread counts").
// Counters kept with every change instead of a count over the log:
// - conversations.message_count: messages ever appended (deleted ones too);
// - conversation_log.message_count: the conversation's message_count once
//   this entry was appended, i.e. how many messages have seq <= its seq;
// - conversation_members.read_message_count: message_count at read_seq;
// - conversation_members.own_or_deleted_after_read: messages after read_seq
//   that are the member's own or deleted (each counted once).
// Then unread = message_count - read_message_count - own_or_deleted_after_read.
// Existing data is counted once, here; the two indexes keep the counts
// that remain (own messages, deleted ones) proportional to what they count.
constexpr std::string_view v5_unread_counters = R"sql(
ALTER TABLE conversations ADD COLUMN message_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversation_log ADD COLUMN message_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversation_members ADD COLUMN read_message_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversation_members ADD COLUMN own_or_deleted_after_read INTEGER NOT NULL DEFAULT 0;

UPDATE conversation_log SET message_count = n.messages
  FROM (SELECT id, sum(kind = 'message') OVER (PARTITION BY conversation_id ORDER BY seq) AS messages
        FROM conversation_log) AS n
  WHERE n.id = conversation_log.id;
UPDATE conversations SET message_count = coalesce(
  (SELECT message_count FROM conversation_log l WHERE l.conversation_id = conversations.id AND l.seq = last_seq), 0);
UPDATE conversation_members SET read_message_count = coalesce((SELECT message_count FROM conversation_log l
  WHERE l.conversation_id = conversation_members.conversation_id AND l.seq = conversation_members.read_seq), 0);
CREATE INDEX conversation_log_messages_by_sender ON conversation_log (conversation_id, actor_id, seq)
  WHERE kind = 'message';
CREATE INDEX conversation_log_deleted_messages ON conversation_log (conversation_id, seq)
  WHERE kind = 'message' AND deleted = 1;
UPDATE conversation_members SET own_or_deleted_after_read =
    (SELECT count(*) FROM conversation_log l WHERE l.conversation_id = conversation_members.conversation_id
       AND l.kind = 'message' AND l.actor_id = conversation_members.user_id AND l.seq > conversation_members.read_seq)
    + (SELECT count(*) FROM conversation_log l WHERE l.conversation_id = conversation_members.conversation_id
       AND l.kind = 'message' AND l.deleted = 1 AND l.actor_id <> conversation_members.user_id
       AND l.seq > conversation_members.read_seq);
)sql";

// Joins and leaves of a conversation, found without reading its messages:
// the audience checks of a send (membership_changed) and of a catch-up
// (membership_changes_after) cost what the membership changes do, not what
// the log holds.
constexpr std::string_view v6_membership_index = R"sql(
CREATE INDEX conversation_log_membership ON conversation_log (conversation_id, seq)
  WHERE kind IN ('member_joined', 'member_left');
)sql";

// Media: uploads (media), the blobs that hold their bytes (blobs: which
// exist, and which are pinned by an upload or being freed), which messages
// hold which media (media_refs: for the read check on download and for the
// collector), a message's attachments as sent, and avatars.
constexpr std::string_view v7_media = R"sql(
ALTER TABLE users ADD COLUMN avatar TEXT;
CREATE INDEX users_by_avatar ON users (avatar) WHERE avatar IS NOT NULL;
ALTER TABLE conversation_log ADD COLUMN attachments TEXT;  -- message: store/attachment_codec.hpp

CREATE TABLE media (
  id               TEXT    PRIMARY KEY,
  owner_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind             TEXT    NOT NULL CHECK (kind IN ('image', 'file', 'avatar')),
  name             TEXT    NOT NULL,
  mime             TEXT    NOT NULL,
  size             INTEGER NOT NULL,
  blob             TEXT    NOT NULL,
  thumbnail_blob   TEXT,
  thumbnail_mime   TEXT    NOT NULL DEFAULT '',
  thumbnail_size   INTEGER NOT NULL DEFAULT 0,
  width            INTEGER NOT NULL DEFAULT 0,
  height           INTEGER NOT NULL DEFAULT 0,
  thumbnail_width  INTEGER NOT NULL DEFAULT 0,
  thumbnail_height INTEGER NOT NULL DEFAULT 0,
  colour           TEXT    NOT NULL DEFAULT '',
  upload_id        TEXT,
  created_at       INTEGER NOT NULL,
  used             INTEGER NOT NULL DEFAULT 0  -- 1 once attached or set as an avatar
) STRICT;
CREATE UNIQUE INDEX media_by_upload_id ON media (owner_id, upload_id) WHERE upload_id IS NOT NULL;
CREATE INDEX media_by_blob ON media (blob);
CREATE INDEX media_by_thumbnail_blob ON media (thumbnail_blob) WHERE thumbnail_blob IS NOT NULL;
CREATE INDEX media_by_created_at ON media (created_at);

CREATE TABLE media_refs (
  media_id        TEXT    NOT NULL,
  message_id      INTEGER NOT NULL,
  conversation_id INTEGER NOT NULL,
  PRIMARY KEY (media_id, message_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX media_refs_by_message ON media_refs (message_id);

CREATE TABLE blobs (
  hash         TEXT    PRIMARY KEY,
  size         INTEGER NOT NULL,
  state        TEXT    NOT NULL DEFAULT 'live' CHECK (state IN ('live', 'freeing')),
  pins         INTEGER NOT NULL DEFAULT 0,  -- uploads between claiming it and recording their media
  pinned_until INTEGER NOT NULL             -- pins of uploads that stopped halfway end then
) STRICT, WITHOUT ROWID;
)sql";

// Group avatars: the conversation's current one, and an updated entry's
// change of it (NULL: unchanged; '': removed).
constexpr std::string_view v8_group_avatars = R"sql(
ALTER TABLE conversations ADD COLUMN avatar TEXT;
CREATE INDEX conversations_by_avatar ON conversations (avatar) WHERE avatar IS NOT NULL;
ALTER TABLE conversation_log ADD COLUMN new_avatar TEXT;
)sql";

// Password resets: a mailed token (stored hashed) that works once.
constexpr std::string_view v9_password_resets = R"sql(
CREATE TABLE password_resets (
  token_hash TEXT    PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at    INTEGER
) STRICT, WITHOUT ROWID;
CREATE INDEX password_resets_by_user ON password_resets (user_id);
CREATE INDEX password_resets_by_expiry ON password_resets (expires_at);
)sql";

// Sessions as their owners see them: where each refresh token was issued.
constexpr std::string_view v10_session_origins = R"sql(
ALTER TABLE refresh_tokens ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
ALTER TABLE refresh_tokens ADD COLUMN remote_addr TEXT NOT NULL DEFAULT '';
CREATE INDEX refresh_tokens_current_by_user ON refresh_tokens (user_id) WHERE revoked_at IS NULL AND rotated_at IS NULL;
)sql";

// Deleted accounts: when (the row stays as a tombstone), and the usernames
// they leave, reserved for a while.
constexpr std::string_view v11_account_deletion = R"sql(
ALTER TABLE users ADD COLUMN deleted_at INTEGER;
CREATE TABLE reserved_usernames (
  username TEXT    PRIMARY KEY,
  until    INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
)sql";

// --- administration (migration 12) ---
// Server administrators, disabled accounts, invitations to register on an
// invite-only server (codes stored hashed, like refresh tokens), and deleted
// rooms.
constexpr std::string_view v12_administration = R"sql(
ALTER TABLE users ADD COLUMN admin_since INTEGER;
ALTER TABLE users ADD COLUMN disabled_at INTEGER;
-- created_by and used_by are not foreign keys: like the audit log, invites
-- outlive the accounts that made and used them.
CREATE TABLE invites (
  id         TEXT    PRIMARY KEY,
  code_hash  TEXT    NOT NULL UNIQUE,
  created_by INTEGER,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at    INTEGER,
  used_by    INTEGER,
  revoked_at INTEGER
) STRICT, WITHOUT ROWID;
CREATE INDEX invites_by_created_at ON invites (created_at);
-- Rooms an operator deleted: kept (their log stays), unlisted, their name free.
ALTER TABLE conversations ADD COLUMN deleted_at INTEGER;
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
  conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind            TEXT    NOT NULL CHECK (kind IN ('ban', 'mute')),
  by_id           INTEGER NOT NULL,  -- the moderator; not a foreign key: the record outlives their account
  created_at      INTEGER NOT NULL,
  reason          TEXT    NOT NULL DEFAULT '',
  PRIMARY KEY (conversation_id, user_id, kind)
) STRICT, WITHOUT ROWID;
CREATE INDEX room_sanctions_by_user ON room_sanctions (user_id);
ALTER TABLE conversation_log ADD COLUMN moderation TEXT NOT NULL DEFAULT '';
ALTER TABLE conversation_log ADD COLUMN reason TEXT NOT NULL DEFAULT '';
)sql";
// --- end migration 13 ---

// Email confirmations: a mailed token (stored hashed) that confirms an
// address, new or current, once; and whether the current one is confirmed.
constexpr std::string_view v14_email_confirmations = R"sql(
ALTER TABLE users ADD COLUMN email_verified_at INTEGER;
CREATE TABLE email_confirmations (
  token_hash TEXT    PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  email      TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at    INTEGER
) STRICT, WITHOUT ROWID;
CREATE INDEX email_confirmations_by_user ON email_confirmations (user_id);
CREATE INDEX email_confirmations_by_expiry ON email_confirmations (expires_at);
)sql";

// --- migration 15: reactions, pins, forwards ---
// Reactions to messages and pinned messages (their changes are logged as
// `updated` entries: store/conversation_records.hpp), and where a forwarded
// message came from (the original's sender and time, never its conversation).
constexpr std::string_view v15_reactions_pins_forwards = R"sql(
CREATE TABLE message_reactions (
  message_id INTEGER NOT NULL REFERENCES conversation_log (id) ON DELETE CASCADE,
  user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  emoji      TEXT    NOT NULL,
  reacted_at INTEGER NOT NULL,
  PRIMARY KEY (message_id, emoji, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX message_reactions_by_user ON message_reactions (message_id, user_id);
CREATE TABLE pinned_messages (
  conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  message_id      INTEGER NOT NULL REFERENCES conversation_log (id) ON DELETE CASCADE,
  pinned_by       INTEGER NOT NULL REFERENCES users (id),
  pinned_at       INTEGER NOT NULL,
  PRIMARY KEY (conversation_id, message_id)
) STRICT, WITHOUT ROWID;
ALTER TABLE conversation_log ADD COLUMN forwarded_sender TEXT;
ALTER TABLE conversation_log ADD COLUMN forwarded_at INTEGER;
)sql";
// --- end migration 15 ---

// --- migration 16: message search ---
// A full-text index of the messages' current text: an FTS5 table whose
// content is the log itself (through a view of the messages that have
// text), so the text is stored once. Triggers keep it in step with every
// insert, edit (text set), deletion (text cleared) and cascade delete, in
// the transaction of the change; bench/ measures what they add to a send.
// unicode61 folds case and, with remove_diacritics 2, accents.
constexpr std::string_view v16_message_search = R"sql(
CREATE VIEW message_texts AS
  SELECT id, text FROM conversation_log WHERE kind = 'message' AND text <> '';
CREATE VIRTUAL TABLE message_search USING fts5(
  text, content = 'message_texts', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER message_search_insert AFTER INSERT ON conversation_log
  WHEN new.kind = 'message' AND new.text <> '' BEGIN
  INSERT INTO message_search (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER message_search_update AFTER UPDATE OF text ON conversation_log
  WHEN new.kind = 'message' AND old.text IS NOT new.text BEGIN
  INSERT INTO message_search (message_search, rowid, text) SELECT 'delete', old.id, old.text WHERE old.text <> '';
  INSERT INTO message_search (rowid, text) SELECT new.id, new.text WHERE new.text <> '';
END;
CREATE TRIGGER message_search_delete AFTER DELETE ON conversation_log
  WHEN old.kind = 'message' AND old.text <> '' BEGIN
  INSERT INTO message_search (message_search, rowid, text) VALUES ('delete', old.id, old.text);
END;
INSERT INTO message_search (message_search) VALUES ('rebuild');
)sql";
// --- end migration 16 ---

// --- migration 17: people ---
// People: the status each user chose (presence.set), kept across sessions;
// and who freed a reserved username by a rename (they may take it back).
constexpr std::string_view v17_people = R"sql(
ALTER TABLE users ADD COLUMN chosen_status TEXT NOT NULL DEFAULT 'online'
  CHECK (chosen_status IN ('online', 'away', 'busy', 'invisible'));
ALTER TABLE reserved_usernames ADD COLUMN freed_by INTEGER;
)sql";
// --- end migration 17 ---

// --- migration 18: mentions ---
// Whom each message mentions (user 0: everyone, for @room and @here), with
// the message's conversation, seq and sender copied in so that a member's
// unread mentions are one range of the (user, conversation, seq) index.
constexpr std::string_view v18_mentions = R"sql(
CREATE TABLE message_mentions (
  message_id      INTEGER NOT NULL REFERENCES conversation_log (id) ON DELETE CASCADE,
  user_id         INTEGER NOT NULL,
  conversation_id INTEGER NOT NULL,
  seq             INTEGER NOT NULL,
  sender_id       INTEGER NOT NULL,
  ordinal         INTEGER NOT NULL,
  username        TEXT    NOT NULL,
  PRIMARY KEY (message_id, user_id)
) STRICT, WITHOUT ROWID;
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
ALTER TABLE conversation_log ADD COLUMN thread_id INTEGER;
CREATE INDEX conversation_log_threads ON conversation_log (conversation_id, thread_id, seq)
  WHERE thread_id IS NOT NULL;
CREATE TABLE message_threads (
  root_id         INTEGER PRIMARY KEY REFERENCES conversation_log (id) ON DELETE CASCADE,
  conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  reply_count     INTEGER NOT NULL,
  last_reply_seq  INTEGER NOT NULL,
  last_reply_at   INTEGER NOT NULL
) STRICT;
CREATE TABLE thread_reads (
  root_id  INTEGER NOT NULL REFERENCES conversation_log (id) ON DELETE CASCADE,
  user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  read_seq INTEGER NOT NULL,
  PRIMARY KEY (root_id, user_id)
) STRICT, WITHOUT ROWID;
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
  user_id        INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  signing_key    TEXT    NOT NULL,
  list_version   INTEGER NOT NULL,
  signed_version INTEGER NOT NULL,
  list_signature TEXT    NOT NULL,
  signed_devices TEXT    NOT NULL
) STRICT;
CREATE TABLE e2ee_devices (
  user_id            INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  device_id          TEXT    NOT NULL,
  session_family     TEXT    NOT NULL,
  curve25519         TEXT    NOT NULL,
  ed25519            TEXT    NOT NULL,
  signature          TEXT    NOT NULL,
  display_name       TEXT    NOT NULL,
  created_at         INTEGER NOT NULL,
  fallback_key_id    TEXT,
  fallback_key       TEXT,
  fallback_signature TEXT,
  PRIMARY KEY (user_id, device_id)
) STRICT;
CREATE INDEX e2ee_devices_session ON e2ee_devices (session_family);
CREATE TABLE e2ee_one_time_keys (
  user_id    INTEGER NOT NULL,
  device_id  TEXT    NOT NULL,
  key_id     TEXT    NOT NULL,
  curve25519 TEXT    NOT NULL,
  signature  TEXT    NOT NULL,
  PRIMARY KEY (user_id, device_id, key_id),
  FOREIGN KEY (user_id, device_id) REFERENCES e2ee_devices (user_id, device_id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;
)sql";
// --- end migration 20 ---

// --- migration 21: device-to-device messages ---
// Olm envelopes from one device to another (group keys, key requests), kept
// until the recipient device acknowledges them; they go with the device.
constexpr std::string_view v21_to_device = R"sql(
CREATE TABLE e2ee_to_device (
  id            INTEGER PRIMARY KEY,
  user_id       INTEGER NOT NULL,
  device_id     TEXT    NOT NULL,
  sender_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  sender_device TEXT    NOT NULL,
  envelope      TEXT    NOT NULL,
  created_at    INTEGER NOT NULL,
  FOREIGN KEY (user_id, device_id) REFERENCES e2ee_devices (user_id, device_id) ON DELETE CASCADE
) STRICT;
CREATE INDEX e2ee_to_device_by_device ON e2ee_to_device (user_id, device_id, id);
)sql";
// --- end migration 21 ---

// --- migration 22: end-to-end encrypted conversations ---
// A conversation's flag (turned on by conversation.encrypt or by a first
// encrypted message, never off), and each encrypted message's envelope: the
// client's JSON, kept as sent (the server does not read it). An encrypted
// message has no text, so the search index gets nothing of it.
constexpr std::string_view v22_encrypted_conversations = R"sql(
ALTER TABLE conversations ADD COLUMN encrypted INTEGER NOT NULL DEFAULT 0 CHECK (encrypted IN (0, 1));
ALTER TABLE conversation_log ADD COLUMN envelope TEXT;
)sql";
// --- end migration 22 ---

// --- migration 23: key backup ---
// Each user's current key backup (core::e2ee_backup): what the client
// published with it (auth_data: salt, Argon2 parameters, a check value) and
// the group session keys it sealed, one entry per session, unreadable to the
// server. A deleted backup keeps its row without auth_data, so that its
// version number is never given out again.
constexpr std::string_view v23_key_backup = R"sql(
CREATE TABLE e2ee_backups (
  user_id     INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  version     INTEGER NOT NULL,
  auth_data   TEXT,
  entry_count INTEGER NOT NULL DEFAULT 0,
  etag        INTEGER NOT NULL DEFAULT 0,
  created_at  INTEGER NOT NULL
) STRICT;
CREATE TABLE e2ee_backup_keys (
  user_id    INTEGER NOT NULL REFERENCES e2ee_backups (user_id) ON DELETE CASCADE,
  version    INTEGER NOT NULL,
  session_id TEXT    NOT NULL,
  data       TEXT    NOT NULL,
  PRIMARY KEY (user_id, session_id)
) STRICT;
)sql";
// --- end migration 23 ---

// --- migration 24: device message ids are never given out twice ---
// A device lists its messages after the last id it acknowledged, so an id
// must never come again. Without AUTOINCREMENT SQLite reuses the highest
// rowid once that row is deleted, which happens each time a device
// acknowledges its whole queue; the table is rebuilt with it. (PostgreSQL's
// identity column and MariaDB's persisted AUTO_INCREMENT never go back.)
constexpr std::string_view v24_to_device_ids = R"sql(
CREATE TABLE e2ee_to_device_v24 (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id       INTEGER NOT NULL,
  device_id     TEXT    NOT NULL,
  sender_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  sender_device TEXT    NOT NULL,
  envelope      TEXT    NOT NULL,
  created_at    INTEGER NOT NULL,
  FOREIGN KEY (user_id, device_id) REFERENCES e2ee_devices (user_id, device_id) ON DELETE CASCADE
) STRICT;
INSERT INTO e2ee_to_device_v24 (id, user_id, device_id, sender_id, sender_device, envelope, created_at)
  SELECT id, user_id, device_id, sender_id, sender_device, envelope, created_at FROM e2ee_to_device;
DROP TABLE e2ee_to_device;
ALTER TABLE e2ee_to_device_v24 RENAME TO e2ee_to_device;
CREATE INDEX e2ee_to_device_by_device ON e2ee_to_device (user_id, device_id, id);
)sql";
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

constexpr std::string_view create_version_table = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version    INTEGER PRIMARY KEY,
  name       TEXT    NOT NULL,
  applied_at INTEGER NOT NULL
) STRICT
)sql";

std::int64_t now_ms() {
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch).count();
}

void record_version(SQLite::Database& db, const migration& m) {
  SQLite::Statement insert(db, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
  insert.bind(1, m.version);
  insert.bind(2, std::string(m.name));
  insert.bind(3, now_ms());
  insert.exec();
}

// Applies m unless another process got there first. Returns whether it did.
bool apply_one(SQLite::Database& db, const migration& m) {
  // IMMEDIATE takes the write lock before the version is read, so the check
  // and the change cannot interleave with another migrating process.
  SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
  if (schema_version(db) >= m.version) return false;
  db.exec(std::string(m.sql));
  record_version(db, m);
  transaction.commit();
  return true;
}

}  // namespace

std::span<const migration> all_migrations() noexcept {
  return migrations;
}

int schema_version(SQLite::Database& db) {
  if (!db.tableExists("schema_migrations")) return 0;
  SQLite::Statement query(db, "SELECT coalesce(max(version), 0) FROM schema_migrations");
  query.executeStep();
  return query.getColumn(0).getInt();
}

int apply_migrations(SQLite::Database& db, std::span<const migration> list) {
  const int newest_known = list.empty() ? 0 : list.back().version;
  int applied = 0;
  const migration* current = nullptr;
  try {
    db.exec(std::string(create_version_table));
    const int found = schema_version(db);
    if (found > newest_known) {
      throw failure("sqlite: database schema version " + std::to_string(found) +
                    " is newer than this build supports (" + std::to_string(newest_known) + ")");
    }
    for (const migration& m : list) {
      if (m.version <= found) continue;
      current = &m;
      if (apply_one(db, m)) {
        spdlog::info("store: applied migration {} ({})", m.version, m.name);
        ++applied;
      }
    }
  } catch (const SQLite::Exception& e) {
    if (current == nullptr) throw failure(std::string("sqlite: cannot read the schema version: ") + e.what());
    throw failure("sqlite: migration " + std::to_string(current->version) + " (" + std::string(current->name) +
                  ") failed: " + e.what());
  }
  return applied;
}

}  // namespace natter::store::sqlite
