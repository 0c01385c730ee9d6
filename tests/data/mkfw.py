#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write an emulated module firmware file for the osfp_emu CDB download.

    python3 tests/data/mkfw.py --version 3.2 --size BODY_BYTES [--corrupt] OUT

Format (Documentation/networking/osfp-emulator.rst, "CDB and firmware
images"): a 32-byte header, then BODY_BYTES of body.

    0-7    "OSFPEMFW"
    8      major version
    9      minor version
    10-11  0
    12-15  body length (BE32): file size - 32
    16-19  CRC-32 of the body (BE32, zlib.crc32)
    20-31  0

The header goes in the Start Firmware Download command (StartCmdPayloadSize
32), the body in write blocks from address 0. The body is deterministic
(a function of the version and the offset), so the same arguments always
give the same file. --corrupt flips one body byte after the CRC was
computed: the emulator then fails Complete Firmware Download with 0x40.
"""

import argparse
import struct
import sys
import zlib

MAGIC = b"OSFPEMFW"
HEADER_LEN = 32
MAX_BODY = 1 << 20	# the emulator's limit


def body_bytes(major, minor, size):
    seed = (major << 8 | minor) & 0xFFFF
    return bytes(((i * 131 + (i >> 8) * 7 + seed) ^ (i >> 16)) & 0xFF
                 for i in range(size))


def firmware(major, minor, size, corrupt=False):
    body = bytearray(body_bytes(major, minor, size))
    crc = zlib.crc32(body) & 0xFFFFFFFF
    if corrupt and size:
        body[size // 2] ^= 0x5A
    header = MAGIC + struct.pack(">BBHII12x", major, minor, 0, size, crc)
    assert len(header) == HEADER_LEN
    return header + bytes(body)


def version(text):
    try:
        major, minor = (int(v, 10) for v in text.split("."))
    except ValueError:
        raise argparse.ArgumentTypeError("expected MAJOR.MINOR, got %r" % text)
    if not (0 <= major <= 255 and 0 <= minor <= 255):
        raise argparse.ArgumentTypeError("version out of range: %r" % text)
    return major, minor


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--version", type=version, required=True,
                    help="firmware version MAJOR.MINOR (0-255 each)")
    ap.add_argument("--size", type=int, required=True,
                    help="body length in bytes (1 to %d)" % MAX_BODY)
    ap.add_argument("--corrupt", action="store_true",
                    help="flip a body byte after computing the CRC")
    ap.add_argument("out", help="file to write")
    args = ap.parse_args(argv)
    if not 1 <= args.size <= MAX_BODY:
        ap.error("--size must be 1 to %d" % MAX_BODY)
    data = firmware(args.version[0], args.version[1], args.size, args.corrupt)
    with open(args.out, "wb") as f:
        f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
