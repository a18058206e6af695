#!/usr/bin/python3
"""An SMTP server on loopback for tests (Debian's python3-aiosmtpd): stores
every mail it receives in the maildir MAILDIR (new mail in MAILDIR/new) and
prints the port it listens on as the first line of stdout. Runs until SIGTERM.

    tests/support/smtp_sink.py MAILDIR
"""
import signal
import socket
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    stop = {signal.SIGTERM, signal.SIGINT}
    signal.pthread_sigmask(signal.SIG_BLOCK, stop)  # before any thread starts
    controller = Controller(Mailbox(sys.argv[1]), hostname="127.0.0.1", port=free_port())
    controller.start()
    print(controller.port, flush=True)
    signal.sigwait(stop)
    controller.stop()


if __name__ == "__main__":
    main()
