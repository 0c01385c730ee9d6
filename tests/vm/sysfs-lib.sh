# SPDX-License-Identifier: GPL-2.0
#
# Helpers for the sysfs VM tests (sourced after testlib.sh): read and write
# the attributes of /sys/class/osfp/<label>/ with exact errno reporting, and
# compute from a module image's bytes (cmis_page) what they must show (see
# Documentation/ABI/testing/sysfs-class-osfp).
#
# Processes are slow in the emulated VM (python3 takes about a second to
# start), so the checks of many attributes run in one python3 process each.

SL_PY=/usr/bin/python3
[ -x "$SL_PY" ] || SL_PY=python3
SL_BUDGET_MW=25000	# the emulated cages' maximum-power-milliwatt
# shellcheck disable=SC2034 # for the tests
SL_EE_SIZE=131200	# the eeprom file: (4 * 256 + 1) * 128
SL_DIR=$(mktemp -d /tmp/sysfs-lib.XXXXXX)

# The python3 half of the helpers: "sysfs.py COMMAND ARGS...".
cat >"$SL_DIR/sysfs.py" <<'EOF'
import errno, os, select, sys, time

def err(e):
    return '<%s>' % errno.errorcode.get(e.errno, e.errno)

def get(path):
    """An attribute as the tests show it: lines joined with '|'."""
    try:
        with open(path, 'rb') as f:
            v = f.read().decode('latin-1')
    except OSError as e:
        return err(e)
    if v.endswith('\n'):
        v = v[:-1]
    return v.replace('\n', '|')

def pwrite(path, off, data):
    try:
        fd = os.open(path, os.O_WRONLY)
        try:
            return 'ok %d' % os.pwrite(fd, data, off)
        finally:
            os.close(fd)
    except OSError as e:
        return err(e)

def pread(path, off, n):
    try:
        fd = os.open(path, os.O_RDONLY)
        try:
            return ' '.join('%02x' % b for b in os.pread(fd, n, off))
        finally:
            os.close(fd)
    except OSError as e:
        return err(e)

# SFF-8024 names of the interface IDs the shipped images advertise; a code
# missing here shows as a mismatch naming it.
HOST = {0x11: '400GAUI-8 C2M', 0x46: '100GBASE-CR1', 0x47: '200GBASE-CR2',
        0x48: '400GBASE-CR4', 0x49: '800G-ETC-CR8', 0x4f: '400GAUI-4-S C2M',
        0x51: '800GAUI-8 S C2M'}
MEDIA = {(1, 0x10): '400GBASE-SR8', (1, 0x11): '400GBASE-SR4',
         (2, 0x1c): '400GBASE-DR4', (2, 0x56): '800GBASE-DR8',
         (3, 0x01): 'copper cable'}
MEDIA_TYPE = ['undefined', 'mmf', 'smf', 'passive-copper', 'active-cable', 'base-t']
DP_STATE = ['reserved-0', 'deactivated', 'init', 'deinit', 'activated',
            'tx-turn-on', 'tx-turn-off', 'initialized']
FLAGS = [('tx_fault', 135), ('tx_los', 136), ('tx_cdr_lol', 137),
         ('rx_los', 147), ('rx_cdr_lol', 148)]
MODULE_ATTRS = ['present', 'module_state', 'fault_cause', 'identity_trusted', 'identifier',
                'cmis_revision', 'vendor_name', 'vendor_oui', 'vendor_pn',
                'vendor_rev', 'vendor_sn', 'date_code', 'firmware_version',
                'firmware_inactive_version', 'hardware_revision', 'media_type', 'power_class',
                'max_power_mw', 'lane_count', 'applications',
                'active_application']
LANE_ATTRS = ['tx_disable'] + [n + s for n, _ in FLAGS for s in ('', '_events')] + \
             ['datapath_state', 'data_path_id', 'appsel']

def load(path):
    """Sections of an image as dumped by sl_sections: 'lower', 'page 01',
    'page 11 bank 1'... -> 256-byte arrays (the half at its offset)."""
    img = {}
    with open(path) as f:
        for line in f:
            key, _, words = line.rstrip('\n').partition('=')
            if words:
                b = bytes.fromhex(words.replace(' ', ''))
                img[key] = b + bytes(128) if key == 'lower' else bytes(128) + b
    return img

