"""Slow and hostile clients for the hostile scenario (hhu-protocol.md §2 frames):

  silent     connections that send nothing (the frame deadline must close them)
  trickle    a header one byte at a time, a byte every 0.5 s
  offlist    connect-and-send floods from 127.9.x.x, off the allow-list
  oversized  a LEN of 65535 and a payload that never ends
  malformed  bytes that are not a frame
  premac     well-formed frames for a terminal nobody enrolled (A3), as fast as
             the station answers, from one allowed address: past the pre-MAC
             limit they are counted, not journaled, and alerted once

Counts what each did; never fails on its own (the station's answers are the
checker's business)."""
import os
import socket
import struct
import threading
import time
from collections import Counter

SILENT = 150
TRICKLE = 100
PREMAC_ADDRESS = "127.0.2.9"


def unknown_terminal_frame(seq):
    header = b"HH" + bytes([1, 2, 1]) + b"99990000" + struct.pack(">I", seq) + bytes.fromhex("20261202120000")
    header += struct.pack(">H", 0x0003) + bytes([1]) + os.urandom(16)
    payload = os.urandom(16)
    body = header + payload + os.urandom(8)
    return struct.pack(">H", len(body)) + body


class Crowd:
    def __init__(self, port, rng):
        self.port = port
        self.rng = rng
        self.counts = Counter()
        self.lock = threading.Lock()

    def count(self, what, n=1):
        with self.lock:
            self.counts[what] += n

    def connect(self, source, timeout=5):
        s = socket.socket()
        s.settimeout(timeout)
        s.bind((source, 0))
        s.connect(("127.0.0.1", self.port))
        return s

    def holder(self, done, source, trickle):
        """Holds a connection open, silent or trickling, reconnecting when the station closes it."""
        while not done.is_set():
            try:
                s = self.connect(source)
                self.count("silent connections" if not trickle else "trickling connections")
                frame = unknown_terminal_frame(1)
                i = 0
                while not done.is_set():
                    if trickle:
                        s.sendall(frame[i % len(frame):i % len(frame) + 1])
                        i += 1
                    s.settimeout(0.5)
                    try:
                        if s.recv(4096) == b"":
                            break  # closed by the station
                    except socket.timeout:
                        pass
                s.close()
                self.count("closed by the station")
            except OSError:
                self.count("connect failures")
                done.wait(0.2)

    def flooder(self, done, kind):
        seq = 0
        while not done.is_set():
            seq += 1
            try:
                if kind == "offlist":
                    s = self.connect(f"127.9.{seq % 250 + 1}.{seq % 200 + 2}", timeout=2)
                    s.sendall(unknown_terminal_frame(seq))
                elif kind == "oversized":
                    s = self.connect("127.0.2.7", timeout=2)
                    s.sendall(struct.pack(">H", 0xFFFF) + b"HH" + os.urandom(4000))
                elif kind == "malformed":
                    s = self.connect("127.0.2.8", timeout=2)
                    s.sendall(os.urandom(self.rng.randrange(1, 200)))
                else:
                    s = self.connect(PREMAC_ADDRESS, timeout=2)
                    s.sendall(unknown_terminal_frame(seq))
                try:
                    answer = s.recv(4096)
                    self.count(f"{kind} {'answered' if answer else 'closed'}")
                except socket.timeout:
                    self.count(f"{kind} timed out")
                s.close()
            except OSError:
                self.count(f"{kind} refused")
                done.wait(0.05)

    def run(self, done):
        threads = []
        for n in range(SILENT):
            threads.append(threading.Thread(target=self.holder, args=(done, f"127.0.3.{n % 250 + 2}", False)))
        for n in range(TRICKLE):
            threads.append(threading.Thread(target=self.holder, args=(done, f"127.0.4.{n % 250 + 2}", True)))
        for kind in ("offlist", "oversized", "malformed", "premac", "premac"):
            threads.append(threading.Thread(target=self.flooder, args=(done, kind)))
        for t in threads:
            t.daemon = True
            t.start()
        done.wait()
        for t in threads:
            t.join(timeout=10)

    def describe(self):
        return "hostile clients: " + ", ".join(f"{k} {v}" for k, v in sorted(self.counts.items()))
