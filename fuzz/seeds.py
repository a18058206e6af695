#!/usr/bin/env python3
"""Writes the seed corpora under fuzz/corpus/<target>/ and the libFuzzer
dictionaries fuzz/dict/*.dict (committed).

Deterministic: running it again gives the same files. Run it after changing a
seed here; fuzz/run.sh never writes into fuzz/corpus/. Regression inputs that
a fuzzer found are committed as they are, next to these (named regression-*),
and are not written by this script. So are the small images of
fuzz/corpus/image_decode/ (PNG, JPEG, GIF and WebP files of a few hundred
bytes, made with libvips 8.14, and truncated copies): this script writes only
the headers crafted by hand beside them (image_seeds()).
"""

import base64
import hashlib
import hmac
import json
import pathlib
import struct
import zlib

CORPUS = pathlib.Path(__file__).resolve().parent / "corpus"

# fuzz/jwt_verify.cpp's key and clock (1'700'000'000'000 ms).
JWT_KEY = b"natter-fuzz-jwt-key-0123456789abcdef"
NOW = 1_700_000_000


def write(target, name, data):
    if isinstance(data, str):
        data = data.encode()
    path = CORPUS / target / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def frame(obj):
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


# ---------- HTTP requests ----------

def http(method, target, headers=(), body=b"", version="HTTP/1.1"):
    if isinstance(body, str):
        body = body.encode()
    lines = [f"{method} {target} {version}", "Host: localhost:8080"]
    lines += list(headers)
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def json_request(method, target, body, extra=()):
    if isinstance(body, (dict, list)):
        body = frame(body)
    if isinstance(body, str):
        body = body.encode()
    return http(method, target, ["Content-Type: application/json", f"Content-Length: {len(body)}", *extra], body)


def json_post(target, obj, extra=()):
    return json_request("POST", target, obj, extra)


def chunked(body, sizes):
    out, pos = b"", 0
    for size in sizes:
        out += b"%x\r\n" % size + body[pos:pos + size] + b"\r\n"
        pos += size
    return out + b"0\r\n\r\n"


BEARER = "Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.sig"
LOGIN = {"login": "alice", "password": "correct horse battery"}
LOGIN_BODY = frame(LOGIN).encode()


