"""Decompressed size of PDF streams, measured without holding the decompressed data.

pdfminer inflates a stream whole before parsing it, so a 1 MB file can hold a 1 GB
page. Each stream's filter chain is replayed here on its raw bytes, counting output
in bounded chunks and stopping as soon as the limit is passed.
"""

import zlib
from collections.abc import Iterator
from io import BytesIO

import pikepdf
from pdfminer.ascii85 import ascii85decode, asciihexdecode
from pdfminer.lzw import LZWDecoder

CHUNK = 1 << 20
# Filters that never grow their input: decoded whole, the result is at most the raw size.
_SHRINKING = {
    "/ASCII85Decode": ascii85decode,
    "/A85": ascii85decode,
    "/ASCIIHexDecode": asciihexdecode,
    "/AHx": asciihexdecode,
}
_GROWING = {"/FlateDecode", "/Fl", "/LZWDecode", "/LZW", "/RunLengthDecode", "/RL"}


def _inflate(data: bytes) -> Iterator[bytes]:
    inflater = zlib.decompressobj()
    try:
        while not inflater.eof:
            chunk = inflater.decompress(data, CHUNK)  # output pending after the last input comes with b""
            if not chunk and not inflater.unconsumed_tail:
                return  # truncated stream: no more input, no more output
            yield chunk
            data = inflater.unconsumed_tail
    except zlib.error:
        return  # pdfminer keeps what inflates before the damage; so does the count


def _run_length(data: bytes) -> Iterator[bytes]:
    """RunLengthDecode (PDF 32000-1 §7.4.5), run by run."""
    position = 0
    while position < len(data) and data[position] != 128:
        length = data[position]
        if length < 128:  # the next length + 1 bytes literally
            yield data[position + 1 : position + 2 + length]
            position += length + 2
        else:  # the next byte repeated 257 - length times
            yield data[position + 1 : position + 2] * (257 - length)
            position += 2


def _decoded_chunks(filter_name: str, data: bytes) -> Iterator[bytes]:
    if filter_name in ("/FlateDecode", "/Fl"):
        return _inflate(data)
    if filter_name in ("/LZWDecode", "/LZW"):
        return LZWDecoder(BytesIO(data)).run()
    return _run_length(data)


def decoded_size_exceeds(data: bytes, filters: list[str], limit: int) -> bool:
    """Whether decoding `data` through `filters` yields more than `limit` bytes.

    Only the last growing filter is streamed; a growing filter before it is decoded
    in bounded form first (chains of two inflations do not occur in practice, and
    are refused when the intermediate result would pass the limit).
    """
    for position, name in enumerate(filters):
        if name in _SHRINKING:
            data = _SHRINKING[name](data)
            continue
        if name not in _GROWING:
            return False  # image codecs (DCT, JPX, JBIG2, CCITT): pdfminer never decodes them
        produced = bytearray() if position + 1 < len(filters) else None
        total = 0
        for chunk in _decoded_chunks(name, data):
            total += len(chunk)
            if total > limit:
                return True
            if produced is not None:
                produced += chunk
        if produced is None:
            return False
        data = bytes(produced)
    return len(data) > limit


def _filters(stream: pikepdf.Object) -> list[str]:
    names = stream.get("/Filter")
    if names is None:
        return []
    if isinstance(names, pikepdf.Array):
        return [str(name) for name in names]
    return [str(names)]


def oversized_stream(pdf: pikepdf.Pdf, limit: int) -> tuple[int, int] | None:
    """(object number, raw size) of the first stream that decompresses beyond `limit` bytes, or None."""
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Stream) or obj.get("/Subtype") == pikepdf.Name.Image:
            continue
        raw = obj.read_raw_bytes()
        if decoded_size_exceeds(raw, _filters(obj), limit):
            return obj.objgen[0], len(raw)
    return None
