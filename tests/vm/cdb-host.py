#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A minimal CMIS CDB host over i2c-dev, for the emulator's VM tests.

    cdb-host.py BUS exec CMDID [LPL-BYTE...] [--bad-chk] [--no-wait]
        run one command: print "status 0xSS flag F nacks N ms T rpl XX..."
    cdb-host.py BUS download FILE [--epl] [--no-complete]
        start, write blocks (LPL, or EPL pages with --epl), complete: print
        "status 0xSS blocks N" (the status of the first failing command or
        of complete)
    cdb-host.py BUS write PAGE OFFSET LEN
        one write of LEN zero bytes at OFFSET of PAGE: print "ok" or the
        error (for the write length limits)

It follows the Linux host (net/ethtool/cmis_cdb.c): the request body
(130-255) in one write, then the EPL pages, then CMDID (128-129), which
triggers the command; then it polls the status (lower 37) until it is no
longer busy, and reads the reply (134-...).  I2C through the I2C_RDWR
ioctl (python3 stdlib only).
"""

import ctypes
import fcntl
import os
import struct
import sys
import time

I2C_RDWR = 0x0707
I2C_M_RD = 0x0001
ADDR = 0x50
STATUS = 37
HDR = 32


class I2cMsg(ctypes.Structure):
    _fields_ = [("addr", ctypes.c_uint16), ("flags", ctypes.c_uint16),
                ("len", ctypes.c_uint16), ("buf", ctypes.c_void_p)]


class I2cRdwr(ctypes.Structure):
    _fields_ = [("msgs", ctypes.POINTER(I2cMsg)), ("nmsgs", ctypes.c_uint32)]


class Bus:
    def __init__(self, bus):
        self.fd = os.open("/dev/i2c-%d" % bus, os.O_RDWR)
        self.nacks = 0

    def _xfer(self, msgs):
        arr = (I2cMsg * len(msgs))(*msgs)
        data = I2cRdwr(arr, len(msgs))
        fcntl.ioctl(self.fd, I2C_RDWR, data)

    def write(self, off, data):
        buf = ctypes.create_string_buffer(bytes([off]) + bytes(data))
        self._xfer([I2cMsg(ADDR, 0, len(data) + 1,
                           ctypes.cast(buf, ctypes.c_void_p))])

    def read(self, off, n):
        wbuf = ctypes.create_string_buffer(bytes([off]))
        rbuf = ctypes.create_string_buffer(n)
        self._xfer([I2cMsg(ADDR, 0, 1, ctypes.cast(wbuf, ctypes.c_void_p)),
                    I2cMsg(ADDR, I2C_M_RD, n,
                           ctypes.cast(rbuf, ctypes.c_void_p))])
        return rbuf.raw[:n]

    def retry(self, fn, *args, timeout=2.0):
        """Run fn, retrying while the module NACKs (busy with cdb-nack)."""
        end = time.monotonic() + timeout
        while True:
            try:
                return fn(*args)
            except OSError:
                self.nacks += 1
                if time.monotonic() > end:
                    raise
                time.sleep(0.005)

    def page(self, page):
        self.retry(self.write, 127, [page])


def chkcode(body_128_132, lpl):
    return ~(sum(body_128_132) + sum(lpl)) & 0xFF


def execute(bus, cmd, lpl=b"", epl=b"", bad_chk=False, wait=True,
            timeout=3.0):
    """Run one CDB command; return (status, flag, reply, ms)."""
    lpl = bytes(lpl)
    hdr = struct.pack(">HHB", cmd, len(epl), len(lpl))
    chk = chkcode(hdr, lpl) ^ (0xFF if bad_chk else 0)
    body = hdr[2:] + bytes([chk, 0, 0]) + lpl
    body += bytes(126 - len(body))		# 130-255, as Linux does
    bus.retry(bus.read, 8, 1)			# clear the completion flag
    bus.page(0x9F)
    bus.retry(bus.write, 130, body)
    for i in range(0, len(epl), 128):
        bus.page(0xA0 + i // 128)
        bus.retry(bus.write, 128, epl[i:i + 128])
    if epl:
        bus.page(0x9F)
    start = time.monotonic()
    bus.retry(bus.write, 128, hdr[:2])
    if not wait:
        return bus.retry(bus.read, STATUS, 1)[0], 0, b"", 0
    end = start + timeout
    while True:
        status = bus.retry(bus.read, STATUS, 1)[0]
        if not status & 0x80 or time.monotonic() > end:
            break
        time.sleep(0.002)
    ms = int((time.monotonic() - start) * 1000)
    flag = (bus.retry(bus.read, 8, 1)[0] >> 6) & 1
    rpl_len = bus.retry(bus.read, 134, 1)[0]
    rpl = bus.retry(bus.read, 134, 2 + rpl_len) if rpl_len else b""
    if rpl and rpl[1] != chkcode(b"", rpl[2:]):
        print("bad RPL check code 0x%02x" % rpl[1], file=sys.stderr)
        status = 0xEE
    return status, flag, rpl[2:], ms


def download(bus, data, epl):
    n = 0
    lpl = struct.pack(">II", len(data), 0) + data[:HDR]
    st = execute(bus, 0x0101, lpl)[0]
    if st != 1:
        return st, n
    off = HDR
    step = 2048 if epl else 116
    while off < len(data):
        block = data[off:off + step]
        addr = struct.pack(">I", off - HDR)
        if epl:
            st = execute(bus, 0x0104, addr, epl=block)[0]
        else:
            st = execute(bus, 0x0103, addr + block)[0]
        n += 1
        if st != 1:
            return st, n
        off += len(block)
    return None, n


def main(argv):
    bus = Bus(int(argv[1]))
    op = argv[2]
    flags = {a for a in argv[3:] if a.startswith("--")}
    args = [a for a in argv[3:] if not a.startswith("--")]
    if op == "exec":
        lpl = bytes(int(a, 0) for a in args[1:])
        st, flag, rpl, ms = execute(bus, int(args[0], 0), lpl,
                                    bad_chk="--bad-chk" in flags,
                                    wait="--no-wait" not in flags)
        print("status 0x%02x flag %d nacks %d ms %d rpl %s"
              % (st, flag, bus.nacks, ms, " ".join("%02x" % b for b in rpl)))
    elif op == "download":
        with open(args[0], "rb") as f:
            data = f.read()
        st, n = download(bus, data, "--epl" in flags)
        if st is None and "--no-complete" not in flags:
            st = execute(bus, 0x0107)[0]
        print("status 0x%02x blocks %d" % (st or 1, n))
    elif op == "write":
        page, off, n = (int(a, 0) for a in args)
        bus.page(page)
        try:
            bus.write(off, bytes(n))
            print("ok")
        except OSError as e:
            print("error %d" % e.errno)
        bus.page(0)
    else:
        print("unknown operation %s" % op, file=sys.stderr)
        return 2
    bus.page(0)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
