// The HTTP API. The access token lives only in memory; the refresh token is
// the HttpOnly cookie natterd sets, sent only to /api/v1/auth and only
// accepted with the X-Requested-With header.

import { errorMessage, type ProtocolError, type Session, type User } from "../protocol";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export interface TokenAnswer {
  access_token: string;
  expires_in: number;
  user: User;
}

// One message found by GET /search.
export interface SearchHit {
  conversation_id: number;
  message_id: number;
  seq: number;
  sender: string;
  ts: number;
  snippet: string;
}

export interface SearchReply {
  results: SearchHit[];
  next_cursor: string | null;
}

export class Api {
  accessToken: string | null = null;

  async request<T>(method: string, path: string, body?: unknown, auth = true): Promise<T> {
    const headers: Record<string, string> = { "X-Requested-With": "natter-web" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (auth && this.accessToken) headers.Authorization = `Bearer ${this.accessToken}`;
    let res: Response;
    try {
      res = await fetch(`/api/v1${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: "same-origin",
        cache: "no-store",
      });
    } catch {
      throw new ApiError(0, "NETWORK", "The server cannot be reached.");
    }
    const text = await res.text();
    const data = text ? safeJson(text) : null;
    if (!res.ok) {
      const err = (data as { error?: ProtocolError } | null)?.error;
      throw new ApiError(res.status, err?.code ?? "INTERNAL", errorMessage(err, `HTTP ${res.status}`), err?.field);
    }
    return data as T;
  }

  // GET /me/export, read as it streams: progress(bytes so far) after each
  // piece. The whole document, as a Blob to save.
  async exportData(progress: (bytes: number) => void): Promise<Blob> {
    let res: Response;
    try {
      res = await fetch("/api/v1/me/export", { headers: { Authorization: `Bearer ${this.accessToken ?? ""}` }, cache: "no-store" });
    } catch {
      throw new ApiError(0, "NETWORK", "The server cannot be reached.");
    }
    if (!res.ok || !res.body) {
      const err = (safeJson(await res.text()) as { error?: ProtocolError } | null)?.error;
      throw new ApiError(res.status, err?.code ?? "INTERNAL", errorMessage(err, `HTTP ${res.status}`));
    }
    const pieces: BlobPart[] = [];
    let bytes = 0;
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      pieces.push(value as Uint8Array<ArrayBuffer>);
      bytes += value.length;
      progress(bytes);
    }
    return new Blob(pieces, { type: "application/json" });
  }

  register(email: string, username: string, password: string, displayName: string, invite = ""): Promise<{ user: User }> {
    const body: Record<string, string> = { email, username, password };
    if (displayName) body.display_name = displayName;
    if (invite) body.invite = invite;
    return this.request("POST", "/auth/register", body, false);
  }

  // Who may register here: "open", "invite" (an invite code is needed) or "closed".
  serverInfo(): Promise<{ registration: string; invite_required: boolean }> {
    return this.request("GET", "/server", undefined, false);
  }

  // The same answer whether or not an account has the address.
  requestPasswordReset(email: string): Promise<unknown> {
    return this.request("POST", "/auth/password-reset", { email }, false);
  }

  resetPassword(token: string, newPassword: string): Promise<unknown> {
    return this.request("POST", "/auth/password-reset/confirm", { token, new_password: newPassword }, false);
  }

  async login(login: string, password: string): Promise<TokenAnswer> {
    const answer = await this.request<TokenAnswer>("POST", "/auth/login", { login, password }, false);
    this.accessToken = answer.access_token;
    return answer;
  }

  // Exchanges the refresh cookie for a new access token (and a new cookie).
  // Tabs of one browser share the cookie, and a refresh token used twice
  // revokes the session, so refreshes are serialized across tabs.
  async refresh(): Promise<TokenAnswer> {
    const run = async () => {
      const answer = await this.request<TokenAnswer>("POST", "/auth/refresh", undefined, false);
      this.accessToken = answer.access_token;
      return answer;
    };
    const locks = (navigator as Navigator & { locks?: LockManager }).locks;
    return locks ? locks.request("natter-refresh", run) : run();
  }

  async logout(): Promise<void> {
    try {
      await this.request("POST", "/auth/logout", undefined, true);
    } finally {
      this.accessToken = null;
    }
  }

  deleteAccount(password: string): Promise<unknown> {
    return this.request("DELETE", "/me", { password });
  }

  sessions(): Promise<{ sessions: Session[] }> {
    return this.request("GET", "/me/sessions");
  }

  // One session by id, or (no id) every session but this one.
  endSessions(id?: string): Promise<unknown> {
    return this.request("DELETE", id ? `/me/sessions/${encodeURIComponent(id)}` : "/me/sessions");
  }

  me(): Promise<{ user: User }> {
    return this.request("GET", "/me");
  }

  // `avatar`: the id of an avatar upload, or "" to remove the picture.
  updateMe(fields: Partial<Pick<User, "display_name" | "bio" | "email" | "username">> & { avatar?: string }): Promise<{ user: User }> {
    return this.request("PATCH", "/me", fields);
  }

  // The token of a /#confirm-email=<token> link; no login needed.
  confirmEmail(token: string): Promise<unknown> {
    return this.request("POST", "/auth/email/confirm", { token }, false);
  }

  resendEmailLink(): Promise<unknown> {
    return this.request("POST", "/me/email/verify", {});
  }

  changePassword(current: string, next: string): Promise<void> {
    return this.request("POST", "/me/password", { current_password: current, new_password: next });
  }

  // Someone's public profile; null when there is no such user.
  async user(username: string): Promise<User | null> {
    try {
      return (await this.request<{ user: User }>("GET", `/users/${encodeURIComponent(username)}`)).user;
    } catch (e) {
      if (e instanceof ApiError && e.code === "NOT_FOUND") return null;
      throw e;
    }
  }

  // GET /search: messages of the user's conversations with every word of q.
  searchMessages(q: string, cursor: string | null = null, limit = 20): Promise<SearchReply> {
    const params = new URLSearchParams({ q, limit: String(limit) });
    if (cursor) params.set("cursor", cursor);
    return this.request("GET", `/search?${params.toString()}`);
  }

  searchUsers(prefix: string, limit = 20): Promise<{ users: User[]; next: string | null }> {
    const q = new URLSearchParams({ prefix, limit: String(limit) });
    return this.request("GET", `/users?${q.toString()}`);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
