#!/usr/bin/python3
"""STOMP 1.2 on /stomp with Debian's stomp.py (python3-stomp), a stock client:
chat with a user of the JSON protocol both ways, receipts, ACKs as delivered
receipts, heart-beats, resume with `since`, and bad frames answered with
ERROR and a close.

Debian 12's stomp.py (8.0) speaks STOMP over TCP only; its WebSocket
transport came with 8.1, as a class that puts stomp.py's own Transport on
websocket-client (python3-websocket). WebSocketTransport below is that class,
cut to what these tests use: framing, parsing, heart-beats and receipts are
stomp.py's own.

Usage: stomp_py_test.py NATTERD   (or NATTERD in the environment)
"""
import json
import os
import sys
import threading
import unittest

import stomp
import stomp.connect
import stomp.listener
import stomp.protocol
import stomp.transport
import websocket

sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from natter_fixture import JsonClient, Natterd, eventually  # noqa: E402

NATTERD = os.environ.get("NATTERD")


class WebSocketTransport(stomp.transport.BaseTransport):
    def __init__(self, url, subprotocols=("v12.stomp", "v11.stomp")):
        super().__init__()
        self.url = url
        self.subprotocols = list(subprotocols)
        self.socket = None
        self.send_lock = threading.Lock()
        self.current_host_and_port = ("natter", 0)  # CONNECT's host header
        self.vhost = "natter"

    def attempt_connection(self):
        self.socket = websocket.create_connection(self.url, subprotocols=self.subprotocols, timeout=None)

    def is_connected(self):
        return self.socket is not None and self.socket.connected and super().is_connected()

    def send(self, encoded_frame):
        if self.socket is None:
            raise stomp.exception.NotConnectedException()
        with self.send_lock:
            self.socket.send(encoded_frame.decode("utf-8"))

    def receive(self):
        try:
            text = self.socket.recv()
        except (websocket.WebSocketConnectionClosedException, OSError):
            return None
        return text.encode("utf-8") if text else None

    def cleanup(self):
        if self.socket is not None:
            self.socket.close()

    def disconnect_socket(self):
        self.running = False
        if self.socket is not None:
            self.socket.close()
        if not self.notified_on_disconnect:
            self.notify("disconnected")


class Connection(stomp.connect.BaseConnection, stomp.protocol.Protocol12):
    """stomp.StompConnection12 on a WebSocket."""

    def __init__(self, url, heartbeats=(0, 0), subprotocols=("v12.stomp", "v11.stomp")):
        transport = WebSocketTransport(url, subprotocols)
        stomp.connect.BaseConnection.__init__(self, transport)
        stomp.protocol.Protocol12.__init__(self, transport, heartbeats, heart_beat_receive_scale=1.5)
        self.seen = Recorder()
        self.set_listener("recorder", self.seen)

    def connect(self, *args, **kwargs):
        self.transport.start()
        stomp.protocol.Protocol12.connect(self, *args, **kwargs)

    def disconnect(self, receipt=None, headers=None, **keyword_headers):
        stomp.protocol.Protocol12.disconnect(self, receipt, headers, **keyword_headers)
        if receipt is not None:
            self.transport.stop()


class Recorder(stomp.listener.ConnectionListener):
    """Everything the server sent, as stomp.py parsed it."""

    def __init__(self):
        self.lock = threading.Lock()
        self.frames = []
        self.heartbeats = 0
        self.disconnected = False

    def _add(self, command, frame):
        with self.lock:
            self.frames.append((command, dict(frame.headers), frame.body))

    def on_connected(self, frame):
        self._add("CONNECTED", frame)

    def on_message(self, frame):
        self._add("MESSAGE", frame)

    def on_receipt(self, frame):
        self._add("RECEIPT", frame)

    def on_error(self, frame):
        self._add("ERROR", frame)

    def on_heartbeat(self):
        with self.lock:
            self.heartbeats += 1

    def on_disconnected(self):
        self.disconnected = True

    def all(self, command, **headers):
        with self.lock:
            return [(h, b) for c, h, b in self.frames
                    if c == command and all(h.get(k) == v for k, v in headers.items())]

    def wait(self, command, what=None, **headers):
        return eventually(lambda: self.all(command, **headers), what or command)[0]

    def events(self, subscription):
        return [json.loads(b) for h, b in self.all("MESSAGE", subscription=subscription)]

    def messages(self, subscription):
        """The chat messages a subscription got, in order."""
        return [e["message"] for e in self.events(subscription) if e.get("type") == "message"]

    def wait_message(self, subscription, text):
        found = eventually(lambda: [(h, b) for h, b in self.all("MESSAGE", subscription=subscription)
                                    if json.loads(b).get("type") == "message" and
                                    json.loads(b)["message"]["text"] == text], f"the message {text!r}")
        return found[0]


