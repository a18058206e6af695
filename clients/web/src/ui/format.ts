// Times, days and messages as people read them.

import { isInlinePicture } from "../e2ee/file_entries";
import type { Message } from "../protocol";
import { markdownPlain } from "./markdown";

export function clock(ts: number): string {
  return new Date(ts).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
}

export function dayKey(ts: number): string {
  const d = new Date(ts);
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}

export function dayLabel(ts: number, now = Date.now()): string {
  const key = dayKey(ts);
  if (key === dayKey(now)) return "Today";
  if (key === dayKey(now - 86_400_000)) return "Yesterday";
  return new Date(ts).toLocaleDateString(undefined, { weekday: "short", year: "numeric", month: "short", day: "numeric" });
}

// Short time for the conversation list: the clock today, else the date.
export function listTime(ts: number, now = Date.now()): string {
  if (dayKey(ts) === dayKey(now)) return clock(ts);
  return new Date(ts).toLocaleDateString(undefined, { month: "short", day: "numeric" });
}

export function lastSeen(ts: number): string {
  if (!ts) return "offline";
  return `last seen ${dayLabel(ts).toLowerCase()} at ${clock(ts)}`;
}

export function preview(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

// A message as one line: its text, or, when it has none, what it carries
// ("Picture", "3 pictures", "report.pdf", "2 files", "3 attachments").
// An encrypted message's files count by what its plaintext says they are.
export function summary(m: Pick<Message, "text" | "attachments" | "files">): string {
  if (m.text.trim()) return markdownPlain(m.text) || m.text;
  const media = [
    ...(m.attachments ?? []).filter((a) => a.mime !== "application/vnd.natter.encrypted").map((a) => ({ picture: a.kind !== "file", name: a.name })),
    ...(m.files ?? []).map((e) => ({ picture: e.file !== null && isInlinePicture(e.file), name: e.file?.name ?? "File" })),
  ];
  const pictures = media.filter((a) => a.picture).length;
  const files = media.length - pictures;
  if (pictures && files) return `${media.length} attachments`;
  if (pictures) return pictures === 1 ? "Picture" : `${pictures} pictures`;
  if (files) return files === 1 ? media[0].name : `${files} files`;
  return m.text;
}

// "Firefox on Linux" from a User-Agent, or the raw string when unknown.
export function deviceName(agent: string): string {
  if (!agent) return "Unknown device";
  const browser = /Edg\//.test(agent) ? "Edge" : /Firefox\//.test(agent) ? "Firefox" : /Chrom(e|ium)\//.test(agent) ? "Chrome" : /Safari\//.test(agent) ? "Safari" : /^natter\//.test(agent) ? "natter (terminal)" : "";
  const system = /Android/.test(agent) ? "Android" : /iPhone|iPad/.test(agent) ? "iOS" : /Windows/.test(agent) ? "Windows" : /Mac OS X/.test(agent) ? "macOS" : /Linux/.test(agent) ? "Linux" : "";
  if (!browser) return agent.length > 60 ? `${agent.slice(0, 59)}…` : agent;
  return system ? `${browser} on ${system}` : browser;
}

// "1 member", "2 members".
export function countOf(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

// An action message ("/me waves") travels as plain text beginning with
// "/me "; it reads "* alice waves". The action, or null for other text.
export function actionOf(text: string): string | null {
  return text.startsWith("/me ") && text.length > 4 ? text.slice(4) : null;
}
