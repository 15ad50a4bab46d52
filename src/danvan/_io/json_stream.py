"""A dataset document read as a stream: one record in memory as JSON at a time.

`json.loads` of a whole document builds every record as dicts before the first is
checked: a 66 MB file took 455 MB. Here the document's outer object is read by hand, and
each record of its arrays (``places``, ``observations``...) is decoded, checked and
turned into its danvan record before the next is read. The text comes from the file a
slice at a time (`Text`), so memory holds the records made so far, one slice of text and
the record being read; what grows with the file is only what the dataset itself holds.

The result, and every problem, is what reading the whole document at once would give:
syntax errors at their line and column, bad values at their JSON path, and the rules of
the document (``format``, ``version``, unknown keys, ids used twice, the gazetteer's and
the catalogue's own rules).
"""

from __future__ import annotations

import codecs
import json
import re
import typing
from collections.abc import Callable
from typing import IO, Any

from danvan._dataset import Dataset
from danvan._io import json_documents
from danvan._io.json_documents import FORMAT, HookError, check_version, describe, locate
from danvan._metrics import Metric
from danvan._places import Place
from danvan._units import Vocabulary
from danvan.errors import DanvanError, LoadError, Problem

__all__ = ["Text", "read_dataset", "text_of_file"]

_CHUNK = 1 << 16
_SPACE = re.compile(r"[ \t\n\r]*")
# How near the end of the text read so far a syntax error must be to mean "read more".
_NEAR_END = 16


class _SyntaxError(Exception):
    def __init__(self, where: str, message: str) -> None:
        self.where = where
        self.message = message


class _TooDeepError(Exception):
    pass


class Text:
    """The text of a document, from a string, or read a slice at a time.

    Args:
        text: The text (all of it, when ``read`` is None).
        read: Gives the next slice of text for a size hint; "" at the end.
    """

    def __init__(self, text: str = "", read: Callable[[int], str] | None = None) -> None:
        self.text = text
        self.pos = 0
        self._read = read
        self.eof = read is None
        self._line = 1  # the line and (0-based) column of text[0] in the document
        self._column = 0

    def where(self, pos: int) -> str:
        """``pos`` as "line L, column C" of the document (columns count characters, from 1)."""
        before = self.text.count("\n", 0, pos)
        if before == 0:
            return f"line {self._line}, column {self._column + pos + 1}"
        return f"line {self._line + before}, column {pos - self.text.rfind(chr(10), 0, pos)}"

    def _more(self, at_least: int) -> None:
        """Drop what was read, then read at least ``at_least`` characters (or to the end)."""
        done = self.text[: self.pos]
        lines = done.count("\n")
        if lines:
            self._line += lines
            self._column = len(done) - done.rfind("\n") - 1
        else:
            self._column += len(done)
        parts = [self.text[self.pos :]]
        self.pos = 0
        got = 0
        assert self._read is not None
        while got < at_least:
            chunk = self._read(max(_CHUNK, at_least))
            if not chunk:
                self.eof = True
                break
            parts.append(chunk)
            got += len(chunk)
        self.text = "".join(parts)

    def peek(self) -> str:
        """The next character that is not white space ("" at the end); it stays unread."""
        while True:
            match = _SPACE.match(self.text, self.pos)
            assert match is not None
            self.pos = match.end()
            if self.pos < len(self.text) or self.eof:
                return self.text[self.pos : self.pos + 1]
            self._more(1)

    def take(self, expected: str, message: str) -> None:
        """Read the character ``expected`` (after white space), or fail with ``message``."""
        if self.peek() != expected:
            raise _SyntaxError(self.where(self.pos), message)
        self.pos += 1

    def value(self, decoder: json_documents.Decoder) -> tuple[Any, tuple[int, int]]:
        """The JSON value starting here, and the span of its text in `text`."""
        self.peek()
        while True:
            start = self.pos
            try:
                value, end = decoder.decode(self.text, start)
            except json.JSONDecodeError as error:
                truncated = error.pos >= len(self.text) - _NEAR_END or error.msg.startswith(
                    "Unterminated string"
                )
                if truncated and not self.eof:
                    self._more(len(self.text) - start)  # twice the text held, at least
                    continue
                raise _SyntaxError(self.where(error.pos), error.msg) from None
            except RecursionError:
                raise _TooDeepError from None
            if end + _NEAR_END > len(self.text) and not self.eof:
                # A number may go on in the next slice ("0" of "0.5", "1" of "1e5").
                self._more(len(self.text) - start)
                continue
            self.pos = end
            return value, (start, end)


