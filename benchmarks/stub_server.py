"""An OpenAI-compatible stub for load benchmarks: a fixed latency and one fixed answer.

It answers every ``POST .../chat/completions`` after ``--latency`` seconds (asyncio: any
number of requests wait at once) with the same draft: one event whose quote is the sentence
every benchmark article carries. It stands in for a server's *timing*, not a model: the
benchmark measures the client's throughput against an ideal of ``concurrency / latency``.
Binds 127.0.0.1 only. Usage: ``python benchmarks/stub_server.py --port 0 --latency 0.2``
(prints the port it bound on its first line).
"""

from __future__ import annotations

import argparse
import asyncio
import json

QUOTE = "Gunmen attacked a village on Monday."
"""The sentence every benchmark article carries, quoted by the stub's event."""

DRAFT = {
    "title": "A report",
    "outlet": None,
    "published": None,
    "summary": "Gunmen attacked a village.",
    "key_points": ["Gunmen attacked a village."],
    "events": [
        {
            "evidence": [QUOTE],
            "sub_event_type": "Attack",
            "actor1": "Unidentified Armed Group",
            "assoc_actor_1": [],
            "actor2": "Civilians",
            "assoc_actor_2": [],
            "country": None,
            "admin1": [],
            "location": None,
            "date_text": "on Monday",
            "fatalities": None,
            "claim_status": "reported",
            "attributed_to": None,
        }
    ],
}
BODY = json.dumps(
    {
        "id": "stub",
        "object": "chat.completion",
        "created": 0,
        "model": "stub",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": json.dumps(DRAFT)},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 100, "completion_tokens": 50, "total_tokens": 150},
    }
).encode()
RESPONSE = (
    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
    + f"content-length: {len(BODY)}\r\n\r\n".encode()
    + BODY
)


async def serve(port: int, latency: float) -> None:
    """Serve until killed."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":", 1)[1])
                await reader.readexactly(length)
                await asyncio.sleep(latency)
                writer.write(RESPONSE)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=1024)
    print(server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


def main() -> None:
    """Parse the arguments and serve."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--latency", type=float, default=0.2)
    args = parser.parse_args()
    asyncio.run(serve(args.port, args.latency))


if __name__ == "__main__":
    main()
