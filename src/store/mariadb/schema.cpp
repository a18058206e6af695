// The MariaDB schema as of migration 20: the PostgreSQL schema after its
// migrations 1..20 (src/store/postgres/migrations.cpp says why each table and
// column exists), in MariaDB's dialect. A new database only ever needs the
// final schema, so it is one migration; it carries the number 20 so that the
// three backends share their numbers from here on (the next change is 21 in
// each).
//
// Dialect choices:
// - InnoDB, utf8mb4 with the binary collation utf8mb4_bin for every table:
//   byte order and exact comparison, as PostgreSQL's COLLATE "C" and SQLite.
//   Usernames are stored lower case and emails compare through email_lower
//   (ASCII-lowered by the store), so no column needs a case-insensitive one.
// - Text that is a key or indexed is VARCHAR (an index entry is at most 3072
//   bytes: 255 characters of utf8mb4 fit); other text is TEXT.
// - MariaDB has no partial indexes. A partial unique index becomes a unique
//   index over a generated column that is NULL outside the condition (NULLs
//   never collide); a partial plain index becomes a whole one.
// - Message search reads the text with a word-boundary REGEXP (no full-text
//   index: InnoDB's is filled at COMMIT, has a minimum word length and
//   stopwords that are server settings, and would make search differ from
//   the other backends).

#include "store/mariadb/schema.hpp"

namespace natter::store::mariadb {
namespace {

constexpr std::string_view milliseconds_now = "(FLOOR(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(3)) * 1000))";

const std::string table_options = " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";

std::vector<std::string> build_v20() {
  std::vector<std::string> s;
  const auto table = [&](std::string body) { s.push_back(std::move(body) + table_options); };

  table(R"sql(CREATE TABLE IF NOT EXISTS users (
  id                bigint       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email             varchar(255) NOT NULL,
  email_lower       varchar(255) NOT NULL,
  username          varchar(255) NOT NULL,
  display_name      text         NOT NULL DEFAULT '',
  bio               text         NOT NULL DEFAULT '',
  password_hash     text         NOT NULL,
  created_at        bigint       NOT NULL,
  last_seen_at      bigint,
  avatar            varchar(255),
  deleted_at        bigint,
  admin_since       bigint,
  disabled_at       bigint,
  email_verified_at bigint,
  chosen_status     varchar(16)  NOT NULL DEFAULT 'online'
                    CHECK (chosen_status IN ('online', 'away', 'busy', 'invisible')),
  CONSTRAINT users_email_lower_key UNIQUE (email_lower),
  CONSTRAINT users_username_key UNIQUE (username),
  INDEX users_by_avatar (avatar)
))sql");

  table(R"sql(CREATE TABLE IF NOT EXISTS refresh_tokens (
  id          bigint       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id     bigint       NOT NULL,
  family      varchar(255) NOT NULL,
  token_hash  varchar(255) NOT NULL,
  created_at  bigint       NOT NULL,
  expires_at  bigint       NOT NULL,
  rotated_at  bigint,
  revoked_at  bigint,
  user_agent  text         NOT NULL DEFAULT '',
  remote_addr text         NOT NULL DEFAULT '',
  CONSTRAINT refresh_tokens_token_hash_key UNIQUE (token_hash),
  INDEX refresh_tokens_by_family (family),
  INDEX refresh_tokens_by_user (user_id, revoked_at, rotated_at),
  FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
))sql");