def text(b, first, last):
    s = b[first:last + 1].rstrip(b' \0')
    return ''.join(chr(c) if 0x20 <= c <= 0x7e else '?' for c in s)

def banks(img):
    lo = img['lower']
    if lo[2] & 0x80:
        return 0
    return {0: 1, 1: 2, 2: 4, 3: 1}[img['page 01'][142] & 3]

def expect(img, budget):
    """The attributes of a freshly identified, powered-up module, Tx enabled."""
    lo, p0 = img['lower'], img['page 00']
    flat = bool(lo[2] & 0x80)
    p1 = None if flat else img['page 01']
    nb = banks(img)
    mt = lo[85]
    e = {'present': '1', 'fault_cause': '0x00', 'identity_trusted': '1'}
    e['module_state'] = 'ready' if flat or p0[201] * 250 <= budget else 'low-power'
    e['identifier'] = '0x%02x' % lo[0]
    e['cmis_revision'] = '%d.%d' % (lo[1] >> 4, lo[1] & 15)
    e['vendor_name'] = text(p0, 129, 144)
    e['vendor_oui'] = '%02x:%02x:%02x' % (p0[145], p0[146], p0[147])
    e['vendor_pn'] = text(p0, 148, 163)
    e['vendor_rev'] = text(p0, 164, 165)
    e['vendor_sn'] = text(p0, 166, 181)
    e['date_code'] = text(p0, 182, 189)
    e['firmware_version'] = '%d.%d' % (lo[39], lo[40])
    e['firmware_inactive_version'] = '<ENODATA>' if flat else '%d.%d' % (p1[128], p1[129])
    e['hardware_revision'] = '<ENODATA>' if flat else '%d.%d' % (p1[130], p1[131])
    e['media_type'] = MEDIA_TYPE[mt] if mt < len(MEDIA_TYPE) else '0x%02x' % mt
    e['power_class'] = str((p0[200] >> 5) + 1)
    e['max_power_mw'] = str(p0[201] * 250)
    e['lane_count'] = str(8 * nb)
    apps = []
    for i in range(15):
        if i < 8:
            d = lo[86 + 4 * i:90 + 4 * i]
        elif flat:
            break
        else:
            d = p1[223 + 4 * (i - 8):227 + 4 * (i - 8)]
        if d[0] == 0xff:
            break
        host = HOST.get(d[0], '<no name for host id 0x%02x in sysfs-lib.sh>' % d[0])
        media = MEDIA.get((mt, d[1]), '<no name for media 0x%02x in sysfs-lib.sh>' % d[1])
        apps.append('%d %s -> %s host %d media %d lanes 0x%02x' %
                    (i + 1, host, media, d[2] >> 4, d[2] & 15, d[3]))
    e['applications'] = '|'.join(apps)
    if flat:
        e['active_application'] = '<ENODATA>'
    else:
        used = set()
        for b in range(nb):
            p11 = img['page 11 bank %d' % b]
            used |= {p11[206 + i] >> 4 for i in range(8)}
        e['active_application'] = ' '.join(str(a) for a in sorted(used) if a)
    lanes = {}
    for b in range(nb):
        p10, p11 = img['page 10 bank %d' % b], img['page 11 bank %d' % b]
        for i in range(8):
            n = 8 * b + i + 1
            lanes['lane%d/tx_disable' % n] = str(p10[130] >> i & 1)
            for name, byte in FLAGS:
                v = str(p11[byte] >> i & 1)
                lanes['lane%d/%s' % (n, name)] = v
                lanes['lane%d/%s_events' % (n, name)] = v
            st = p11[128 + i // 2] >> (4 * (i % 2)) & 15
            lanes['lane%d/datapath_state' % n] = DP_STATE[st] if st < 8 else 'reserved-%d' % st
            lanes['lane%d/data_path_id' % n] = str(p11[206 + i] >> 1 & 7)
            lanes['lane%d/appsel' % n] = str(p11[206 + i] >> 4)
    return e, lanes

def check(d, sections, budget):
    """Compare every module and lane attribute of cage directory d with the
    image; print the lane directories seen, then one line per mismatch."""
    e, lanes = expect(load(sections), budget)
    dirs = sorted((n for n in os.listdir(d) if n.startswith('lane') and n[4:].isdigit()),
                  key=lambda n: int(n[4:]))
    print(' '.join(dirs))
    for k in MODULE_ATTRS:
        got = get(os.path.join(d, k))
        if got != e[k]:
            print('%s: expected %r, got %r' % (k, e[k], got))
    nl = len(lanes) // len(LANE_ATTRS)
    for n in range(1, len(dirs) + 1):
        for a in LANE_ATTRS:
            k = 'lane%d/%s' % (n, a)
            got = get(os.path.join(d, k))
            if got != lanes.get(k):
                print('%s: expected %r, got %r' % (k, lanes.get(k), got))

def watch(path, timeout, until, armed):
    fd = os.open(path, os.O_RDONLY)
    os.read(fd, 4096)
    p = select.poll()
    p.register(fd, select.POLLPRI | select.POLLERR)
    if armed:
        open(armed, 'w').close()
    end = time.monotonic() + timeout / 1000.0
    while True:
        left = end - time.monotonic()
        if left <= 0:
            print('timeout')
            return
        if not p.poll(int(left * 1000) + 1):
            continue
        t = time.time_ns()
        os.lseek(fd, 0, 0)
        try:
            v = os.read(fd, 4096).decode('latin-1').strip()
        except OSError as e:
            v = err(e)
        print('%d %s' % (t, v), flush=True)
        if until and v == until:
            return

cmd, args = sys.argv[1], sys.argv[2:]
if cmd == 'attrs':
    for n in args[1:]:
        print('%s=%s' % (n, get(os.path.join(args[0], n))))
elif cmd == 'pwrite':
    print(pwrite(args[0], int(args[1], 0), bytes.fromhex(args[2])))
elif cmd == 'pread':
    print(pread(args[0], int(args[1], 0), int(args[2], 0)))
elif cmd == 'writes':
    # lines "PATH OFFSET HEX" (HEX "-" for an empty write) on stdin
    for line in sys.stdin:
        path, off, data = line.split()
        data = b'' if data == '-' else bytes.fromhex(data)
        print('%s %s %s %s' % (path, off, line.split()[2], pwrite(path, int(off, 0), data)))
elif cmd == 'check':
    check(args[0], args[1], int(args[2]))
elif cmd == 'watch':
    watch(args[0], int(args[1]), args[2], os.environ.get('SL_ARMED'))
EOF

sl_py() {
	"$SL_PY" "$SL_DIR/sysfs.py" "$@"
}

# sl_attrs DIR NAME...: "NAME=value" per attribute, in order; a multi-line
# value has its lines joined with '|'; a failed read shows "<ERRNO>".
sl_attrs() {
	sl_py attrs "$@"
}

# sl_get FILE: the value of one attribute as sl_attrs shows it.
sl_get() {
	sl_attrs "$(dirname "$1")" "$(basename "$1")" | sed 's/^[^=]*=//'
}

# sl_pwrite FILE OFFSET HEX: one pwrite(2) of the bytes HEX ("" for an
# empty write, else two hex digits per byte) at OFFSET; prints "ok N" or
# "<ERRNO>".
sl_pwrite() {
	sl_py pwrite "$@"
}

# sl_write FILE STRING: one write(2) of STRING exactly (no newline added).
sl_write() {
	sl_pwrite "$1" 0 "$(sl_hex "$2")"
}

# sl_hex STRING: STRING as hex.
sl_hex() {
	printf '%s' "$1" | od -An -v -tx1 | tr -d ' \n'
}

# sl_writes < "PATH OFFSET HEX" lines (HEX "-" for an empty write): one
# pwrite(2) each, in one process; prints "PATH OFFSET HEX RESULT" lines.
sl_writes() {
	sl_py writes
}

# sl_garbage N: N bytes of pseudo-random garbage, as hex.
sl_garbage() {
	head -c "$1" /dev/urandom | od -An -v -tx1 | tr -d ' \n'
}

# sl_pread FILE OFFSET LEN: LEN bytes at OFFSET as lower-case hex words (one
# pread(2); fewer at the end of the file), or "<ERRNO>".
sl_pread() {
	sl_py pread "$@"
}

# sl_ee_off BANK PAGE BYTE [PAGES]: offset of BYTE (0-127 lower memory,
# 128-255 of PAGE) in the eeprom file: optoe3's linear layout, bank b a
# block of 256 pages (the default, sonic_xcvr's), or with PAGES 240 pages
# 10h-FFh of bank b >= 1 240 pages further per bank (eeprom_bank_pages 240).
sl_ee_off() {
	local bank=$1 page=$(($2)) byte=$3 pages=${4:-256}

	if [ "$byte" -lt 128 ]; then
		echo "$byte"
	elif [ "$pages" = 240 ]; then
		echo $((128 * (240 * bank + page + 1) + byte - 128))
	else
		echo $((128 * (256 * bank + page + 1) + byte - 128))
	fi
}

# sl_watch FILE TIMEOUT_MS [UNTIL]: read FILE, then poll(2) it for
# POLLPRI|POLLERR; after each wake-up read it again and print
# "<wall-clock ns> <value>", until the value is UNTIL or TIMEOUT_MS passed
# ("timeout"). With SL_ARMED set, creates that file once the poll is armed.
sl_watch() {
	sl_py watch "$1" "$2" "${3:-}"
}

# sl_wait_armed FILE PID: wait until the sl_watch poller PID (started in
# the background with SL_ARMED=FILE) has armed its poll; fails when the
# poller died first. Collect it with `wait PID`: its exit status says
# whether it ran to the end (a poller that raised fails its test).
sl_wait_armed() {
	osfp_wait "[ -e '$1' ] || ! kill -0 $2 2>/dev/null" 30000 && [ -e "$1" ]
}

# sl_raw_read CAGE BANK PAGE OFFSET LEN: LEN bytes of the emulated module
# at OFFSET of PAGE in BANK, through i2c-dev, behind the driver's back: the
# module's bank and page selection is saved and restored around the read,
# so the driver's idea of it stays right. Only while the driver is idle.
sl_raw_read() {
	local sel

	read -r -a sel <<<"$(emu_read "$1" 126 2)"
	[ "${#sel[@]}" = 2 ] || return 1
	emu_write "$1" 126 "$2" "$3" || return 1
	emu_read "$1" "$4" "$5"
	emu_write "$1" 126 "0x${sel[0]}" "0x${sel[1]}"
}

# sl_lane_flags_clear CAGE: every cached lane flag of the cage reads 0
# (no bus access: the flag attributes show the driver's cache).
sl_lane_flags_clear() {
	local f v

	for f in "/sys/class/osfp/osfp$1"/lane*/{tx_fault,tx_los,tx_cdr_lol,rx_los,rx_cdr_lol}; do
		[ -e "$f" ] || continue
		read -r v <"$f" || return 1
		[ "$v" = 0 ] || return 1
	done
}

# sl_quiet CAGE: wait until the driver's own flag refresh has let every
# cached lane flag drop (a set one is read again every 2 s), then (up to
# 30 tries) for a second without a bus transaction on the cage.
sl_quiet() {
	local i

	osfp_wait "sl_lane_flags_clear $1" 30000 || return 1
	for i in $(seq 30); do
		"$OSFP_EMU" stats "$1" --reset >/dev/null
		sleep 1
		[ "$(emu_stat "$1" transactions)" = 0 ] && return 0
	done
	return 1
}

# sl_sections FILE OUT: the sections of image FILE the checks use, one
# "SECTION=hex words" line each, into OUT.
sl_sections() {
	local s b

	for s in lower "page 00" "page 01"; do
		echo "$s=$(cmis_page "$1" "$s")"
	done >"$2"
	for b in 0 1 2 3; do
		for s in 10 11; do
			echo "page $s bank $b=$(cmis_page "$1" "page $s bank $b")"
		done
	done >>"$2"
}

# The module attributes (all but the controls).
# shellcheck disable=SC2034
SL_MODULE_ATTRS="present module_state fault_cause identity_trusted identifier cmis_revision vendor_name
vendor_oui vendor_pn vendor_rev vendor_sn date_code firmware_version firmware_inactive_version
hardware_revision
media_type power_class max_power_mw lane_count applications active_application"

# sl_expect_state FILE: the module_state a module with image FILE settles
# in: ready, or low-power when its maximum power exceeds the cage budget.
sl_expect_state() {
	if (($(cmis_byte "$1" lower 2) & 0x80)) ||
		[ $(($(cmis_byte "$1" 'page 00' 201) * 250)) -le "$SL_BUDGET_MW" ]; then
		echo ready
	else
		echo low-power
	fi
}

# sl_banks FILE: banks of lane pages image FILE advertises (0 when flat).
sl_banks() {
	if (($(cmis_byte "$1" lower 2) & 0x80)); then
		echo 0
	else
		case $(($(cmis_byte "$1" 'page 01' 142) & 3)) in
		1) echo 2 ;;
		2) echo 4 ;;
		*) echo 1 ;;
		esac
	fi
}

