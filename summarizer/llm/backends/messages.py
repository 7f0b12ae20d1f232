"""Chat messages as providers need them."""

from __future__ import annotations

from summarizer.backend import Message

__all__ = ["fold_system"]


def fold_system(messages: list[Message]) -> list[Message]:
    """Merge system messages into the first user message.

    Some chat templates have no system role (llama-cpp-python's ``gemma`` format drops system
    messages), so the instructions travel at the top of the first user turn instead.
    """
    system = "\n\n".join(m["content"] for m in messages if m["role"] == "system")
    rest = [dict(m) for m in messages if m["role"] != "system"]
    if system:
        for message in rest:
            if message["role"] == "user":
                message["content"] = f"{system}\n\n{message['content']}"
                break
        else:
            rest.insert(0, {"role": "user", "content": system})
    return rest
