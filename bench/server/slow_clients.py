"""Holds N slow connections to crible-server for S seconds: each sends a request line
and then one header byte every half second, as a slowloris client does. When the
server cuts one off (its read timeout), it connects again. Prints how many cuts."""
import socket
import sys
import time


def main() -> None:
    port, count, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    end = time.monotonic() + seconds
    connections: list[socket.socket] = []
    cuts = 0

    def connect() -> socket.socket:
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"GET /v1/search?q=tiktok HTTP/1.1\r\nX-Slow: ")
        return s

    connections = [connect() for _ in range(count)]
    while time.monotonic() < end:
        for i, s in enumerate(connections):
            try:
                s.sendall(b"a")
            except OSError:
                cuts += 1
                s.close()
                connections[i] = connect()
        time.sleep(0.5)
    for s in connections:
        s.close()
    print(f"slow clients: {count} held for {seconds:.0f} s, cut off by the server {cuts} times")


if __name__ == "__main__":
    main()
