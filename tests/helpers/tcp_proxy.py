"""A TCP proxy on 127.0.0.1 that can stop forwarding: a service that hangs.

Put it in front of Redis or PostgreSQL and point the client at ``port``.
While forwarding it copies bytes both ways; after ``hang()`` it still
accepts connections and keeps them open but passes nothing on, in either
direction, as a server that stopped answering would (no refusal, no reset:
the client waits until its own timeout). ``resume()`` forwards again.
"""

from __future__ import annotations

import select
import socket
import threading


class HangingProxy:
    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, target_port)
        self.hanging = threading.Event()
        self.stopping = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.1)
        self.port = self.listener.getsockname()[1]
        self.connections: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def hang(self) -> None:
        self.hanging.set()

    def resume(self) -> None:
        self.hanging.clear()

    def stop(self) -> None:
        self.stopping.set()
        self._thread.join(timeout=2)
        self.listener.close()
        for conn in self.connections:
            conn.close()

    def _accept(self) -> None:
        while not self.stopping.is_set():
            try:
                client, _address = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections.append(client)
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        # A connection opened while hanging is never forwarded: its server
        # would not have answered the handshake either.
        while self.hanging.is_set():
            if self.stopping.wait(0.05):
                return
        try:
            upstream = socket.create_connection(self.target, timeout=2)
        except OSError:
            client.close()
            return
        self.connections.append(upstream)
        peers = {client: upstream, upstream: client}
        while not self.stopping.is_set():
            if self.hanging.is_set():
                self.stopping.wait(0.05)
                continue
            try:
                readable, _, _ = select.select(list(peers), [], [], 0.05)
                for sock in readable:
                    data = sock.recv(65536)
                    if not data:
                        raise ConnectionError
                    peers[sock].sendall(data)
            except OSError:
                break
        client.close()
        upstream.close()