def text_of_file(stream: IO[bytes], source: str, reread: Callable[[], bytes]) -> Text:
    """The text of a UTF-8 file, decoded a slice at a time.

    A file that is not UTF-8 text (UTF-16, NUL bytes, bad bytes) is refused as
    `danvan._io.json_documents.decode_text` refuses it, naming the line; ``reread`` gives the whole
    file then, to say where.
    """
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    first = [True]

    def read(size: int) -> str:
        data = stream.read(size)
        if first[0]:
            first[0] = False
            if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                json_documents.decode_text(data, source)  # raises, saying why
            data = data.removeprefix(codecs.BOM_UTF8)
        try:
            if b"\x00" in data:
                raise UnicodeError
            return decoder.decode(data, final=not data)
        except UnicodeError:
            json_documents.decode_text(reread(), source)  # raises, locating the bad byte
            raise AssertionError("decode_text accepted what failed") from None  # pragma: no cover

    return Text(read=read)


def _item_types() -> dict[str, Any]:
    """The record type of each array of a document, by its key."""
    found: dict[str, Any] = {"places": Place, "metrics": Metric}
    for key, _, field_type in json_documents._DATASET_FIELDS:
        if typing.get_origin(field_type) is tuple:
            found[key] = typing.get_args(field_type)[0]
    return found


_ITEMS = _item_types()
_FIELDS = {key: (name, field_type) for key, name, field_type in json_documents._DATASET_FIELDS}
_SMALL = {"format", "version", "units"}


class _Document:
    """Collects what a document holds, and its problems, as its parts are read."""

    def __init__(self) -> None:
        self.decoder = json_documents.Decoder()
        self.parse_problems: list[Problem] = []  # syntax-level: reported alone, as json would
        self.field_problems: dict[str, list[tuple[str, str]]] = {}
        self.small: dict[str, Any] = {}  # format, version, title and keys of no array
        self.fields: dict[str, Any] = {}
        self.keys: list[str] = []
        self.places: tuple[Place, ...] | None = None  # made a gazetteer once all is read
        self.vocabulary: Vocabulary | None = None  # the units the document registers
        self.at = "$"  # the path of the value being read, for a value nested too deeply

    def units(self, raw: Any, path: str) -> None:
        """The units the document registers: read before the records that count in them."""
        read = [key for key in self.keys[:-1] if key in _ITEMS]
        if read:
            self.field_problems.setdefault("units", []).append(
                (
                    ".units",
                    f"must come before the records that count in them, but "
                    f"{', '.join(read)} came first (a document is read in order)",
                )
            )
            return
        try:
            self.vocabulary = json_documents.vocabulary_of(raw)
        except HookError as error:
            self.field_problems.setdefault("units", []).extend(
                (".units" + where, m) for where, m in error.problems
            )

    def checked(self, value: Any, text: Text, span: tuple[int, int], path: str) -> bool:
        """Note the problems marked while decoding ``value``; whether there were none."""
        found = self.decoder.problems(value, text.text, path=path, span=span)
        self.parse_problems.extend(found)
        return not found

    def record(self, key: str, index: int, raw: Any) -> Any:
        """``raw`` as the record of ``key``'s array, or None (its problems noted)."""
        item_type = _ITEMS[key]
        try:
            return _FAST.get_structure_hook(item_type)(raw, item_type)
        except Exception:  # read again below, to say exactly what is wrong
            pass
        try:
            return _FULL.get_structure_hook(item_type)(raw, item_type)
        except Exception as error:
            where = f"{json_documents._segment(key)}[{index}]"
            self.field_problems.setdefault(key, []).extend(locate(error, where))
            return None

    def whole(self, key: str, raw: Any) -> None:
        """A part read whole: a field that is not an array of records, or holds no array."""
        name, field_type = _FIELDS[key]
        try:
            self.fields[name] = json_documents.structure_located(raw, field_type, "")
        except LoadError as error:
            self.field_problems.setdefault(key, []).extend(
                (json_documents._segment(key) + p.where.removeprefix("$"), p.message)
                for p in error.problems
            )

    def array(self, key: str, records: list[Any]) -> None:
        """The records of ``key``'s array, read one by one, as the dataset's field."""
        name, _ = _FIELDS[key]
        if key in self.field_problems:
            return
        found = tuple(records)
        try:
            if key == "places":
                # Whether they join the national gazetteer may be said after them.
                self.places = found
            elif key == "metrics":
                self.fields[name] = json_documents.catalogue_of(found)
            else:
                self.fields[name] = found
                ids = list(json_documents._duplicate_ids(key, found))
                if ids:
                    self.field_problems[key] = ids
        except HookError as error:
            segment = json_documents._segment(key)
            self.field_problems[key] = [(segment + path, m) for path, m in error.problems]

    def dataset(self) -> Dataset:
        """The dataset, once the whole document is read.

        Raises:
            HookError: the problems of the document, in the order reading it whole gives.
        """
        small = self.small
        if small.get("format") != FORMAT:
            json_documents._fail(
                f"must be {FORMAT!r} (this is not a danvan dataset document), got "
                f"{describe(small.get('format')) if 'format' in small else 'nothing'}",
                ".format",
            )
        check_version(small.get("version"))
        known = json_documents._DOCUMENT_KEYS
        problems: list[tuple[str, str]] = [
            (
                json_documents._segment(k),
                f"unknown key {k!r}; a dataset document has {', '.join(sorted(known))}",
            )
            for k in sorted(set(self.keys) - known)
        ]
        national, wrong = json_documents.on_national(small)
        problems.extend(wrong)
        if (self.places is not None or national) and "places" not in self.field_problems:
            try:
                self.fields["places"] = json_documents.gazetteer_of(
                    self.places or (), national=national
                )
            except HookError as error:
                segment = json_documents._segment("places")
                self.field_problems["places"] = [(segment + w, m) for w, m in error.problems]
        problems.extend(self.field_problems.get("units", ()))
        for key, _, _ in json_documents._DATASET_FIELDS:
            problems.extend(self.field_problems.get(key, ()))
        if problems:
            raise HookError(problems)
        if self.vocabulary is not None and "catalogue" not in self.fields:
            self.fields["catalogue"] = json_documents.catalogue_with(self.vocabulary)
        try:
            return Dataset(**self.fields)
        except DanvanError as error:
            json_documents._fail(str(error))