  // user_id is deliberately not a foreign key: the audit trail outlives accounts.
  table(R"sql(CREATE TABLE IF NOT EXISTS audit_events (
  id          bigint       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  occurred_at bigint       NOT NULL,
  user_id     bigint,
  kind        varchar(255) NOT NULL,
  remote_addr text         NOT NULL DEFAULT '',
  detail      text         NOT NULL DEFAULT '',
  INDEX audit_events_by_user (user_id, id),
  INDEX audit_events_by_kind (kind, id)
))sql");

  table(R"sql(CREATE TABLE IF NOT EXISTS conversations (
  id            bigint       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind          varchar(16)  NOT NULL CHECK (kind IN ('direct', 'group', 'room')),
  name          varchar(255) NOT NULL DEFAULT '',
  topic         text         NOT NULL DEFAULT '',
  last_seq      bigint       NOT NULL DEFAULT 0,
  created_at    bigint       NOT NULL,
  direct_key    varchar(64),
  request_state varchar(16)  NOT NULL DEFAULT 'none' CHECK (request_state IN ('none', 'pending', 'declined')),
  requested_by  bigint,
  message_count bigint       NOT NULL DEFAULT 0,
  avatar        varchar(255),
  deleted_at    bigint,
  -- A live room's name, NULL otherwise: the unique key of room names.
  room_name     varchar(255) AS (IF(kind = 'room' AND deleted_at IS NULL, name, NULL)) PERSISTENT,
  CONSTRAINT conversations_direct_key UNIQUE (direct_key),
  CONSTRAINT conversations_room_name UNIQUE (room_name),
  INDEX conversations_by_avatar (avatar),
  FOREIGN KEY (requested_by) REFERENCES users (id) ON DELETE SET NULL
))sql");

  table(R"sql(CREATE TABLE IF NOT EXISTS conversation_members (
  conversation_id           bigint      NOT NULL,
  user_id                   bigint      NOT NULL,
  role                      varchar(16) NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
  joined_at                 bigint      NOT NULL,
  delivered_seq             bigint      NOT NULL DEFAULT 0,
  read_seq                  bigint      NOT NULL DEFAULT 0,
  joined_seq                bigint      NOT NULL DEFAULT 0,
  read_message_count        bigint      NOT NULL DEFAULT 0,
  own_or_deleted_after_read bigint      NOT NULL DEFAULT 0,
  PRIMARY KEY (conversation_id, user_id),
  INDEX conversation_members_by_user (user_id),
  FOREIGN KEY (conversation_id) REFERENCES conversations (id) ON DELETE CASCADE,
  FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
))sql");

  table(R"sql(CREATE TABLE IF NOT EXISTS conversation_log (
  id               bigint       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  conversation_id  bigint       NOT NULL,
  seq              bigint       NOT NULL,
  kind             varchar(16)  NOT NULL
                   CHECK (kind IN ('message', 'edit', 'deletion', 'member_joined', 'member_left', 'updated')),
  actor_id         bigint       NOT NULL,
  occurred_at      bigint       NOT NULL,
  text             mediumtext   NOT NULL DEFAULT '',
  client_msg_id    varchar(255),
  reply_to         bigint,
  target_id        bigint,
  subject_id       bigint,
  role             varchar(16)  NOT NULL DEFAULT '',
  new_name         text,
  new_topic        text,
  edited_at        bigint,
  deleted          boolean      NOT NULL DEFAULT false,
  message_count    bigint       NOT NULL DEFAULT 0,
  attachments      mediumtext,
  new_avatar       text,
  moderation       varchar(255) NOT NULL DEFAULT '',
  reason           text         NOT NULL DEFAULT '',
  forwarded_sender text,
  forwarded_at     bigint,
  thread_id        bigint,
  -- A message's idempotency key, NULL for other entries: a retried send
  -- with the same key finds the first one instead of storing a second.
  message_key      varchar(255) AS (IF(kind = 'message', client_msg_id, NULL)) PERSISTENT,
  CONSTRAINT conversation_log_seq UNIQUE (conversation_id, seq),
  CONSTRAINT conversation_log_client_msg_id UNIQUE (actor_id, message_key),
  INDEX conversation_log_messages (conversation_id, kind, seq),
  INDEX conversation_log_messages_by_sender (conversation_id, actor_id, kind, seq),
  INDEX conversation_log_deleted_messages (conversation_id, deleted, seq),
  INDEX conversation_log_threads (conversation_id, thread_id, seq),
  FOREIGN KEY (conversation_id) REFERENCES conversations (id) ON DELETE CASCADE,
  FOREIGN KEY (actor_id) REFERENCES users (id)
))sql");

  table(
      "CREATE TABLE IF NOT EXISTS contacts (\n"
      "  owner_id   bigint NOT NULL,\n"
      "  contact_id bigint NOT NULL,\n"
      "  created_at bigint NOT NULL DEFAULT " +
      std::string(milliseconds_now) +
      ",\n"
      "  PRIMARY KEY (owner_id, contact_id),\n"
      "  INDEX contacts_by_contact (contact_id),\n"
      "  FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE,\n"
      "  FOREIGN KEY (contact_id) REFERENCES users (id) ON DELETE CASCADE\n"
      ")");

  table(
      "CREATE TABLE IF NOT EXISTS blocks (\n"
      "  blocker_id bigint NOT NULL,\n"
      "  blocked_id bigint NOT NULL,\n"
      "  created_at bigint NOT NULL DEFAULT " +
      std::string(milliseconds_now) +
      ",\n"
      "  PRIMARY KEY (blocker_id, blocked_id),\n"
      "  INDEX blocks_by_blocked (blocked_id),\n"
      "  FOREIGN KEY (blocker_id) REFERENCES users (id) ON DELETE CASCADE,\n"
      "  FOREIGN KEY (blocked_id) REFERENCES users (id) ON DELETE CASCADE\n"
      ")");

  table(R"sql(CREATE TABLE IF NOT EXISTS group_invitations (
  conversation_id bigint NOT NULL,
  user_id         bigint NOT NULL,
  invited_by      bigint NOT NULL,
  invited_at      bigint NOT NULL,
  declined_at     bigint,
  PRIMARY KEY (conversation_id, user_id),
  INDEX group_invitations_by_user (user_id, invited_by),
  FOREIGN KEY (conversation_id) REFERENCES conversations (id) ON DELETE CASCADE,
  FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  FOREIGN KEY (invited_by) REFERENCES users (id) ON DELETE CASCADE
))sql");

  table(R"sql(CREATE TABLE IF NOT EXISTS media (
  id               varchar(64)  NOT NULL PRIMARY KEY,
  owner_id         bigint       NOT NULL,
  kind             varchar(16)  NOT NULL CHECK (kind IN ('image', 'file', 'avatar')),
  name             text         NOT NULL,
  mime             varchar(255) NOT NULL,
  size             bigint       NOT NULL,
  `blob`           varchar(128) NOT NULL,
  thumbnail_blob   varchar(128),
  thumbnail_mime   varchar(255) NOT NULL DEFAULT '',
  thumbnail_size   bigint       NOT NULL DEFAULT 0,
  width            integer      NOT NULL DEFAULT 0,
  height           integer      NOT NULL DEFAULT 0,
  thumbnail_width  integer      NOT NULL DEFAULT 0,
  thumbnail_height integer      NOT NULL DEFAULT 0,
  colour           varchar(32)  NOT NULL DEFAULT '',
  upload_id        varchar(255),
  created_at       bigint       NOT NULL,
  used             boolean      NOT NULL DEFAULT false,
  CONSTRAINT media_by_upload_id UNIQUE (owner_id, upload_id),
  INDEX media_by_blob (`blob`),
  INDEX media_by_thumbnail_blob (thumbnail_blob),
  INDEX media_by_created_at (created_at),
  FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE
))sql");

  table(R"sql(CREATE TABLE IF NOT EXISTS media_refs (
  media_id        varchar(64) NOT NULL,
  message_id      bigint      NOT NULL,
  conversation_id bigint      NOT NULL,
  PRIMARY KEY (media_id, message_id),
  INDEX media_refs_by_message (message_id)
))sql");

  table(R"sql(CREATE TABLE IF NOT EXISTS blobs (
  hash         varchar(128) NOT NULL PRIMARY KEY,
  size         bigint       NOT NULL,
  state        varchar(16)  NOT NULL DEFAULT 'live' CHECK (state IN ('live', 'freeing')),
  pins         integer      NOT NULL DEFAULT 0,
  pinned_until bigint       NOT NULL
))sql");

  table(R"sql(CREATE TABLE IF NOT EXISTS blob_chunks (
  hash varchar(128) NOT NULL,
  n    integer      NOT NULL,
  data longblob     NOT NULL,
  PRIMARY KEY (hash, n)
))sql");

  table(R"sql(CREATE TABLE IF NOT EXISTS password_resets (
  token_hash varchar(255) NOT NULL PRIMARY KEY,
  user_id    bigint       NOT NULL,
  created_at bigint       NOT NULL,
  expires_at bigint       NOT NULL,
  used_at    bigint,
  INDEX password_resets_by_user (user_id),
  INDEX password_resets_by_expiry (expires_at),
  FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
))sql");

  table(R"sql(CREATE TABLE IF NOT EXISTS reserved_usernames (
  username varchar(255) NOT NULL PRIMARY KEY,
  until    bigint       NOT NULL,
  freed_by bigint
))sql");

  table(R"sql(CREATE TABLE IF NOT EXISTS invites (
  id         varchar(64)  NOT NULL PRIMARY KEY,
  code_hash  varchar(255) NOT NULL,
  created_by bigint,
  created_at bigint       NOT NULL,
  expires_at bigint       NOT NULL,
  used_at    bigint,
  used_by    bigint,
  revoked_at bigint,
  CONSTRAINT invites_code_hash_key UNIQUE (code_hash),
  INDEX invites_by_created_at (created_at)
))sql");

  table(R"sql(CREATE TABLE IF NOT EXISTS room_sanctions (
  conversation_id bigint      NOT NULL,
  user_id         bigint      NOT NULL,
  kind            varchar(16) NOT NULL CHECK (kind IN ('ban', 'mute')),
  by_id           bigint      NOT NULL,
  created_at      bigint      NOT NULL,
  reason          text        NOT NULL DEFAULT '',
  PRIMARY KEY (conversation_id, user_id, kind),
  INDEX room_sanctions_by_user (user_id),
  FOREIGN KEY (conversation_id) REFERENCES conversations (id) ON DELETE CASCADE,
  FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
))sql");

  table(R"sql(CREATE TABLE IF NOT EXISTS email_confirmations (
  token_hash varchar(255) NOT NULL PRIMARY KEY,
  user_id    bigint       NOT NULL,
  email      varchar(255) NOT NULL,
  created_at bigint       NOT NULL,
  expires_at bigint       NOT NULL,
  used_at    bigint,
  INDEX email_confirmations_by_user (user_id),
  INDEX email_confirmations_by_expiry (expires_at),
  FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
))sql");

  table(R"sql(CREATE TABLE IF NOT EXISTS message_reactions (
  message_id bigint       NOT NULL,
  user_id    bigint       NOT NULL,
  emoji      varchar(64)  NOT NULL,
  reacted_at bigint       NOT NULL,
  PRIMARY KEY (message_id, emoji, user_id),
  INDEX message_reactions_by_user (message_id, user_id),
  FOREIGN KEY (message_id) REFERENCES conversation_log (id) ON DELETE CASCADE,
  FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
))sql");

  table(R"sql(CREATE TABLE IF NOT EXISTS pinned_messages (
  conversation_id bigint NOT NULL,
  message_id      bigint NOT NULL,
  pinned_by       bigint NOT NULL,
  pinned_at       bigint NOT NULL,
  PRIMARY KEY (conversation_id, message_id),
  FOREIGN KEY (conversation_id) REFERENCES conversations (id) ON DELETE CASCADE,
  FOREIGN KEY (message_id) REFERENCES conversation_log (id) ON DELETE CASCADE,
  FOREIGN KEY (pinned_by) REFERENCES users (id)
))sql");

  table(R"sql(CREATE TABLE IF NOT EXISTS message_mentions (
  message_id      bigint       NOT NULL,
  user_id         bigint       NOT NULL,
  conversation_id bigint       NOT NULL,
  seq             bigint       NOT NULL,
  sender_id       bigint       NOT NULL,
  ordinal         integer      NOT NULL,
  username        varchar(255) NOT NULL,
  PRIMARY KEY (message_id, user_id),
  INDEX message_mentions_unread (user_id, conversation_id, seq),
  FOREIGN KEY (message_id) REFERENCES conversation_log (id) ON DELETE CASCADE
))sql");

  table(R"sql(CREATE TABLE IF NOT EXISTS message_threads (
  root_id         bigint NOT NULL PRIMARY KEY,
  conversation_id bigint NOT NULL,
  reply_count     bigint NOT NULL,
  last_reply_seq  bigint NOT NULL,
  last_reply_at   bigint NOT NULL,
  FOREIGN KEY (conversation_id) REFERENCES conversations (id) ON DELETE CASCADE,
  FOREIGN KEY (root_id) REFERENCES conversation_log (id) ON DELETE CASCADE
))sql");

  table(R"sql(CREATE TABLE IF NOT EXISTS thread_reads (
  root_id  bigint NOT NULL,
  user_id  bigint NOT NULL,
  read_seq bigint NOT NULL,
  PRIMARY KEY (root_id, user_id),
  FOREIGN KEY (root_id) REFERENCES conversation_log (id) ON DELETE CASCADE,
  FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
))sql");

  table(R"sql(CREATE TABLE IF NOT EXISTS e2ee_devices (
  user_id            bigint       NOT NULL,
  device_id          varchar(255) NOT NULL,
  session_family     varchar(255) NOT NULL,
  curve25519         text         NOT NULL,
  ed25519            text         NOT NULL,
  signature          text         NOT NULL,
  display_name       text         NOT NULL,
  created_at         bigint       NOT NULL,
  fallback_key_id    text,
  fallback_key       text,
  fallback_signature text,
  PRIMARY KEY (user_id, device_id),
  INDEX e2ee_devices_session (session_family),
  FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
))sql");

  table(R"sql(CREATE TABLE IF NOT EXISTS e2ee_key_owners (
  user_id        bigint NOT NULL PRIMARY KEY,
  signing_key    text   NOT NULL,
  list_version   bigint NOT NULL,
  signed_version bigint NOT NULL,
  list_signature text   NOT NULL,
  signed_devices mediumtext NOT NULL,
  FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
))sql");

  table(R"sql(CREATE TABLE IF NOT EXISTS e2ee_one_time_keys (
  user_id    bigint       NOT NULL,
  device_id  varchar(255) NOT NULL,
  key_id     varchar(255) NOT NULL,
  curve25519 text         NOT NULL,
  signature  text         NOT NULL,
  PRIMARY KEY (user_id, device_id, key_id),
  FOREIGN KEY (user_id, device_id) REFERENCES e2ee_devices (user_id, device_id) ON DELETE CASCADE
))sql");
  return s;
}

}  // namespace

