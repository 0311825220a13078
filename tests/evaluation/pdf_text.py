"""Just enough of a PDF text extractor for WeasyPrint's output (pypdf is not a dependency): inflate the
streams, read each font subset's ToUnicode CMap, and decode the glyph codes of every TJ/Tj in drawing
order with the CMap of the font selected by the preceding Tf."""

from __future__ import annotations

import re
import zlib

_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
_BFCHAR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>")
_OPS = re.compile(rb"/([A-Za-z0-9+_-]+)\s+[\d.]+\s+Tf|(\[(?:[^\]]*)\])\s*TJ|<([0-9a-fA-F]+)>\s*Tj")
_HEX = re.compile(rb"<([0-9a-fA-F]+)>")


def _streams(pdf: bytes) -> list[bytes]:
    out = []
    for raw in _STREAM.findall(pdf):
        try:
            out.append(zlib.decompress(raw))
        except zlib.error:
            out.append(raw)
    return out


def _cmaps(streams: list[bytes]) -> list[dict[str, str]]:
    maps = []
    for s in streams:
        if b"begincmap" not in s:
            continue
        body = b"".join(re.findall(rb"beginbfchar(.*?)endbfchar", s, re.S))
        maps.append({src.decode().lower(): bytes.fromhex(dst.decode()).decode("utf-16-be")
                     for src, dst in _BFCHAR.findall(body)})
    return maps


def _codes(hexes: list[bytes]) -> list[str]:
    return [h[i:i + 4].decode().lower() for h in hexes for i in range(0, len(h), 4)]


def pdf_text(pdf: bytes) -> str:
    streams = _streams(pdf)
    maps = _cmaps(streams)
    runs: list[tuple[str, list[str]]] = []
    font = ""
    for s in streams:
        if b"BT" not in s:
            continue
        for name, array, single in _OPS.findall(s):
            if name:
                font = name.decode()
            else:
                runs.append((font, _codes(_HEX.findall(array) if array else [single])))
    used: dict[str, set[str]] = {}
    for font, codes in runs:
        used.setdefault(font, set()).update(codes)
    chosen = {}
    for font, codes in used.items():
        covering = [m for m in maps if codes <= m.keys()]
        chosen[font] = min(covering, key=len) if covering else {}
    text = " ".join("".join(chosen[font].get(c, "") for c in codes) for font, codes in runs)
    return re.sub(r"\s+", " ", text)
