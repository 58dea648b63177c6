"""Bytes -> text, with the encoding detected, never assumed.

Order: a byte-order mark (UTF-8, UTF-16, UTF-32); UTF-16/32 without a mark (the NUL
pattern of ASCII text shows it); the encoding the file declares (``<?xml encoding=...>``,
``<meta charset=...>``) when it decodes; strict UTF-8; otherwise Windows-1252 (a superset of
Latin-1's printable characters, so smart quotes and the euro come out right) and, when a byte
cp1252 leaves undefined is present, Latin-1. Binary files (NUL bytes in a file that is not
UTF-16/32, or mostly control bytes) are refused.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_DECLARED = (re.compile(rb"<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9._:-]{1,40})[\"']", re.I),
             re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?([A-Za-z0-9._:-]{1,40})", re.I))


class NotText(ValueError):
    """The bytes are not text in any encoding sitroom reads."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str       # codec name used
    how: str            # "bom", "declared", "utf-16 pattern", "utf-8", "fallback"


def decode_bytes(raw: bytes) -> Decoded:
    """Text of ``raw`` and how its encoding was found; raises NotText for binary data."""
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                return Decoded(raw[len(bom):].decode(codec), codec, "bom")
            except UnicodeDecodeError as exc:
                raise NotText(f"starts with a {codec} byte-order mark but is not {codec} "
                              f"({exc.reason} at byte {exc.start + len(bom)})") from exc
    wide = _wide_codec(raw)
    if wide:
        try:
            text = raw.decode(wide)
        except UnicodeDecodeError:
            text = None
        if text is not None and not _mostly_control(text[:65536].encode("utf-8", "replace")):
            return Decoded(text, wide, "utf-16 pattern")
    if b"\x00" in raw[:65536] or _mostly_control(raw[:65536]):
        raise NotText("binary data, not text")
    declared = _declared(raw)
    if declared and declared not in ("utf-8", "utf8"):
        try:
            return Decoded(raw.decode(declared), declared, "declared")
        except (UnicodeDecodeError, LookupError):
            pass   # a wrong declaration is common: detect instead
    try:
        return Decoded(raw.decode("utf-8"), "utf-8", "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return Decoded(raw.decode("cp1252"), "cp1252", "fallback")
    except UnicodeDecodeError:
        return Decoded(raw.decode("latin-1"), "latin-1", "fallback")


def _wide_codec(raw: bytes) -> str | None:
    """UTF-16/32 without a BOM: ASCII characters leave NULs at every other (or 3 of 4) bytes."""
    head = raw[:4096]
    if len(head) < 4 or b"\x00" not in head or not head.strip(b"\x00"):
        return None
    n = len(head) - len(head) % 4
    if n >= 8:
        le = [head[i + 1:i + 4] == b"\x00\x00\x00" for i in range(0, n, 4) if head[i]]
        be = [head[i:i + 3] == b"\x00\x00\x00" for i in range(0, n, 4) if head[i + 3]]
        if le and all(le):
            return "utf-32-le"
        if be and all(be):
            return "utf-32-be"
    even = head[0::2].count(0) / max(1, len(head[0::2]))
    odd = head[1::2].count(0) / max(1, len(head[1::2]))
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def _mostly_control(raw: bytes) -> bool:
    if not raw:
        return False
    control = sum(1 for b in raw if b < 32 and b not in (9, 10, 12, 13))
    return control / len(raw) > 0.1


def _declared(raw: bytes) -> str | None:
    head = raw[:4096]
    for pattern in _DECLARED:
        m = pattern.search(head)
        if m:
            name = m.group(1).decode("ascii").lower()
            try:
                return codecs.lookup(name).name
            except LookupError:
                return None
    return None