class StompWithJsonUser(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.natterd = Natterd(NATTERD)
        cls.url = f"ws://127.0.0.1:{cls.natterd.port}/stomp"

    @classmethod
    def tearDownClass(cls):
        cls.natterd.stop()

    def stomp_user(self, token, heartbeats=(0, 0)):
        conn = Connection(self.url, heartbeats)
        conn.connect(passcode=token, wait=True, headers={"host": "natter"})
        self.addCleanup(lambda: conn.is_connected() and conn.disconnect())
        return conn

    def json_user(self, token):
        client = JsonClient(self.natterd, token)
        self.addCleanup(client.close)
        return client

    def group_of(self, json_client, stomp_conn, stomp_name):
        """A group made by the JSON user with the STOMP user invited; the STOMP user accepts over /app."""
        created = json_client.request("group.create", name="stomp", members=[stomp_name])
        conv = created["conversation"]["conversation_id"]
        stomp_conn.send("/app/request.accept", json.dumps({"conversation_id": conv}), headers={"receipt": "accept"})
        stomp_conn.seen.wait("RECEIPT", "the accept's receipt", **{"receipt-id": "accept"})
        return conv

    def test_chat_both_ways_with_a_json_user(self):
        alice, alice_token = self.natterd.person("alice")
        bob, bob_token = self.natterd.person("bob")
        conn = self.stomp_user(alice_token)
        connected = conn.seen.wait("CONNECTED")[0]
        self.assertEqual(connected["version"], "1.2")
        self.assertEqual(connected["server"], "natterd/0.1.0")
        conn.subscribe("/user/queue/replies", "replies")
        conn.subscribe("/user/queue/events", "events", headers={"receipt": "sub-events"})
        conn.seen.wait("RECEIPT", "the subscription's receipt", **{"receipt-id": "sub-events"})
        json_bob = self.json_user(bob_token)
        conv = self.group_of(json_bob, conn, alice)

        json_bob.request("message.send", conversation_id=conv, client_msg_id="b1", text="hello from the web")
        headers, body = conn.seen.wait_message("events", "hello from the web")
        self.assertEqual(headers["content-type"], "application/json")
        self.assertEqual(headers["destination"], "/user/queue/events")
        event = json.loads(body)
        self.assertEqual(headers["message-id"], f"{conv}.{event['message']['seq']}")

        conn.send("/app/messages", json.dumps({"conversation_id": conv, "client_msg_id": "a1",
                                               "text": "hello from STOMP ✓"}),
                  content_type="application/json", headers={"receipt": "send-1"})
        conn.seen.wait("RECEIPT", "the send's receipt", **{"receipt-id": "send-1"})
        reply_headers, reply_body = conn.seen.wait("MESSAGE", "the send's reply", subscription="replies",
                                                   **{"request-id": "send-1"})
        reply = json.loads(reply_body)
        self.assertTrue(reply["ok"])
        self.assertEqual(reply["message"]["text"], "hello from STOMP ✓")
        self.assertNotIn("error", reply_headers)
        seen_by_bob = json_bob.wait_for(lambda f: f.get("type") == "message" and
                                        f["message"]["text"] == "hello from STOMP ✓", "alice's message")
        self.assertEqual(seen_by_bob["message"]["sender"], alice)

    def test_failed_request_is_a_reply_with_its_error(self):
        _, token = self.natterd.person("alice")
        conn = self.stomp_user(token)
        conn.subscribe("/user/queue/replies", "replies")
        conn.send("/app/messages", json.dumps({"conversation_id": 999999, "client_msg_id": "x", "text": "hi"}),
                  headers={"receipt": "lost"})
        headers, body = conn.seen.wait("MESSAGE", "the error reply", **{"request-id": "lost"})
        self.assertEqual(headers["error"], "NOT_A_MEMBER")
        self.assertEqual(json.loads(body)["error"]["code"], "NOT_A_MEMBER")
        conn.seen.wait("RECEIPT", **{"receipt-id": "lost"})
        self.assertTrue(conn.is_connected())

    def test_plain_send_to_an_encrypted_conversation_is_refused(self):
        alice, alice_token = self.natterd.person("alice")
        _, bob_token = self.natterd.person("bob")
        conn = self.stomp_user(alice_token)
        conn.subscribe("/user/queue/replies", "replies", headers={"receipt": "sub-replies"})
        conn.seen.wait("RECEIPT", "the subscription's receipt", **{"receipt-id": "sub-replies"})
        json_bob = self.json_user(bob_token)
        conv = self.group_of(json_bob, conn, alice)
        json_bob.request("conversation.encrypt", conversation_id=conv)
        conn.send("/app/messages", json.dumps({"conversation_id": conv, "client_msg_id": "p1", "text": "in the clear"}),
                  headers={"receipt": "plain"})
        headers, body = conn.seen.wait("MESSAGE", "the error reply", **{"request-id": "plain"})
        self.assertEqual(headers["error"], "ENCRYPTION_REQUIRED")
        self.assertEqual(json.loads(body)["error"]["code"], "ENCRYPTION_REQUIRED")
        history = json_bob.request("history", conversation_id=conv)
        self.assertFalse([e for e in history["events"] if e.get("type") == "message"])
        self.assertTrue(conn.is_connected())

    def test_topic_subscription_and_acks_as_delivered_receipts(self):
        alice, alice_token = self.natterd.person("alice")
        _, bob_token = self.natterd.person("bob")
        conn = self.stomp_user(alice_token)
        conn.subscribe("/user/queue/events", "events")
        json_bob = self.json_user(bob_token)
        conv = self.group_of(json_bob, conn, alice)
        conn.subscribe(f"/topic/conversations.{conv}", "topic", ack="client-individual",
                       headers={"receipt": "sub-topic"})
        conn.seen.wait("RECEIPT", **{"receipt-id": "sub-topic"})
        json_bob.request("message.send", conversation_id=conv, client_msg_id="b1", text="to the topic")
        headers, body = conn.seen.wait_message("topic", "to the topic")
        self.assertEqual(headers["destination"], f"/topic/conversations.{conv}")
        seq = json.loads(body)["message"]["seq"]
        self.assertEqual(headers["ack"], f"{conv}.{seq}")
        conn.ack(headers["ack"], receipt="acked")
        conn.seen.wait("RECEIPT", **{"receipt-id": "acked"})
        json_bob.wait_for(lambda f: f.get("type") == "receipt" and f.get("user") == alice and
                          f.get("delivered_seq") == seq, "alice's delivered receipt")

    def test_non_member_is_refused_a_conversation(self):
        alice, alice_token = self.natterd.person("alice")
        _, bob_token = self.natterd.person("bob")
        _, carol_token = self.natterd.person("carol")
        conn = self.stomp_user(alice_token)
        conn.subscribe("/user/queue/events", "events")
        conv = self.group_of(self.json_user(bob_token), conn, alice)
        carol = Connection(self.url)
        carol.connect(passcode=carol_token, wait=True)
        carol.subscribe(f"/topic/conversations.{conv}", "snoop", headers={"receipt": "snoop"})
        headers, _ = carol.seen.wait("ERROR")
        self.assertEqual(headers["message"], "NOT_A_MEMBER")
        self.assertEqual(headers["receipt-id"], "snoop")
        eventually(lambda: carol.seen.disconnected, "the close after ERROR")
        self.assertEqual(carol.seen.all("MESSAGE"), [])

    def test_resubscribe_with_since_loses_nothing(self):
        alice, alice_token = self.natterd.person("alice")
        bob, bob_token = self.natterd.person("bob")
        conn = self.stomp_user(alice_token)
        conn.subscribe("/user/queue/events", "events")
        json_bob = self.json_user(bob_token)
        conv = self.group_of(json_bob, conn, alice)
        json_bob.request("message.send", conversation_id=conv, client_msg_id="m1", text="one")
        _, body = conn.seen.wait_message("events", "one")
        last_seq = json.loads(body)["message"]["seq"]
        conn.disconnect(receipt="bye")
        eventually(lambda: conn.seen.disconnected, "the disconnect")
        self.assertTrue(conn.seen.all("RECEIPT", **{"receipt-id": "bye"}), "DISCONNECT's receipt")
        for n in ("two", "three", "four"):
            json_bob.request("message.send", conversation_id=conv, client_msg_id=n, text=n)

        again = self.stomp_user(alice_token)
        again.subscribe("/user/queue/events", "events", headers={"since": f"{conv}:{last_seq}", "receipt": "resumed"})
        again.seen.wait("RECEIPT", **{"receipt-id": "resumed"})
        json_bob.request("message.send", conversation_id=conv, client_msg_id="five", text="five")
        again.seen.wait_message("events", "five")
        self.assertEqual([m["text"] for m in again.seen.messages("events")], ["two", "three", "four", "five"])
        # The sync's presence of the people who share theirs: bob, a fellow member, online on the web.
        presence = [e for e in again.seen.events("events") if e.get("type") == "presence" and e.get("user") == bob]
        self.assertEqual(presence[0]["status"], "online")

    def test_later_subscription_with_since_catches_up(self):
        alice, alice_token = self.natterd.person("alice")
        _, bob_token = self.natterd.person("bob")
        conn = self.stomp_user(alice_token)
        conn.subscribe("/user/queue/events", "events")
        json_bob = self.json_user(bob_token)
        conv = self.group_of(json_bob, conn, alice)
        for n in ("a", "b"):
            json_bob.request("message.send", conversation_id=conv, client_msg_id=n, text=n)
        _, body = conn.seen.wait_message("events", "b")
        seq_b = json.loads(body)["message"]["seq"]
        conn.subscribe(f"/topic/conversations.{conv}", "topic", headers={"since": str(seq_b - 1), "receipt": "t"})
        conn.seen.wait("RECEIPT", **{"receipt-id": "t"})
        json_bob.request("message.send", conversation_id=conv, client_msg_id="c", text="c")
        conn.seen.wait_message("topic", "c")
        self.assertEqual([m["text"] for m in conn.seen.messages("topic")], ["b", "c"])
        self.assertEqual([m["text"] for m in conn.seen.messages("events")], ["a", "b", "c"])

    def test_heart_beats_keep_an_idle_connection(self):
        _, token = self.natterd.person("alice")
        conn = self.stomp_user(token, heartbeats=(2000, 2000))
        connected = conn.seen.wait("CONNECTED")[0]
        self.assertEqual(connected["heart-beat"], "1000,1000")  # what natterd offers
        # Three of the server's beats (every 2 s) have come, and stomp.py sent its own: still connected.
        eventually(lambda: conn.seen.heartbeats >= 3, "three server heart-beats")
        conn.subscribe("/user/queue/replies", "replies")
        conn.send("/app/ping", "", headers={"receipt": "still-here"})
        conn.seen.wait("RECEIPT", **{"receipt-id": "still-here"})
        self.assertFalse(conn.seen.disconnected)


class BadFrames(unittest.TestCase):
    """Raw frames through stomp.py's transport: each answered with ERROR, then the close."""

    @classmethod
    def setUpClass(cls):
        cls.natterd = Natterd(NATTERD)
        cls.url = f"ws://127.0.0.1:{cls.natterd.port}/stomp"
        _, cls.token = cls.natterd.person("alice")

    @classmethod
    def tearDownClass(cls):
        cls.natterd.stop()

    def refused(self, raw, code, connect_first=True):
        conn = Connection(self.url)
        conn.transport.start()
        if connect_first:
            conn.transport.send(f"CONNECT\naccept-version:1.2\npasscode:{self.token}\n\n\0".encode())
            conn.seen.wait("CONNECTED")
        conn.transport.send(raw)
        headers, _ = conn.seen.wait("ERROR")
        self.assertEqual(headers["message"], code)
        eventually(lambda: conn.seen.disconnected, "the close after ERROR")
        return headers

    def test_no_nul(self):
        self.refused(b"SEND\ndestination:/app/ping\n\n{}", "BAD_REQUEST")

    def test_bad_escape(self):
        self.refused(b"SEND\ndestination:/app/\\tping\n\n\0", "BAD_REQUEST")

    def test_oversize_header(self):
        self.refused(b"SEND\ndestination:/app/ping\nbig:" + b"x" * 5000 + b"\n\n\0", "PAYLOAD_TOO_LARGE")

    def test_too_many_headers(self):
        headers = b"".join(b"h%d:v\n" % i for i in range(40))
        self.refused(b"SEND\ndestination:/app/ping\n" + headers + b"\n\0", "PAYLOAD_TOO_LARGE")

    def test_unknown_command(self):
        self.refused(b"SHOUT\n\n\0", "UNKNOWN_TYPE")

    def test_send_before_connect(self):
        self.refused(b"SEND\ndestination:/app/ping\n\n\0", "UNAUTHORIZED", connect_first=False)

    def test_wrong_version(self):
        self.refused(f"CONNECT\naccept-version:1.0\npasscode:{self.token}\n\n\0".encode(), "BAD_REQUEST",
                     connect_first=False)

    def test_bad_token(self):
        self.refused(b"CONNECT\naccept-version:1.2\npasscode:not-a-token\n\n\0", "UNAUTHORIZED",
                     connect_first=False)

    def test_unknown_destination(self):
        headers = self.refused(b"SUBSCRIBE\nid:1\ndestination:/queue/other\nreceipt:r9\n\n\0", "NOT_FOUND")
        self.assertEqual(headers["receipt-id"], "r9")

    def test_silent_client_is_dropped(self):
        conn = Connection(self.url)
        conn.transport.start()
        # It promises a beat every second, then says nothing more.
        conn.transport.send(f"CONNECT\naccept-version:1.2\nheart-beat:1000,0\npasscode:{self.token}\n\n\0".encode())
        conn.seen.wait("CONNECTED")
        eventually(lambda: conn.seen.disconnected, "the silent client's disconnection")
        self.assertEqual(conn.seen.all("ERROR"), [])


if __name__ == "__main__":
    if len(sys.argv) > 1 and not sys.argv[1].startswith("-"):
        NATTERD = sys.argv.pop(1)
    if not NATTERD:
        sys.exit("usage: stomp_py_test.py NATTERD")
    unittest.main(verbosity=2)