def http_seeds():
    s = {}
    s["get-root"] = http("GET", "/", ["Accept: text/html"])
    s["get-healthz"] = http("GET", "/healthz")
    s["get-readyz"] = http("GET", "/readyz")
    s["get-metrics"] = http("GET", "/metrics")
    s["head-asset"] = http("HEAD", "/assets/app.js")
    s["register"] = json_post("/api/v1/auth/register", {
        "email": "alice@example.com", "username": "alice", "password": "correct horse battery",
        "display_name": "Alice"})
    s["login"] = json_post("/api/v1/auth/login", LOGIN)
    s["login-charset"] = http("POST", "/api/v1/auth/login", [
        "Content-Type: application/json; charset=utf-8", f"Content-Length: {len(LOGIN_BODY)}"], LOGIN_BODY)
    s["login-wrong-type"] = http("POST", "/api/v1/auth/login", [
        "Content-Type: text/plain", f"Content-Length: {len(LOGIN_BODY)}"], LOGIN_BODY)
    s["login-chunked"] = http("POST", "/api/v1/auth/login", [
        "Content-Type: application/json", "Transfer-Encoding: chunked"], chunked(LOGIN_BODY, [5, 20, len(LOGIN_BODY) - 25]))
    s["login-chunked-ext-trailer"] = http("POST", "/api/v1/auth/login", [
        "Content-Type: application/json", "Transfer-Encoding: chunked"],
        b"%x;name=value\r\n" % len(LOGIN_BODY) + LOGIN_BODY + b"\r\n0\r\nX-Trailer: 1\r\n\r\n")
    s["refresh-cookie"] = http("POST", "/api/v1/auth/refresh", [
        "Cookie: theme=dark; natter_refresh=Jx0l3AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_", "X-Requested-With: fetch",
        "Content-Length: 0"])
    s["refresh-body"] = json_post("/api/v1/auth/refresh", {"refresh_token": "Jx0l3AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_"})
    s["logout-all"] = json_post("/api/v1/auth/logout", {"all": True}, [BEARER])
    s["logout-empty"] = http("POST", "/api/v1/auth/logout", [BEARER, "Content-Length: 0"])
    s["me"] = http("GET", "/api/v1/me", [BEARER])
    s["patch-me"] = json_request("PATCH", "/api/v1/me", {"display_name": "Alice", "bio": None}, [BEARER])
    s["password"] = json_post("/api/v1/me/password", {"current_password": "old password", "new_password": "new one!"},
                              [BEARER])
    s["users-search"] = http("GET", "/api/v1/users?prefix=al&limit=20&after=alex", [BEARER])
    s["users-search-encoded"] = http("GET", "/api/v1/users?prefix=%61l%20+x&limit=%32&after&limit=3&=", [BEARER])
    s["users-search-bad-limit"] = http("GET", "/api/v1/users?limit=99999999999999999999&prefix=%zz", [BEARER])
    s["user"] = http("GET", "/api/v1/users/alice", [BEARER])
    s["user-empty-segment"] = http("GET", "/api/v1/users/", [BEARER])
    s["user-extra-segment"] = http("GET", "/api/v1/users/alice/x?y#z", [BEARER])
    s["delete-me"] = http("DELETE", "/api/v1/me", [BEARER])
    s["delete-me-password"] = json_request("DELETE", "/api/v1/me", {"password": "correct horse battery"}, [BEARER])
    s["password-reset"] = json_post("/api/v1/auth/password-reset", {"email": "alice@example.com"})
    s["password-reset-confirm"] = json_post("/api/v1/auth/password-reset/confirm", {
        "token": "Jx0l3AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_", "new_password": "a brand new passphrase"})
    s["sessions"] = http("GET", "/api/v1/me/sessions", [BEARER, "User-Agent: Mozilla/5.0 (X11; Linux x86_64)"])
    s["end-session"] = http("DELETE", "/api/v1/me/sessions/Jx0l3AbCdEfGhIjK", [BEARER])
    s["end-other-sessions"] = http("DELETE", "/api/v1/me/sessions", [BEARER])
    s["server-info"] = http("GET", "/api/v1/server")
    s["register-invite"] = json_post("/api/v1/auth/register", {
        "email": "bob@example.com", "username": "bob", "password": "correct horse battery", "invite": "Jx0l3AbC"})
    s["admin-users"] = http("GET", "/api/v1/admin/users?search=al&limit=20&after=alex", [BEARER])
    s["admin-user"] = http("GET", "/api/v1/admin/users/alice", [BEARER])
    s["admin-disable"] = http("POST", "/api/v1/admin/users/alice/disable", [BEARER, "Content-Length: 0"])
    s["admin-password"] = json_post("/api/v1/admin/users/alice/password", {"password": "temporary pass"}, [BEARER])
    s["admin-audit"] = http("GET", "/api/v1/admin/audit?user=alice&kind=login.failed&limit=200", [BEARER])
    s["admin-invite"] = json_post("/api/v1/admin/invites", {"expires_in_hours": 24}, [BEARER])
    s["admin-rooms"] = http("GET", "/api/v1/admin/rooms?after=garden&limit=50", [BEARER])
    s["admin-groups"] = http("GET", "/api/v1/admin/groups?after=12&limit=100", [BEARER])
    s["admin-delete-room"] = http("DELETE", "/api/v1/admin/rooms/lobby", [BEARER])
    s["admin-delete-group"] = http("DELETE", "/api/v1/admin/groups/12", [BEARER])
    s["admin-revoke-invite"] = http("DELETE", "/api/v1/admin/invites/Xrl-a16MbqkW", [BEARER])
    s["ws-upgrade"] = http("GET", "/ws", [
        "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
        "Sec-WebSocket-Version: 13", "Origin: http://localhost:8080", BEARER])
    s["ws-upgrade-query"] = http("GET", "/ws?x=1", [
        "Upgrade: websocket", "Connection: keep-alive, Upgrade", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
        "Sec-WebSocket-Version: 13"])
    s["pipelined"] = http("GET", "/healthz") + http("GET", "/api/v1/users/bob", [BEARER]) + json_post(
        "/api/v1/auth/login", LOGIN)
    s["http10-keep-alive"] = http("GET", "/healthz", ["Connection: keep-alive"], version="HTTP/1.0") + http(
        "GET", "/readyz", version="HTTP/1.0")
    s["connection-close"] = http("GET", "/healthz", ["Connection: close"]) + http("GET", "/metrics")
    # Request smuggling shapes: the parser must pick one framing or refuse.
    smuggled = http("GET", "/api/v1/me", [BEARER])
    s["smuggle-cl-te"] = http("POST", "/api/v1/auth/login", [
        "Content-Type: application/json", f"Content-Length: {len(LOGIN_BODY)}", "Transfer-Encoding: chunked"],
        chunked(LOGIN_BODY, [len(LOGIN_BODY)]) + smuggled)
    s["smuggle-te-cl"] = http("POST", "/api/v1/auth/login", [
        "Transfer-Encoding: chunked", "Content-Length: 4"], b"%x\r\n" % len(smuggled) + smuggled + b"\r\n0\r\n\r\n")
    s["smuggle-two-cl"] = http("POST", "/api/v1/auth/login", ["Content-Length: 4", "Content-Length: 40"],
                               b"{}\r\n" + smuggled)
    s["smuggle-cl-list"] = http("POST", "/api/v1/auth/login", ["Content-Length: 2, 2"], b"{}")
    s["smuggle-te-identity"] = http("POST", "/api/v1/auth/login", ["Transfer-Encoding: chunked, identity"],
                                    chunked(b"{}", [2]))
    s["smuggle-te-space"] = http("POST", "/api/v1/auth/login", ["Transfer-Encoding : chunked", "Content-Length: 2"],
                                 b"{}")
    s["smuggle-te-fold"] = http("POST", "/api/v1/auth/login", ["Transfer-Encoding:", " chunked"], chunked(b"{}", [2]))
    s["smuggle-te-xchunked"] = http("POST", "/api/v1/auth/login", ["Transfer-Encoding: xchunked"], b"{}")
    s["smuggle-te-identity-cl"] = http("POST", "/api/v1/auth/login", [
        "Transfer-Encoding: identity", f"Content-Length: {len(smuggled)}"], smuggled)
    s["smuggle-http10-chunked"] = http("POST", "/api/v1/auth/login", [
        "Transfer-Encoding: chunked", "Connection: keep-alive"], chunked(b"{}", [2]) + smuggled, version="HTTP/1.0")
    s["smuggle-bare-lf"] = b"POST /api/v1/auth/login HTTP/1.1\nHost: x\nContent-Length: 2\n\n{}GET / HTTP/1.1\n\n"
    s["chunk-size-overflow"] = http("POST", "/api/v1/auth/login", ["Transfer-Encoding: chunked"],
                                    b"ffffffffffffffffff1\r\nx\r\n0\r\n\r\n")
    s["chunk-over-limit"] = http("POST", "/api/v1/auth/login", ["Transfer-Encoding: chunked"],
                                 b"10001\r\n" + b"x" * 16 + b"\r\n")
    s["content-length-over-limit"] = http("POST", "/api/v1/auth/register", [
        "Content-Type: application/json", "Content-Length: 65537"], b"{")
    s["content-length-negative"] = http("POST", "/api/v1/auth/login", ["Content-Length: -1"], b"{}")
    s["content-length-plus"] = http("POST", "/api/v1/auth/login", ["Content-Length: +2"], b"{}")
    s["header-near-limit"] = http("GET", "/healthz", ["X-Padding: " + "a" * 16000])
    s["header-over-limit"] = http("GET", "/healthz", ["X-Padding: " + "a" * 16400])
    s["absolute-form"] = http("GET", "http://localhost:8080/api/v1/me?x=1", [BEARER])
    s["asterisk"] = http("OPTIONS", "*")
    s["connect"] = http("CONNECT", "localhost:8080")
    s["unknown-method"] = http("BREW", "/pot")
    s["http2-preface"] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
    s["traversal-targets"] = b"".join(http("GET", t) for t in [
        "//etc/passwd", "/../secret", "/%2e%2e/secret", "/assets/..%2f..%2fsecret", "/a\\..\\b", "/api//v1/me",
        "/api/v1/./me", "/api/v1/me/", "/?", "/??x=1"])
    s["json-deep"] = json_post("/api/v1/auth/login", {"login": [[[[[[[[[[[[[[[[["deep"]]]]]]]]]]]]]]]]]})
    s["json-bad-utf8"] = json_post("/api/v1/auth/login", b'{"login":"\xff\xfe","x":1}')
    s["json-not-object"] = json_post("/api/v1/auth/login", b"[1,2,3]  ")
    s["json-wrong-types"] = json_post("/api/v1/auth/register", {
        "email": 1, "username": None, "password": ["x"], "display_name": {"a": 1}})
    s["json-duplicate-keys"] = json_post("/api/v1/auth/login", '{"login":"a","login":"b","password":"pwd"}')
    return s


