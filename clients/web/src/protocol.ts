// Types of the HTTP API and WebSocket protocol v1 (docs/protocol.md).

import type { FileEntry } from "./e2ee/file_entries";

export interface User {
  id: number;
  username: string;
  display_name: string;
  bio?: string;
  created_at?: number;
  email?: string;
  // Only in GET/PATCH /api/v1/me: whether the address was confirmed by its
  // mailed link, and a new address waiting for its link (null: none).
  email_verified?: boolean;
  pending_email?: string | null;
  // A media id (an avatar: public, /api/v1/media/{id}/thumbnail is 64×64), or
  // null; absent from servers without media.
  avatar?: string | null;
  // Only in GET /api/v1/users/{username}: whether the caller blocked them.
  blocked?: boolean;
}

export type MediaKind = "image" | "file" | "avatar";

// An upload, stored once and referenced by id (docs/protocol.md, "Media").
export interface Media {
  id: string;
  kind: MediaKind;
  name: string;
  mime: string;
  size: number;
  // Images and avatars only: the picture's size, its thumbnail's size, and
  // its average colour (#rrggbb) to fill the box before it loads.
  width?: number;
  height?: number;
  thumbnail?: { width: number; height: number };
  colour?: string;
}

export interface Message {
  id: number;
  conversation_id: number;
  seq: number;
  sender: string;
  // The sender's user id (absent from older servers): who sent it, across renames.
  sender_id?: number;
  text: string;
  ts: number;
  client_msg_id: string | null;
  reply_to: number | null;
  edited_ts: number | null;
  deleted: boolean;
  // Empty (or absent, from servers without media) when none.
  attachments?: Media[];
  // Absent when none: per emoji, an exact count and at most 10 reactors.
  reactions?: Reaction[];
  // A forward: the original's sender and time.
  forwarded_from?: { sender: string; ts: number };
  // A reply in the thread under this message id.
  thread_id?: number;
  // A root with replies (history, sync, thread.history; live replies raise
  // it on the client: docs/protocol.md, "Threads").
  thread?: ThreadInfo;
  // Absent when none: the members the text mentions (@username), and
  // whether an admin or owner mentioned everyone (@room, @here).
  mentions?: Mention[];
  mentions_all?: boolean;
  // An end-to-end encrypted message's envelope (text is "" on the wire; the
  // app puts the plaintext in text once it opens it).
  encrypted?: Record<string, unknown>;
  // Client only: why the envelope could not be opened (text is then "").
  decrypt_error?: string;
  // Client only, once opened: the plaintext's files (docs/security.md,
  // "Encrypted files"), validated, and its `files` value exactly as received.
  files?: FileEntry[];
  files_json?: unknown;
}

export interface Mention {
  user_id: number;
  username: string;
}

export interface ThreadInfo {
  replies: number;
  last_reply_seq: number;
  last_reply_ts: number;
  // Replies by others after the reader's read mark in the thread (at most 100).
  unread: number;
}

export interface ThreadReply {
  root: Message;
  replies: Message[]; // oldest first
  has_more: boolean;
  read_seq: number;
}

export interface Reactor {
  user_id: number;
  user: string;
}

export interface Reaction {
  emoji: string;
  count: number;
  users: Reactor[];
}

export type ConversationKind = "direct" | "group" | "room";
export type Role = "owner" | "admin" | "member";

export interface ChatRequest {
  from: string;
  from_id?: number;
  state: "pending" | "declined";
}

export interface Conversation {
  conversation_id: number;
  kind: ConversationKind;
  name: string;
  topic: string;
  // A group's picture (a media id); null for direct chats and rooms.
  avatar?: string | null;
  members: string[];
  // The same people as members, by user id, in the same order.
  member_ids?: number[];
  member_count: number;
  role: Role;
  last_seq: number;
  read_seq: number;
  delivered_seq: number;
  unread: number;
  // Of the unread messages, those that mention the user or everyone
  // (absent from older servers).
  unread_mentions?: number;
  last_message: Message | null;
  request: ChatRequest | null;
  // End-to-end encrypted (for good): absent from older servers.
  encrypted?: boolean;
}

// Events that take a seq in a conversation's log.
export type LogEvent =
  | { type: "message"; message: Message }
  | { type: "message.edited"; conversation_id: number; seq: number; message: Message }
  // by: who deleted it (the sender, or a room's or group's moderator).
  | { type: "message.deleted"; conversation_id: number; seq: number; message_id: number; by?: string }
  // reactions: the message's reactions after the change (replace what is held).
  | { type: "message.reaction"; conversation_id: number; seq: number; message_id: number; emoji: string; action: "add" | "remove"; user_id: number; user: string; reactions: Reaction[] }
  | { type: "message.pinned"; conversation_id: number; seq: number; message_id: number; pinned: boolean; user_id: number; user: string }
  | { type: "member.joined"; conversation_id: number; seq: number; user: string; user_id?: number; role: Role; by: string | null }
  // Room moderation: action "kick" | "ban", with the moderator's reason.
  | { type: "member.left"; conversation_id: number; seq: number; user: string; user_id?: number; by: string | null; action?: RoomAction; reason?: string }
  | {
      type: "conversation.updated";
      conversation_id: number;
      seq: number;
      name?: string;
      topic?: string;
      // The group's new picture; "" when it was removed.
      avatar?: string;
      user?: string;
      role?: Role;
      // Room moderation: ban, unban, mute, unmute (with user) or topic.
      action?: RoomAction | "topic" | "encrypt";
      reason?: string;
      by?: string;
    };

