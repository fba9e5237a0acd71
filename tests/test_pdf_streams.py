"""Decompressed stream sizes counted without holding the output, per PDF filter."""

import binascii
import zlib

from juesuan.landing.pdf_streams import decoded_size_exceeds


def _lzw(codes: list[int]) -> bytes:
    """Pack 9-bit LZW codes (enough for a short stream)."""
    bits = "".join(format(code, "09b") for code in codes)
    bits += "0" * (-len(bits) % 8)
    return int(bits, 2).to_bytes(len(bits) // 8, "big")


def test_flate_counts_exactly_and_stops_early():
    data = zlib.compress(b"a" * 5000)
    assert decoded_size_exceeds(data, ["/FlateDecode"], 4999)
    assert not decoded_size_exceeds(data, ["/FlateDecode"], 5000)
    assert decoded_size_exceeds(zlib.compress(b" " * (20 << 20)), ["/Fl"], 1 << 20)  # 20 MB, stopped after 1
    many_chunks = zlib.compress(b"ab" * (3 << 20))  # output past the 1 MB chunk: counted to the last byte
    assert decoded_size_exceeds(many_chunks, ["/FlateDecode"], (6 << 20) - 1)
    assert not decoded_size_exceeds(many_chunks, ["/FlateDecode"], 6 << 20)
    assert not decoded_size_exceeds(many_chunks[: len(many_chunks) // 2], ["/FlateDecode"], 6 << 20)  # truncated: ends


def test_damaged_flate_counts_what_inflates():
    data = zlib.compress(b"a" * 5000)
    assert not decoded_size_exceeds(data[:-8] + b"\xff" * 8, ["/FlateDecode"], 5000)


def test_lzw_and_run_length():
    # clear, 'A', then two codes defined on the fly: A + AA + AAA, end of data
    lzw = _lzw([256, 65, 258, 259, 257])
    assert decoded_size_exceeds(lzw, ["/LZWDecode"], 5) and not decoded_size_exceeds(lzw, ["/LZWDecode"], 6)
    run_length = bytes([129, 65, 2, 1, 2, 3, 128])  # 'A' × 128, then 3 literal bytes, end of data
    assert decoded_size_exceeds(run_length, ["/RunLengthDecode"], 130)
    assert not decoded_size_exceeds(run_length, ["/RunLengthDecode"], 131)


def test_chains_and_filters_pdfminer_never_decodes():
    hex_of_flate = binascii.hexlify(zlib.compress(b"a" * 5000)) + b">"
    assert decoded_size_exceeds(hex_of_flate, ["/ASCIIHexDecode", "/FlateDecode"], 4999)
    assert not decoded_size_exceeds(hex_of_flate, ["/ASCIIHexDecode", "/FlateDecode"], 5000)
    double = zlib.compress(zlib.compress(b"a" * 5000))
    assert decoded_size_exceeds(double, ["/FlateDecode", "/FlateDecode"], 4999)
    assert not decoded_size_exceeds(b"\xff\xd8" * 10_000, ["/DCTDecode"], 10)  # an image codec: never inflated
    assert decoded_size_exceeds(b"x" * 11, [], 10)  # no filter: the raw size