# ---------- WebSocket frames ----------

MESSAGE = {"id": 42, "conversation_id": 7, "seq": 13, "sender": "alice", "text": "hi", "ts": 1763719200000,
           "client_msg_id": "c-1", "reply_to": 40, "edited_ts": None, "deleted": False}
CONVERSATION = {"conversation_id": 7, "kind": "group", "name": "Friends", "topic": "", "members": ["alice", "bob"],
                "member_count": 2, "role": "owner", "last_seq": 14, "read_seq": 12, "delivered_seq": 14,
                "unread": 2, "last_message": MESSAGE, "request": {"from": "bob", "state": "pending"}}

REQUESTS = {
    "auth": {"token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.sig"},
    "message.send": {"conversation_id": 7, "client_msg_id": "c-1", "text": "hi", "reply_to": 40},
    "message.send-to-user": {"to": "@bob", "client_msg_id": "c-2", "text": "hello \u00e9\U0001F600"},
    "message.send-to-room": {"to": "#general", "client_msg_id": "c-3", "text": "line1\nline2"},
    "message.edit": {"message_id": 42, "text": "edited"},
    "message.delete": {"message_id": 42},
    "history": {"conversation_id": 7, "before_seq": 13, "after_seq": 2, "limit": 100},
    "sync": {"since": {"7": 12, "9": 0}},
    "sync-from-now": {"since": {}},
    "receipt.delivered": {"conversation_id": 7, "seq": 14},
    "receipt.read": {"conversation_id": 7, "seq": 14},
    "typing": {"conversation_id": 7},
    "presence.set": {"status": "away"},
    "conversations.list": {},
    "group.create": {"name": "Friends", "members": ["bob", "carol"]},
    "group.add": {"conversation_id": 7, "username": "dave"},
    "group.remove": {"conversation_id": 7, "username": "dave"},
    "group.role": {"conversation_id": 7, "username": "bob", "role": "admin"},
    "group.rename": {"conversation_id": 7, "name": "Best friends"},
    "group.update": {"conversation_id": 7, "name": "Best friends", "avatar": "AbCdEfGhIjKlMnOpQrStUv"},
    "group.leave": {"conversation_id": 7},
    "room.list": {},
    "room.create": {"name": "general", "topic": "Anything goes"},
    "room.join": {"name": "general"},
    "room.leave": {"name": "general"},
    "contact.add": {"username": "bob"},
    "contact.remove": {"username": "bob"},
    "contact.list": {},
    "request.accept": {"conversation_id": 7},
    "request.decline": {"conversation_id": 7},
    "block": {"username": "mallory"},
    "unblock": {"username": "mallory"},
    "ping": {},
    # --- room moderation ---
    "room.kick": {"conversation_id": 9, "username": "mallory", "reason": "Off topic"},
    "room.ban": {"conversation_id": 9, "username": "mallory", "reason": "Spam \u00e9"},
    "room.unban": {"conversation_id": 9, "username": "mallory"},
    "room.mute": {"conversation_id": 9, "username": "mallory", "reason": ""},
    "room.unmute": {"conversation_id": 9, "username": "mallory"},
    "room.topic": {"conversation_id": 9, "topic": "Release day"},
    # --- end room moderation ---
}