# sl_lane_dirs DIR: the lane directories of DIR, "lane1 lane2 ...", in order.
sl_lane_dirs() {
	find "$1/" -maxdepth 1 -name 'lane[0-9]*' -type d -printf '%f\n' | sort -V | tr '\n' ' ' |
		sed 's/ $//'
}

# sl_seq N: "lane1 ... laneN".
sl_seq() {
	local i s=''

	for ((i = 1; i <= $1; i++)); do s+="${s:+ }lane$i"; done
	echo "$s"
}

# sl_hexdump: the data bytes of an ethtool hex dump on stdin, as lower-case
# hex words on one line.
sl_hexdump() {
	awk '/^0x[0-9a-fA-F]+:/ { for (i = 2; i <= NF; i++) printf "%s%s", (n++ ? " " : ""), tolower($i) }
	     END { print "" }'
}

# sl_ethtool_page DEV PAGE [BANK]: the upper half of PAGE as ethtool -m
# reads it (netlink), as lower-case hex words. (Debian 12's ethtool 6.1
# refuses "page 0": page 00h is asked for without a page.)
sl_ethtool_page() {
	if [ "$(($2))" = 0 ]; then
		/usr/sbin/ethtool -m "$1" offset 128 length 128 hex on 2>/dev/null | sl_hexdump
	else
		/usr/sbin/ethtool -m "$1" page "$2" ${3:+bank "$3"} offset 128 length 128 hex on \
			2>/dev/null | sl_hexdump
	fi
}

