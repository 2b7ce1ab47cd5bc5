"""JSON rows, `{"values": [...]}`, from a streamed request body, in batches, in constant memory.

Each element of `values` is decoded by the json module's own scanner as soon as it is whole, so a
body reads as `json.loads` would read it (NaN and Infinity included, as Python's json writes them),
but is never held whole, and the event loop is given back at every chunk of the body.
"""

import codecs
import json
import re
from collections.abc import AsyncIterator
from typing import Any

from backend.data_values.csvstream import Batch, fields_of
from backend.errors import InvalidInput, field_error

# An element is a row of a few hundred characters; another member is ignored. Neither may hold
# more than this, or a single one would hold the body in memory.
MAX_ELEMENT = 1 << 20
_SPACE = re.compile(r"[ \t\n\r]*")
_decode = json.JSONDecoder().raw_decode  # json.loads's own (C) scanner: (value, end) at an index
_NO_FIELDS = fields_of({})  # an element that is no object: every column missing

_OPENED, _AFTER_COMMA, _AFTER_ELEMENT, _CLOSED = range(4)  # where reading `values` stands


def _not_json(why: str) -> InvalidInput:
    return InvalidInput("The request body is not valid JSON.", errors=[
        field_error(["body"], f"invalid JSON: {why}")])


def _not_values() -> InvalidInput:
    return InvalidInput('Send {"values": [...]}.', errors=[
        field_error(["body", "values"], "a list of figures is required")])


class _Body:
    """The body's text not read yet, filled chunk by chunk."""

    def __init__(self, chunks: AsyncIterator[bytes]) -> None:
        self.chunks = chunks
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="strict")
        self.text = ""
        self.pos = 0
        self.read = 0  # characters dropped from the front of `text`: where `text` starts
        self.ended = False

    async def more(self) -> None:
        """Append the next chunk to the text (the end of the body when there is none)."""
        if len(self.text) - self.pos > MAX_ELEMENT:
            raise _not_json(f"no value of at most {MAX_ELEMENT:,} characters at character "
                            f"{self.read + self.pos}")
        chunk = await anext(self.chunks, None)
        self.ended = chunk is None
        try:
            added = self.decoder.decode(chunk or b"", final=self.ended)
        except UnicodeDecodeError as exc:
            raise _not_json(f"not UTF-8 ({exc.reason})") from None
        self.read += self.pos
        self.text, self.pos = self.text[self.pos:] + added, 0

    async def peek(self) -> str:
        """The next character that is not white space, not taken; '' at the end of the body."""
        while True:
            self.pos = _SPACE.match(self.text, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.text):
                return self.text[self.pos]
            if self.ended:
                return ""
            await self.more()

    async def take(self, expected: str) -> str:
        found = await self.peek()
        if not found or found not in expected:
            raise _not_json(f"expected {' or '.join(expected)} at character {self.read + self.pos}")
        self.pos += 1
        return found

    async def value(self) -> Any:
        """The whole value at the reading position (after white space)."""
        await self.peek()
        while True:
            found = self._scan()
            if found is not None:
                return found[0]
            await self.more()

    def _scan(self) -> tuple[Any] | None:
        """The value at the position and reading moved past it; None when the text so far ends
        before the value does (a number may go on in the next chunk, so ending at the end of the
        text is not enough until the body has ended)."""
        try:
            value, end = _decode(self.text, self.pos)
        except json.JSONDecodeError as error:
            if not self.ended:
                return None
            raise _not_json(f"{error.msg} at character {self.read + error.pos}") from None
        if end == len(self.text) and not self.ended:
            return None
        self.pos = end
        return (value,)

    async def rows(self, size: int) -> AsyncIterator[Batch]:
        """The batches of the `values` array, whose '[' was just taken."""
        state, taken = _OPENED, 0
        batch: Batch = []
        while True:
            state = self._rows(state, taken, batch, size)
            if len(batch) >= size or (batch and state == _CLOSED):
                yield batch
                taken += len(batch)
                batch = []
            elif state != _CLOSED:
                await self.more()
            if state == _CLOSED:
                return

    def _rows(self, state: int, taken: int, batch: Batch, size: int) -> int:
        """Add the elements whole in the text to `batch`, until it holds `size`: the state reading
        stops in. Elements that are not objects read as rows with every column missing."""
        text, space, scan = self.text, _SPACE.match, self._scan
        while len(batch) < size:
            pos = self.pos = space(text, self.pos).end()  # type: ignore[union-attr]
            if pos == len(text):
                if self.ended:
                    raise _not_json("the list of values is not closed")
                return state
            char = text[pos]
            if state == _AFTER_ELEMENT or (state == _OPENED and char == "]"):
                if char not in ",]":
                    raise _not_json(f"expected , or ] at character {self.read + pos}")
                self.pos += 1
                if char == "]":
                    return _CLOSED
                state = _AFTER_COMMA
                continue
            found = scan()
            if found is None:
                return state
            element = found[0]
            batch.append((taken + len(batch),
                          fields_of(element) if isinstance(element, dict) else _NO_FIELDS))
            state = _AFTER_ELEMENT
        return state


async def json_batches(chunks: AsyncIterator[bytes], batch_size: int = 20_000) -> AsyncIterator[Batch]:
    """(index, fields) pairs of the `values` array, indexed from 0; other members are ignored."""
    body = _Body(chunks)
    first = await body.peek()
    if first != "{":
        raise _not_values() if first else _not_json("the body is empty")
    body.pos += 1
    found = False
    if await body.peek() == "}":
        body.pos += 1
    else:
        while True:
            if await body.peek() != '"':
                raise _not_json(f"expected a member's name at character {body.read + body.pos}")
            name = await body.value()
            await body.take(":")
            if name == "values" and await body.peek() == "[" and not found:
                found = True
                body.pos += 1
                async for batch in body.rows(batch_size):
                    yield batch
            elif name == "values":
                raise _not_values()
            else:
                await body.value()
            if await body.take(",}") == "}":
                break
    if await body.peek():
        raise _not_json(f"extra data at character {body.read + body.pos}")
    if not found:
        raise _not_values()