def request_frames():
    s = {}
    for n, (name, fields) in enumerate(REQUESTS.items(), start=1):
        kind = name.split("-")[0]
        s["request-" + name] = frame({"type": kind, "id": str(n), **fields})
    s["request-bad-json"] = '{"type":"ping","id":"1"'
    s["request-not-object"] = '["ping"]'
    s["request-no-id"] = '{"type":"ping"}'
    s["request-long-id"] = frame({"type": "ping", "id": "x" * 65})
    s["request-numeric-id"] = '{"type":"ping","id":1}'
    s["request-unknown-type"] = '{"type":"message.sned","id":"9"}'
    s["request-wrong-types"] = '{"type":"history","id":"9","conversation_id":"7","limit":1.5}'
    s["request-int-edges"] = ('{"type":"history","id":"9","conversation_id":9223372036854775807,'
                              '"before_seq":-9223372036854775808,"after_seq":18446744073709551615,"limit":0}')
    s["request-float-int"] = '{"type":"message.delete","id":"9","message_id":1e3}'
    s["request-both-targets"] = frame({"type": "message.send", "id": "9", "conversation_id": 7, "to": "@bob",
                                       "client_msg_id": "c", "text": "t"})
    s["request-sync-bad-keys"] = '{"type":"sync","id":"9","since":{"07":1,"-1":2,"x":3,"7":-1}}'
    s["request-duplicate-keys"] = '{"type":"ping","id":"1","id":"2","type":"auth"}'
    s["request-escapes"] = '{"type":"message\\u002esend","id":"\\ud83d\\ude00","to":"@b\\u0000ob",' \
                           '"client_msg_id":"\\ud800","text":"\\"\\\\\\/\\b\\f\\n\\r\\t"}'
    s["request-deep"] = '{"type":"ping","id":"1","x":' + "[" * 20 + "]" * 20 + "}"
    s["request-unknown-fields"] = '{"type":"ping","id":"1","extra":{"a":[1,2,{"b":null}]},"n":null}'
    s["request-room-kick-long-reason"] = frame({"type": "room.kick", "id": "1", "conversation_id": 9,
                                                "username": "mallory", "reason": "r" * 201})
    s["request-room-ban-wrong-types"] = '{"type":"room.ban","id":"1","conversation_id":"9","username":7,"reason":1}'
    s["request-group-many"] = frame({"type": "group.create", "id": "1", "name": "g",
                                     "members": ["u%d" % i for i in range(257)]})
    return s


EVENTS = {
    "message": {"message": MESSAGE},
    "message.edited": {"conversation_id": 7, "seq": 15, "message": {**MESSAGE, "text": "edited",
                                                                     "edited_ts": 1763719300000}},
    "message.deleted": {"conversation_id": 7, "seq": 16, "message_id": 42, "by": "alice"},
    "member.joined": {"conversation_id": 7, "seq": 14, "user": "carol", "role": "member", "by": "alice"},
    "member.left": {"conversation_id": 7, "seq": 17, "user": "carol", "by": None},
    "member.left-kick": {"conversation_id": 9, "seq": 19, "user": "mallory", "by": "alice", "action": "kick",
                         "reason": "Off topic"},
    "conversation.updated-mute": {"conversation_id": 9, "seq": 20, "user": "mallory", "action": "mute",
                                  "by": "alice", "reason": "Calm down"},
    "conversation.updated": {"conversation_id": 7, "seq": 18, "name": "New name", "user": "bob", "role": "admin"},
    "receipt": {"conversation_id": 7, "user": "bob", "delivered_seq": 14, "read_seq": 12},
    "typing": {"conversation_id": 7, "user": "bob"},
    "presence": {"user": "bob", "status": "online", "last_seen": 1763719200000},
    "request": {"conversation_id": 8, "from": "carol", "message": {**MESSAGE, "conversation_id": 8, "seq": 1}},
    "request.declined": {"conversation_id": 8, "by": "bob"},
    "request.accepted": {"conversation_id": 8, "by": "bob"},
    "token.expiring": {"expires_at": 1763720100000},
    "group.invited": {"conversation_id": 12, "name": "Deals", "by": "mallory"},
}

LOG = [{"type": "message", "message": MESSAGE},
       {"type": "member.joined", "conversation_id": 7, "seq": 14, "user": "carol", "role": "member", "by": None},
       {"type": "message.deleted", "conversation_id": 7, "seq": 15, "message_id": 41}]

REPLIES = {
    "auth": {"user": {"id": 1, "username": "alice", "display_name": "Alice"}, "expires_at": 1763720100000},
    "message": {"message": MESSAGE},
    "history": {"events": LOG, "has_more": True},
    "sync": {"conversations": [{"conversation_id": 7, "last_seq": 14, "has_more": False, "events": LOG},
                               {"conversation_id": 11, "last_seq": 40, "has_more": False, "events": []}],
             "receipts": [{"conversation_id": 7, "user": "bob", "delivered_seq": 14, "read_seq": 12}],
             "presence": [{"user": "bob", "status": "online", "last_seen": 1763719200000}]},
    "read": {"unread": 0},
    "conversations": {"conversations": [CONVERSATION, {**CONVERSATION, "kind": "room", "members": [],
                                                       "last_message": None, "request": None}]},
    "conversation": {"conversation": CONVERSATION},
    "group-create": {"conversation": CONVERSATION, "invited": ["bob"]},
    "group-add": {"invited": True},
    "rooms": {"rooms": [{"name": "general", "topic": "Anything goes", "members": 3, "conversation_id": 9}]},
    "contacts": {"contacts": [{"username": "bob", "display_name": "Bob", "status": "away",
                               "last_seen": 1763719200000}]},
    "empty": {},
}


