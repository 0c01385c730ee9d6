#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Generate the synthetic CMIS module images in tests/data/*.cmis, and the
SFF-8636 (QSFP28) image tests/data/*.sff8636 (same text format).

    python3 tests/data/mkimages.py          rewrite every image, then verify it
    python3 tests/data/mkimages.py --check  exit 1 if a file is missing, differs
                                            from what would be written, or does
                                            not parse / checksum
    python3 tests/data/mkimages.py --derive SRC --set PAGE:OFFSET=VALUE... [--force]
                                   [--flags one-shot|persistent] OUT
                                            write a copy of image SRC with bytes
                                            changed and checksums recomputed
                                            (PAGE: lower or hex page[.bank]);
                                            --force writes it even when it fails
                                            the checks (a hostile module);
                                            --flags writes a flags line

Standard library only, output is deterministic (no dates, no randomness).
The images use the `.cmis` text format of Documentation/networking/
osfp-emulator.rst ("Image format"): a header line
`lower` or `page <hex> [bank <n>]`, then 128 two-digit hex byte tokens; a token
ending in ':' is an offset label, '#' starts a comment.

Field offsets are the absolute CMIS byte numbers (0-127 lower memory, 128-255
the selected upper page).  See tests/data/README for what each image is.
"""

import argparse
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# ---------------------------------------------------------------------------
# SFF-8024 codes used below (checked against SFF-8024 rev 4.x tables as
# transcribed by sonic-platform-common sff8024.py and later tables).
# ---------------------------------------------------------------------------
ID_OSFP = 0x19          # OSFP 8X Pluggable Transceiver
ID_OSFP_XD = 0x21       # OSFP-XD with CMIS
ID_QSFP28 = 0x11        # QSFP28 (SFF-8636)
SFF8636_IDS = (0x0C, 0x0D, 0x11)    # QSFP, QSFP+, QSFP28

MEDIA_MMF, MEDIA_SMF, MEDIA_PASSIVE_CU = 0x01, 0x02, 0x03

HOST_400GAUI_8 = 0x11       # 400GAUI-8 C2M (Annex 120E), 8 x 53G PAM4
HOST_400GAUI_4_S = 0x4F     # 400GAUI-4-S C2M (Annex 120G), 4 x 106G PAM4
HOST_800GAUI_8_S = 0x51     # 800GAUI-8 S C2M (Annex 120G), 8 x 106G PAM4
HOST_100GBASE_CR1 = 0x46
HOST_200GBASE_CR2 = 0x47
HOST_400GBASE_CR4 = 0x48
HOST_800G_CR8 = 0x49        # 800G-ETC-CR8 or 800GBASE-CR8

MMF_400GBASE_SR8 = 0x10
MMF_400GBASE_SR4 = 0x11     # was "400G-SR4 (placeholder)" in older revs
SMF_400GBASE_DR4 = 0x1C
SMF_800GBASE_DR8 = 0x56
CU_COPPER_CABLE = 0x01      # passive copper media table

CONN_LC = 0x07
CONN_MPO_1X12 = 0x0C
CONN_NO_SEPARABLE = 0x23
CONN_MPO_1X16 = 0x28

# CMIS 00h:212 media interface technology
TECH_850_VCSEL = 0x00
TECH_1310_EML = 0x06
TECH_COPPER_UNEQUALIZED = 0x0A

OUI = (0xAC, 0xDE, 0x48)    # the IEEE's own documentation example OUI


# ---------------------------------------------------------------------------
# Unit helpers
# ---------------------------------------------------------------------------
def temp_raw(deg_c):
    """s16, 1/256 degC."""
    v = int(round(deg_c * 256))
    assert -32768 <= v <= 32767
    return v & 0xFFFF


def vcc_raw(volts):
    """u16, 100 uV."""
    return int(round(volts * 10000))


def dbm_to_raw(dbm):
    """u16 optical power, 0.1 uW."""
    return int(round(10 ** (dbm / 10.0) * 10000))


def raw_to_dbm(raw):
    return 10 * math.log10(raw / 10000.0)


def bias_raw(ma, mult):
    """u16 Tx bias, 2 uA x multiplier."""
    return int(round(ma * 1000 / (2 * mult)))


# ---------------------------------------------------------------------------
# Image model
# ---------------------------------------------------------------------------
class Page:
    def __init__(self, page=None, bank=None):
        self.page = page            # None = lower memory
        self.bank = bank            # None = no bank on the header line
        self.base = 0 if page is None else 128
        self.data = bytearray(128)
        self.notes = []             # (first absolute byte, last, text)
        self.checksums = []         # [(target, first, last)]

    def header(self):
        if self.page is None:
            return "lower"
        if self.bank is None:
            return "page %02x" % self.page
        return "page %02x bank %d" % (self.page, self.bank)

    def _idx(self, off, n=1):
        i = off - self.base
        if i < 0 or i + n > 128:
            raise ValueError("%s: offset %d+%d outside" % (self.header(), off, n))
        return i

    def note(self, off, last, text):
        self.notes.append((off, last, text))

    def u8(self, off, val, text=None):
        assert 0 <= val <= 0xFF, (off, val)
        self.data[self._idx(off)] = val
        if text:
            self.note(off, off, text)

    def u16(self, off, val, text=None):
        assert 0 <= val <= 0xFFFF, (off, val)
        i = self._idx(off, 2)
        self.data[i] = val >> 8
        self.data[i + 1] = val & 0xFF
        if text:
            self.note(off, off + 1, text)

    def raw(self, off, vals, text=None):
        i = self._idx(off, len(vals))
        self.data[i:i + len(vals)] = bytes(vals)
        if text:
            self.note(off, off + len(vals) - 1, text)

    def ascii(self, off, length, s, text):
        b = s.encode("ascii")
        assert len(b) <= length, (s, length)
        self.raw(off, b + b" " * (length - len(b)),
                 '%s "%s" (ASCII, space padded)' % (text, s))

    def set_checksum(self, target, first, last):
        self.checksums.append((target, first, last))
        self.note(target, target,
                  "checksum: 8-bit sum of bytes %d-%d" % (first, last))

    def finish(self):
        for target, first, last in self.checksums:
            s = sum(self.data[self._idx(first, last - first + 1):
                              self._idx(last) + 1]) & 0xFF
            self.data[self._idx(target)] = s


class Image:
    def __init__(self, name, summary):
        self.name = name
        self.summary = summary      # list of comment lines
        self.pages = []

    def add(self, page):
        self.pages.append(page)
        return page

    def render(self):
        out = ["# %s -- generated by tests/data/mkimages.py, do not edit:"
               % self.name,
               "# change the script and run `python3 tests/data/mkimages.py`."]
        out += ["# " + line if line else "#" for line in self.summary]
        for p in self.pages:
            p.finish()
            out.append("")
            out.append(p.header())
            notes = sorted(p.notes, key=lambda n: n[0])
            for row in range(8):
                start = p.base + row * 16
                for first, last, text in notes:
                    if start <= first < start + 16:
                        rng = ("%d" % first if first == last
                               else "%d-%d" % (first, last))
                        out.append("# %-7s %s" % (rng, text))
                chunk = p.data[row * 16:row * 16 + 16]
                out.append("%02x: %s" % (start, " ".join("%02x" % b for b in chunk)))
        return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------
# Shared page builders
# ---------------------------------------------------------------------------
STATE_NAMES = {1: "ModuleLowPwr", 2: "ModulePwrUp", 3: "ModuleReady",
               4: "ModulePwrDn", 5: "ModuleFault"}
DP_STATE_NAMES = {1: "DPDeactivated", 2: "DPInit", 3: "DPDeinit",
                  4: "DPActivated", 5: "DPTxTurnOn", 6: "DPTxTurnOff",
                  7: "DPInitialized"}
DURATION = {0: "<1 ms", 1: "<5 ms", 2: "<10 ms", 3: "<50 ms", 4: "<100 ms",
            5: "<500 ms", 6: "<1 s", 7: "<5 s", 8: "<10 s", 9: "<1 min"}


def lower_page(ident, rev, flat, temp_c, vcc_v, media_type, media_name, apps,
               fw=(0, 0)):
    """apps: list of (host_id, media_id, host_lanes, media_lanes, host_opts,
    media_opts, (host_name, media_name))."""
    p = Page()
    p.u8(0, ident, "SFF-8024 identifier 0x%02x (%s)" %
         (ident, "OSFP" if ident == ID_OSFP else "OSFP-XD"))
    p.u8(1, rev, "CMIS revision %d.%d" % (rev >> 4, rev & 0xF))
    p.u8(2, 0x80 if flat else 0x00,
         "bit 7 = %d: %s memory; MciMaxSpeed 0 (400 kHz)" %
         (1 if flat else 0, "flat (lower + page 00h only)" if flat else "paged"))
    p.u8(3, (3 << 1) | 1,
         "module state 3 (ModuleReady) in bits 3-1, bit 0 = 1: IntL deasserted")
    p.note(4, 13, "flag summary and latched module flags: all clear")
    if temp_c is not None:
        p.u16(14, temp_raw(temp_c), "temperature %.3f degC (s16, 1/256 degC)"
              % (temp_raw(temp_c) / 256.0))
        p.u16(16, vcc_raw(vcc_v), "supply voltage %.4f V (u16, 100 uV)"
              % (vcc_raw(vcc_v) / 10000.0))
    else:
        p.note(14, 17, "no module monitors: temperature and Vcc read 0")
    p.u8(26, 0x00, "module controls: LowPwrAllowRequestHW 0, LowPwrRequestSW 0")
    p.note(31, 36, "module flag masks: 0 (nothing masked)")
    p.u8(39, fw[0], "active firmware %d.%d (major; minor in 40)" % fw)
    p.u8(40, fw[1])
    p.u8(85, media_type, "media type %d (%s): selects the SFF-8024 media table"
         % (media_type, media_name))
    off = 86
    for n, (h, m, hl, ml, hopt, _mopt, names) in enumerate(apps, 1):
        p.raw(off, [h, m, (hl << 4) | ml, hopt],
              "app %d: host 0x%02x, media 0x%02x, lanes 0x%02x, host options 0x%02x: "
              % (n, h, m, (hl << 4) | ml, hopt) +
              "%s -> %s" % names)
        off += 4
    if off < 118:
        p.u8(off, 0xFF, "app %d: host id 0xff = end of application list"
             % (len(apps) + 1))
        for o in range(off + 4, 118, 4):
            p.u8(o, 0xFF)
    p.note(126, 127, "BankSelect 0, PageSelect 0")
    return p


def page00(ident, vendor, pn, rev, sn, date, clei, pclass, max_w, cable,
           connector, lanes_unsupported, tech, tech_name, atten=None):
    p = Page(0x00)
    p.u8(128, ident, "identifier copy 0x%02x" % ident)
    p.ascii(129, 16, vendor, "vendor name")
    p.raw(145, OUI, "vendor OUI %02X-%02X-%02X" % OUI)
    p.ascii(148, 16, pn, "part number")
    p.ascii(164, 2, rev, "vendor revision")
    p.ascii(166, 16, sn, "serial number")
    p.ascii(182, 8, date, "date code YYMMDDLL")
    if clei:
        p.ascii(190, 10, clei, "CLEI code")
    else:
        p.raw(190, b" " * 10, "CLEI code: 10 spaces (none)")
    p.u8(200, (pclass - 1) << 5, "power class %d (bits 7-5 = %d)" % (pclass, pclass - 1))
    q = int(round(max_w * 4))
    p.u8(201, q, "max power %d x 0.25 W = %.2f W" % (q, q / 4.0))
    mult = {0: "0.1 m", 1: "1 m", 2: "10 m", 3: "100 m"}
    if cable:
        p.u8(202, cable, "cable length: multiplier %s (bits 7-6), base %d = %s"
             % (mult[cable >> 6], cable & 0x3F,
                "%g m" % ((cable & 0x3F) * [0.1, 1, 10, 100][cable >> 6])))
    else:
        p.u8(202, 0, "cable assembly length 0: separable optical module")
    p.u8(203, connector, "connector type 0x%02x" % connector)
    if atten:
        p.raw(204, atten, "copper attenuation (dB) at 5, 7, 12.9, 25.8, 53.125 GHz")
    p.u8(210, lanes_unsupported,
         "media lane information: bit set = media lane NOT implemented (0x%02x)"
         % lanes_unsupported)
    p.u8(212, tech, "media interface technology 0x%02x (%s)" % (tech, tech_name))
    p.set_checksum(222, 128, 221)
    return p


def page01(inactive_fw, hw_rev, lengths, wavelength_nm, tol_nm, banks, dp_dur,
           mon_mult, apps, full_page, tx_ctrl=0x0E, rx_ctrl=0x06,
           tx_flags=0x07, rx_flags=0x06, temp_range=(0, 70), cdb=False):
    p = Page(0x01)
    p.raw(128, inactive_fw, "inactive firmware %d.%d (not in checksum)" % tuple(inactive_fw))
    p.raw(130, hw_rev, "hardware revision %d.%d" % tuple(hw_rev))
    smf, om5, om4, om3 = lengths
    p.raw(132, [smf, om5, om4, om3, 0],
          "link lengths: SMF 0x%02x (bits 7-6 mult 0.1/1 km, bits 5-0 base), "
          "OM5 %d m, OM4 %d m, OM3 %d m (2 m units), OM2 0"
          % (smf, om5 * 2, om4 * 2, om3 * 2))
    wl = int(round(wavelength_nm * 20))
    p.u16(138, wl, "nominal wavelength %d x 0.05 nm = %g nm" % (wl, wl * 0.05))
    tl = int(round(tol_nm * 200))
    p.u16(140, tl, "wavelength tolerance %d x 0.005 nm = +/-%g nm" % (tl, tl * 0.005))
    p.u8(142, banks, "supported pages: page 03h no, banks code %d (%s)"
         % (banks, ["bank 0", "banks 0-1", "banks 0-3"][banks]))
    p.u8(144, dp_dur, "data path durations: DPDeinit %s (bits 7-4), DPInit %s (bits 3-0)"
         % (DURATION[dp_dur >> 4], DURATION[dp_dur & 0xF]))
    p.u8(146, temp_range[1], "module max case temperature %d degC" % temp_range[1])
    p.u8(147, temp_range[0], "module min case temperature %d degC" % temp_range[0])
    p.u8(151, 0x10, "bit 4 = 1: Rx power monitor is average power (not OMA)")
    p.u8(155, tx_ctrl, "supported Tx controls 0x%02x: bit 1 OutputDisableTx, "
         "bit 2 AutoSquelchDisableTx, bit 3 OutputSquelchForceTx" % tx_ctrl)
    p.u8(156, rx_ctrl, "supported Rx controls 0x%02x: bit 1 OutputDisableRx, "
         "bit 2 AutoSquelchDisableRx" % rx_ctrl)
    p.u8(157, tx_flags, "supported Tx flags 0x%02x: bit 0 TxFault, 1 TxLOS, 2 TxCDRLOL"
         % tx_flags)
    p.u8(158, rx_flags, "supported Rx flags 0x%02x: bit 1 RxLOS, 2 RxCDRLOL" % rx_flags)
    p.u8(159, 0x03, "module monitors: bit 0 temperature, bit 1 Vcc")
    code = {1: 0, 2: 1, 4: 2}[mon_mult]
    p.u8(160, 0x07 | (code << 3),
         "lane monitors: bit 0 Tx bias, 1 Tx power, 2 Rx power; "
         "bits 4-3 = %d: bias multiplier x%d (bias unit %d uA)"
         % (code, mon_mult, 2 * mon_mult))
    if cdb:
        # The emulator then synthesizes page 9Fh and EPL pages A0h-AFh (bank
        # 0) and runs the CDB firmware download commands on them.
        p.u8(163, 0x47, "CDB: bits 7-6 = 1 instance, bit 5 = 0 foreground "
             "mode, bits 3-0 = 7: EPL pages A0h-AFh (2048 bytes)")
        p.u8(164, 0x0F, "CdbReadWriteLengthExtension 15: WRITE/READ of "
             "pages 9Fh and A0h-AFh up to 8 x (1 + 15) = 128 bytes")
        p.u8(165, 0x00, "bit 7 = 0: writing 9Fh:129 (CMDID) triggers a "
             "command; bits 4-0 CdbExtMaxBusyTime 0 (unused, see 166)")
        p.u8(166, 0x50, "bit 7 = 0: CdbMaxBusyTime in bits 6-0 = 80 ms")
    else:
        p.u8(163, 0x00, "CDB not supported")
    p.u8(167, 0x35, "module durations: ModulePwrDn %s (bits 7-4), ModulePwrUp %s (bits 3-0)"
         % (DURATION[3], DURATION[5]))
    p.u8(168, 0x13, "Tx durations: DPTxTurnOff %s (bits 7-4), DPTxTurnOn %s (bits 3-0)"
         % (DURATION[1], DURATION[3]))
    for n, app in enumerate(apps, 1):
        p.u8(175 + n, app[5], "app %d media lane assignment options 0x%02x" % (n, app[5]))
    for o in range(223, 251, 4):
        p.u8(o, 0xFF)
    p.note(223, 250, "apps 9-15: host id 0xff (not used)")
    if full_page:
        p.u8(251, 0x12, "0x12: full-page (128-byte) reads supported: bit 4 "
             "(5.x text, 01h:251.4) and bits 1-0 = 10b (5.4 table)")
    else:
        p.u8(251, 0x00, "0: full-page read NOT advertised: reads limited to 8 bytes")
    p.set_checksum(255, 130, 254)
    return p


def page02(tx_pw, bias, rx_pw, mult):
    """tx_pw, rx_pw: (HA, LA, HW, LW) in dBm; bias: (HA, LA, HW, LW) in mA."""
    p = Page(0x02)
    temps = (75, -5, 70, 0)
    for i, t in enumerate(temps):
        p.u16(128 + 2 * i, temp_raw(t))
    p.note(128, 135, "temperature high alarm/low alarm/high warn/low warn = "
           "75/-5/70/0 degC (s16, 1/256 degC)")
    vccs = (3.63, 2.97, 3.465, 3.135)
    for i, v in enumerate(vccs):
        p.u16(136 + 2 * i, vcc_raw(v))
    p.note(136, 143, "Vcc thresholds 3.63/2.97/3.465/3.135 V (100 uV)")
    p.note(144, 175, "aux1-3 and custom monitor thresholds: 0 (not supported)")
    for i, d in enumerate(tx_pw):
        p.u16(176 + 2 * i, dbm_to_raw(d))
    p.note(176, 183, "Tx power thresholds %s = %s (0.1 uW)"
           % ("/".join("%+.1f" % d for d in tx_pw) + " dBm",
              "/".join(str(dbm_to_raw(d)) for d in tx_pw)))
    for i, ma in enumerate(bias):
        p.u16(184 + 2 * i, bias_raw(ma, mult))
    p.note(184, 191, "Tx bias thresholds %s mA = %s (2 uA x%d)"
           % ("/".join("%g" % b for b in bias),
              "/".join(str(bias_raw(b, mult)) for b in bias), mult))
    for i, d in enumerate(rx_pw):
        p.u16(192 + 2 * i, dbm_to_raw(d))
    p.note(192, 199, "Rx power thresholds %s = %s (0.1 uW)"
           % ("/".join("%+.1f" % d for d in rx_pw) + " dBm",
              "/".join(str(dbm_to_raw(d)) for d in rx_pw)))
    p.set_checksum(255, 128, 254)
    return p


def dpconfig(appsel, dpid):
    return (appsel << 4) | (dpid << 1)


def page10(bank, dpcfg, explicit_bank, cmis3=False):
    p = Page(0x10, bank if explicit_bank else None)
    if cmis3:
        p.u8(128, 0xFF, "CMIS 3.0 DataPathPwrUp 0xff: every lane's data path "
             "powered up (1 = up; from CMIS 4.0 on this byte is DPDeinit, 1 = deinit)")
        p.note(129, 144, "polarity, OutputDisableTx (130), squelch, Rx controls, "
               "ApplyDPInit, ApplyImmediate: all 0 (Tx enabled)")
    else:
        p.note(128, 144, "DPDeinit, polarity, OutputDisableTx (130), squelch, Rx "
               "controls, ApplyDPInit, ApplyImmediate: all 0 (Tx enabled)")
    p.raw(145, dpcfg, "staged set 0 DPConfigLane1-8 (AppSel bits 7-4, "
          "DataPathID bits 3-1, ExplicitControl bit 0): " +
          " ".join("%02x" % b for b in dpcfg))
    p.note(213, 232, "lane flag masks: all 0")
    return p


def nib_pairs(vals):
    """8 per-lane nibbles -> 4 bytes, lane 1 in bits 3-0 of the first byte."""
    return [(vals[i] & 0xF) | ((vals[i + 1] & 0xF) << 4) for i in range(0, 8, 2)]


def page11(bank, explicit_bank, lane0, dp_states, rx_out, tx_out, tx, bias, rx,
           dpcfg, mult):
    """tx, bias, rx: 8 raw u16 values for lanes lane0+1 .. lane0+8 of this bank."""
    p = Page(0x11, bank if explicit_bank else None)
    p.raw(128, nib_pairs(dp_states),
          "data path state, host lanes %d-%d (nibbles, lane %d in bits 3-0 of 128): %s"
          % (lane0 + 1, lane0 + 8, lane0 + 1,
             " ".join(str(s) for s in dp_states)))
    p.u8(132, rx_out, "OutputStatusRx 0x%02x (host lanes with valid Rx output)" % rx_out)
    p.u8(133, tx_out, "OutputStatusTx 0x%02x (media lanes with valid Tx output)" % tx_out)
    p.note(134, 153, "latched lane flags (DP state changed, Tx fault/LOS/LOL, "
           "power/bias alarms and warnings, Rx LOS/LOL ...): all 0")
    for i in range(8):
        p.u16(154 + 2 * i, tx[i])
        p.u16(170 + 2 * i, bias[i])
        p.u16(186 + 2 * i, rx[i])

    def dbm(v):
        return "%.2f" % raw_to_dbm(v) if v else "-"
    p.note(154, 169, "Tx power lanes %d-%d (0.1 uW): %s (dBm %s)"
           % (lane0 + 1, lane0 + 8, " ".join(str(v) for v in tx),
              " ".join(dbm(v) for v in tx)))
    p.note(170, 185, "Tx bias lanes %d-%d (2 uA x%d): %s (mA %s)"
           % (lane0 + 1, lane0 + 8, mult, " ".join(str(v) for v in bias),
              " ".join("%g" % (v * 2 * mult / 1000.0) for v in bias)))
    p.note(186, 201, "Rx power lanes %d-%d (0.1 uW): %s (dBm %s)"
           % (lane0 + 1, lane0 + 8, " ".join(str(v) for v in rx),
              " ".join(dbm(v) for v in rx)))
    cfg = [1 if c else 0 for c in dpcfg]
    p.raw(202, nib_pairs(cfg), "config status per lane (nibbles): 1 = ConfigSuccess")
    p.raw(206, dpcfg, "active DPConfigLane1-8: " + " ".join("%02x" % b for b in dpcfg))
    p.u8(235, 0, "DPInitPending: 0")
    return p


def lanes(values, n=8):
    v = list(values) + [0] * (n - len(values))
    assert len(v) == n
    return v


def check_distinct(*seqs):
    for s in seqs:
        nz = [v for v in s if v]
        assert len(set(nz)) == len(nz), s


# ---------------------------------------------------------------------------
# The images
# ---------------------------------------------------------------------------
def img_400g_sr4():
    img = Image("osfp-400g-sr4.cmis", [
        "",
        "Default image: OSFP (0x19), CMIS 5.0, paged, ModuleReady, MMF.",
        "400G SR4 with a gearbox: host 400GAUI-8 (8 host lanes x 53G) to",
        "400GBASE-SR4 (4 media lanes x 100G, 850 nm VCSEL). Data path state,",
        "DPConfigLane and config status are per HOST lane (1-8, one 8-lane",
        "data path); optical monitors are per MEDIA lane: lanes 1-4 have",
        "values, 5-8 read 0 (00h:210 = 0xf0 says media lanes 5-8 absent).",
        "Bias multiplier x1, full-page reads advertised, 12 W class 6.",
    ])
    apps = [
        (HOST_400GAUI_8, MMF_400GBASE_SR4, 8, 4, 0x01, 0x01,
         ("400GAUI-8 C2M", "400GBASE-SR4")),
        (HOST_400GAUI_4_S, MMF_400GBASE_SR4, 4, 4, 0x01, 0x01,
         ("400GAUI-4-S C2M", "400GBASE-SR4")),
    ]
    img.add(lower_page(ID_OSFP, 0x50, False, 38.5, 3.3, MEDIA_MMF, "MMF", apps,
                       fw=(2, 5)))
    img.add(page00(ID_OSFP, "OSFP-EMU", "OSFP-400G-SR4", "A1", "EMU240500001",
                   "24051701", "OSFPEMU001", 6, 12.0, 0, CONN_MPO_1X12, 0xF0,
                   TECH_850_VCSEL, "850 nm VCSEL"))
    img.add(page01((2, 4), (1, 2), (0x00, 50, 50, 30), 850, 10, 0, 0x34, 1,
                   apps, True))
    img.add(page02((5.0, -6.6, 4.0, -4.6), (15, 2, 13, 3), (5.0, -9.4, 4.0, -8.4), 1))
    cfg = [dpconfig(1, 0)] * 8
    img.add(page10(0, cfg, False))
    tx = lanes([dbm_to_raw(d) for d in (0.2, -0.1, 0.5, -0.5)])
    bias = lanes([bias_raw(ma, 1) for ma in (7.44, 7.62, 7.31, 7.804)])
    rx = lanes([dbm_to_raw(d) for d in (-1.0, -1.4, -0.7, -1.7)])
    check_distinct(tx, bias, rx)
    img.add(page11(0, False, 0, [4] * 8, 0xFF, 0x0F, tx, bias, rx, cfg, 1))
    return img


def img_800g_2x400g_dr4():
    img = Image("osfp-800g-2x400g-dr4.cmis", [
        "",
        "OSFP (0x19), CMIS 5.2, paged, SMF, 800G 2xDR4 (1310 nm EML).",
        "Active: app 1 = 400GAUI-4-S -> 400GBASE-DR4 twice: host lane options",
        "0x11 (a data path may start on lane 1 or lane 5), lanes 1-4",
        "DataPathID 0, lanes 5-8 DataPathID 4. App 2 = 800GAUI-8 S ->",
        "800GBASE-DR8 (the single-port mode) is advertised, not active.",
        "Bias multiplier x2 (raw unit 4 uA), full-page reads, 8 lanes distinct.",
    ])
    apps = [
        (HOST_400GAUI_4_S, SMF_400GBASE_DR4, 4, 4, 0x11, 0x11,
         ("400GAUI-4-S C2M", "400GBASE-DR4")),
        (HOST_800GAUI_8_S, SMF_800GBASE_DR8, 8, 8, 0x01, 0x01,
         ("800GAUI-8 S C2M", "800GBASE-DR8")),
    ]
    img.add(lower_page(ID_OSFP, 0x52, False, 45.25, 3.285, MEDIA_SMF, "SMF",
                       apps, fw=(3, 1)))
    img.add(page00(ID_OSFP, "OSFP-EMU", "OSFP-800G-2DR4", "B0", "EMU241100042",
                   "24110302", "OSFPEMU800", 8, 15.0, 0, CONN_MPO_1X12, 0x00,
                   TECH_1310_EML, "1310 nm EML"))
    img.add(page01((3, 0), (2, 1), (0x05, 0, 0, 0), 1310, 6.5, 0, 0x34, 2,
                   apps, True, cdb=True))
    img.add(page02((5.0, -4.9, 4.0, -2.9), (100, 10, 90, 20), (5.0, -8.9, 4.0, -5.9), 2))
    cfg = [dpconfig(1, 0)] * 4 + [dpconfig(1, 4)] * 4
    img.add(page10(0, cfg, False))
    tx = [dbm_to_raw(d) for d in (1.2, 0.9, 1.5, 0.6, 1.1, 0.4, 1.7, 0.8)]
    bias = [bias_raw(ma, 2) for ma in (52.4, 54.8, 50.6, 57.2, 53.0, 55.6, 49.8, 56.4)]
    rx = [dbm_to_raw(d) for d in (-0.8, -1.3, -0.5, -1.9, -1.1, -0.2, -1.6, -0.9)]
    check_distinct(tx, bias, rx)
    img.add(page11(0, False, 0, [4] * 8, 0xFF, 0xFF, tx, bias, rx, cfg, 2))
    return img


def img_passive_copper():
    img = Image("osfp-passive-copper.cmis", [
        "",
        "OSFP (0x19) 800G passive copper cable (DAC), 2 m, CMIS 5.0, FLAT",
        "memory (byte 2 bit 7): only lower memory and page 00h exist, every",
        "other page is unsupported. No monitors (bytes 14-17 = 0), ModuleReady.",
    ])
    apps = [
        (HOST_800G_CR8, CU_COPPER_CABLE, 8, 8, 0x01, 0,
         ("800G-ETC-CR8/800GBASE-CR8", "copper cable")),
        (HOST_400GBASE_CR4, CU_COPPER_CABLE, 4, 4, 0x11, 0,
         ("400GBASE-CR4", "copper cable")),
        (HOST_200GBASE_CR2, CU_COPPER_CABLE, 2, 2, 0x55, 0,
         ("200GBASE-CR2", "copper cable")),
        (HOST_100GBASE_CR1, CU_COPPER_CABLE, 1, 1, 0xFF, 0,
         ("100GBASE-CR1", "copper cable")),
    ]
    img.add(lower_page(ID_OSFP, 0x50, True, None, None, MEDIA_PASSIVE_CU,
                       "passive copper", apps))
    img.add(page00(ID_OSFP, "OSFP-EMU", "OSFP-800G-CU2M", "A0", "EMU242200007",
                   "24052900", "", 1, 0.25, 0x42, CONN_NO_SEPARABLE, 0x00,
                   TECH_COPPER_UNEQUALIZED, "copper cable, unequalized",
                   atten=[4, 5, 8, 12, 18]))
    return img


def img_xd_16lane():
    img = Image("osfp-xd-16lane.cmis", [
        "",
        "OSFP-XD (0x21), CMIS 5.2, SMF, 16 lanes = banks 0 and 1 (01h:142",
        "bits 1-0 = 1). Applications are advertised per bank. Bank 0 (lanes",
        "1-8) runs app 1 = 800GAUI-8 S -> 800GBASE-DR8 (DPConfigLane 0x10);",
        "bank 1 (lanes 9-16) runs app 2 = 400GAUI-4-S -> 400GBASE-DR4 twice",
        "(DPConfigLane 0x20 x4, 0x28 x4). Pages 10h/11h exist in bank 0 and",
        "bank 1; lane n is bank (n-1)/8, bit (n-1)%8. Monitor values follow",
        "tx = 9000 + 137*n, bias = 12000 + 53*n, rx = 7000 + 91*n (raw, n = 1..16)",
        "so bank 1 bytes differ from bank 0. Bias multiplier x2, full-page reads.",
    ])
    apps = [
        (HOST_800GAUI_8_S, SMF_800GBASE_DR8, 8, 8, 0x01, 0x01,
         ("800GAUI-8 S C2M", "800GBASE-DR8")),
        (HOST_400GAUI_4_S, SMF_400GBASE_DR4, 4, 4, 0x11, 0x11,
         ("400GAUI-4-S C2M", "400GBASE-DR4")),
    ]
    img.add(lower_page(ID_OSFP_XD, 0x52, False, 51.75, 3.31, MEDIA_SMF, "SMF",
                       apps, fw=(1, 7)))
    img.add(page00(ID_OSFP_XD, "OSFP-EMU", "OSFPXD-1.6T-2DR8", "A2",
                   "EMU250100016", "25012003", "OSFPEMUXD1", 8, 25.0, 0,
                   CONN_MPO_1X16, 0x00, TECH_1310_EML, "1310 nm EML"))
    img.add(page01((1, 6), (3, 0), (0x05, 0, 0, 0), 1310, 6.5, 1, 0x34, 2,
                   apps, True))
    img.add(page02((5.0, -4.9, 4.0, -2.9), (100, 10, 90, 20), (5.0, -8.9, 4.0, -5.9), 2))
    cfgs = ([dpconfig(1, 0)] * 8,
            [dpconfig(2, 0)] * 4 + [dpconfig(2, 4)] * 4)
    allv = ([9000 + 137 * n for n in range(1, 17)],
            [12000 + 53 * n for n in range(1, 17)],
            [7000 + 91 * n for n in range(1, 17)])
    check_distinct(*allv)
    for bank in (0, 1):
        s = slice(bank * 8, bank * 8 + 8)
        img.add(page10(bank, cfgs[bank], True))
        img.add(page11(bank, True, bank * 8, [4] * 8, 0xFF, 0xFF,
                       allv[0][s], allv[1][s], allv[2][s], cfgs[bank], 2))
    return img


def img_cmis40_8byte():
    img = Image("osfp-cmis40-8byte.cmis", [
        "",
        "OSFP (0x19), CMIS 4.0, paged, MMF: 400GAUI-8 -> 400GBASE-SR8, 8 host",
        "and 8 media lanes. 01h:251 = 0: full-page read NOT advertised, so a",
        "CMIS 5 host must read at most 8 bytes per transaction. Bias",
        "multiplier x4 (raw unit 8 uA). All 8 lanes have distinct monitors.",
    ])
    apps = [
        (HOST_400GAUI_8, MMF_400GBASE_SR8, 8, 8, 0x01, 0x01,
         ("400GAUI-8 C2M", "400GBASE-SR8")),
    ]
    img.add(lower_page(ID_OSFP, 0x40, False, 33.0, 3.32, MEDIA_MMF, "MMF", apps,
                       fw=(1, 3)))
    img.add(page00(ID_OSFP, "OSFP-EMU", "OSFP-400G-SR8", "03", "EMU210900311",
                   "21091400", "OSFPEMU400", 5, 10.0, 0, CONN_MPO_1X16, 0x00,
                   TECH_850_VCSEL, "850 nm VCSEL"))
    img.add(page01((1, 2), (1, 0), (0x00, 50, 50, 35), 850, 10, 0, 0x23, 4,
                   apps, False))
    img.add(page02((5.0, -8.5, 4.0, -6.5), (13, 2, 11, 3), (5.0, -10.4, 4.0, -8.4), 4))
    cfg = [dpconfig(1, 0)] * 8
    img.add(page10(0, cfg, False))
    tx = [dbm_to_raw(d) for d in (-0.3, 0.2, -0.6, 0.5, -0.1, 0.3, -0.8, 0.1)]
    bias = [bias_raw(ma, 4) for ma in (6.88, 7.12, 6.64, 7.36, 7.04, 6.96, 7.28, 6.72)]
    rx = [dbm_to_raw(d) for d in (-1.2, -0.9, -1.5, -0.6, -1.8, -1.0, -0.4, -1.4)]
    check_distinct(tx, bias, rx)
    img.add(page11(0, False, 0, [4] * 8, 0xFF, 0xFF, tx, bias, rx, cfg, 4))
    return img


def img_cmis30():
    img = Image("osfp-cmis30.cmis", [
        "",
        "OSFP (0x19), CMIS 3.0, paged, MMF: 400GAUI-8 -> 400GBASE-SR8, 8 host",
        "and 8 media lanes. Page 10h byte 128 is CMIS 3.0's DataPathPwrUp",
        "(1 = power up the lane's data path), not DPDeinit: 0xff, every data",
        "path up and activated. 01h:251 = 0 (8-byte reads). Bias multiplier",
        "x1. All 8 lanes have distinct monitors.",
    ])
    apps = [
        (HOST_400GAUI_8, MMF_400GBASE_SR8, 8, 8, 0x01, 0x01,
         ("400GAUI-8 C2M", "400GBASE-SR8")),
    ]
    img.add(lower_page(ID_OSFP, 0x30, False, 36.5, 3.29, MEDIA_MMF, "MMF", apps,
                       fw=(1, 1)))
    img.add(page00(ID_OSFP, "OSFP-EMU", "OSFP-400G-SR8-3", "01", "EMU190300030",
                   "19031200", "OSFPEMU300", 5, 10.0, 0, CONN_MPO_1X16, 0x00,
                   TECH_850_VCSEL, "850 nm VCSEL"))
    img.add(page01((1, 0), (1, 0), (0x00, 50, 50, 35), 850, 10, 0, 0x22, 1,
                   apps, False))
    img.add(page02((5.0, -8.5, 4.0, -6.5), (13, 2, 11, 3), (5.0, -10.4, 4.0, -8.4), 1))
    cfg = [dpconfig(1, 0)] * 8
    img.add(page10(0, cfg, False, cmis3=True))
    tx = [dbm_to_raw(d) for d in (-0.4, 0.1, -0.7, 0.4, -0.2, 0.2, -0.9, 0.0)]
    bias = [bias_raw(ma, 1) for ma in (6.8, 7.1, 6.6, 7.3, 7.0, 6.9, 7.2, 6.7)]
    rx = [dbm_to_raw(d) for d in (-1.3, -0.8, -1.6, -0.5, -1.7, -1.1, -0.3, -1.5)]
    check_distinct(tx, bias, rx)
    img.add(page11(0, False, 0, [4] * 8, 0xFF, 0xFF, tx, bias, rx, cfg, 1))
    return img


def img_qsfp28_100g_sr4():
    """SFF-8636 rev 2.10a: a QSFP28 in an OSFP adapter. Offsets differ from
    CMIS: identity in page 00h 148-219, monitors in lower 22-57, thresholds
    in page 03h, page select at 127 and no bank byte."""
    img = Image("qsfp28-100g-sr4.sff8636", [
        "",
        "SFF-8636 QSFP28 (0x11) 100GBASE-SR4, paged memory (lower, 00h, 03h),",
        "as plugged into an OSFP cage through a QSFP28-to-OSFP adapter. Not",
        "CMIS: the driver must read it with SFF-8636 offsets and never write",
        "it (page select at byte 127 only). 4 lanes, 850 nm VCSEL, class 4.",
    ])
    lo = img.add(Page())
    lo.u8(0, ID_QSFP28, "SFF-8024 identifier 0x11 (QSFP28)")
    lo.u8(1, 0x08, "revision compliance 0x08 (SFF-8636 rev 2.10a)")
    lo.u8(2, 0x02, "status: bit 2 = 0 paged memory (pages 00h and 03h), "
          "bit 1 IntL pin high, bit 0 = 0 data ready")
    lo.note(3, 21, "latched interrupt flags (clear on read): all clear")
    lo.u16(22, temp_raw(36.25), "temperature %.3f degC (s16, 1/256 degC)"
           % (temp_raw(36.25) / 256.0))
    lo.u16(26, vcc_raw(3.29), "supply voltage %.4f V (u16, 100 uV)"
           % (vcc_raw(3.29) / 10000.0))
    rx = [dbm_to_raw(d) for d in (-1.2, -0.8, -1.5, -0.3)]
    bias = [bias_raw(ma, 1) for ma in (6.5, 6.8, 6.6, 7.1)]
    tx = [dbm_to_raw(d) for d in (-0.4, 0.3, -0.2, 0.1)]
    check_distinct(rx, bias, tx)
    for i in range(4):
        lo.u16(34 + 2 * i, rx[i], "Rx power lane %d: %d (0.1 uW)" % (i + 1, rx[i]))
    for i in range(4):
        lo.u16(42 + 2 * i, bias[i], "Tx bias lane %d: %d (2 uA)" % (i + 1, bias[i]))
    for i in range(4):
        lo.u16(50 + 2 * i, tx[i], "Tx power lane %d: %d (0.1 uW)" % (i + 1, tx[i]))
    lo.note(86, 86, "Tx disable: 0 (all lanes enabled)")
    lo.note(93, 93, "power control: Power_override 0 (LPMode pin rules)")
    lo.note(126, 127, "byte 126 reserved (no bank select), PageSelect 0")

    p0 = img.add(Page(0x00))
    p0.u8(128, ID_QSFP28, "identifier copy 0x11")
    p0.u8(129, 0xCC, "extended identifier: power class 4 (3.5 W), "
          "Tx and Rx CDR present")
    p0.u8(130, CONN_MPO_1X12, "connector 0x0c (MPO 1x12)")
    p0.u8(131, 0x80, "compliance: extended, see byte 192")
    p0.u8(139, 0x05, "encoding 64B/66B")
    p0.u8(140, 0xFF, "nominal bit rate: see byte 222")
    p0.u8(143, 35, "OM3 length 70 m (2 m units)")
    p0.u8(146, 50, "OM4 length 100 m (2 m units)")
    p0.u8(147, 0x00, "device technology: 850 nm VCSEL")
    p0.ascii(148, 16, "OSFP-EMU", "vendor name")
    p0.raw(165, OUI, "vendor OUI %02X-%02X-%02X" % OUI)
    p0.ascii(168, 16, "QSFP28-100G-SR4", "part number")
    p0.ascii(184, 2, "B2", "vendor revision")
    p0.u16(186, 17000, "wavelength 850 nm (0.05 nm units)")
    p0.u16(188, 2000, "wavelength tolerance 10 nm (0.005 nm units)")
    p0.u8(190, 70, "max case temperature 70 degC")
    p0.set_checksum(191, 128, 190)
    p0.u8(192, 0x02, "extended compliance 0x02 (100GBASE-SR4)")
    p0.u8(195, 0x18, "options: Tx disable and Tx fault implemented; "
          "bits 7-6 = 0: no pages 01h, 02h")
    p0.ascii(196, 16, "EMU250100007", "serial number")
    p0.ascii(212, 8, "25011503", "date code (YYMMDDLL)")
    p0.u8(220, 0x3C, "diagnostics: temperature and Vcc monitored, Rx power "
          "average, Tx power monitored")
    p0.u8(222, 103, "nominal baud rate 25.75 GBd (250 MBd units)")
    p0.set_checksum(223, 192, 222)

    p3 = img.add(Page(0x03))
    for base, vals, what in (
            (128, [temp_raw(t) for t in (75, -5, 70, 0)], "temperature 75/-5/70/0 degC"),
            (144, [vcc_raw(v) for v in (3.63, 2.97, 3.465, 3.135)],
             "Vcc 3.63/2.97/3.465/3.135 V"),
            (176, [dbm_to_raw(d) for d in (3.4, -13.3, 2.4, -11.3)],
             "Rx power 3.4/-13.3/2.4/-11.3 dBm"),
            (184, [bias_raw(ma, 1) for ma in (13, 2, 12, 3)], "Tx bias 13/2/12/3 mA"),
            (192, [dbm_to_raw(d) for d in (3.4, -10.4, 2.4, -8.4)],
             "Tx power 3.4/-10.4/2.4/-8.4 dBm")):
        for i, v in enumerate(vals):
            p3.u16(base + 2 * i, v, None)
        p3.note(base, base + 7, "thresholds (high alarm, low alarm, high warning, "
                "low warning): " + what)
    return img


IMAGES = [img_400g_sr4, img_800g_2x400g_dr4, img_passive_copper,
          img_xd_16lane, img_cmis40_8byte, img_cmis30,
          img_qsfp28_100g_sr4]


# ---------------------------------------------------------------------------
# Independent checker: parses the text as the format describes, without
# using the generator's model.
# ---------------------------------------------------------------------------
def parse_cmis(text, opts=None):
    """Return {(page or None, bank): bytes}; raise ValueError on format errors.

    A "flags one-shot" or "flags persistent" line sets opts["flags"]."""
    pages = {}
    cur = None
    buf = []
    opts = {} if opts is None else opts

    def close(lineno):
        if cur is not None:
            what = ("lower" if cur[0] is None else
                    "page %02x bank %d" % cur)
            if len(buf) != 128:
                raise ValueError("line %d: %s has %d bytes, expected 128"
                                 % (lineno, what, len(buf)))
            if cur in pages:
                raise ValueError("line %d: duplicate %s" % (lineno, what))
            pages[cur] = bytes(buf)

    lineno = 0
    for lineno, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        words = line.split()
        if words[0] == "flags":
            close(lineno)
            cur, buf = None, []
            if len(words) != 2 or words[1] not in ("one-shot", "persistent"):
                raise ValueError("line %d: bad flags line" % lineno)
            if "flags" in opts:
                raise ValueError("line %d: duplicate flags line" % lineno)
            opts["flags"] = words[1]
            continue
        if words[0] in ("lower", "page"):
            close(lineno)
            buf = []
            if words[0] == "lower":
                if len(words) != 1:
                    raise ValueError("line %d: junk after lower" % lineno)
                cur = (None, 0)
            else:
                if len(words) not in (2, 4) or (len(words) == 4 and words[2] != "bank"):
                    raise ValueError("line %d: bad page header" % lineno)
                pg = int(words[1], 16)
                bank = int(words[3]) if len(words) == 4 else 0
                if not 0 <= pg <= 0xFF:
                    raise ValueError("line %d: page out of range" % lineno)
                if pg < 0x10 and bank:
                    raise ValueError("line %d: page %02x is not banked" % (lineno, pg))
                cur = (pg, bank)
            continue
        if cur is None:
            raise ValueError("line %d: data before a header" % lineno)
        for w in words:
            if w.endswith(":"):
                continue
            if len(w) != 2:
                raise ValueError("line %d: bad token %r" % (lineno, w))
            buf.append(int(w, 16))
    close(lineno + 1)
    if (None, 0) not in pages:
        raise ValueError("no lower page")
    return pages


def verify(path):
    """Structural and checksum checks; returns a list of problems."""
    errs = []
    try:
        with open(path, encoding="ascii") as f:
            pages = parse_cmis(f.read())
    except (OSError, ValueError, UnicodeDecodeError) as e:
        return [str(e)]
    lower = pages[(None, 0)]
    if lower[0] in SFF8636_IDS:
        return verify_sff8636(pages)
    flat = bool(lower[2] & 0x80)
    rules = CHECKSUMS
    for (pg, bank), data in pages.items():
        if pg in rules:
            target, first, last = rules[pg]
            s = sum(data[first - 128:last - 127]) & 0xFF
            if data[target - 128] != s:
                errs.append("page %02x byte %d = 0x%02x, sum of %d-%d is 0x%02x"
                            % (pg, target, data[target - 128], first, last, s))
    if (0x00, 0) not in pages:
        errs.append("page 00h missing")
    if flat and set(pages) - {(None, 0), (0x00, 0)}:
        errs.append("flat memory image has pages besides lower and 00h")
    if not flat:
        for pg in (0x01, 0x02, 0x10, 0x11):
            if (pg, 0) not in pages:
                errs.append("paged image lacks page %02xh" % pg)
        p1 = pages.get((0x01, 0))
        if p1:
            nbanks = {0: 1, 1: 2, 2: 4}.get(p1[142 - 128] & 3, 0)
            for b in range(nbanks):
                for pg in (0x10, 0x11):
                    if (pg, b) not in pages:
                        errs.append("advertised bank %d lacks page %02xh" % (b, pg))
            for (pg, b) in pages:
                if b >= nbanks:
                    errs.append("page %02xh bank %d beyond advertised banks" % (pg, b))
    if lower[0] != pages.get((0x00, 0), lower)[0]:
        errs.append("00h:128 identifier copy differs from byte 0")
    return errs


CHECKSUMS = {0x00: (222, 128, 221), 0x01: (255, 130, 254), 0x02: (255, 128, 254)}
# SFF-8636 page 00h: CC_BASE and CC_EXT
SFF8636_CHECKSUMS = ((191, 128, 190), (223, 192, 222))


def verify_sff8636(pages):
    """An SFF-8636 image: pages 00h-03h only, no banks, page 00h check codes,
    page 03h on paged memory (lower byte 2 bit 2 clear), none but 00h on flat."""
    errs = []
    lower = pages[(None, 0)]
    flat = bool(lower[2] & 0x04)
    p0 = pages.get((0x00, 0))
    if p0 is None:
        return ["page 00h missing"]
    for target, first, last in SFF8636_CHECKSUMS:
        s = sum(p0[first - 128:last - 127]) & 0xFF
        if p0[target - 128] != s:
            errs.append("page 00h byte %d = 0x%02x, sum of %d-%d is 0x%02x"
                        % (target, p0[target - 128], first, last, s))
    for (pg, bank) in pages:
        if pg is not None and (pg > 3 or bank):
            errs.append("SFF-8636 has no page %02xh bank %d" % (pg, bank))
    if flat and set(pages) - {(None, 0), (0x00, 0)}:
        errs.append("flat memory image has pages besides lower and 00h")
    if not flat and (0x03, 0) not in pages:
        errs.append("paged SFF-8636 image lacks page 03h")
    if lower[0] != p0[0]:
        errs.append("00h:128 identifier copy differs from byte 0")
    return errs


def derive(src, sets, out, force=False, flags=None):
    """Write SRC with the bytes of SETS changed, checksums recomputed, and
    its flags line (or FLAGS: one-shot or persistent)."""
    opts = {}
    with open(src, encoding="ascii") as f:
        pages = {k: bytearray(v) for k, v in parse_cmis(f.read(), opts).items()}
    flags = flags or opts.get("flags")
    for spec in sets:
        where, _, val = spec.partition("=")
        pg, _, off = where.partition(":")
        if pg == "lower":
            key = (None, 0)
        else:
            num, _, bank = pg.partition(".")
            key = (int(num, 16), int(bank or "0"))
        off, val = int(off, 0), int(val, 0)
        lo = 0 if key[0] is None else 128
        if key not in pages or not lo <= off < lo + 128 or not 0 <= val <= 255:
            raise ValueError("--set %s: no such page, offset or byte value" % spec)
        pages[key][off - lo] = val
    for (pg, bank), data in pages.items():
        if pg in CHECKSUMS and bank == 0:
            target, first, last = CHECKSUMS[pg]
            data[target - 128] = sum(data[first - 128:last - 127]) & 0xFF
    with open(out, "w", encoding="ascii", newline="\n") as f:
        f.write("# derived from %s: %s\n" % (os.path.basename(src), " ".join(sets)))
        if flags:
            f.write("flags %s\n" % flags)
        for (pg, bank) in sorted(pages, key=lambda k: (k[0] is not None, k[0] or 0, k[1])):
            data = pages[(pg, bank)]
            f.write("lower\n" if pg is None else
                    "page %02x%s\n" % (pg, " bank %d" % bank if bank else ""))
            for i in range(0, 128, 16):
                f.write(" ".join("%02x" % b for b in data[i:i + 16]) + "\n")
    errs = verify(out)
    for e in errs:
        print("%s: %s%s" % (out, "warning: " if force else "", e), file=sys.stderr)
    return 1 if errs and not force else 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="do not write; exit 1 if any image is stale or invalid")
    ap.add_argument("--derive", metavar="SRC",
                    help="write a copy of image SRC to OUT, changed by --set")
    ap.add_argument("--set", action="append", default=[], metavar="PAGE:OFFSET=VALUE",
                    help="with --derive: byte to change (PAGE: lower, or hex page[.bank])")
    ap.add_argument("--force", action="store_true",
                    help="with --derive: write it even when it fails the checks "
                    "(a hostile module)")
    ap.add_argument("--flags", choices=("one-shot", "persistent"),
                    help="with --derive: how the image's latched flags behave "
                    "(a 'flags' line; default: as in SRC, else persistent)")
    ap.add_argument("out", nargs="?", help="with --derive: the image to write")
    args = ap.parse_args(argv)
    if args.derive:
        if not args.out:
            ap.error("--derive needs OUT")
        try:
            return derive(args.derive, args.set, args.out, args.force, args.flags)
        except (OSError, ValueError) as e:
            print("mkimages.py: %s" % e, file=sys.stderr)
            return 1

    status = 0
    for build in IMAGES:
        img = build()
        text = img.render()
        path = os.path.join(HERE, img.name)
        if args.check:
            try:
                with open(path, encoding="ascii") as f:
                    old = f.read()
            except OSError:
                old = None
            if old != text:
                print("%s: %s" % (img.name, "missing" if old is None else
                                  "differs from what mkimages.py writes"),
                      file=sys.stderr)
                status = 1
        else:
            tmp = path + ".tmp"
            with open(tmp, "w", encoding="ascii", newline="\n") as f:
                f.write(text)
            os.replace(tmp, path)
        if os.path.exists(path):
            for e in verify(path):
                print("%s: %s" % (img.name, e), file=sys.stderr)
                status = 1
        if status == 0 and not args.check:
            print("wrote %s" % os.path.relpath(path))
    if args.check and status == 0:
        print("%d images up to date and valid" % len(IMAGES))
    return status


if __name__ == "__main__":
    sys.exit(main())