const std::vector<std::string>& schema_v20() {
  static const std::vector<std::string> statements = build_v20();
  return statements;
}

const std::vector<std::string>& schema_v21() {
  static const std::vector<std::string> statements{R"sql(CREATE TABLE IF NOT EXISTS e2ee_to_device (
  id            bigint       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id       bigint       NOT NULL,
  device_id     varchar(255) NOT NULL,
  sender_id     bigint       NOT NULL,
  sender_device varchar(255) NOT NULL,
  envelope      mediumtext   NOT NULL,
  created_at    bigint       NOT NULL,
  INDEX e2ee_to_device_by_device (user_id, device_id, id),
  FOREIGN KEY (sender_id) REFERENCES users (id) ON DELETE CASCADE,
  FOREIGN KEY (user_id, device_id) REFERENCES e2ee_devices (user_id, device_id) ON DELETE CASCADE
))sql" + table_options};
  return statements;
}

const std::vector<std::string>& schema_v22() {
  static const std::vector<std::string> statements{
      "ALTER TABLE conversations ADD COLUMN IF NOT EXISTS encrypted boolean NOT NULL DEFAULT false",
      "ALTER TABLE conversation_log ADD COLUMN IF NOT EXISTS envelope mediumtext NULL"};
  return statements;
}

const std::vector<std::string>& schema_v23() {
  static const std::vector<std::string> statements{R"sql(CREATE TABLE IF NOT EXISTS e2ee_backups (
  user_id     bigint NOT NULL PRIMARY KEY,
  version     bigint NOT NULL,
  auth_data   text   NULL,
  entry_count bigint NOT NULL DEFAULT 0,
  etag        bigint NOT NULL DEFAULT 0,
  created_at  bigint NOT NULL,
  FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
))sql" + table_options,
                                                   R"sql(CREATE TABLE IF NOT EXISTS e2ee_backup_keys (
  user_id    bigint       NOT NULL,
  version    bigint       NOT NULL,
  session_id varchar(255) NOT NULL,
  data       text         NOT NULL,
  PRIMARY KEY (user_id, session_id),
  FOREIGN KEY (user_id) REFERENCES e2ee_backups (user_id) ON DELETE CASCADE
))sql" + table_options};
  return statements;
}

const std::vector<std::string>& schema_v24() {
  static const std::vector<std::string> statements;  // nothing to change
  return statements;
}

}  // namespace natter::store::mariadb