// What a room's owner and admins do to someone (docs/protocol.md, "Room moderation").
export type RoomAction = "kick" | "ban" | "unban" | "mute" | "unmute";

export interface Receipt {
  conversation_id: number;
  user: string;
  user_id?: number;
  delivered_seq: number;
  read_seq: number;
}

export type PresenceStatus = "online" | "away" | "busy" | "offline";
export type OwnStatus = "online" | "away" | "busy" | "invisible";

export interface Presence {
  user: string;
  user_id?: number;
  // About oneself (one's own sessions are told what one chose): an OwnStatus.
  status: PresenceStatus;
  last_seen: number;
}

export type ServerEvent =
  | LogEvent
  | ({ type: "receipt" } & Receipt)
  | { type: "typing"; conversation_id: number; user: string; user_id?: number }
  // Someone's username or display name changed (oneself included).
  | { type: "user.updated"; user_id: number; username: string; display_name: string }
  | ({ type: "presence" } & Presence)
  | { type: "request"; conversation_id: number; from: string; message: Message }
  | { type: "request.declined"; conversation_id: number; by: string }
  | { type: "request.accepted"; conversation_id: number; by: string }
  | { type: "group.invited"; conversation_id: number; name: string; by: string }
  | { type: "token.expiring"; expires_at: number }
  // End-to-end encryption (docs/protocol.md, "End-to-end encryption: keys / device messages").
  | { type: "devices.changed"; user_id: number }
  | { type: "keys.low"; device_id: string; one_time_key_count: number }
  | { type: "to_device"; id: number; device_id: string; sender: number; sender_device: string; envelope: Record<string, unknown> }
  | { type: "hello"; protocol: number; server: string; limits: Record<string, number> };

export interface SyncConversation {
  conversation_id: number;
  last_seq: number;
  has_more: boolean;
  events: LogEvent[];
}

export interface SyncReply {
  conversations: SyncConversation[]; // ascending conversation_id
  receipts: Receipt[];
  presence: Presence[]; // the first page only
  has_more?: boolean; // more conversations follow: ask again with `after`
}

export interface HistoryReply {
  events: LogEvent[];
  has_more: boolean;
}

export interface Room {
  name: string;
  topic: string;
  members: number;
  conversation_id: number;
}

export interface Contact {
  username: string;
  display_name: string;
  status: PresenceStatus;
  last_seen: number;
}

export interface ProtocolError {
  code: string;
  message: string;
  field?: string;
  retry_after?: number; // seconds: RATE_LIMITED, BUSY
}

// What to show for a server error: its message, and when it says how long
// to wait, that instead of "retry later".
export function errorMessage(err: ProtocolError | undefined, fallback: string): string {
  if (!err) return fallback;
  const wait = err.retry_after;
  if (!wait || wait <= 0) return err.message;
  const minutes = Math.round(wait / 60);
  const when = wait < 90 ? `${wait} second${wait === 1 ? "" : "s"}` : minutes < 90 ? `${minutes} minutes` : `${Math.round(wait / 3600)} hours`;
  const what = err.code === "BUSY" ? "The server is busy" : "Too many requests";
  return `${what}: try again in ${when}.`;
}

// The seq an event occupies in its conversation's log.
export function eventSeq(ev: LogEvent): number {
  return ev.type === "message" ? ev.message.seq : ev.seq;
}

export function eventConversation(ev: LogEvent): number {
  return ev.type === "message" ? ev.message.conversation_id : ev.conversation_id;
}

// GET /api/v1/me/sessions: one login, kept across refreshes.
export interface Session {
  id: string;
  current: boolean;
  user_agent: string;
  address: string;
  created_at: number;
  last_used_at: number;
  expires_at: number;
}

// Key backup (docs/protocol.md, "End-to-end encryption: key backup"): the
// server stores auth_data and sealed entries and reads neither.
export interface BackupEntry {
  session_id: string;
  data: string;
}

export interface BackupCreateReply {
  version: number;
}

export interface BackupInfoReply {
  version: number;
  auth_data: Record<string, unknown>;
  count: number;
  etag: number;
}

export interface BackupPutReply {
  count: number;
  etag: number;
}

export interface BackupGetReply {
  entries: BackupEntry[];
  has_more: boolean;
}