def server_frames():
    s = {}
    s["hello"] = frame({"type": "hello", "protocol": 1, "server": "natterd/0.1.0", "limits": {
        "max_frame_bytes": 65536, "max_message_chars": 4000, "history_limit": 100, "sync_limit": 1000,
        "auth_timeout_ms": 10000, "typing_ttl_ms": 5000, "outbound_queue_frames": 1024,
        "outbound_queue_bytes": 4194304}})
    for name, fields in EVENTS.items():
        s["event-" + name] = frame({"type": name.split("-")[0], **fields})
    for n, (name, fields) in enumerate(REPLIES.items(), start=1):
        s["reply-" + name] = frame({"re": str(n), "ok": True, **fields})
    s["reply-error"] = frame({"re": "7", "error": {"code": "NOT_A_MEMBER",
                                                  "message": "You are not a member of this conversation."}})
    s["reply-error-null-re"] = frame({"re": None, "error": {"code": "BAD_REQUEST", "message": "Not JSON.",
                                                           "field": "id"}})
    s["reply-error-retry"] = frame({"re": "8", "error": {"code": "RATE_LIMITED", "retry_after": 3}})
    s["reply-error-unknown-code"] = frame({"re": "", "error": {"code": "FROM_THE_FUTURE", "message": "",
                                                              "retry_after": -5}})
    s["reply-no-ok"] = '{"re":"1","ok":false}'
    s["reply-error-null"] = '{"re":"1","ok":true,"error":null,"unread":-1}'
    s["event-unknown"] = '{"type":"message.reacted","conversation_id":7}'
    return s


# ---------- JWTs ----------

def b64(data):
    if isinstance(data, (dict, list)):
        data = json.dumps(data, separators=(",", ":")).encode()
    elif isinstance(data, str):
        data = data.encode()
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwt(header, claims, alg=hashlib.sha256, key=JWT_KEY):
    signing_input = b64(header) + "." + b64(claims)
    sig = b64(hmac.new(key, signing_input.encode(), alg).digest()) if alg else ""
    return signing_input + "." + sig


HS256 = {"alg": "HS256", "typ": "JWT"}
CLAIMS = {"sub": "1", "iat": NOW, "exp": NOW + 900, "jti": "qP9k2nF0aT8xL1mZ3vB7wQ", "sid": "family-1"}


def jwt_seeds():
    s = {}
    s["valid"] = jwt(HS256, CLAIMS)
    no_sid = {k: v for k, v in CLAIMS.items() if k != "sid"}
    s["valid-no-sid"] = jwt(HS256, no_sid)
    s["valid-header-order"] = jwt({"typ": "JWT", "alg": "HS256"}, CLAIMS)
    s["expired"] = jwt(HS256, {**CLAIMS, "exp": NOW - 1})
    s["alg-none"] = jwt({"alg": "none", "typ": "JWT"}, CLAIMS, alg=None)
    s["alg-none-sig"] = jwt({"alg": "none"}, CLAIMS, alg=None) + "AAAA"
    s["alg-hs384-same-key"] = jwt({"alg": "HS384", "typ": "JWT"}, CLAIMS, alg=hashlib.sha384)
    s["alg-hs512-same-key"] = jwt({"alg": "HS512", "typ": "JWT"}, CLAIMS, alg=hashlib.sha512)
    s["alg-rs256-hmac"] = jwt({"alg": "RS256", "typ": "JWT"}, CLAIMS)
    s["alg-lowercase"] = jwt({"alg": "hs256", "typ": "JWT"}, CLAIMS)
    s["wrong-key"] = jwt(HS256, CLAIMS, key=b"another-key-of-at-least-32-bytes!!")
    valid = s["valid"]
    head, payload, sig = valid.split(".")
    s["tampered-payload"] = head + "." + b64({**CLAIMS, "sub": "2"}) + "." + sig
    s["tampered-sig"] = head + "." + payload + "." + ("B" if sig[0] == "A" else "A") + sig[1:]
    s["sig-last-char"] = valid[:-1] + ("B" if valid[-1] == "A" else "A")
    s["sig-padded"] = valid + "="
    s["sig-missing"] = head + "." + payload + "."
    s["two-parts"] = head + "." + payload
    s["four-parts"] = valid + ".extra"
    s["whitespace"] = " " + valid + "\n"
    s["embedded-nul"] = head + "." + payload + "\0." + sig
    s["not-base64"] = "!!!.@@@.###"
    s["header-not-json"] = b64("not json") + "." + payload + "." + sig
    for name, claims in {
        "sub-number": {**CLAIMS, "sub": 1},
        "sub-leading-zero": {**CLAIMS, "sub": "01"},
        "sub-negative": {**CLAIMS, "sub": "-1"},
        "sub-zero": {**CLAIMS, "sub": "0"},
        "sub-overflow": {**CLAIMS, "sub": "9223372036854775808"},
        "sub-plus": {**CLAIMS, "sub": "+1"},
        "sub-space": {**CLAIMS, "sub": "1 "},
        "iat-string": {**CLAIMS, "iat": str(NOW)},
        "exp-float": {**CLAIMS, "exp": NOW + 900.5},
        "exp-huge": {**CLAIMS, "exp": 9223372036854775807},
        "exp-overflow-ms": {**CLAIMS, "exp": 9223372036854776},
        "exp-negative": {**CLAIMS, "exp": -1},
        "exp-missing": {k: v for k, v in CLAIMS.items() if k != "exp"},
        "jti-missing": {k: v for k, v in CLAIMS.items() if k != "jti"},
        "jti-empty": {**CLAIMS, "jti": ""},
        "jti-number": {**CLAIMS, "jti": 7},
        "sid-empty": {**CLAIMS, "sid": ""},
        "sid-number": {**CLAIMS, "sid": 5},
        "sid-null": {**CLAIMS, "sid": None},
        "claims-array": [1, 2, 3],
    }.items():
        s["signed-" + name] = jwt(HS256, claims)
    s["signed-duplicate-sub"] = (lambda si: si + "." + b64(hmac.new(JWT_KEY, si.encode(), hashlib.sha256).digest()))(
        b64(HS256) + "." + b64('{"sub":"1","sub":"2","iat":%d,"exp":%d,"jti":"j"}' % (NOW, NOW + 900)))
    return s


