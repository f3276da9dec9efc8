"""An incremental Server-Sent Events decoder (pure: bytes in, event data out, no I/O).

Follows the HTML "event stream interpretation" rules: lines end with CR, LF or CRLF (a CRLF may be
split across two reads), a leading BOM is dropped, `data:` lines of one event are joined with "\\n",
comments and every field other than `data` are ignored, a blank line dispatches the event.

One deliberate extension: an event block whose first line starts with `{` is taken whole as the
event's data. Google's streams can end with a bare, pretty-printed `{"error": ...}` object written
without a `data:` prefix; a strict decoder would drop it and turn a failure into a silent end.
"""

from __future__ import annotations

import codecs
import re

_LINE_END = re.compile(r"\r\n|\r|\n")


class SSEDecoder:
    __slots__ = ("_decode", "_partial", "_skip_lf", "_started", "_data", "_raw")

    def __init__(self) -> None:
        # The SSE spec decodes with replacement, so one bad byte cannot end the stream.
        self._decode = codecs.getincrementaldecoder("utf-8")("replace").decode
        self._partial: list[str] = []  # pieces of the current, unterminated line
        self._skip_lf = False  # the last read ended on CR: a leading LF in the next one belongs to it
        self._started = False
        self._data: list[str] = []
        self._raw: list[str] | None = None

    def feed(self, chunk: bytes) -> list[str]:
        """The data of every event completed by `chunk`, in order."""
        return self._text(self._decode(chunk))

    def close(self) -> list[str]:
        """At end of input: the event still pending, if it has any data (a stream cut without a
        final blank line). Whether it is complete is for the caller to judge."""
        events = self._text(self._decode(b"", True))
        if self._partial:
            line = "".join(self._partial)
            self._partial.clear()
            self._line(line, events)
        self._dispatch(events)
        return events

    def _text(self, text: str) -> list[str]:
        events: list[str] = []
        if not text:
            return events
        if not self._started:
            self._started = True
            if text[0] == "\ufeff":
                text = text[1:]
        if self._skip_lf:
            self._skip_lf = False
            if text[:1] == "\n":
                text = text[1:]
        if not text:
            return events
        pos = 0
        for match in _LINE_END.finditer(text):
            line = text[pos : match.start()]
            if self._partial:
                self._partial.append(line)
                line = "".join(self._partial)
                self._partial.clear()
            self._line(line, events)
            pos = match.end()
        if pos < len(text):
            self._partial.append(text[pos:])
        elif text[-1] == "\r":
            self._skip_lf = True
        return events

    def _line(self, line: str, events: list[str]) -> None:
        if not line:
            self._dispatch(events)
            return
        if self._raw is not None:
            self._raw.append(line)
            return
        if line[0] == ":":
            return
        if line[0] == "{" and not self._data:
            self._raw = [line]
            return
        field, colon, value = line.partition(":")
        if field != "data":
            return
        if colon and value[:1] == " ":
            value = value[1:]
        self._data.append(value)

    def _dispatch(self, events: list[str]) -> None:
        if self._raw is not None:
            events.append("\n".join(self._raw))
            self._raw = None
        elif self._data:
            events.append("\n".join(self._data))
        self._data = []
