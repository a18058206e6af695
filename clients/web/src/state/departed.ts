// Conversations one was just removed from (or left) while the app was open:
// their history stays readable, read-only, with what was being typed, until
// another conversation is opened. Nothing here is sent to the server.

import type { LogEvent } from "../protocol";
import type { ConversationState } from "./store";

export interface DepartedConversation {
  state: ConversationState;
  // Who removed one (null: one left), and how, for rooms (kick, ban).
  by: string | null;
  action: string | null;
  // Seen only as missing from the list (while away): how is not known.
  unexplained: boolean;
}

export class Departed {
  private readonly held = new Map<number, DepartedConversation>();

  // `ev` is one's own member.left, or null when the conversation was only
  // found missing from the list.
  keep(state: ConversationState, ev: Extract<LogEvent, { type: "member.left" }> | null): void {
    this.held.set(state.info.conversation_id, { state, by: ev?.by ?? null, action: ev?.action ?? null, unexplained: ev === null });
  }

  get(id: number): DepartedConversation | undefined {
    return this.held.get(id);
  }

  // Another conversation is on screen: the rest are let go.
  keepOnly(id: number | null): void {
    for (const key of [...this.held.keys()]) if (key !== id) this.held.delete(key);
  }

  clear(): void {
    this.held.clear();
  }
}

// What the view says about it.
export function departedText(d: DepartedConversation): string {
  const info = d.state.info;
  const name = info.kind === "room" ? `#${info.name}` : info.name;
  if (d.unexplained) return `You are no longer a member of ${name}.`;
  if (d.action === "ban") return `You were banned from ${name}${d.by ? ` by ${d.by}` : ""}.`;
  if (d.by) return `You were removed from ${name} by ${d.by}.`;
  return `You left ${name}.`;
}