# ---------- static file paths ----------

STATIC_PATHS = {
    "root": "/", "index": "/index.html", "asset": "/assets/app.js", "nested": "/nested/dir/page.txt",
    "nested-dir": "/nested/", "client-route": "/chat/alice", "missing-with-extension": "/missing.css",
    "absolute-etc-passwd": "//etc/passwd", "absolute-secret-sibling": "//tmp/../etc/hostname",
    "dotdot": "/../secret.txt", "dotdot-nested": "/assets/../../secret.txt", "dotdot-end": "/assets/..",
    "encoded-dotdot": "/%2e%2e/secret.txt", "encoded-slash": "/..%2fsecret.txt",
    "double-encoded": "/%252e%252e/secret.txt", "backslash": "/..\\secret.txt",
    "symlink-file": "/leak.txt", "symlink-dir": "/up/secret.txt", "symlink-dir-root": "/up/root/index.html",
    "nul": "/index.html\0.png", "no-leading-slash": "index.html", "empty": "",
    "dot-segments": "/./assets/./app.js", "many-slashes": "////assets//app.js", "trailing-dot": "/index.html.",
    "unicode": "/\u00e9\u0301/\U0001F600", "overlong-utf8": b"/\xc0\xae\xc0\xae/secret.txt",
    "proc-self": "//proc/self/environ", "dev-zero": "//dev/zero",
}


# ---------- images ----------

def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width, height, idat=None, colour_type=2):
    ihdr = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    chunks = png_chunk(b"IHDR", ihdr)
    if idat is not None:
        chunks += png_chunk(b"IDAT", zlib.compress(idat))
    return b"\x89PNG\r\n\x1a\n" + chunks + png_chunk(b"IEND", b"")


def image_seeds():
    """Headers that claim more than they hold, and PNGs written here."""
    row = b"\x00" + bytes(range(12))  # one 4x1 RGB row, filter none
    return {
        "png-4x1": png(4, 1, row),
        "png-header-only-30000x30000": png(30000, 30000),
        "png-bomb-tiny-idat": png(30000, 30000, b"\x00" * 64),
        "png-zero-width": png(0, 1, row),
        "png-wide-20000x1": png(20000, 1, b"\x00" * 64),
        "gif-header-65535x65535": b"GIF89a" + struct.pack("<HH", 65535, 65535) + b"\x00\x00\x00\x3b",
        "webp-vp8x-16777216-square": b"RIFF" + struct.pack("<I", 22) + b"WEBPVP8X" + struct.pack("<I", 10)
        + b"\x00\x00\x00\x00" + b"\xff\xff\xff" + b"\xff\xff\xff",
        "jpeg-sof-65500x65500": b"\xff\xd8\xff\xc0\x00\x11\x08" + struct.pack(">HH", 65500, 65500)
        + b"\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01\xff\xd9",
    }


def image_tokens():
    png_chunks = ["IHDR", "IDAT", "IEND", "PLTE", "tRNS", "gAMA", "cHRM", "sRGB", "iCCP", "eXIf", "tEXt", "zTXt",
                  "iTXt", "pHYs", "acTL", "fcTL", "fdAT"]
    jpeg_markers = [b"\xff\xd8\xff", b"\xff\xc0", b"\xff\xc1", b"\xff\xc2", b"\xff\xc4", b"\xff\xdb",
                    b"\xff\xdd", b"\xff\xda", b"\xff\xd9", b"\xff\xe0", b"\xff\xe1", b"\xff\xe2", b"\xff\xee",
                    b"Exif\x00\x00", b"JFIF\x00", b"ICC_PROFILE\x00", b"Adobe"]
    gif_tokens = ["GIF87a", "GIF89a", "NETSCAPE2.0", b"\x21\xf9\x04", b"\x21\xff\x0b", b"\x2c", b"\x3b"]
    webp_tokens = ["RIFF", "WEBP", "VP8 ", "VP8L", "VP8X", "ALPH", "ANIM", "ANMF", "EXIF", "XMP ", "ICCP",
                   b"\x9d\x01\x2a", b"\x2f"]
    exif_tokens = [b"II*\x00", b"MM\x00*", b"\x01\x12", b"\x12\x01", b"\x88\x25", b"\x25\x88"]
    tokens = png_chunks + jpeg_markers + gif_tokens + webp_tokens + exif_tokens
    return [t.encode() if isinstance(t, str) else t for t in tokens]


# ---------- dictionaries ----------

def keys_of(value, out):
    if isinstance(value, dict):
        for k, v in value.items():
            out.add(k)
            keys_of(v, out)
    elif isinstance(value, list):
        for v in value:
            keys_of(v, out)
    return out


def dict_entry(token):
    if isinstance(token, str):
        token = token.encode()
    escaped = "".join(chr(b) if 0x20 <= b < 0x7f and b not in b'"\\' else "\\x%02x" % b for b in token)
    return '"' + escaped + '"'


def write_dict(name, tokens):
    path = CORPUS.parent / "dict" / (name + ".dict")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(dict_entry(t) + "\n" for t in sorted(set(tokens), key=lambda t: (len(t), t))))


