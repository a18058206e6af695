// Delivery and read receipts per conversation member, and the tick each of
// the user's own messages shows.

import type { Receipt } from "../protocol";

export type Tick = "pending" | "failed" | "sent" | "delivered" | "read";

export interface MemberReceipt {
  delivered_seq: number;
  read_seq: number;
}

export interface MemberTick {
  user: string;
  tick: "sent" | "delivered" | "read";
}

export class Receipts {
  private readonly byConversation = new Map<number, Map<string, MemberReceipt>>();

  // Receipts only move forward; an older one arriving late changes nothing.
  apply(r: Receipt): void {
    let members = this.byConversation.get(r.conversation_id);
    if (!members) {
      members = new Map();
      this.byConversation.set(r.conversation_id, members);
    }
    const held = members.get(r.user) ?? { delivered_seq: 0, read_seq: 0 };
    members.set(r.user, {
      delivered_seq: Math.max(held.delivered_seq, r.delivered_seq, r.read_seq),
      read_seq: Math.max(held.read_seq, r.read_seq),
    });
  }

  // A member was renamed: their receipts follow them.
  rename(from: string, to: string): void {
    for (const members of this.byConversation.values()) {
      const held = members.get(from);
      if (!held) continue;
      members.delete(from);
      const now = members.get(to) ?? { delivered_seq: 0, read_seq: 0 };
      members.set(to, {
        delivered_seq: Math.max(held.delivered_seq, now.delivered_seq),
        read_seq: Math.max(held.read_seq, now.read_seq),
      });
    }
  }

  of(conversationId: number, user: string): MemberReceipt {
    return this.byConversation.get(conversationId)?.get(user) ?? { delivered_seq: 0, read_seq: 0 };
  }

  // Per-recipient state of the message at `seq`.
  detail(conversationId: number, recipients: string[], seq: number): MemberTick[] {
    return recipients.map((user) => {
      const r = this.of(conversationId, user);
      const tick = r.read_seq >= seq ? "read" : r.delivered_seq >= seq ? "delivered" : "sent";
      return { user, tick };
    });
  }

  // The tick of an acknowledged message: read once every recipient read it,
  // delivered once every recipient's device has it, else sent. Without known
  // recipients (rooms) a stored message is simply sent.
  tick(conversationId: number, recipients: string[], seq: number): "sent" | "delivered" | "read" {
    if (recipients.length === 0) return "sent";
    const detail = this.detail(conversationId, recipients, seq);
    if (detail.every((d) => d.tick === "read")) return "read";
    if (detail.every((d) => d.tick !== "sent")) return "delivered";
    return "sent";
  }
}