_FAST = json_documents._FAST
_FULL = json_documents._FULL


def read_dataset(text: Text, source: str) -> Dataset:
    """The dataset a document holds, read part by part.

    Raises:
        LoadError: every problem of the document, located.
    """
    doc = _Document()
    # The units a document registers are read first; what follows counts in them.
    with json_documents.vocabulary_in_use(None):
        return _read(text, source, doc)


def _read(text: Text, source: str, doc: _Document) -> Dataset:
    try:
        if text.peek() != "{":
            raw, span = text.value(doc.decoder)
            _end(text)
            if not doc.checked(raw, text, span, "$"):
                raise LoadError(source, doc.parse_problems)
            dataset: Dataset = json_documents.structure_located(raw, Dataset, source)
            return dataset
        _object(text, doc)
        _end(text)
    except _SyntaxError as error:
        raise LoadError(
            source, [Problem(error.where, f"not valid JSON: {error.message}")]
        ) from None
    except _TooDeepError:
        raise LoadError(
            source, [Problem(doc.at, "JSON nested too deeply to be a danvan document")]
        ) from None
    if doc.parse_problems:
        raise LoadError(source, doc.parse_problems)
    try:
        return doc.dataset()
    except HookError as error:
        raise LoadError(source, [Problem(f"${path}", m) for path, m in error.problems]) from None


def _end(text: Text) -> None:
    if text.peek() != "":
        raise _SyntaxError(text.where(text.pos), "Extra data")


def _object(text: Text, doc: _Document) -> None:
    """Read the document's outer object, each part as it comes."""
    text.take("{", "Expecting value")
    if text.peek() == "}":
        text.pos += 1
        return
    while True:
        if text.peek() != '"':
            raise _SyntaxError(
                text.where(text.pos), "Expecting property name enclosed in double quotes"
            )
        key, span = text.value(doc.decoder)
        doc.checked(key, text, span, "$")
        path = "$" + json_documents._segment(key)
        if key in doc.keys:
            doc.parse_problems.append(
                Problem(path, f"duplicate key {key!r}: an object names each key once")
            )
        doc.keys.append(key)
        text.take(":", "Expecting ':' delimiter")
        doc.at = path
        if key == "units":
            raw, span = text.value(doc.decoder)
            if doc.checked(raw, text, span, path):
                doc.units(raw, path)
                json_documents._VOCABULARY.set(doc.vocabulary)  # reset when the document is read
        elif text.peek() == "[" and (key in _ITEMS or key not in _FIELDS.keys() | _SMALL):
            _array(text, doc, key, path)
        else:
            raw, span = text.value(doc.decoder)
            if doc.checked(raw, text, span, path):
                if key in _FIELDS:
                    doc.whole(key, raw)
                else:
                    doc.small[key] = raw
        following = text.peek()
        if following == "}":
            text.pos += 1
            return
        text.take(",", "Expecting ',' delimiter")


def _array(text: Text, doc: _Document, key: str, path: str) -> None:
    """Read an array of records one at a time (an unknown key's array is read and dropped)."""
    text.take("[", "Expecting value")
    records: list[Any] = []
    index = 0
    if text.peek() == "]":
        text.pos += 1
    else:
        while True:
            doc.at = f"{path}[{index}]"
            raw, span = text.value(doc.decoder)
            if doc.checked(raw, text, span, doc.at) and key in _ITEMS:
                records.append(doc.record(key, index, raw))
            index += 1
            if text.peek() == "]":
                text.pos += 1
                break
            text.take(",", "Expecting ',' delimiter")
    if key in _ITEMS:
        doc.array(key, records)