def dictionaries():
    frames = [*REQUESTS.values(), *EVENTS.values(), *REPLIES.values(), LOG]
    names = keys_of(frames, {"type", "id", "re", "ok", "error", "code", "message", "field", "retry_after",
                             "protocol", "server", "limits"}) - {"7", "9"}
    types = {n.split("-")[0] for n in REQUESTS} | {n.split("-")[0] for n in EVENTS} | {"hello"}
    codes = ["BAD_REQUEST", "UNKNOWN_TYPE", "NOT_A_MEMBER", "RATE_LIMITED", "UNAUTHORIZED", "INTERNAL", "BANNED",
             "MUTED"]
    json_tokens = ["{", "}", "[", "]", ":", ",", "null", "true", "false", "-", "0", "1e3", "1.5", "\\u0000",
                   "\\ud800", "\\\"", "9223372036854775807", "-9223372036854775808", "18446744073709551616"]
    write_dict("protocol", ['"%s"' % n for n in names | types | set(codes)] + json_tokens)
    http_tokens = ["GET ", "POST ", "PATCH ", "HEAD ", "DELETE ", "OPTIONS ", " HTTP/1.1\r\n", " HTTP/1.0\r\n",
                   "\r\n", "\r\n\r\n", ": ", "Host: ", "Content-Length: ", "Transfer-Encoding: ", "chunked",
                   "Connection: ", "keep-alive", "close", "Upgrade", "Upgrade: websocket", "Content-Type: ",
                   "application/json", "Authorization: Bearer ", "Cookie: natter_refresh=", "X-Requested-With: x",
                   "Sec-WebSocket-Key: ", "Sec-WebSocket-Version: 13", "Origin: ", "0\r\n\r\n", ";", ",",
                   "/api/v1/", "/api/v1/auth/login", "/api/v1/users/", "/ws", "?", "&", "=", "%", "%2f", "{}",
                   "/api/v1/auth/password-reset", "/confirm", "/api/v1/me/sessions", "User-Agent: "]
    write_dict("http_request", http_tokens)
    write_dict("static_files", ["/", "..", "/..", ".", "%2e", "%2f", "%25", "\\", "\0", "//", "index.html",
                                "/assets/", "app.js", "nested/", "dir/", "page.txt", "leak.txt", "up/", "secret.txt",
                                "root/", "/etc/passwd", "/proc/self/"])
    write_dict("jwt_verify", ["eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.", "eyJhbGciOiJub25lIn0.", ".", "=", "-", "_"])
    write_dict("image_decode", image_tokens())


def stomp(command, headers=(), body="", nul=True):
    text = command + "\n" + "".join("%s:%s\n" % h for h in headers) + "\n" + body
    return text + ("\0" if nul else "")


def stomp_seeds():
    """What /stomp reads: one WebSocket message, one or more frames, heart-beats between them."""
    token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig"
    connect = stomp("CONNECT", [("accept-version", "1.1,1.2"), ("host", "natter"), ("heart-beat", "10000,10000"),
                                ("login", "alice"), ("passcode", token)])
    send = stomp("SEND", [("destination", "/app/messages"), ("content-type", "application/json"), ("receipt", "r-1")],
                 frame({"conversation_id": 7, "client_msg_id": "c1", "text": "hi"}))
    return {
        "connect": connect,
        "stomp-command": stomp("STOMP", [("accept-version", "1.2"), ("Authorization", "Bearer " + token)]),
        "connect-crlf": connect.replace("\n", "\r\n"),
        "subscribe-events": stomp("SUBSCRIBE", [("id", "sub-0"), ("destination", "/user/queue/events"),
                                                ("ack", "client-individual"), ("since", "7:12,9:0")]),
        "subscribe-topic": stomp("SUBSCRIBE", [("id", "1"), ("destination", "/topic/conversations.7"),
                                               ("since", "12")]),
        "send": send,
        "send-content-length": stomp("SEND", [("destination", "/app/messages"), ("content-length", "5")], "a\0bcd"),
        "frames-and-heart-beats": "\n\r\n" + send + "\n" + stomp("ACK", [("id", "7.13")]) + "\n\n",
        "escapes": stomp("SEND", [("destination", "/app/x\\cy\\n\\r\\\\"), ("a\\cb", "c")]),
        "bad-escape": stomp("SEND", [("destination", "/a\\tb")]),
        "no-nul": stomp("SEND", [("destination", "/app/messages")], "{}", nul=False),
        "unknown-command": stomp("SHOUT", [("a", "b")]),
        "bad-content-length": stomp("SEND", [("content-length", "12x")], "body"),
        "content-length-no-nul": stomp("SEND", [("content-length", "2")], "abc"),
        "disconnect": stomp("DISCONNECT", [("receipt", "77")]),
        "unsubscribe": stomp("UNSUBSCRIBE", [("id", "sub-0")]),
        "server-frames": stomp("CONNECTED", [("version", "1.2"), ("heart-beat", "10000,10000"),
                                             ("server", "natterd/0.1.0"), ("session", "abc")]) +
        stomp("MESSAGE", [("subscription", "sub-0"), ("message-id", "7.13"), ("destination", "/user/queue/events"),
                          ("content-type", "application/json")], frame({"type": "typing"})) +
        stomp("RECEIPT", [("receipt-id", "77")]) + stomp("ERROR", [("message", "BAD_REQUEST")], "why"),
    }