# sl_check_identity CAGE IMAGE WHAT: every module attribute and every lane
# attribute of cage CAGE is what IMAGE says, and there is one lane
# directory per lane of the module.
sl_check_identity() {
	local d=/sys/class/osfp/osfp$1 out

	sl_sections "$2" "$SL_DIR/sections"
	out=$(sl_py check "$d" "$SL_DIR/sections" "$SL_BUDGET_MW")
	t_eq "$(sl_seq "$((8 * $(sl_banks "$2")))")" "$(head -n1 <<<"$out")" \
		"osfp$1 ($3): one lane directory per lane of the module"
	t_eq "" "$(tail -n +2 <<<"$out" | head -n 6)" \
		"osfp$1 ($3): the 19 module attributes and the 14 of each lane as the image says"
}

# sl_check_eeprom CAGE IMAGE WHAT: the static pages of the eeprom file are
# the image's, and the same as ethtool -m reads them.
sl_check_eeprom() {
	local d=/sys/class/osfp/osfp$1 p got

	for p in 00 01 02; do
		[ -n "$(cmis_page "$2" "page $p")" ] || continue
		got=$(sl_pread "$d/eeprom" "$(sl_ee_off 0 "0x$p" 128)" 128)
		t_eq "$(cmis_page "$2" "page $p")" "$got" "osfp$1 ($3): eeprom page ${p}h is the image's"
		t_eq "$(sl_ethtool_page "osfp$1" "0x$p")" "$got" \
			"osfp$1 ($3): eeprom page ${p}h is what ethtool -m reads"
	done
}
