import { describe, expect, it } from "vitest";
import { completeMention, mentionCandidates, mentionQuery, mentionsMe, mentionTokens } from "../../src/state/mentions";
import type { Message } from "../../src/protocol";

function message(extra: Partial<Message>): Message {
  return { id: 1, conversation_id: 1, seq: 1, sender: "alice", text: "", ts: 0, client_msg_id: null, reply_to: null, edited_ts: null, deleted: false, ...extra };
}

describe("mentions", () => {
  it("a message mentions me when the server lists my id or says everyone", () => {
    expect(mentionsMe(message({ mentions: [{ user_id: 7, username: "bob" }] }), 7)).toBe(true);
    expect(mentionsMe(message({ mentions: [{ user_id: 8, username: "carol" }] }), 7)).toBe(false);
    expect(mentionsMe(message({ mentions_all: true }), 7)).toBe(true);
    expect(mentionsMe(message({ text: "@bob" }), 7)).toBe(false);
    expect(mentionsMe(message({ mentions_all: true, deleted: true }), 7)).toBe(false);
  });

  it("finds the @name the caret ends, not an address or a finished name", () => {
    expect(mentionQuery("hi @Bo", 6)).toEqual({ start: 3, query: "bo" });
    expect(mentionQuery("@", 1)).toEqual({ start: 0, query: "" });
    expect(mentionQuery("mail bob@exa", 12)).toBeNull();
    expect(mentionQuery("hi @bob ", 8)).toBeNull();
    expect(mentionQuery("hi @bob there", 7)).toEqual({ start: 3, query: "bob" });
  });

  it("offers members starting with the query first, never me, at most the limit", () => {
    const members = ["zed", "bob", "abby", "me", "jimbo", "bobby"];
    expect(mentionCandidates(members, "bo", "me")).toEqual(["bob", "bobby", "jimbo"]);
    expect(mentionCandidates(members, "", "me", 2)).toEqual(["abby", "bob"]);
    expect(mentionCandidates(members, "me", "me")).toEqual([]);
  });

  it("replaces the query with @username and a space", () => {
    const q = { start: 3, query: "bo" };
    expect(completeMention("hi @bo", q, 6, "bob")).toEqual({ text: "hi @bob ", caret: 8 });
    expect(completeMention("hi @bo there", q, 6, "bob")).toEqual({ text: "hi @bob there", caret: 8 });
  });

  it("reads @name tokens as the server does: no addresses, trailing dots left out", () => {
    expect(mentionTokens("thanks @Bob. and me@x.org @al")).toEqual([[7, 11, "bob"]]);
    expect(mentionTokens("@@carol")).toEqual([[1, 7, "carol"]]);
  });
});