def stomp_tokens():
    return ["CONNECT", "STOMP", "CONNECTED", "SEND", "SUBSCRIBE", "UNSUBSCRIBE", "ACK", "NACK", "BEGIN", "COMMIT",
            "ABORT", "DISCONNECT", "MESSAGE", "RECEIPT", "ERROR", "\n", "\r\n", "\0", ":", "\\c", "\\n",
            "\\r", "\\\\", "\\", "content-length:", "content-type:", "destination:", "receipt:", "id:",
            "ack:", "since:", "accept-version:", "heart-beat:", "host:", "login:", "passcode:", "version:",
            "subscription:", "message-id:", "receipt-id:", "message:", "1.2", "1.1", "/app/messages",
            "/user/queue/events", "/user/queue/replies", "/topic/conversations.", "client-individual"]


def e2ee_seeds():
    """Envelopes (first byte even) and plaintexts (first byte odd) for fuzz/e2ee_envelope.cpp."""
    olm = {"v": 1, "alg": "olm.v1", "sender_device": "alice",
           "ciphertexts": {"2:bob": {"type": 0, "body": "AwogAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}}}
    megolm = {"v": 1, "alg": "megolm.v1", "sender_device": "alice", "session_id": "c2Vzc2lvbg",
              "ciphertext": "AwgAEhAAAAAAAAAAAAAAAAAAAAAA"}
    head = {"v": 1, "sender": 1, "sender_device": "alice", "sender_ed25519": "ED", "recipient": 2,
            "recipient_device": "bob", "recipient_ed25519": "BOB"}
    return {
        "olm-prekey": "\0" + frame(olm),
        "olm-normal": "\0" + frame({**olm, "ciphertexts": {"2:bob": {"type": 1, "body": "AwgAEgAA"}}}),
        "olm-not-mine": "\0" + frame({**olm, "ciphertexts": {"3:carol": {"type": 0, "body": "AA"}}}),
        "olm-v2": "\0" + frame({**olm, "v": 2}),
        "megolm": "\0" + frame(megolm),
        "megolm-no-session": "\0" + frame({k: v for k, v in megolm.items() if k != "session_id"}),
        "plain-message": "\1" + frame({**head, "kind": "message", "body": "hello"}),
        "plain-group-key": "\1" + frame({**head, "kind": "group_key", "conversation_id": 7,
                                           "session_id": "c2Vzc2lvbg", "session_key": "AgAAAAA"}),
        "plain-unknown-kind": "\1" + frame({**head, "kind": "other"}),
        "plain-not-json": "\1{\"v\":1,",
    }


def e2ee_tokens():
    return ['"v"', '"alg"', '"olm.v1"', '"megolm.v1"', '"sender_device"', '"ciphertexts"', '"type"', '"body"',
            '"session_id"', '"ciphertext"', '"sender"', '"sender_ed25519"', '"recipient"', '"recipient_device"',
            '"recipient_ed25519"', '"kind"', '"message"', '"group_key"', '"conversation_id"', '"session_key"',
            '"2:bob"', '"alice"', '"bob"', "1", "2", "7", "{", "}", ":", ","]


def e2ee_file_seeds():
    """Entries and whole "files" values for fuzz/e2ee_files.cpp (media ids as the harness attaches them)."""
    entry = {"media_id": "AAAAAAAAAAAAAAAAAAAAAA", "key": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8",
             "nonce": "ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7", "name": "photo.jpg", "mime": "image/jpeg",
             "size": 123456, "width": 800, "height": 600}
    other = {**entry, "media_id": "bbbbbbbbbbbbbbbbbbbb-_", "name": "notes.txt", "mime": "text/plain", "size": 0}
    del other["width"], other["height"]
    return {
        "entry": frame(entry),
        "entry-padded": frame({**entry, "key": entry["key"] + "=", "future": {"x": 1}}),
        "files-two": frame([entry, other]),
        "files-not-attached": frame([{**entry, "media_id": "CCCCCCCCCCCCCCCCCCCCCC"}]),
        "files-bad-entries": frame([{**entry, "key": "AAEC"}, {**entry, "mime": "Image/JPEG"},
                                    {**entry, "name": ""}, {**entry, "size": -1}, {**entry, "width": 0}, 7]),
        "files-eleven": frame([entry] * 11),
        "files-odd-names": frame([{**entry, "name": "../.hidden\\x\u0001"}, {**entry, "name": "caf\u00e9.txt"}]),
        "files-not-array": frame({"files": [entry]}),
    }


def e2ee_file_tokens():
    return ['"media_id"', '"key"', '"nonce"', '"name"', '"mime"', '"size"', '"width"', '"height"',
            '"AAAAAAAAAAAAAAAAAAAAAA"', '"bbbbbbbbbbbbbbbbbbbb-_"', '"image/png"', '"application/octet-stream"',
            "26214384", "100000", "0", "-1", "=", "{", "}", "[", "]", ":", ","]


def main():
    dictionaries()
    write_dict("e2ee_files", e2ee_file_tokens())
    for name, data in e2ee_file_seeds().items():
        write("e2ee_files", name, data)
    write_dict("e2ee_envelope", e2ee_tokens())
    for name, data in e2ee_seeds().items():
        write("e2ee_envelope", name, data)
    write_dict("stomp_frame", stomp_tokens())
    for name, data in stomp_seeds().items():
        write("stomp_frame", name, data)
    for name, data in http_seeds().items():
        write("http_request", name, data)
    for name, data in request_frames().items():
        write("ws_decode", name, data)
        write("protocol_codec", name, data)
    for name, data in server_frames().items():
        write("protocol_codec", name, data)
    for name, data in jwt_seeds().items():
        write("jwt_verify", name, data)
    for name, data in STATIC_PATHS.items():
        write("static_files", name, data)
    for name, data in image_seeds().items():
        write("image_decode", name, data)


if __name__ == "__main__":
    main()
