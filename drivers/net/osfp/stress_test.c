// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit stress suite of the osfp driver against its board emulator.
 *
 * tools/kunit.sh builds the cage driver (osfp.ko), the board emulator
 * (osfp_emu.ko) and this suite into a UML kernel (OSFP_STRESS_KUNIT_TEST,
 * built in only: the suite uses both drivers' private structures). Both
 * drivers register at device initcall time, so when KUnit runs, the
 * emulator's board (two empty cages by default) is bound to the driver.
 * The suite loads into every cage of that board (at most four) an image in
 * which every page and bank carries its own byte pattern (with the bytes
 * CMIS semantics need kept: identifier, paging, banks, full-page reads, a
 * short power-up, checksums, monitors with known values):
 *
 * osfp_stress_plug_cycles
 *	1000 insertions and removals of a module, shared by the cages and run
 *	on all of them at once (each takes about 0.1 s, most of it waiting
 *	for the module and the driver, so two cages halve the time and add
 *	the cages' concurrency: one controller interrupt, one board bus, the
 *	hwmon and sysfs registrations), while kernel threads read each cage
 *	through the ethtool page operation (and the legacy linear one),
 *	the sysfs eeprom file, the class attributes and hwmon. sysfs is not
 *	mounted while KUnit runs at boot: the suite mounts it inside the
 *	kernel (kern_mount()) and reads the real files with kernel_read().
 *	Every byte a read returns must be the requested page's, volatile
 *	bytes (module state, flags, monitors, controls, page selects) aside.
 *	The module is removed at varied points: by a bus interposer (the
 *	port adapter's algorithm is wrapped) at the Nth transfer after
 *	insertion, at the Nth transfer while the driver identifies the
 *	module, while it applies the power mode or waits for power-up, and
 *	by this thread while the module is initialising, ready or at a
 *	random time. The interposer also checks that every module transfer
 *	is made under the cage lock (with lockdep). Each removal waits until
 *	the driver has seen it before the next insertion, as a person would.
 * osfp_stress_present_bounce
 *	A removal whose presence bounces back for a moment must still be seen:
 *	the cage locks stall the cage controller's interrupt thread so that
 *	cage 1's module is back when its presence handler reads the line and
 *	gone again before the controller looks next (the random cycles above
 *	met this now and then on a loaded machine; here it is deterministic).
 * osfp_stress_flag_events
 *	On cage 0, latched lane flag events injected through the emulator while
 *	threads read page 11h through the ethtool page operation (whose
 *	reads consume the latches) and the other interfaces: the driver's
 *	event counters must rise by exactly the number injected. Each
 *	injection waits until the module's latch has been read and, before
 *	the same flag is raised again, until the driver's cached flag has
 *	dropped (the sysfs ABI counts events latched while the flag is
 *	still set once).
 * osfp_stress_firmware_update
 *	On cage 0, a module that advertises CDB (the pattern image with page
 *	01h bytes 163-166 of osfp-800g-2x400g-dr4.cmis) gets firmware
 *	updates through the firmware_update attribute, while the readers go
 *	on (the bytes the update changes are volatile): a good image, built
 *	into the kernel (CONFIG_EXTRA_FIRMWARE, see tools/kunit.sh), must end
 *	"done" with the new version running and committed in the emulator; a
 *	corrupt one "failed" with the version unchanged; and one whose module
 *	is pulled mid-download "failed" with "module removed". Every update
 *	must have released its firmware (no_leaks checks it too).
 * osfp_stress_no_leaks
 *	kmemleak, through debugfs mounted inside the kernel: two scans
 *	(kmemleak reports an object found unreferenced and unchanged in two
 *	scans, at least 5 s old), then every reported object whose
 *	allocation backtrace has an osfp_*, emu_* or cmis_* function fails
 *	the case, and so does one without a backtrace (whose it is cannot be
 *	told: UML records backtraces only with CONFIG_FRAME_POINTER). The
 *	kmemleak file has no read_iter/write_iter, so it is used with
 *	vfs_read()/vfs_write() and a user buffer from kunit_vm_mmap().
 * osfp_stress_no_splats
 *	Last: the kernel log since the suite started must hold no report of
 *	lockdep, KASAN, DEBUG_ATOMIC_SLEEP, UBSAN or a WARN (the log is also
 *	scanned during the cycles, so that nothing scrolls away), lockdep
 *	must still be on and no new WARN, BAD_PAGE or DIE taint set. Prints
 *	the counts, lines starting with "# osfp_stress:".
 */

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/debug_locks.h>
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/ethtool.h>
#include <linux/file.h>
#include <linux/firmware.h>
#include <linux/fs.h>
#include <linux/i2c.h>
#include <linux/gpio/consumer.h>
#include <linux/jiffies.h>
#include <linux/kernel_stat.h>
#include <linux/kmsg_dump.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/lockdep.h>
#include <linux/mman.h>
#include <linux/mount.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/netlink.h>
#include <linux/panic.h>
#include <linux/platform_device.h>
#include <linux/prandom.h>
#include <linux/property.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "emu_priv.h"
#include "osfp_core.h"

#define OSFP_STRESS_MAX_CAGES	4	/* of the emulator's board */
#define OSFP_STRESS_CYCLES	1000	/* shared by the cages */
#define OSFP_STRESS_MODES	5	/* removal points, see osfp_stress_arm_cycle() */
#define OSFP_STRESS_WAIT_MS	5000	/* longest wait for the driver to move on */
#define OSFP_STRESS_FLAG_ROUNDS	3
#define OSFP_STRESS_LANES	16	/* two banks */
#define OSFP_STRESS_SEED	0x05f9ca11ULL
#define OSFP_STRESS_FAIL_MSGS	8
#define OSFP_STRESS_SPLAT_MSGS	8
#define OSFP_STRESS_STATES	16	/* enum osfp_sm_state, with room */
#define OSFP_STRESS_UBUF	(64 * 1024)
#define OSFP_STRESS_LEAK_BUF	(4 * 1024 * 1024)

/* Built in by tools/kunit.sh (.kunitconfig CONFIG_EXTRA_FIRMWARE) */
#define OSFP_STRESS_FW_GOOD	"osfp-stress-fw-3.2.bin"
#define OSFP_STRESS_FW_BAD	"osfp-stress-fw-4.0-corrupt.bin"
#define OSFP_STRESS_FW_OLD	0x0301	/* the image's running version */
#define OSFP_STRESS_FW_NEW	0x0302	/* OSFP_STRESS_FW_GOOD's */
#define OSFP_STRESS_FW_MS	10000	/* longest update */
#define OSFP_STRESS_MASK_CDB	0xc0	/* lower 31: CdbCmdComplete masked */

/* Lane flags injected: emulator name and page 11h byte */
#define OSFP_STRESS_NFLAGS	2
static const struct {
	const char *name;
	u8 byte;
} osfp_stress_flags[OSFP_STRESS_NFLAGS] = {
	{ "rx-los", 147 },
	{ "tx-fault", 135 },
};

/* ---- the module image ---- */

/* A page of the image: lower memory (page -1) or an upper page of a bank */
struct osfp_stress_sect {
	s16 page;
	u8 bank;
};

static const struct osfp_stress_sect osfp_stress_sects[] = {
	{ -1, 0 }, { 0x00, 0 }, { 0x01, 0 }, { 0x02, 0 }, { 0x03, 0 }, { 0x04, 0 },
	{ 0x10, 0 }, { 0x10, 1 }, { 0x11, 0 }, { 0x11, 1 },
	{ 0x13, 0 }, { 0x13, 1 }, { 0x14, 0 }, { 0x14, 1 },
};

#define OSFP_STRESS_NSECT	ARRAY_SIZE(osfp_stress_sects)

/* ---- state shared by the test, the cyclers, the readers, the interposer ---- */

enum osfp_stress_iface {
	OSFP_IF_ETHTOOL,
	OSFP_IF_EEPROM,
	OSFP_IF_ATTR,
	OSFP_IF_HWMON,
	OSFP_IF_NUM,
};

static const char * const osfp_stress_iface_names[OSFP_IF_NUM] = {
	[OSFP_IF_ETHTOOL] = "ethtool",
	[OSFP_IF_EEPROM] = "eeprom",
	[OSFP_IF_ATTR] = "attr",
	[OSFP_IF_HWMON] = "hwmon",
};

/* The reader threads of a cage: two on the ethtool operations, one per file kind */
static const enum osfp_stress_iface osfp_stress_reader_ifaces[] = {
	OSFP_IF_ETHTOOL, OSFP_IF_ETHTOOL, OSFP_IF_EEPROM, OSFP_IF_ATTR, OSFP_IF_HWMON,
};

#define OSFP_STRESS_READERS	ARRAY_SIZE(osfp_stress_reader_ifaces)

/* When the interposer removes the module */
enum osfp_stress_trig {
	OSFP_TRIG_NONE,
	OSFP_TRIG_NTH,		/* at the Nth transfer after insertion */
	OSFP_TRIG_STATE,	/* at the Nth transfer in a state (or after it) */
};

struct osfp_stress_cage;

/**
 * struct osfp_stress_reader - one reader thread
 * @task: the thread
 * @c: the cage it reads
 * @iface: what it reads through
 * @page11: flag phase: the ethtool readers read page 11h only
 * @rnd: its pseudo-random sequence
 * @eeprom: the open sysfs eeprom file (eeprom reader)
 * @hwmon: index of the cage's hwmon device last found (hwmon reader)
 * @hwmon_parent: id of its parent device, osfp_hwmon.<id>
 * @buf: bytes read
 * @text: text read
 */
struct osfp_stress_reader {
	struct task_struct *task;
	struct osfp_stress_cage *c;
	enum osfp_stress_iface iface;
	bool page11;
	struct rnd_state rnd;
	struct file *eeprom;
	int hwmon;
	int hwmon_parent;
	u8 buf[2 * CMIS_PAGE_SIZE];
	char text[PAGE_SIZE];
};

/**
 * struct osfp_stress_cage - a cage of the board, and the module in it
 * @index: port number
 * @port: the emulator's port
 * @cage: the driver's cage (reference held)
 * @dir: the cage's class directory, relative to the sysfs mount
 * @trig_lock: protects the @trig_* fields
 * @trig_mode: &enum osfp_stress_trig
 * @trig_state: state of %OSFP_TRIG_STATE
 * @trig_n: the N of the trigger
 * @trig_after: remove after the transfer rather than before it
 * @trig_count: transfers counted for the trigger
 * @trig_seen: %OSFP_TRIG_STATE: the state was seen
 * @trig_fired: the module was removed
 * @trig_fired_state: the driver's state at the removal
 * @irqs_at_removal: times the present interrupt was taken, at the last removal
 * @trig_done: completed when the interposer removes the module
 * @readers: its reader threads
 * @cycles: insertions and removals to do
 * @cycled: completed when the cycler is done
 * @done: insertions and removals done
 * @unplugged_in: removals per state of the driver
 * @mode_us: per removal point, time from insertion to removal and from
 *	removal to the driver's seeing it, in microseconds
 * @modes: cycles per removal point
 * @error: why the cycles stopped early, if they did
 * @diag: the state of the driver, the board and the module then
 */
struct osfp_stress_cage {
	unsigned int index;
	struct emu_port *port;
	struct osfp_cage *cage;
	char dir[48];

	spinlock_t trig_lock;	/* see above */
	enum osfp_stress_trig trig_mode;
	enum osfp_sm_state trig_state;
	unsigned int trig_n;
	bool trig_after;
	unsigned int trig_count;
	bool trig_seen;
	bool trig_fired;
	enum osfp_sm_state trig_fired_state;
	struct completion trig_done;
	unsigned int irqs_at_removal;

	struct osfp_stress_reader *readers[OSFP_STRESS_READERS];

	unsigned int cycles;
	struct completion cycled;
	unsigned int done;
	unsigned int unplugged_in[OSFP_STRESS_STATES];
	u64 mode_us[OSFP_STRESS_MODES][2];
	unsigned int modes[OSFP_STRESS_MODES];
	char error[160];
	char diag[400];
};

/**
 * struct osfp_stress - the suite's state
 * @cages: the board's cages used
 * @ncages: entries of @cages
 * @sysfs: sysfs, mounted inside the kernel
 * @mem: the image loaded, in osfp_stress_sects order
 * @hwmon_values: expected hwmon inputs (attribute, value)
 * @attr_expect: expected text of the class attributes that have one
 * @transfers: module transfers seen by the interposer
 * @unlocked: module transfers made without the cage lock
 * @verified: reads whose every byte was checked, per interface
 * @refused: reads that failed as allowed (no module, not identified...)
 * @failures: reads that failed a check
 * @fail_lock: protects @fail_msg and @fail_n
 * @fail_msg: the first failures
 * @fail_n: entries of @fail_msg used
 * @kmsg_lock: serializes osfp_stress_kmsg_scan()
 * @kmsg_seq: next kernel log record to check for splats
 * @kmsg_lost: log records lost before they could be checked
 * @splats: splat lines found
 * @splat_msg: the first of them
 * @line: kernel log line buffer
 * @taint: taint flags when the suite started
 * @lockdep_on: lockdep was on when the suite started
 * @cycles: insertions and removals done
 * @injected: flag events injected
 * @observed: flag events the driver counted
 * @leaks: kmemleak objects attributed to osfp (-1: not checked)
 * @cycle_ms: duration of the cycles
 * @fw_updates: firmware updates started
 * @fw_done: of them, ended "done"
 * @fw_failed: of them, ended "failed"
 * @fw_ms: duration of the good update
 * @fw_case_ms: duration of the firmware update case
 * @fw_reads: reads verified while the updates ran
 */
struct osfp_stress {
	struct osfp_stress_cage cages[OSFP_STRESS_MAX_CAGES];
	unsigned int ncages;
	struct vfsmount *sysfs;
	u8 mem[OSFP_STRESS_NSECT][CMIS_PAGE_SIZE];
	struct {
		char attr[24];
		long val;
	} hwmon_values[14];
	char attr_expect[8][32];

	atomic64_t transfers;
	atomic_t unlocked;
	atomic64_t verified[OSFP_IF_NUM];
	atomic64_t refused[OSFP_IF_NUM];
	atomic_t failures;
	struct mutex fail_lock;	/* see above */
	char fail_msg[OSFP_STRESS_FAIL_MSGS][192];
	unsigned int fail_n;

	struct mutex kmsg_lock;	/* see above */
	u64 kmsg_seq;
	u64 kmsg_lost;
	unsigned int splats;
	char splat_msg[OSFP_STRESS_SPLAT_MSGS][160];
	char line[1024];
	unsigned long taint;
	bool lockdep_on;

	unsigned int cycles;
	unsigned int injected;
	unsigned int observed;
	int leaks;
	s64 cycle_ms;
	unsigned int fw_updates;
	unsigned int fw_done;
	unsigned int fw_failed;
	s64 fw_ms;
	s64 fw_case_ms;
	u64 fw_reads;
};

static struct osfp_stress osfp_stress;

static __printf(1, 2) void osfp_stress_fail(const char *fmt, ...)
{
	struct osfp_stress *s = &osfp_stress;
	va_list args;

	atomic_inc(&s->failures);
	mutex_lock(&s->fail_lock);
	if (s->fail_n < OSFP_STRESS_FAIL_MSGS) {
		va_start(args, fmt);
		vsnprintf(s->fail_msg[s->fail_n++], sizeof(s->fail_msg[0]), fmt, args);
		va_end(args);
	}
	mutex_unlock(&s->fail_lock);
}

/* Report the readers' failures (and forget them) */
static void osfp_stress_report_failures(struct kunit *test)
{
	struct osfp_stress *s = &osfp_stress;
	unsigned int i;

	mutex_lock(&s->fail_lock);
	for (i = 0; i < s->fail_n; i++)
		kunit_err(test, "%s\n", s->fail_msg[i]);
	s->fail_n = 0;
	mutex_unlock(&s->fail_lock);
	KUNIT_EXPECT_EQ_MSG(test, atomic_xchg(&s->failures, 0), 0,
			    "reads that returned wrong bytes or unexpected errors");
}

/* ---- image ---- */

static int osfp_stress_sect_of(int page, u8 bank)
{
	unsigned int i;

	if (page < 0x10)
		bank = 0;
	for (i = 0; i < OSFP_STRESS_NSECT; i++)
		if (osfp_stress_sects[i].page == page && osfp_stress_sects[i].bank == bank)
			return i;
	return -1;
}

/* The pattern byte at @offset (0-255) of a page: distinct per page and bank */
static u8 osfp_stress_pattern(int page, u8 bank, unsigned int offset)
{
	u32 tag = page < 0 ? 0x3ff : bank << 8 | page;

	return (u32)((tag << 8 | offset) * 0x9e3779b1U) >> 24;
}

/*
 * Bytes that change while the module runs, or that the driver writes; with
 * those a firmware update changes (CDB status, running and inactive
 * firmware versions, DPDeinit)
 */
static bool osfp_stress_volatile(int page, unsigned int offset)
{
	if (page < 0)	/* state, flags, monitors, controls, CDB, bank and page select */
		return offset == 3 || (offset >= 8 && offset <= 26) ||
		       (offset >= 37 && offset <= 40) || offset >= 126;
	if (page == 0x01)	/* inactive firmware version */
		return offset <= 129;
	if (page == 0x10)	/* DPDeinit */
		return offset == 128;
	if (page == 0x11)	/* data path state, lane flags, lane monitors */
		return offset <= 131 || (offset >= 134 && offset <= 201);
	return false;
}

/* Byte @offset (absolute: 0-127 lower memory, 128-255 a page) of @mem */
static u8 *osfp_stress_at(u8 *mem, unsigned int offset)
{
	return &mem[offset % CMIS_PAGE_SIZE];
}

static void osfp_stress_ascii(u8 *mem, unsigned int offset, unsigned int len, const char *s)
{
	memset(osfp_stress_at(mem, offset), ' ', len);
	memcpy(osfp_stress_at(mem, offset), s, min_t(size_t, strlen(s), len));
}

static void osfp_stress_u16(u8 *mem, unsigned int offset, u16 val)
{
	*osfp_stress_at(mem, offset) = val >> 8;
	*osfp_stress_at(mem, offset + 1) = val & 0xff;
}

static void osfp_stress_csum(u8 *mem, unsigned int first, unsigned int last,
			     unsigned int at)
{
	unsigned int i;
	u8 sum = 0;

	for (i = first; i <= last; i++)
		sum += *osfp_stress_at(mem, i);
	*osfp_stress_at(mem, at) = sum;
}

static u8 *osfp_stress_mem(struct osfp_stress *s, int page, u8 bank)
{
	return s->mem[osfp_stress_sect_of(page, bank)];
}

/*
 * The image: the pattern everywhere, except the bytes that make it a CMIS
 * module the driver brings up (and whose values the checks know).
 */
static void osfp_stress_build(struct osfp_stress *s)
{
	const struct osfp_stress_sect *sect;
	unsigned int i, o, b, l, lane;
	u8 *m;

	for (i = 0; i < OSFP_STRESS_NSECT; i++) {
		sect = &osfp_stress_sects[i];
		for (o = 0; o < CMIS_PAGE_SIZE; o++)
			s->mem[i][o] = osfp_stress_pattern(sect->page, sect->bank,
							   sect->page < 0 ? o : o + 128);
	}

	m = osfp_stress_mem(s, -1, 0);
	m[0] = 0x19;			/* SFF-8024 identifier: OSFP */
	m[1] = 0x52;			/* CMIS 5.2 */
	m[2] = 0x00;			/* paged memory */
	memset(&m[3], 0, 24);		/* state, flags (clear), monitors, controls */
	osfp_stress_u16(m, 14, 25 * 256);	/* 25.000 degC */
	osfp_stress_u16(m, 16, 33000);		/* 3.3000 V */
	m[26] = 0x40;			/* LowPwrAllowRequestHW: the lpmode line rules */
	memset(&m[31], 0, 6);		/* module flag masks: none */
	m[41] = 0;			/* ModuleFaultCause */
	m[85] = 0x02;			/* media type SMF */
	m[86] = 0x51;			/* app 1: 800GAUI-8 S C2M -> 800GBASE-DR8 */
	m[87] = 0x56;
	m[88] = 0x88;
	m[89] = 0x01;
	m[90] = 0xff;			/* end of the application list */
	m[126] = 0;
	m[127] = 0;

	m = osfp_stress_mem(s, 0x00, 0);
	*osfp_stress_at(m, 128) = 0x19;
	osfp_stress_ascii(m, 129, 16, "OSFP-STRESS");
	*osfp_stress_at(m, 145) = 0x00;		/* OUI */
	*osfp_stress_at(m, 146) = 0x90;
	*osfp_stress_at(m, 147) = 0x65;
	osfp_stress_ascii(m, 148, 16, "PATTERN-2BANK");
	osfp_stress_ascii(m, 164, 2, "P1");
	osfp_stress_ascii(m, 166, 16, "STRESS0000000001");
	osfp_stress_ascii(m, 182, 8, "26010100");
	osfp_stress_ascii(m, 190, 10, "OSFPSTRESS");
	*osfp_stress_at(m, 200) = 0xe0;		/* power class 8 */
	*osfp_stress_at(m, 201) = 40;		/* 10 W: within the cage's 25 W */
	*osfp_stress_at(m, 202) = 0;		/* separable module */
	*osfp_stress_at(m, 203) = 0x28;		/* connector */
	*osfp_stress_at(m, 210) = 0;		/* every media lane implemented */
	*osfp_stress_at(m, 212) = 0x06;		/* media technology */
	osfp_stress_csum(m, 128, 221, 222);

	m = osfp_stress_mem(s, 0x01, 0);
	*osfp_stress_at(m, 142) = 0x25;		/* banks 0-1, page 03h, pages 13h-14h */
	*osfp_stress_at(m, 151) = 0x10;		/* Rx power is average power */
	*osfp_stress_at(m, 155) = 0x4e;		/* tunable (04h, 12h), OutputDisableTx, ... */
	*osfp_stress_at(m, 156) = 0x06;
	*osfp_stress_at(m, 157) = 0x07;		/* Tx flags: fault, LOS, CDR LOL */
	*osfp_stress_at(m, 158) = 0x06;		/* Rx flags: LOS, CDR LOL */
	*osfp_stress_at(m, 159) = 0x03;		/* temperature and Vcc monitors */
	*osfp_stress_at(m, 160) = 0x07;		/* lane monitors, bias x1 */
	memset(osfp_stress_at(m, 163), 0, 4);	/* no CDB */
	*osfp_stress_at(m, 167) = 0x00;		/* power up and down in < 1 ms */
	*osfp_stress_at(m, 176) = 0x01;		/* app 1 media lanes */
	for (o = 223; o < 251; o += 4)
		*osfp_stress_at(m, o) = 0xff;	/* apps 9-15: none */
	*osfp_stress_at(m, 251) = 0x12;		/* full-page reads */
	osfp_stress_csum(m, 130, 254, 255);

	m = osfp_stress_mem(s, 0x02, 0);
	osfp_stress_csum(m, 128, 254, 255);

	for (b = 0; b < 2; b++) {
		m = osfp_stress_mem(s, 0x10, b);
		*osfp_stress_at(m, 130) = 0;			/* Tx enabled */
		memset(osfp_stress_at(m, 213), 0, 20);		/* lane flag masks */

		m = osfp_stress_mem(s, 0x11, b);
		memset(osfp_stress_at(m, 128), 0x11, 4);	/* (the emulator's) */
		memset(osfp_stress_at(m, 134), 0, 20);		/* lane flags clear */
		for (l = 0; l < 8; l++) {
			lane = 8 * b + l + 1;
			/* Tx power 100 uW, bias 1 mA, Rx power 100 uW per lane number */
			osfp_stress_u16(m, 154 + 2 * l, 1000 * lane);
			osfp_stress_u16(m, 170 + 2 * l, 500 * lane);
			osfp_stress_u16(m, 186 + 2 * l, 1000 * lane + 500);
		}
	}
}

/*
 * The firmware update case's module: the image, advertising CDB as
 * osfp-800g-2x400g-dr4.cmis does (one instance, EPL pages A0h-AFh,
 * 128-byte transfers, T_CDBB 80 ms), with no CDB command run yet, firmware
 * %OSFP_STRESS_FW_OLD running and no inactive image, and the
 * CdbCmdComplete flags masked as the driver would mask them (so that lower
 * byte 31 stays the image's). osfp_stress_build() gives the image back.
 */
static void osfp_stress_build_cdb(struct osfp_stress *s)
{
	u8 *m;

	m = osfp_stress_mem(s, -1, 0);
	m[31] = OSFP_STRESS_MASK_CDB;
	m[37] = 0;				/* CdbStatus: no command yet */
	m[38] = 0;
	osfp_stress_u16(m, 39, OSFP_STRESS_FW_OLD);

	m = osfp_stress_mem(s, 0x01, 0);
	osfp_stress_u16(m, 128, 0);		/* inactive image: none */
	*osfp_stress_at(m, 163) = 0x47;
	*osfp_stress_at(m, 164) = 0x0f;
	*osfp_stress_at(m, 165) = 0x00;
	*osfp_stress_at(m, 166) = 0x50;
	osfp_stress_csum(m, 130, 254, 255);
}

/* The image as .cmis text, for emu_image_parse() */
static char *osfp_stress_render(struct osfp_stress *s, size_t *len)
{
	size_t size = OSFP_STRESS_NSECT * 640 + 128, n = 0;
	const struct osfp_stress_sect *sect;
	unsigned int i, row, k;
	char *t;

	t = kvmalloc(size, GFP_KERNEL);
	if (!t)
		return NULL;
	n += scnprintf(t + n, size - n, "# osfp stress: a byte pattern per page and bank\n");
	for (i = 0; i < OSFP_STRESS_NSECT; i++) {
		sect = &osfp_stress_sects[i];
		if (sect->page < 0)
			n += scnprintf(t + n, size - n, "lower\n");
		else if (sect->page < 0x10)
			n += scnprintf(t + n, size - n, "page %02x\n", sect->page);
		else
			n += scnprintf(t + n, size - n, "page %02x bank %u\n", sect->page,
				       sect->bank);
		for (row = 0; row < CMIS_PAGE_SIZE / 16; row++) {
			n += scnprintf(t + n, size - n, "%02x:",
				       (sect->page < 0 ? 0 : 128) + 16 * row);
			for (k = 0; k < 16; k++)
				n += scnprintf(t + n, size - n, " %02x", s->mem[i][16 * row + k]);
			n += scnprintf(t + n, size - n, "\n");
		}
	}
	*len = n;
	return t;
}

/*
 * Check @len bytes read at @offset (0-255) of (@bank, @page) against the
 * image. On a mismatch, returns false with *@bad the first offset that
 * differs.
 */
static bool osfp_stress_match(struct osfp_stress *s, int page, u8 bank, unsigned int offset,
			      const u8 *buf, size_t len, unsigned int *bad)
{
	int pg = offset < 128 ? -1 : page;
	int i = osfp_stress_sect_of(pg, bank);
	size_t k;

	*bad = offset;
	if (i < 0)
		return false;
	for (k = 0; k < len; k++) {
		if (osfp_stress_volatile(pg, offset + k))
			continue;
		if (buf[k] != s->mem[i][(offset + k) % CMIS_PAGE_SIZE]) {
			*bad = offset + k;
			return false;
		}
	}
	return true;
}

/* Which page of the image @buf looks like, for a failure message */
static void osfp_stress_whose(struct osfp_stress *s, unsigned int offset, const u8 *buf,
			      size_t len, char *out, size_t size)
{
	const struct osfp_stress_sect *sect;
	unsigned int i, bad;

	for (i = 0; i < OSFP_STRESS_NSECT; i++) {
		sect = &osfp_stress_sects[i];
		if (sect->page < 0 ? offset >= 128 : offset < 128)
			continue;
		if (osfp_stress_match(s, sect->page, sect->bank, offset, buf, len, &bad)) {
			if (sect->page < 0)
				snprintf(out, size, "as lower memory");
			else
				snprintf(out, size, "as page %02xh bank %u", sect->page,
					 sect->bank);
			return;
		}
	}
	snprintf(out, size, "as no page of the image");
}

/* Check a read, record a failure; true when it matched */
static bool osfp_stress_verify(struct osfp_stress_cage *c, const char *what, int page,
			       u8 bank, unsigned int offset, const u8 *buf, size_t len)
{
	struct osfp_stress *s = &osfp_stress;
	unsigned int bad, i;
	char whose[40];

	if (osfp_stress_match(s, page, bank, offset, buf, len, &bad))
		return true;
	osfp_stress_whose(s, offset, buf, len, whose, sizeof(whose));
	i = osfp_stress_sect_of(offset < 128 ? -1 : page, bank);
	osfp_stress_fail("%s %s: page %02xh bank %u offset %u len %zu: byte %u %02x, not %02x (%s)",
			 c->cage->label, what, page, bank, offset, len, bad, buf[bad - offset],
			 i < 0 ? 0 : s->mem[i][bad % CMIS_PAGE_SIZE], whose);
	return false;
}

/* ---- plugging, states ---- */

static void osfp_stress_plug(struct osfp_stress_cage *c, bool plug)
{
	int ret;

	if (!plug && c->cage->present_irq > 0)
		WRITE_ONCE(c->irqs_at_removal, kstat_irqs_usr(c->cage->present_irq));
	mutex_lock(&c->port->lock);
	ret = emu_port_plug(c->port, plug);
	mutex_unlock(&c->port->lock);
	WARN_ON_ONCE(ret);
}

static enum osfp_sm_state osfp_stress_state(struct osfp_stress_cage *c, bool *present)
{
	enum osfp_sm_state state;

	mutex_lock(&c->cage->lock);
	state = c->cage->state;
	if (present)
		*present = c->cage->present;
	mutex_unlock(&c->cage->lock);
	return state;
}

/* Remove the module now; returns the driver's state at that moment */
static enum osfp_sm_state osfp_stress_unplug_now(struct osfp_stress_cage *c)
{
	enum osfp_sm_state state;

	mutex_lock(&c->cage->lock);
	state = c->cage->state;
	osfp_stress_plug(c, false);
	mutex_unlock(&c->cage->lock);
	return state;
}

static bool osfp_stress_wait_state(struct osfp_stress_cage *c, enum osfp_sm_state want,
				   bool present, unsigned int ms)
{
	unsigned long end = jiffies + msecs_to_jiffies(ms);
	bool pr;

	do {
		if (osfp_stress_state(c, &pr) == want && pr == present)
			return true;
		usleep_range(500, 1000);
	} while (time_before(jiffies, end));
	return false;
}

/*
 * What the driver, the cage controller's registers, the board's interrupt
 * line and the module looked like, for a failure message
 */
static void osfp_stress_diag(struct osfp_stress_cage *c)
{
	struct emu_board *b = c->port->board;
	unsigned int bank = c->index / 8;
	u8 present_n, status, mask;
	bool asserted, masked;
	enum emu_state st;
	unsigned long flags;
	bool plugged, pr;
	int line;

	line = c->cage->gpio[OSFP_GPIO_PRESENT] ?
	       gpiod_get_value_cansleep(c->cage->gpio[OSFP_GPIO_PRESENT]) : -ENOENT;
	mutex_lock(&c->port->lock);
	plugged = c->port->plugged;
	pr = c->port->present;
	st = c->port->state;
	mutex_unlock(&c->port->lock);
	mutex_lock(&b->lock);
	present_n = b->present_n[bank];
	status = b->int_status[bank];
	mask = b->int_mask[bank];
	mutex_unlock(&b->lock);
	raw_spin_lock_irqsave(&b->irq_lock, flags);
	asserted = b->line_asserted;
	masked = b->line_masked;
	raw_spin_unlock_irqrestore(&b->irq_lock, flags);
	mutex_lock(&c->cage->lock);
	snprintf(c->diag, sizeof(c->diag),
		 "driver %s, present %d, present line %d (irq %d taken %u times, %u at the removal), int irq %d; module plugged %d present %d %s; CPLD present_n 0x%02x int_status 0x%02x int_mask 0x%02x, line asserted %d masked %d (irq %u taken %u times)",
		 osfp_sm_state_name(c->cage->state), c->cage->present, line,
		 c->cage->present_irq,
		 c->cage->present_irq > 0 ? kstat_irqs_usr(c->cage->present_irq) : 0,
		 READ_ONCE(c->irqs_at_removal),
		 c->cage->int_irq, plugged, pr, emu_state_name(st), present_n, status, mask,
		 asserted, masked, b->virq, kstat_irqs_usr(b->virq));
	mutex_unlock(&c->cage->lock);
}

/* ---- the bus interposer ---- */

static void osfp_stress_arm(struct osfp_stress_cage *c, enum osfp_stress_trig mode,
			    enum osfp_sm_state state, unsigned int n, bool after)
{
	spin_lock(&c->trig_lock);
	c->trig_mode = mode;
	c->trig_state = state;
	c->trig_n = n;
	c->trig_after = after;
	c->trig_count = 0;
	c->trig_seen = false;
	c->trig_fired = false;
	reinit_completion(&c->trig_done);
	spin_unlock(&c->trig_lock);
}

/*
 * Empty the cage and wait for the driver to see it. A driver that missed a
 * removal (an earlier case failed) gets another insertion and removal, so
 * that one failure does not spill into the next cases.
 */
static bool osfp_stress_settle(struct osfp_stress_cage *c)
{
	osfp_stress_arm(c, OSFP_TRIG_NONE, 0, 0, false);
	osfp_stress_unplug_now(c);
	if (osfp_stress_wait_state(c, OSFP_SM_ABSENT, false, OSFP_STRESS_WAIT_MS))
		return true;
	osfp_stress_plug(c, true);
	msleep(100);
	osfp_stress_unplug_now(c);
	return osfp_stress_wait_state(c, OSFP_SM_ABSENT, false, OSFP_STRESS_WAIT_MS);
}

/* Whether this transfer removes the module. Called with trig_lock held. */
static bool osfp_stress_trigger(struct osfp_stress_cage *c, enum osfp_sm_state state)
{
	switch (c->trig_mode) {
	case OSFP_TRIG_NTH:
		return ++c->trig_count == c->trig_n;
	case OSFP_TRIG_STATE:
		if (state == c->trig_state) {
			c->trig_seen = true;
			return ++c->trig_count == c->trig_n;
		}
		/* Fewer transfers in the state than asked: the first after it */
		return c->trig_seen;
	default:
		return false;
	}
}

static struct osfp_stress_cage *osfp_stress_cage_of(struct i2c_adapter *adap)
{
	struct osfp_stress *s = &osfp_stress;
	unsigned int i;

	for (i = 0; i < s->ncages; i++)
		if (&s->cages[i].port->adap == adap)
			return &s->cages[i];
	return NULL;
}

static int osfp_stress_xfer(struct i2c_adapter *adap, struct i2c_msg *msgs, int num)
{
	struct osfp_stress_cage *c = osfp_stress_cage_of(adap);
	bool fire = false, after = false;
	enum osfp_sm_state state;
	int ret;

	if (WARN_ON_ONCE(!c))
		return -ENODEV;
	atomic64_inc(&osfp_stress.transfers);
#ifdef CONFIG_LOCKDEP
	/* access.c holds the cage lock across every module transfer */
	if (!lockdep_is_held(&c->cage->lock))
		atomic_inc(&osfp_stress.unlocked);
#endif
	/* Stable: it changes under the cage lock only, which the caller holds */
	state = data_race(READ_ONCE(c->cage->state));

	spin_lock(&c->trig_lock);
	if (!c->trig_fired && osfp_stress_trigger(c, state)) {
		fire = true;
		after = c->trig_after;
		c->trig_fired = true;
		c->trig_fired_state = state;
	}
	spin_unlock(&c->trig_lock);

	if (fire && !after)
		osfp_stress_plug(c, false);
	ret = emu_port_algo.master_xfer(adap, msgs, num);
	if (fire && after)
		osfp_stress_plug(c, false);
	if (fire)
		complete(&c->trig_done);
	return ret;
}

static int osfp_stress_smbus_xfer(struct i2c_adapter *adap, u16 addr, unsigned short flags,
				  char read_write, u8 command, int size,
				  union i2c_smbus_data *data)
{
	return emu_port_algo.smbus_xfer(adap, addr, flags, read_write, command, size, data);
}

static u32 osfp_stress_functionality(struct i2c_adapter *adap)
{
	return emu_port_algo.functionality(adap);
}

static const struct i2c_algorithm osfp_stress_algo = {
	.master_xfer = osfp_stress_xfer,
	.smbus_xfer = osfp_stress_smbus_xfer,
	.functionality = osfp_stress_functionality,
};

/* Wrap (or unwrap) the port adapter's algorithm, with no transfer running */
static void osfp_stress_interpose(struct osfp_stress_cage *c, const struct i2c_algorithm *algo)
{
	i2c_lock_bus(&c->port->adap, I2C_LOCK_ROOT_ADAPTER);
	WRITE_ONCE(c->port->adap.algo, algo);
	i2c_unlock_bus(&c->port->adap, I2C_LOCK_ROOT_ADAPTER);
}

/* ---- files ---- */

static struct vfsmount *osfp_stress_mount(const char *fstype)
{
	struct file_system_type *type;
	struct vfsmount *mnt;

	type = get_fs_type(fstype);
	if (!type)
		return ERR_PTR(-ENODEV);
	mnt = kern_mount(type);
	put_filesystem(type);
	return mnt;
}

/* Read a sysfs file (@path relative to the cage's directory) */
static ssize_t osfp_stress_read_file(struct osfp_stress_cage *c, const char *path, char *buf,
				     size_t len, loff_t pos)
{
	struct file *f;
	char full[96];
	ssize_t n;

	snprintf(full, sizeof(full), "%s/%s", c->dir, path);
	f = file_open_root_mnt(osfp_stress.sysfs, full, O_RDONLY, 0);
	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_read(f, buf, len, &pos);
	fput(f);
	return n;
}

/* ---- readers ---- */

static bool osfp_stress_bus_err(int err)
{
	return err == -ENXIO || err == -EREMOTEIO || err == -EIO || err == -ETIMEDOUT;
}

/* Errors of a read when there is no identified module: allowed */
static bool osfp_stress_allowed(int err)
{
	return err == -ENODEV || err == -EAGAIN || osfp_stress_bus_err(err);
}

static u32 osfp_stress_rand(struct osfp_stress_reader *r, u32 n)
{
	return prandom_u32_state(&r->rnd) % n;
}

/* A section, an offset in it (0-255) and a length within its half */
static void osfp_stress_pick(struct osfp_stress_reader *r, unsigned int *sect,
			     unsigned int *offset, unsigned int *len)
{
	unsigned int o, i;

	if (r->page11) {
		i = osfp_stress_sect_of(0x11, osfp_stress_rand(r, 2));
		switch (osfp_stress_rand(r, 3)) {
		case 0:		/* the whole page */
			*offset = 128;
			*len = 128;
			break;
		case 1:		/* the lane flags */
			*offset = OSFP_LANE_FLAGS_FIRST;
			*len = OSFP_LANE_FLAGS_NUM;
			break;
		default:	/* a part with Rx LOS */
			*offset = 128 + osfp_stress_rand(r, 147 - 128 + 1);
			*len = 148 - *offset + osfp_stress_rand(r, 256 - 148 + 1);
			break;
		}
		*sect = i;
		return;
	}
	i = osfp_stress_rand(r, OSFP_STRESS_NSECT);
	if (osfp_stress_rand(r, 4) == 0) {
		o = 0;
		*len = CMIS_PAGE_SIZE;
	} else {
		o = osfp_stress_rand(r, CMIS_PAGE_SIZE);
		*len = 1 + osfp_stress_rand(r, CMIS_PAGE_SIZE - o);
	}
	*sect = i;
	*offset = (osfp_stress_sects[i].page < 0 ? 0 : 128) + o;
}

/* Each returns whether the read got through (checked or failed a check) */
static bool osfp_stress_read_by_page(struct osfp_stress_reader *r)
{
	struct osfp_stress_cage *c = r->c;
	struct ethtool_module_eeprom req = {
		.i2c_address = OSFP_MODULE_I2C_ADDR,
		.data = r->buf,
	};
	struct netlink_ext_ack extack = { };
	const struct osfp_stress_sect *sect;
	unsigned int i, offset, len;
	int ret;

	osfp_stress_pick(r, &i, &offset, &len);
	sect = &osfp_stress_sects[i];
	req.offset = offset;
	req.length = len;
	req.page = sect->page < 0 ? 0 : sect->page;
	req.bank = sect->bank;
	memset(r->buf, 0x5a, len);
	ret = osfp_cage_get_module_eeprom_by_page(c->cage, &req, &extack);
	if (ret < 0 && osfp_stress_allowed(ret)) {
		atomic64_inc(&osfp_stress.refused[OSFP_IF_ETHTOOL]);
		return false;
	}
	if (ret < 0)
		osfp_stress_fail("%s ethtool: page %02xh bank %u offset %u len %u: %d (%s)",
				 c->cage->label, req.page, req.bank, offset, len, ret,
				 extack._msg ? extack._msg : "no message");
	else if (ret != len)
		osfp_stress_fail("%s ethtool: page %02xh bank %u offset %u len %u: %d bytes",
				 c->cage->label, req.page, req.bank, offset, len, ret);
	else if (osfp_stress_verify(c, "ethtool", req.page, req.bank, offset, r->buf, len))
		atomic64_inc(&osfp_stress.verified[OSFP_IF_ETHTOOL]);
	return true;
}

/* The legacy linear layout: lower memory, then pages 00h-03h */
static bool osfp_stress_read_linear(struct osfp_stress_reader *r)
{
	struct osfp_stress_cage *c = r->c;
	struct ethtool_eeprom ee = { };
	unsigned int pos, n, part;
	bool ok = true;
	int ret;

	ee.offset = osfp_stress_rand(r, 5 * CMIS_PAGE_SIZE);
	ee.len = 1 + osfp_stress_rand(r, min_t(u32, sizeof(r->buf),
					       5 * CMIS_PAGE_SIZE - ee.offset));
	ret = osfp_cage_get_module_eeprom(c->cage, &ee, r->buf);
	if (ret && osfp_stress_allowed(ret)) {
		atomic64_inc(&osfp_stress.refused[OSFP_IF_ETHTOOL]);
		return false;
	}
	if (ret) {
		osfp_stress_fail("%s ethtool legacy: offset %u len %u: %d", c->cage->label,
				 ee.offset, ee.len, ret);
		return true;
	}
	for (pos = ee.offset; ok && pos < ee.offset + ee.len; pos += n) {
		part = pos / CMIS_PAGE_SIZE;
		n = min(ee.offset + ee.len - pos, CMIS_PAGE_SIZE - pos % CMIS_PAGE_SIZE);
		ok = osfp_stress_verify(c, "ethtool legacy", part ? part - 1 : 0, 0,
					(part ? 128 : 0) + pos % CMIS_PAGE_SIZE,
					&r->buf[pos - ee.offset], n);
	}
	if (ok)
		atomic64_inc(&osfp_stress.verified[OSFP_IF_ETHTOOL]);
	return true;
}

/* The eeprom file's default layout (256 pages a bank), both ways */
static loff_t osfp_stress_linear(int page, u8 bank)
{
	if (page < 0)
		return 0;
	if (page < 0x10 || !bank)
		return CMIS_PAGE_SIZE * (page + 1);
	return CMIS_PAGE_SIZE * (256 * bank + page + 1);
}

static void osfp_stress_unmap(loff_t pos, int *page, u8 *bank, unsigned int *offset)
{
	unsigned int vpage, b = 0;

	if (pos < CMIS_PAGE_SIZE) {
		*page = -1;
		*bank = 0;
		*offset = pos;
		return;
	}
	vpage = pos / CMIS_PAGE_SIZE - 1;
	b = vpage / 256;
	vpage %= 256;
	if (vpage < 0x10)
		b = 0;		/* pages 00h-0Fh: the same in every bank's block */
	*page = vpage;
	*bank = b;
	*offset = 128 + pos % CMIS_PAGE_SIZE;
}

static bool osfp_stress_read_eeprom(struct osfp_stress_reader *r)
{
	struct osfp_stress_cage *c = r->c;
	unsigned int i, offset, len, o, n;
	const struct osfp_stress_sect *sect;
	loff_t pos, start;
	int page, next;
	bool ok = true;
	ssize_t got;
	u8 bank;

	if (!r->eeprom || !osfp_stress_rand(r, 64)) {
		if (r->eeprom)
			fput(r->eeprom);
		snprintf(r->text, sizeof(r->text), "%s/eeprom", c->dir);
		r->eeprom = file_open_root_mnt(osfp_stress.sysfs, r->text, O_RDONLY, 0);
		if (IS_ERR(r->eeprom)) {
			osfp_stress_fail("%s eeprom: open: %ld", c->cage->label,
					 PTR_ERR(r->eeprom));
			r->eeprom = NULL;
			return true;
		}
	}

	osfp_stress_pick(r, &i, &offset, &len);
	sect = &osfp_stress_sects[i];
	start = osfp_stress_linear(sect->page, sect->bank) + offset % CMIS_PAGE_SIZE;
	/* Now and then on into the next half, when it is a page of the image */
	if (offset % CMIS_PAGE_SIZE + len == CMIS_PAGE_SIZE && osfp_stress_rand(r, 2)) {
		osfp_stress_unmap(start + len, &page, &bank, &o);
		next = osfp_stress_sect_of(page, bank);
		if (next >= 0 && osfp_stress_sects[next].page == page)
			len += 1 + osfp_stress_rand(r, CMIS_PAGE_SIZE);
	}
	pos = start;
	got = kernel_read(r->eeprom, r->buf, len, &pos);
	if (got == -ENODEV || got == -EAGAIN || got == -EIO) {
		atomic64_inc(&osfp_stress.refused[OSFP_IF_EEPROM]);
		return false;
	}
	if (got <= 0) {
		osfp_stress_fail("%s eeprom: offset %lld len %u: %zd", c->cage->label, start,
				 len, got);
		return true;
	}
	for (pos = start; ok && pos < start + got; pos += n) {
		osfp_stress_unmap(pos, &page, &bank, &o);
		n = min_t(loff_t, start + got - pos, CMIS_PAGE_SIZE - o % CMIS_PAGE_SIZE);
		ok = osfp_stress_verify(c, "eeprom", page < 0 ? 0 : page, bank, o,
					&r->buf[pos - start], n);
	}
	if (ok)
		atomic64_inc(&osfp_stress.verified[OSFP_IF_EEPROM]);
	return true;
}

/* Class attributes: what each shows, when it shows something */
enum osfp_stress_attr_kind {
	OSFP_ATTR_EXACT,	/* .text, else s->attr_expect[.arg] */
	OSFP_ATTR_BOOL,
	OSFP_ATTR_STATE,
	OSFP_ATTR_DP_STATE,
	OSFP_ATTR_NUMBER,
};

static const struct {
	const char *name;
	enum osfp_stress_attr_kind kind;
	bool module;		/* needs an identified module */
	const char *text;
	int arg;
} osfp_stress_attrs[] = {
	{ "present", OSFP_ATTR_BOOL, false },
	{ "module_state", OSFP_ATTR_STATE, false },
	{ "identifier", OSFP_ATTR_EXACT, true, "0x19" },
	{ "cmis_revision", OSFP_ATTR_EXACT, true, "5.2" },
	{ "vendor_name", OSFP_ATTR_EXACT, true, "OSFP-STRESS" },
	{ "vendor_pn", OSFP_ATTR_EXACT, true, "PATTERN-2BANK" },
	{ "vendor_sn", OSFP_ATTR_EXACT, true, "STRESS0000000001" },
	{ "lane_count", OSFP_ATTR_EXACT, true, "16" },
	{ "max_power_mw", OSFP_ATTR_EXACT, true, "10000" },
	{ "media_type", OSFP_ATTR_EXACT, true, "smf" },
	{ "active_application", OSFP_ATTR_EXACT, true, NULL, 0 },
	{ "lane1/appsel", OSFP_ATTR_EXACT, true, NULL, 1 },
	{ "lane8/appsel", OSFP_ATTR_EXACT, true, NULL, 2 },
	{ "lane9/appsel", OSFP_ATTR_EXACT, true, NULL, 3 },
	{ "lane16/appsel", OSFP_ATTR_EXACT, true, NULL, 4 },
	{ "lane9/data_path_id", OSFP_ATTR_EXACT, true, NULL, 5 },
	{ "lane1/tx_disable", OSFP_ATTR_EXACT, true, "0" },
	{ "lane12/tx_disable", OSFP_ATTR_EXACT, true, "0" },
	{ "lane10/datapath_state", OSFP_ATTR_DP_STATE, true },
	{ "lane3/rx_los_events", OSFP_ATTR_NUMBER, true },
	{ "lane11/tx_fault", OSFP_ATTR_NUMBER, true },
};

/* Expected texts that come from the pattern (page 11h DPConfigLane) */
static void osfp_stress_attr_init(struct osfp_stress *s)
{
	unsigned int b, i, len = 0;
	unsigned long used = 0;
	u8 *m;

	for (b = 0; b < 2; b++) {
		m = osfp_stress_mem(s, 0x11, b);
		for (i = 0; i < 8; i++)
			used |= BIT(*osfp_stress_at(m, 206 + i) >> 4);
	}
	s->attr_expect[0][0] = '\0';
	for (i = 1; i <= CMIS_MAX_APPS; i++)
		if (used & BIT(i))
			len += scnprintf(s->attr_expect[0] + len, sizeof(s->attr_expect[0]) - len,
					 "%s%u", len ? " " : "", i);
	m = osfp_stress_mem(s, 0x11, 0);
	snprintf(s->attr_expect[1], sizeof(s->attr_expect[1]), "%u",
		 *osfp_stress_at(m, 206) >> 4);
	snprintf(s->attr_expect[2], sizeof(s->attr_expect[2]), "%u",
		 *osfp_stress_at(m, 213) >> 4);
	m = osfp_stress_mem(s, 0x11, 1);
	snprintf(s->attr_expect[3], sizeof(s->attr_expect[3]), "%u",
		 *osfp_stress_at(m, 206) >> 4);
	snprintf(s->attr_expect[4], sizeof(s->attr_expect[4]), "%u",
		 *osfp_stress_at(m, 213) >> 4);
	snprintf(s->attr_expect[5], sizeof(s->attr_expect[5]), "%u",
		 (*osfp_stress_at(m, 206) >> 1) & 7);
}

static bool osfp_stress_attr_ok(unsigned int a, const char *v)
{
	static const char * const dp_states[] = { "deactivated", "activated" };
	struct osfp_stress *s = &osfp_stress;
	enum osfp_sm_state st;
	unsigned int i;
	u32 num;

	switch (osfp_stress_attrs[a].kind) {
	case OSFP_ATTR_EXACT:
		return !strcmp(v, osfp_stress_attrs[a].text ? :
			       s->attr_expect[osfp_stress_attrs[a].arg]);
	case OSFP_ATTR_BOOL:
		return !strcmp(v, "0") || !strcmp(v, "1");
	case OSFP_ATTR_STATE:
		for (st = 0; st < OSFP_STRESS_STATES; st++)
			if (!strcmp(v, osfp_sm_state_name(st)))
				return strcmp(v, "unknown");
		return false;
	case OSFP_ATTR_DP_STATE:
		for (i = 0; i < ARRAY_SIZE(dp_states); i++)
			if (!strcmp(v, dp_states[i]))
				return true;
		return false;
	case OSFP_ATTR_NUMBER:
		return !kstrtou32(v, 10, &num);
	}
	return false;
}

static bool osfp_stress_read_attr(struct osfp_stress_reader *r)
{
	unsigned int a = osfp_stress_rand(r, ARRAY_SIZE(osfp_stress_attrs));
	const char *name = osfp_stress_attrs[a].name;
	struct osfp_stress_cage *c = r->c;
	bool lane = strchr(name, '/');
	ssize_t n;

	n = osfp_stress_read_file(c, name, r->text, sizeof(r->text) - 1, 0);
	if ((lane && n == -ENOENT) ||
	    (osfp_stress_attrs[a].module && (n == -ENODEV || n == -EAGAIN || n == -EIO))) {
		atomic64_inc(&osfp_stress.refused[OSFP_IF_ATTR]);
		return false;
	}
	if (n < 0) {
		osfp_stress_fail("%s attr %s: %zd", c->cage->label, name, n);
		return true;
	}
	r->text[n] = '\0';
	if (!n || r->text[n - 1] != '\n') {
		osfp_stress_fail("%s attr %s: \"%s\" does not end with a newline",
				 c->cage->label, name, r->text);
		return true;
	}
	r->text[n - 1] = '\0';
	if (osfp_stress_attr_ok(a, r->text))
		atomic64_inc(&osfp_stress.verified[OSFP_IF_ATTR]);
	else
		osfp_stress_fail("%s attr %s: \"%s\"", c->cage->label, name, r->text);
	return true;
}

/* The hwmon attributes and values the image gives */
static void osfp_stress_hwmon_init(struct osfp_stress *s)
{
	static const unsigned int lanes[] = { 1, 8, 9, 16 };
	unsigned int i, n = 0;

	snprintf(s->hwmon_values[n].attr, sizeof(s->hwmon_values[0].attr), "temp1_input");
	s->hwmon_values[n++].val = 25000;
	snprintf(s->hwmon_values[n].attr, sizeof(s->hwmon_values[0].attr), "in0_input");
	s->hwmon_values[n++].val = 3300;
	for (i = 0; i < ARRAY_SIZE(lanes); i++) {
		snprintf(s->hwmon_values[n].attr, sizeof(s->hwmon_values[0].attr),
			 "curr%u_input", lanes[i]);
		s->hwmon_values[n++].val = lanes[i];
		snprintf(s->hwmon_values[n].attr, sizeof(s->hwmon_values[0].attr),
			 "power%u_input", lanes[i]);
		s->hwmon_values[n++].val = 100 * lanes[i];
		snprintf(s->hwmon_values[n].attr, sizeof(s->hwmon_values[0].attr),
			 "power%u_input", OSFP_STRESS_LANES + lanes[i]);
		s->hwmon_values[n++].val = 100 * lanes[i] + 50;
	}
	BUILD_BUG_ON(ARRAY_SIZE(s->hwmon_values) != 2 + 3 * ARRAY_SIZE(lanes));
}

/*
 * Find the cage's hwmon device: .../device/osfp_hwmon.<P>/hwmon/hwmon<N>,
 * <P> the cage device's id (see hwmon.c)
 */
static bool osfp_stress_find_hwmon(struct osfp_stress_reader *r)
{
	char path[64];
	int i;

	r->hwmon_parent = to_platform_device(r->c->cage->dev)->id;
	for (i = 0; i < 32; i++) {
		snprintf(path, sizeof(path), "device/osfp_hwmon.%d/hwmon/hwmon%d/name",
			 r->hwmon_parent, i);
		if (osfp_stress_read_file(r->c, path, r->text, sizeof(r->text) - 1, 0) >= 0) {
			r->hwmon = i;
			return true;
		}
	}
	r->hwmon = -1;
	return false;
}

static bool osfp_stress_read_hwmon(struct osfp_stress_reader *r)
{
	struct osfp_stress *s = &osfp_stress;
	unsigned int v = osfp_stress_rand(r, ARRAY_SIZE(s->hwmon_values) + 2);
	struct osfp_stress_cage *c = r->c;
	const char *attr, *want = NULL;
	char path[80], label[48];
	long val;
	ssize_t n;

	if (r->hwmon < 0 && !osfp_stress_find_hwmon(r)) {
		atomic64_inc(&s->refused[OSFP_IF_HWMON]);
		return false;
	}
	if (v == ARRAY_SIZE(s->hwmon_values)) {
		attr = "name";
		want = "osfp";
	} else if (v > ARRAY_SIZE(s->hwmon_values)) {
		attr = "curr9_label";
		snprintf(label, sizeof(label), "%s lane9 tx bias", c->cage->label);
		want = label;
	} else {
		attr = s->hwmon_values[v].attr;
	}
	snprintf(path, sizeof(path), "device/osfp_hwmon.%d/hwmon/hwmon%d/%s", r->hwmon_parent,
		 r->hwmon, attr);
	n = osfp_stress_read_file(c, path, r->text, sizeof(r->text) - 1, 0);
	if (n == -ENOENT)	/* gone, or at another index now */
		r->hwmon = -1;
	if (n == -ENOENT || (n < 0 && osfp_stress_allowed(n))) {
		atomic64_inc(&s->refused[OSFP_IF_HWMON]);
		return false;
	}
	if (n < 0) {
		osfp_stress_fail("%s hwmon %s: %zd", c->cage->label, attr, n);
		return true;
	}
	r->text[n] = '\0';
	strim(r->text);
	if (want && strcmp(r->text, want))
		osfp_stress_fail("%s hwmon %s: \"%s\", expected \"%s\"", c->cage->label, attr,
				 r->text, want);
	else if (!want && (kstrtol(r->text, 10, &val) || val != s->hwmon_values[v].val))
		osfp_stress_fail("%s hwmon %s: \"%s\", expected %ld", c->cage->label, attr,
				 r->text, s->hwmon_values[v].val);
	else
		atomic64_inc(&s->verified[OSFP_IF_HWMON]);
	return true;
}

static int osfp_stress_reader_fn(void *data)
{
	struct osfp_stress_reader *r = data;
	bool through;

	while (!kthread_should_stop()) {
		switch (r->iface) {
		case OSFP_IF_ETHTOOL:
			if (!r->page11 && !osfp_stress_rand(r, 8))
				through = osfp_stress_read_linear(r);
			else
				through = osfp_stress_read_by_page(r);
			break;
		case OSFP_IF_EEPROM:
			through = osfp_stress_read_eeprom(r);
			break;
		case OSFP_IF_ATTR:
			through = osfp_stress_read_attr(r);
			break;
		default:
			through = osfp_stress_read_hwmon(r);
			break;
		}
		/* Without a module, ask less often: the time is the cyclers' */
		if (through)
			usleep_range(200, 600);
		else
			usleep_range(1000, 3000);
	}
	if (r->eeprom)
		fput(r->eeprom);
	r->eeprom = NULL;
	return 0;
}

static void osfp_stress_readers_stop(void *data)
{
	struct osfp_stress_cage *c = data;
	unsigned int i;

	for (i = 0; i < OSFP_STRESS_READERS; i++) {
		if (!c->readers[i])
			continue;
		if (c->readers[i]->task)
			kthread_stop(c->readers[i]->task);
		kfree(c->readers[i]);
		c->readers[i] = NULL;
	}
}

static void osfp_stress_readers_start(struct kunit *test, struct osfp_stress_cage *c,
				      bool page11)
{
	struct osfp_stress_reader *r;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, osfp_stress_readers_stop, c), 0);
	for (i = 0; i < OSFP_STRESS_READERS; i++) {
		if (osfp_stress_reader_ifaces[i] == OSFP_IF_HWMON && !IS_REACHABLE(CONFIG_HWMON))
			continue;
		r = kzalloc(sizeof(*r), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, r);
		c->readers[i] = r;
		r->c = c;
		r->iface = osfp_stress_reader_ifaces[i];
		r->page11 = page11;
		r->hwmon = -1;
		prandom_seed_state(&r->rnd, OSFP_STRESS_SEED + 1000 * page11 + 10 * c->index + i);
		r->task = kthread_run(osfp_stress_reader_fn, r, "osfp-stress/%u%s%u", c->index,
				      osfp_stress_iface_names[r->iface], i);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, r->task);
	}
}

/* ---- the kernel log ---- */

static const char * const osfp_stress_splat_words[] = {
	"BUG:", "WARNING:", "INFO: possible", "INFO: task", "INFO: lockdep", "UBSAN:",
	"KASAN", "kernel BUG", "Oops", "general protection", "Unable to handle",
	"DEBUG_LOCKS_WARN_ON", "inconsistent lock state", "circular locking",
	"sleeping function called", "list_add corruption", "list_del corruption",
	"refcount_t:", "double free",
};

/* Check the kernel log records written since the last call */
static void osfp_stress_kmsg_scan(void)
{
	struct osfp_stress *s = &osfp_stress;
	struct kmsg_dump_iter iter;
	unsigned int i;
	size_t len;
	u64 want;

	mutex_lock(&s->kmsg_lock);
	kmsg_dump_rewind(&iter);
	if (iter.cur_seq < s->kmsg_seq)
		iter.cur_seq = s->kmsg_seq;
	for (;;) {
		want = iter.cur_seq;
		if (!kmsg_dump_get_line(&iter, false, s->line, sizeof(s->line) - 1, &len))
			break;
		/* Records overwritten before they were read are skipped */
		if (iter.cur_seq > want + 1)
			s->kmsg_lost += iter.cur_seq - want - 1;
		s->line[len] = '\0';
		for (i = 0; i < ARRAY_SIZE(osfp_stress_splat_words); i++) {
			if (!strstr(s->line, osfp_stress_splat_words[i]))
				continue;
			if (s->splats < OSFP_STRESS_SPLAT_MSGS)
				strscpy(s->splat_msg[s->splats], strim(s->line),
					sizeof(s->splat_msg[0]));
			s->splats++;
			break;
		}
	}
	s->kmsg_seq = iter.cur_seq;
	mutex_unlock(&s->kmsg_lock);
}

/* ---- osfp_stress_plug_cycles ---- */

/*
 * Where cycle @i removes the module: mode 0, the Nth transfer after
 * insertion (N sweeping the bring-up); 1, the Nth transfer while the
 * module is identified; 2, while the power mode is applied or the driver
 * waits for power-up; 3, some time after it is ready; 4, at a random time
 * (mostly while the module initialises). Half of the interposer's removals
 * happen after the transfer, half before (the transfer then fails).
 * Returns the mode.
 */
static unsigned int osfp_stress_arm_cycle(struct osfp_stress_cage *c, unsigned int i)
{
	unsigned int mode = i % OSFP_STRESS_MODES, k = i / OSFP_STRESS_MODES;

	switch (mode) {
	case 0:
		osfp_stress_arm(c, OSFP_TRIG_NTH, 0, 1 + k % 24, k & 1);
		break;
	case 1:
		osfp_stress_arm(c, OSFP_TRIG_STATE, OSFP_SM_IDENTIFY, 1 + k % 12, (k / 12) & 1);
		break;
	case 2:
		osfp_stress_arm(c, OSFP_TRIG_STATE,
				k & 2 ? OSFP_SM_POWER_UP : OSFP_SM_LOW_POWER, 1, k & 1);
		break;
	default:
		osfp_stress_arm(c, OSFP_TRIG_NONE, 0, 0, false);
		break;
	}
	return mode;
}

/* One cycle; false (with c->error) when the driver got stuck */
static bool osfp_stress_cycle(struct osfp_stress_cage *c, unsigned int i, struct rnd_state *rnd)
{
	enum osfp_sm_state state;
	unsigned int mode;
	ktime_t t0, t1;

	mode = osfp_stress_arm_cycle(c, i);
	t0 = ktime_get();
	osfp_stress_plug(c, true);
	if (mode <= 2) {
		if (!wait_for_completion_timeout(&c->trig_done,
						 msecs_to_jiffies(OSFP_STRESS_WAIT_MS))) {
			snprintf(c->error, sizeof(c->error),
				 "cycle %u: removal point %u never came", i, mode);
			osfp_stress_diag(c);
			osfp_stress_arm(c, OSFP_TRIG_NONE, 0, 0, false);
			osfp_stress_unplug_now(c);
			return false;
		}
		spin_lock(&c->trig_lock);
		state = c->trig_fired_state;
		spin_unlock(&c->trig_lock);
	} else if (mode == 3) {
		if (!osfp_stress_wait_state(c, OSFP_SM_READY, true, OSFP_STRESS_WAIT_MS)) {
			snprintf(c->error, sizeof(c->error), "cycle %u: not ready in %u ms", i,
				 OSFP_STRESS_WAIT_MS);
			osfp_stress_diag(c);
			osfp_stress_unplug_now(c);
			return false;
		}
		usleep_range(1, 1 + prandom_u32_state(rnd) % 10000);
		state = osfp_stress_unplug_now(c);
	} else {
		usleep_range(1, 1 + prandom_u32_state(rnd) % 60000);
		state = osfp_stress_unplug_now(c);
	}
	osfp_stress_arm(c, OSFP_TRIG_NONE, 0, 0, false);
	c->unplugged_in[min_t(unsigned int, state, OSFP_STRESS_STATES - 1)]++;
	c->done++;
	c->modes[mode]++;
	t1 = ktime_get();
	c->mode_us[mode][0] += ktime_us_delta(t1, t0);

	/* As a person would: the next module after the driver saw this one go */
	if (!osfp_stress_wait_state(c, OSFP_SM_ABSENT, false, OSFP_STRESS_WAIT_MS)) {
		snprintf(c->error, sizeof(c->error),
			 "cycle %u (removal point %u): removal not seen in %u ms", i, mode,
			 OSFP_STRESS_WAIT_MS);
		osfp_stress_diag(c);
		return false;
	}
	c->mode_us[mode][1] += ktime_us_delta(ktime_get(), t1);
	return true;
}

static int osfp_stress_cycler(void *data)
{
	struct osfp_stress_cage *c = data;
	struct rnd_state rnd;
	unsigned int i;

	prandom_seed_state(&rnd, OSFP_STRESS_SEED + c->index);
	for (i = 0; i < c->cycles; i++) {
		if (!osfp_stress_cycle(c, i, &rnd))
			break;
		if (i % 16 == 15)
			osfp_stress_kmsg_scan();
		if (atomic_read(&osfp_stress.failures) > 100) {
			snprintf(c->error, sizeof(c->error),
				 "cycle %u: too many failed reads, stopping", i);
			break;
		}
	}
	complete(&c->cycled);
	return 0;
}

static void osfp_stress_plug_cycles(struct kunit *test)
{
	struct osfp_stress *s = &osfp_stress;
	unsigned int i, n, mode, st, in[OSFP_STRESS_STATES] = { };
	struct osfp_stress_cage *c;
	struct task_struct *task;
	ktime_t start;

	for (i = 0; i < s->ncages; i++) {
		c = &s->cages[i];
		KUNIT_ASSERT_TRUE(test, osfp_stress_settle(c));
		c->cycles = OSFP_STRESS_CYCLES / s->ncages +
			    (i < OSFP_STRESS_CYCLES % s->ncages);
		osfp_stress_readers_start(test, c, false);
	}

	start = ktime_get();
	for (i = 0; i < s->ncages; i++) {
		c = &s->cages[i];
		init_completion(&c->cycled);
		task = kthread_run(osfp_stress_cycler, c, "osfp-stress/%u", c->index);
		if (IS_ERR(task)) {
			KUNIT_FAIL(test, "cycler of %s: %ld", c->cage->label, PTR_ERR(task));
			complete(&c->cycled);
		}
	}
	/* The cyclers stop on their own: each wait ends */
	for (i = 0; i < s->ncages; i++)
		wait_for_completion(&s->cages[i].cycled);
	s->cycle_ms = ktime_ms_delta(ktime_get(), start);
	for (i = 0; i < s->ncages; i++)
		kunit_release_action(test, osfp_stress_readers_stop, &s->cages[i]);
	osfp_stress_kmsg_scan();

	for (i = 0; i < s->ncages; i++) {
		c = &s->cages[i];
		s->cycles += c->done;
		for (st = 0; st < OSFP_STRESS_STATES; st++)
			in[st] += c->unplugged_in[st];
		if (c->error[0])
			KUNIT_FAIL(test, "%s: %s; %s", c->cage->label, c->error, c->diag);
		KUNIT_EXPECT_EQ(test, c->done, c->cycles);
		for (mode = 0; mode < OSFP_STRESS_MODES; mode++) {
			n = max(c->modes[mode], 1U);
			kunit_info(test, "%s removal point %u: %llu ms to the removal, %llu ms to see it\n",
				   c->cage->label, mode, div_u64(c->mode_us[mode][0], 1000 * n),
				   div_u64(c->mode_us[mode][1], 1000 * n));
		}
	}
	kunit_info(test, "%u cycles on %u cages in %lld ms, removed while absent %u initializing %u identifying %u low-power %u powering-up %u ready %u error %u\n",
		   s->cycles, s->ncages, s->cycle_ms, in[OSFP_SM_ABSENT], in[OSFP_SM_WAIT_MGMT],
		   in[OSFP_SM_IDENTIFY], in[OSFP_SM_LOW_POWER], in[OSFP_SM_POWER_UP],
		   in[OSFP_SM_READY], in[OSFP_SM_ERROR]);
	osfp_stress_report_failures(test);
	KUNIT_EXPECT_EQ(test, s->cycles, OSFP_STRESS_CYCLES);
	KUNIT_EXPECT_EQ_MSG(test, atomic_read(&s->unlocked), 0,
			    "module transfers without the cage lock");
	/* Every removal point was reached */
	KUNIT_EXPECT_GT(test, in[OSFP_SM_WAIT_MGMT], 0);
	KUNIT_EXPECT_GT(test, in[OSFP_SM_IDENTIFY], 0);
	KUNIT_EXPECT_GT(test, in[OSFP_SM_LOW_POWER], 0);
	KUNIT_EXPECT_GT(test, in[OSFP_SM_POWER_UP], 0);
	KUNIT_EXPECT_GT(test, in[OSFP_SM_READY], 0);
	/* And the readers got through */
	for (i = 0; i < OSFP_IF_NUM; i++) {
		if (i == OSFP_IF_HWMON && !IS_REACHABLE(CONFIG_HWMON))
			continue;
		KUNIT_EXPECT_GT_MSG(test, atomic64_read(&s->verified[i]), 0,
				    "no verified read through %s", osfp_stress_iface_names[i]);
	}
}

/* ---- osfp_stress_present_bounce ---- */

static unsigned int osfp_stress_present_irqs(struct osfp_stress_cage *c)
{
	return c->cage->present_irq > 0 ? kstat_irqs_usr(c->cage->present_irq) : 0;
}

/* Wait until the module no longer asserts its interrupt, then a little more */
static bool osfp_stress_quiet(struct osfp_stress_cage *c)
{
	unsigned long end = jiffies + msecs_to_jiffies(OSFP_STRESS_WAIT_MS);
	bool intl;

	do {
		mutex_lock(&c->port->lock);
		intl = c->port->intl;
		mutex_unlock(&c->port->lock);
		if (!intl) {
			msleep(200);
			return true;
		}
		msleep(20);
	} while (time_before(jiffies, end));
	return false;
}

/* Wait until the controller's interrupt thread is in @c's presence handler */
static bool osfp_stress_in_handler(struct osfp_stress_cage *c, unsigned int before)
{
	unsigned long end = jiffies + msecs_to_jiffies(OSFP_STRESS_WAIT_MS);

	while (osfp_stress_present_irqs(c) == before && time_before(jiffies, end))
		usleep_range(500, 1000);
	/* The handler reads the line, then waits for the cage lock we hold */
	msleep(100);
	return osfp_stress_present_irqs(c) != before;
}

/*
 * A removal whose presence bounces (the module back for a moment, as a
 * contact does) must be seen in the end. The cage controller reads its
 * status and levels, then runs the presence handlers of the ports whose
 * level changed, one after the other; a handler reads the line again.
 * This case stalls the controller's interrupt thread with the cage locks
 * so that cage 1's module is back when its handler reads the line, and
 * gone again before the controller's next look: the driver must end up
 * with no module in cage 1. Cage 0 serves to stall the thread between its
 * reading the levels and cage 1's handler.
 */
static void osfp_stress_present_bounce(struct kunit *test)
{
	struct osfp_stress *s = &osfp_stress;
	struct osfp_stress_cage *a, *b;
	unsigned int irqs;
	bool ok;

	if (s->ncages < 2)
		kunit_skip(test, "needs two cages of one cage controller");
	a = &s->cages[0];
	b = &s->cages[1];
	if (!a->cage->present_irq || !b->cage->present_irq)
		kunit_skip(test, "needs presence interrupts");
	KUNIT_ASSERT_TRUE(test, osfp_stress_settle(a));
	KUNIT_ASSERT_TRUE(test, osfp_stress_settle(b));
	osfp_stress_plug(b, true);
	KUNIT_ASSERT_TRUE(test, osfp_stress_wait_state(b, OSFP_SM_READY, true,
						       OSFP_STRESS_WAIT_MS));
	/*
	 * The module's interrupts of its power-up handled: no handler of cage 1
	 * may be waiting for its lock when the stall below begins.
	 */
	KUNIT_ASSERT_TRUE(test, osfp_stress_quiet(b));

	mutex_lock(&a->cage->lock);
	mutex_lock_nested(&b->cage->lock, SINGLE_DEPTH_NESTING);
	/* Both events before the controller looks: hold its bus meanwhile */
	i2c_lock_bus(&a->port->board->adap, I2C_LOCK_ROOT_ADAPTER);
	irqs = osfp_stress_present_irqs(a);
	osfp_stress_plug(a, true);
	osfp_stress_plug(b, false);
	i2c_unlock_bus(&a->port->board->adap, I2C_LOCK_ROOT_ADAPTER);
	/* The controller saw both levels change and waits in cage 0's handler */
	ok = osfp_stress_in_handler(a, irqs);
	/* Back for a moment: cage 1's handler, next, reads it there */
	osfp_stress_plug(b, true);
	irqs = osfp_stress_present_irqs(b);
	mutex_unlock(&a->cage->lock);
	ok = osfp_stress_in_handler(b, irqs) && ok;
	/* And gone for good before the controller looks again */
	osfp_stress_plug(b, false);
	mutex_unlock(&b->cage->lock);
	KUNIT_ASSERT_TRUE_MSG(test, ok, "the presence handlers did not run");

	if (!osfp_stress_wait_state(b, OSFP_SM_ABSENT, false, OSFP_STRESS_WAIT_MS)) {
		osfp_stress_diag(b);
		KUNIT_FAIL(test, "%s: removal not seen after a bounce; %s", b->cage->label,
			   b->diag);
	}
	KUNIT_EXPECT_TRUE(test, osfp_stress_wait_state(a, OSFP_SM_READY, true,
						       OSFP_STRESS_WAIT_MS));
	KUNIT_EXPECT_TRUE(test, osfp_stress_settle(a));
	KUNIT_EXPECT_TRUE(test, osfp_stress_settle(b));
	osfp_stress_kmsg_scan();
}

/* ---- osfp_stress_flag_events ---- */

static void osfp_stress_inject(struct kunit *test, struct osfp_stress_cage *c,
			       unsigned int lane, const char *flag)
{
	char set[] = "set", what[] = "lane", num[8], name[24], on[] = "1", off[] = "0";
	char err[EMU_ERR_LEN], *argv[5];
	int ret;

	snprintf(num, sizeof(num), "%u", lane);
	strscpy(name, flag, sizeof(name));
	argv[0] = set;
	argv[1] = what;
	argv[2] = num;
	argv[3] = name;
	argv[4] = on;
	mutex_lock(&c->port->lock);
	ret = emu_port_set(c->port, ARRAY_SIZE(argv), argv);
	if (!ret) {
		/* The condition ends at once: the latch holds one event */
		argv[4] = off;
		ret = emu_port_set(c->port, ARRAY_SIZE(argv), argv);
	}
	strscpy(err, c->port->error, sizeof(err));
	mutex_unlock(&c->port->lock);
	KUNIT_ASSERT_EQ_MSG(test, ret, 0, "set lane %s %s: %s", num, flag, err);
}

/* Whether the module's latch of (@lane, @byte) is still set */
static bool osfp_stress_latched(struct osfp_stress_cage *c, unsigned int lane, u8 byte)
{
	unsigned int bank = (lane - 1) / 8;
	bool set;
	u8 *pg;

	mutex_lock(&c->port->lock);
	pg = emu_image_page(c->port->live, 0x11, bank);
	set = pg && (pg[byte - 128] & BIT((lane - 1) % 8));
	mutex_unlock(&c->port->lock);
	return set;
}

static bool osfp_stress_cached_lane_flags(struct osfp_stress_cage *c)
{
	bool any;

	mutex_lock(&c->cage->lock);
	any = memchr_inv(c->cage->flags.lane, 0, sizeof(c->cage->flags.lane));
	mutex_unlock(&c->cage->lock);
	return any;
}

static void osfp_stress_events(struct osfp_stress_cage *c,
			       u32 ev[OSFP_STRESS_LANES][OSFP_STRESS_NFLAGS],
			       u32 *others)
{
	unsigned int lane, f, k;
	u32 sum = 0;

	mutex_lock(&c->cage->lock);
	for (lane = 0; lane < OSFP_MAX_LANES; lane++)
		for (k = 0; k < OSFP_LANE_FLAGS_NUM; k++)
			sum += c->cage->flags.lane_events[lane][k];
	for (lane = 0; lane < OSFP_STRESS_LANES; lane++) {
		for (f = 0; f < OSFP_STRESS_NFLAGS; f++) {
			k = osfp_stress_flags[f].byte - OSFP_LANE_FLAGS_FIRST;
			ev[lane][f] = c->cage->flags.lane_events[lane][k];
			sum -= ev[lane][f];
		}
	}
	mutex_unlock(&c->cage->lock);
	*others = sum;
}

static void osfp_stress_flag_events(struct kunit *test)
{
	struct osfp_stress *s = &osfp_stress;
	u32 before[OSFP_STRESS_LANES][OSFP_STRESS_NFLAGS];
	u32 after[OSFP_STRESS_LANES][OSFP_STRESS_NFLAGS];
	unsigned int round, lane, f, bad = 0;
	struct osfp_stress_cage *c = &s->cages[0];
	u32 others_before, others_after;
	char text[16], want[16];
	unsigned long end;
	bool latched;
	ssize_t n;

	KUNIT_ASSERT_TRUE(test, osfp_stress_settle(c));
	osfp_stress_plug(c, true);
	KUNIT_ASSERT_TRUE_MSG(test, osfp_stress_wait_state(c, OSFP_SM_READY, true,
							   OSFP_STRESS_WAIT_MS),
			      "module not ready, driver %s",
			      osfp_sm_state_name(osfp_stress_state(c, NULL)));
	osfp_stress_readers_start(test, c, true);
	osfp_stress_events(c, before, &others_before);

	for (round = 0; round < OSFP_STRESS_FLAG_ROUNDS; round++) {
		for (lane = 1; lane <= OSFP_STRESS_LANES; lane++) {
			for (f = 0; f < OSFP_STRESS_NFLAGS; f++) {
				osfp_stress_inject(test, c, lane, osfp_stress_flags[f].name);
				s->injected++;
				/* Read by the driver's interrupt or a reader */
				end = jiffies + msecs_to_jiffies(OSFP_STRESS_WAIT_MS);
				while (osfp_stress_latched(c, lane, osfp_stress_flags[f].byte) &&
				       time_before(jiffies, end))
					usleep_range(200, 400);
				latched = osfp_stress_latched(c, lane, osfp_stress_flags[f].byte);
				KUNIT_ASSERT_FALSE_MSG(test, latched, "lane %u %s: latch not read",
						       lane, osfp_stress_flags[f].name);
			}
		}
		/* The driver drops a cached flag once it has read it clear */
		end = jiffies + msecs_to_jiffies(3 * OSFP_STRESS_WAIT_MS);
		while (osfp_stress_cached_lane_flags(c) && time_before(jiffies, end))
			msleep(20);
		KUNIT_ASSERT_FALSE_MSG(test, osfp_stress_cached_lane_flags(c),
				       "round %u: the driver's lane flags never dropped", round);
	}
	kunit_release_action(test, osfp_stress_readers_stop, c);
	osfp_stress_report_failures(test);

	osfp_stress_events(c, after, &others_after);
	for (lane = 0; lane < OSFP_STRESS_LANES; lane++) {
		for (f = 0; f < OSFP_STRESS_NFLAGS; f++) {
			s->observed += after[lane][f] - before[lane][f];
			if (after[lane][f] - before[lane][f] != OSFP_STRESS_FLAG_ROUNDS &&
			    bad++ < 4)
				KUNIT_FAIL(test, "lane %u %s: %u events counted, %u injected",
					   lane + 1, osfp_stress_flags[f].name,
					   after[lane][f] - before[lane][f],
					   OSFP_STRESS_FLAG_ROUNDS);
		}
	}
	KUNIT_EXPECT_EQ(test, s->observed, s->injected);
	KUNIT_EXPECT_EQ_MSG(test, others_after, others_before, "events of flags not injected");

	/* What the sysfs ABI shows of it */
	n = osfp_stress_read_file(c, "lane3/rx_los_events", text, sizeof(text) - 1, 0);
	KUNIT_ASSERT_GT(test, n, 0);
	text[n] = '\0';
	snprintf(want, sizeof(want), "%u", OSFP_STRESS_FLAG_ROUNDS);
	KUNIT_EXPECT_STREQ(test, strim(text), want);
	kunit_info(test, "%u flag events injected, %u counted\n", s->injected, s->observed);

	osfp_stress_unplug_now(c);
	KUNIT_EXPECT_TRUE(test, osfp_stress_wait_state(c, OSFP_SM_ABSENT, false,
						       OSFP_STRESS_WAIT_MS));
	osfp_stress_kmsg_scan();
}

/* ---- osfp_stress_firmware_update ---- */

static struct emu_image *osfp_stress_image(struct osfp_stress *s);
static int osfp_stress_load(struct osfp_stress_cage *c, struct emu_image *img);

/* Write @text to a sysfs file (@path relative to the cage's directory) */
static ssize_t osfp_stress_write_file(struct osfp_stress_cage *c, const char *path,
				      const char *text)
{
	struct file *f;
	char full[96];
	loff_t pos = 0;
	ssize_t n;

	snprintf(full, sizeof(full), "%s/%s", c->dir, path);
	f = file_open_root_mnt(osfp_stress.sysfs, full, O_WRONLY, 0);
	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_write(f, text, strlen(text), &pos);
	fput(f);
	return n;
}

/* A one-line attribute of the cage, without its newline ("" on an error) */
static const char *osfp_stress_attr(struct osfp_stress_cage *c, const char *name, char *buf,
				    size_t size)
{
	ssize_t n = osfp_stress_read_file(c, name, buf, size - 1, 0);

	buf[n < 0 ? 0 : n] = '\0';
	return strim(buf);
}

/* Wait for the end of the update: "done" or "failed" in @status */
static bool osfp_stress_fw_wait(struct osfp_stress_cage *c, char *status, size_t size)
{
	unsigned long end = jiffies + msecs_to_jiffies(OSFP_STRESS_FW_MS);

	do {
		osfp_stress_attr(c, "firmware_update_status", status, size);
		if (!strcmp(status, "done") || !strcmp(status, "failed"))
			return true;
		usleep_range(2000, 4000);
	} while (time_before(jiffies, end));
	return false;
}

/* The emulator's running and committed firmware versions (major << 8 | minor) */
static void osfp_stress_emu_fw(struct osfp_stress_cage *c, u16 *running, u16 *committed)
{
	mutex_lock(&c->port->lock);
	*running = c->port->cdb.ver[c->port->cdb.running];
	*committed = c->port->cdb.ver[c->port->cdb.committed];
	mutex_unlock(&c->port->lock);
}

/* Start an update from @name; its status at the end, in @status */
static void osfp_stress_fw_update(struct kunit *test, struct osfp_stress_cage *c,
				  const char *name, char *status, size_t size)
{
	struct osfp_stress *s = &osfp_stress;
	ssize_t n;

	/* -ENOENT: not built in (CONFIG_EXTRA_FIRMWARE, run by tools/kunit.sh) */
	n = osfp_stress_write_file(c, "firmware_update", name);
	KUNIT_ASSERT_EQ_MSG(test, n, (ssize_t)strlen(name), "firmware_update %s", name);
	s->fw_updates++;
	KUNIT_ASSERT_TRUE_MSG(test, osfp_stress_fw_wait(c, status, size),
			      "%s: update from %s not over in %u ms (status %s)",
			      c->cage->label, name, OSFP_STRESS_FW_MS, status);
	if (!strcmp(status, "done"))
		s->fw_done++;
	else
		s->fw_failed++;
}

/* The update released its firmware and is over */
static void osfp_stress_fw_released(struct kunit *test, struct osfp_stress_cage *c)
{
	const struct firmware *image;
	bool busy;

	/* The work sets the status last, then is done */
	flush_work(&c->cage->fw.work);
	mutex_lock(&c->cage->lock);
	image = c->cage->fw.image;
	busy = c->cage->fw.busy;
	mutex_unlock(&c->cage->lock);
	KUNIT_EXPECT_NULL_MSG(test, image, "firmware not released");
	KUNIT_EXPECT_FALSE(test, busy);
}

/*
 * Firmware @ver (major << 8 | minor) runs and is committed, as the driver
 * and the emulator see it, and no update holds its firmware
 */
static void osfp_stress_fw_runs(struct kunit *test, struct osfp_stress_cage *c, u16 ver)
{
	u16 running, committed;
	char text[16], want[16];

	snprintf(want, sizeof(want), "%u.%u", ver >> 8, ver & 0xff);
	KUNIT_EXPECT_STREQ(test, osfp_stress_attr(c, "firmware_version", text, sizeof(text)),
			   want);
	osfp_stress_emu_fw(c, &running, &committed);
	KUNIT_EXPECT_EQ(test, running, ver);
	KUNIT_EXPECT_EQ(test, committed, ver);
	osfp_stress_fw_released(test, c);
}

/* Give cage 0 the suite's image back (the pattern without CDB) */
static void osfp_stress_fw_restore(void *data)
{
	struct osfp_stress_cage *c = data;
	struct osfp_stress *s = &osfp_stress;
	struct emu_image *img;

	osfp_stress_settle(c);
	osfp_stress_build(s);
	img = osfp_stress_image(s);
	if (IS_ERR(img)) {
		pr_err("osfp_stress: image: %ld\n", PTR_ERR(img));
		return;
	}
	if (osfp_stress_load(c, img))
		pr_err("osfp_stress: %s: the image not loaded back\n", c->cage->label);
	emu_image_free(img);
}

static void osfp_stress_firmware_update(struct kunit *test)
{
	struct osfp_stress *s = &osfp_stress;
	struct osfp_stress_cage *c = &s->cages[0];
	char status[16], text[160], progress[8];
	enum osfp_fw_state pulled_in;
	unsigned int i, pulled_at;
	bool pull;
	struct emu_image *img;
	int unlocked, ret;
	unsigned long end;
	ktime_t start, t0;
	u64 reads = 0;

	start = ktime_get();
	KUNIT_ASSERT_TRUE(test, osfp_stress_settle(c));
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, osfp_stress_fw_restore, c), 0);
	osfp_stress_build_cdb(s);
	img = osfp_stress_image(s);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, img);
	ret = osfp_stress_load(c, img);
	emu_image_free(img);
	KUNIT_ASSERT_EQ(test, ret, 0);
	osfp_stress_plug(c, true);
	KUNIT_ASSERT_TRUE_MSG(test, osfp_stress_wait_state(c, OSFP_SM_READY, true,
							   OSFP_STRESS_WAIT_MS),
			      "module not ready, driver %s",
			      osfp_sm_state_name(osfp_stress_state(c, NULL)));
	osfp_stress_fw_runs(test, c, OSFP_STRESS_FW_OLD);
	osfp_stress_readers_start(test, c, false);
	unlocked = atomic_read(&s->unlocked);
	for (i = 0; i < OSFP_IF_NUM; i++)
		reads -= atomic64_read(&s->verified[i]);

	/* A good image: runs, committed */
	t0 = ktime_get();
	osfp_stress_fw_update(test, c, OSFP_STRESS_FW_GOOD, status, sizeof(status));
	s->fw_ms = ktime_ms_delta(ktime_get(), t0);
	KUNIT_EXPECT_STREQ_MSG(test, status, "done", "error: %s",
			       osfp_stress_attr(c, "firmware_update_error", text, sizeof(text)));
	KUNIT_EXPECT_STREQ(test, osfp_stress_attr(c, "firmware_update_progress", progress,
						  sizeof(progress)), "100");
	osfp_stress_fw_runs(test, c, OSFP_STRESS_FW_NEW);

	/* A corrupt one: refused by Complete, the running image goes on */
	osfp_stress_fw_update(test, c, OSFP_STRESS_FW_BAD, status, sizeof(status));
	KUNIT_EXPECT_STREQ(test, status, "failed");
	osfp_stress_attr(c, "firmware_update_error", text, sizeof(text));
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(text, "0107h"), "error: %s", text);
	kunit_info(test, "corrupt image: %s\n", text);
	osfp_stress_fw_runs(test, c, OSFP_STRESS_FW_NEW);
	KUNIT_ASSERT_TRUE(test, osfp_stress_wait_state(c, OSFP_SM_READY, true,
						       OSFP_STRESS_WAIT_MS));

	/* The module pulled once the download is under way */
	KUNIT_ASSERT_EQ(test, osfp_stress_write_file(c, "firmware_update", OSFP_STRESS_FW_GOOD),
			(ssize_t)strlen(OSFP_STRESS_FW_GOOD));
	s->fw_updates++;
	end = jiffies + msecs_to_jiffies(OSFP_STRESS_FW_MS);
	do {
		usleep_range(200, 400);
		mutex_lock(&c->cage->lock);
		pulled_in = c->cage->fw.state;
		pulled_at = c->cage->fw.progress;
		/* Once the module acknowledged a block */
		pull = (pulled_in == OSFP_FW_DOWNLOADING && pulled_at) ||
		       pulled_in > OSFP_FW_DOWNLOADING || time_after(jiffies, end);
		if (pull)
			osfp_stress_plug(c, false);
		mutex_unlock(&c->cage->lock);
	} while (!pull);
	kunit_info(test, "module pulled at %u%% of the download\n", pulled_at);
	KUNIT_EXPECT_EQ_MSG(test, pulled_in, OSFP_FW_DOWNLOADING, "pulled in %s",
			    osfp_stress_attr(c, "firmware_update_status", status,
					     sizeof(status)));
	KUNIT_ASSERT_TRUE(test, osfp_stress_fw_wait(c, status, sizeof(status)));
	s->fw_failed += !strcmp(status, "failed");
	s->fw_done += !strcmp(status, "done");
	KUNIT_EXPECT_STREQ(test, status, "failed");
	osfp_stress_attr(c, "firmware_update_error", text, sizeof(text));
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(text, "module removed"), "error: %s", text);
	osfp_stress_fw_released(test, c);

	kunit_release_action(test, osfp_stress_readers_stop, c);
	for (i = 0; i < OSFP_IF_NUM; i++)
		reads += atomic64_read(&s->verified[i]);
	s->fw_reads = reads;
	osfp_stress_report_failures(test);
	KUNIT_EXPECT_EQ_MSG(test, atomic_read(&s->unlocked), unlocked,
			    "module transfers without the cage lock");
	kunit_info(test, "%u updates (%u done, %u failed), the good one in %lld ms, %llu reads verified meanwhile\n",
		   s->fw_updates, s->fw_done, s->fw_failed, s->fw_ms, s->fw_reads);
	KUNIT_EXPECT_TRUE(test, osfp_stress_wait_state(c, OSFP_SM_ABSENT, false,
						       OSFP_STRESS_WAIT_MS));
	osfp_stress_kmsg_scan();
	s->fw_case_ms = ktime_ms_delta(ktime_get(), start);
}

/* ---- osfp_stress_rebind_* (issue 16 items 4, 9 and 10) ---- */

#define OSFP_STRESS_REBINDS	12	/* unbind and rebind cycles */
#define OSFP_STRESS_CONSUMERS	2	/* threads calling osfp.h under rtnl */
#define OSFP_STRESS_GUARD_MS	30000	/* hang guard of an unbind */
#define OSFP_STRESS_CDB_ABORT	0x0102	/* CMDID of Abort Firmware Download */
#define OSFP_STRESS_DP_CTRL	0x10	/* page of DPDeinit (byte 128) */

/**
 * struct osfp_stress_up - the suite as an upstream user of cage 0 (osfp.h)
 * @c: the cage
 * @cage: the attached cage, or NULL; set by the callbacks under rtnl
 * @attaches: attach callbacks
 * @detaches: detach callbacks
 * @bad: callbacks that got a dead cage to attach, or a live (or another)
 *	one to detach
 * @calls: osfp.h calls by the consumer threads on an attached cage
 * @verified: of them, reads whose bytes were the image's, and other calls
 *	that succeeded
 * @refused: of them, -ENODEV (dead, or no module) or -EAGAIN (the module
 *	being identified again)
 * @dead: calls of the reference holder that found its cage dead
 * @tasks: the consumer threads, then the reference holder
 */
struct osfp_stress_up {
	struct osfp_stress_cage *c;
	struct osfp_cage *cage;
	unsigned int attaches;
	unsigned int detaches;
	unsigned int bad;
	atomic64_t calls;
	atomic64_t verified;
	atomic64_t refused;
	atomic64_t dead;
	struct task_struct *tasks[OSFP_STRESS_CONSUMERS + 1];
};

static bool osfp_stress_dead(struct osfp_cage *cage)
{
	bool dead;

	mutex_lock(&cage->lock);
	dead = cage->stopping;
	mutex_unlock(&cage->lock);
	return dead;
}

static void osfp_stress_up_attach(void *data, struct osfp_cage *cage)
{
	struct osfp_stress_up *u = data;

	ASSERT_RTNL();
	if (u->cage || osfp_stress_dead(cage))
		u->bad++;
	u->cage = cage;
	u->attaches++;
}

static void osfp_stress_up_detach(void *data, struct osfp_cage *cage)
{
	struct osfp_stress_up *u = data;

	ASSERT_RTNL();
	if (u->cage != cage || !osfp_stress_dead(cage))
		u->bad++;
	u->cage = NULL;
	u->detaches++;
}

static const struct osfp_upstream_ops osfp_stress_up_ops = {
	.attach = osfp_stress_up_attach,
	.detach = osfp_stress_up_detach,
};

/* One osfp.h call on @cage, as a switch driver's ethtool operation would */
static int osfp_stress_consume(struct osfp_stress_up *u, struct osfp_cage *cage,
			       unsigned int n, u8 *buf)
{
	struct ethtool_module_eeprom req = {
		.i2c_address = OSFP_MODULE_I2C_ADDR,
		.offset = n & 1 ? CMIS_PAGE_SIZE : 0,
		.length = CMIS_PAGE_SIZE,
		.data = buf,
	};
	struct ethtool_module_power_mode_params pm = { };
	struct netlink_ext_ack extack = { };
	struct ethtool_modinfo mi = { };
	const char *what;
	int ret;

	switch (n % 4) {
	case 0:
	case 1:
		what = "by-page read";
		memset(buf, 0x5a, CMIS_PAGE_SIZE);
		ret = osfp_cage_get_module_eeprom_by_page(cage, &req, &extack);
		if (ret == CMIS_PAGE_SIZE &&
		    !osfp_stress_verify(u->c, "upstream", 0, 0, req.offset, buf, ret))
			ret = -EILSEQ;	/* recorded by osfp_stress_verify() */
		break;
	case 2:
		what = "module info";
		ret = osfp_cage_get_module_info(cage, &mi);
		break;
	default:
		what = "power mode";
		ret = osfp_cage_get_module_power_mode(cage, &pm, &extack);
		break;
	}
	atomic64_inc(&u->calls);
	if (ret >= 0)
		atomic64_inc(&u->verified);
	else if (ret == -ENODEV || ret == -EAGAIN)
		atomic64_inc(&u->refused);
	else if (ret != -EILSEQ)
		osfp_stress_fail("upstream %s: %d (%s)", what, ret,
				 extack._msg ? extack._msg : "no message");
	return ret;
}

static int osfp_stress_consumer_fn(void *data)
{
	struct osfp_stress_up *u = data;
	unsigned int n = 0;
	u8 *buf;

	buf = kmalloc(CMIS_PAGE_SIZE, GFP_KERNEL);
	if (!buf) {
		osfp_stress_fail("upstream consumer: no memory");
		return -ENOMEM;
	}
	while (!kthread_should_stop()) {
		/* As ethtool does: the attached cage does not change under rtnl */
		rtnl_lock();
		if (u->cage)
			osfp_stress_consume(u, u->cage, n++, buf);
		rtnl_unlock();
		usleep_range(200, 600);
	}
	kfree(buf);
	return 0;
}

/*
 * A user with a plain reference (osfp_cage_get_by_fwnode()) and no
 * callbacks: its calls race the unbind; once its cage is dead they fail
 * with -ENODEV, and it looks the cage up again
 */
static int osfp_stress_holder_fn(void *data)
{
	struct osfp_stress_up *u = data;
	const struct fwnode_handle *node = software_node_fwnode(&u->c->port->port_node);
	struct osfp_cage *cage = NULL;
	unsigned int n = 0;
	u8 *buf;

	buf = kmalloc(CMIS_PAGE_SIZE, GFP_KERNEL);
	if (!buf) {
		osfp_stress_fail("reference holder: no memory");
		return -ENOMEM;
	}
	while (!kthread_should_stop()) {
		if (!cage)
			cage = osfp_cage_get_by_fwnode(node);
		if (cage && osfp_stress_consume(u, cage, n++, buf) == -ENODEV &&
		    osfp_stress_dead(cage)) {
			atomic64_inc(&u->dead);
			osfp_cage_put(cage);
			cage = NULL;
		}
		usleep_range(200, 600);
	}
	osfp_cage_put(cage);
	kfree(buf);
	return 0;
}

static void osfp_stress_consumers_stop(void *data)
{
	struct osfp_stress_up *u = data;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(u->tasks); i++) {
		if (!IS_ERR_OR_NULL(u->tasks[i]) && kthread_stop(u->tasks[i]))
			osfp_stress_fail("upstream consumer %u ended by itself", i);
		u->tasks[i] = NULL;
	}
}

static void osfp_stress_up_unregister(void *up)
{
	osfp_upstream_unregister(up);
}

/* The platform device of a cage controller's port, and its bound cage */
static struct device *osfp_stress_port_dev(struct osfp_stress_cage *c)
{
	return c->cage->dev;
}

/*
 * Bind the cage's device again if it is not, and point @c at its cage:
 * the suite's reference to the old one is dropped. With the interposer
 * off (it checks the lock of @c->cage).
 */
static bool osfp_stress_rebound(struct osfp_stress_cage *c, struct device *dev)
{
	const struct fwnode_handle *node = software_node_fwnode(&c->port->port_node);
	struct osfp_cage *cage;

	if (!dev->driver && device_attach(dev) != 1)
		return false;
	cage = osfp_cage_get_by_fwnode(node);
	if (!cage)
		return false;
	osfp_cage_put(c->cage);
	c->cage = cage;
	return true;
}

/* kunit action: the cage bound again, the interposer back */
static void osfp_stress_rebind_restore(void *data)
{
	struct osfp_stress_cage *c = data;

	if (!osfp_stress_rebound(c, osfp_stress_port_dev(c)))
		pr_err("osfp_stress: %s: not bound again\n", c->cage->label);
	osfp_stress_interpose(c, &osfp_stress_algo);
}

/**
 * struct osfp_stress_unbinder - an unbind run by a thread, with a hang guard
 * @dev: the cage's platform device
 * @done: completed when the unbind returned
 * @ms: how long it took
 */
struct osfp_stress_unbinder {
	struct device *dev;
	struct completion done;
	s64 ms;
};

static int osfp_stress_unbind_fn(void *data)
{
	struct osfp_stress_unbinder *ub = data;
	ktime_t t0 = ktime_get();

	device_release_driver(ub->dev);
	ub->ms = ktime_ms_delta(ktime_get(), t0);
	complete(&ub->done);
	return 0;
}

/* Wait for @done, up to the hang guard; false when it did not come */
static bool osfp_stress_guard(struct completion *done)
{
	return wait_for_completion_timeout(done, msecs_to_jiffies(OSFP_STRESS_GUARD_MS));
}

/* Start an unbind in a thread; the caller waits for @ub->done */
static bool osfp_stress_unbind_start(struct osfp_stress_unbinder *ub, struct device *dev)
{
	struct task_struct *t;

	ub->dev = dev;
	init_completion(&ub->done);
	t = kthread_run(osfp_stress_unbind_fn, ub, "osfp-stress/unbind");
	return !IS_ERR(t);
}

/* Every osfp.h entry on a dead cage: -ENODEV */
static void osfp_stress_dead_entries(struct kunit *test, struct osfp_cage *cage)
{
	struct ethtool_module_power_mode_params pm = {
		.policy = ETHTOOL_MODULE_POWER_MODE_POLICY_AUTO,
	};
	u8 buf[CMIS_PAGE_SIZE], ctrl = 0;
	struct ethtool_module_eeprom req = {
		.i2c_address = OSFP_MODULE_I2C_ADDR, .length = 1, .data = buf,
	};
	struct ethtool_eeprom ee = { .len = sizeof(buf) };
	struct ethtool_modinfo mi = { };
	u32 flags = ETH_RESET_PHY;

	KUNIT_EXPECT_EQ(test, osfp_cage_get_module_info(cage, &mi), -ENODEV);
	KUNIT_EXPECT_EQ(test, osfp_cage_get_module_eeprom(cage, &ee, buf), -ENODEV);
	KUNIT_EXPECT_EQ(test, osfp_cage_get_module_eeprom_by_page(cage, &req, NULL), -ENODEV);
	req.offset = 26;
	req.data = &ctrl;
	KUNIT_EXPECT_EQ(test, osfp_cage_set_module_eeprom_by_page(cage, &req, NULL), -ENODEV);
	KUNIT_EXPECT_EQ(test, osfp_cage_get_module_power_mode(cage, &pm, NULL), -ENODEV);
	KUNIT_EXPECT_EQ(test, osfp_cage_set_module_power_mode(cage, &pm, NULL), -ENODEV);
	KUNIT_EXPECT_EQ(test, osfp_cage_reset(cage, &flags), -ENODEV);
	KUNIT_EXPECT_EQ(test, flags, (u32)ETH_RESET_PHY);
}

/* Whether a netdev named @name is registered */
static bool osfp_stress_netdev(const char *name)
{
	struct net_device *ndev = dev_get_by_name(&init_net, name);

	dev_put(ndev);
	return ndev;
}

/* Cage 0 with the CDB module ready, the interposer off, rebinding restored */
static struct osfp_stress_cage *osfp_stress_rebind_setup(struct kunit *test)
{
	struct osfp_stress *s = &osfp_stress;
	struct osfp_stress_cage *c = &s->cages[0];
	struct emu_image *img;
	int ret;

	KUNIT_ASSERT_TRUE(test, osfp_stress_settle(c));
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, osfp_stress_fw_restore, c), 0);
	osfp_stress_interpose(c, &emu_port_algo);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, osfp_stress_rebind_restore, c),
			0);
	osfp_stress_build_cdb(s);
	img = osfp_stress_image(s);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, img);
	ret = osfp_stress_load(c, img);
	emu_image_free(img);
	KUNIT_ASSERT_EQ(test, ret, 0);
	osfp_stress_plug(c, true);
	KUNIT_ASSERT_TRUE_MSG(test, osfp_stress_wait_state(c, OSFP_SM_READY, true,
							   OSFP_STRESS_WAIT_MS),
			      "module not ready, driver %s",
			      osfp_sm_state_name(osfp_stress_state(c, NULL)));
	return c;
}

/*
 * A switch driver's upstream on cage 0 while threads call osfp.h through
 * it (under rtnl, as ethtool operations run), and another through a plain
 * reference, and the cage's device is unbound and bound again: the
 * upstream is told of each detach and attach, the calls get the image's
 * bytes or -ENODEV/-EAGAIN, never a freed adapter or a stale page, and a
 * reference kept to an unbound cage gets -ENODEV from every entry.
 * While attached, the cage has no netdev of its own; it gets it back when
 * the upstream goes (item 9).
 */
static void osfp_stress_rebind_api(struct kunit *test)
{
	const struct fwnode_handle *node;
	struct osfp_stress_cage *c;
	struct osfp_upstream *up;
	struct osfp_stress_up *u;
	struct osfp_cage *old;
	struct device *dev;
	char label[IFNAMSIZ];
	unsigned int i;

	c = osfp_stress_rebind_setup(test);
	dev = osfp_stress_port_dev(c);
	node = software_node_fwnode(&c->port->port_node);
	strscpy(label, c->cage->label, sizeof(label));
	KUNIT_ASSERT_TRUE_MSG(test, osfp_stress_netdev(label), "cage netdev %s", label);

	u = kunit_kzalloc(test, sizeof(*u), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, u);
	u->c = c;
	up = osfp_upstream_register((struct fwnode_handle *)node, &osfp_stress_up_ops, u);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, up);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, osfp_stress_up_unregister, up),
			0);
	KUNIT_EXPECT_EQ(test, u->attaches, 1);
	KUNIT_EXPECT_PTR_EQ(test, u->cage, c->cage);
	KUNIT_EXPECT_FALSE_MSG(test, osfp_stress_netdev(label),
			       "item 9: the cage netdev %s stays with an upstream attached", label);
	KUNIT_EXPECT_EQ(test, PTR_ERR(osfp_upstream_register((struct fwnode_handle *)node,
							     &osfp_stress_up_ops, u)), -EBUSY);

	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, osfp_stress_consumers_stop, u), 0);
	for (i = 0; i < OSFP_STRESS_CONSUMERS; i++) {
		u->tasks[i] = kthread_run(osfp_stress_consumer_fn, u, "osfp-stress/up%u", i);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, u->tasks[i]);
	}
	u->tasks[i] = kthread_run(osfp_stress_holder_fn, u, "osfp-stress/ref");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, u->tasks[i]);

	for (i = 0; i < OSFP_STRESS_REBINDS; i++) {
		/* Calls go through before each unbind */
		u64 before = atomic64_read(&u->verified);
		unsigned long end = jiffies + msecs_to_jiffies(OSFP_STRESS_WAIT_MS);

		while (atomic64_read(&u->verified) < before + 8 && time_before(jiffies, end))
			usleep_range(1000, 2000);
		old = c->cage;
		get_device(&old->cdev);
		device_release_driver(dev);
		KUNIT_EXPECT_EQ(test, u->detaches, i + 1);
		KUNIT_EXPECT_NULL(test, u->cage);
		KUNIT_EXPECT_NULL(test, osfp_cage_get_by_fwnode(node));
		osfp_stress_dead_entries(test, old);
		KUNIT_EXPECT_TRUE(test, !work_pending(&old->fw.work) &&
				  !delayed_work_pending(&old->sm_work) &&
				  !delayed_work_pending(&old->flag_work) &&
				  !delayed_work_pending(&old->poll_work));
		put_device(&old->cdev);

		KUNIT_ASSERT_TRUE_MSG(test, osfp_stress_rebound(c, dev), "rebind %u", i);
		KUNIT_EXPECT_EQ(test, u->attaches, i + 2);
		KUNIT_EXPECT_PTR_EQ(test, u->cage, c->cage);
		KUNIT_EXPECT_FALSE(test, osfp_stress_netdev(label));
		KUNIT_ASSERT_TRUE_MSG(test, osfp_stress_wait_state(c, OSFP_SM_READY, true,
								   OSFP_STRESS_WAIT_MS),
				      "rebind %u: module not ready, driver %s", i,
				      osfp_sm_state_name(osfp_stress_state(c, NULL)));
		osfp_stress_kmsg_scan();
	}
	kunit_release_action(test, osfp_stress_consumers_stop, u);
	KUNIT_EXPECT_EQ(test, u->bad, 0);
	KUNIT_EXPECT_GT(test, atomic64_read(&u->verified), 8 * OSFP_STRESS_REBINDS);
	kunit_info(test, "%u rebinds: %u attaches, %u detaches, %lld calls, %lld verified, %lld refused (%lld on a dead cage)\n",
		   OSFP_STRESS_REBINDS, u->attaches, u->detaches,
		   atomic64_read(&u->calls), atomic64_read(&u->verified),
		   atomic64_read(&u->refused), atomic64_read(&u->dead));

	/* The upstream goes: detached, and the cage has its netdev again */
	kunit_release_action(test, osfp_stress_up_unregister, up);
	KUNIT_EXPECT_EQ(test, u->detaches, OSFP_STRESS_REBINDS + 1);
	KUNIT_EXPECT_NULL(test, u->cage);
	KUNIT_EXPECT_TRUE_MSG(test, osfp_stress_netdev(label),
			      "item 9: the cage netdev %s back after the upstream", label);
	osfp_stress_report_failures(test);
	osfp_stress_kmsg_scan();
}

/* ---- the firmware loader's request, stepped into ---- */

static struct osfp_cage *osfp_stress_hook_cage;
static struct completion osfp_stress_in_request;

/*
 * osfp_fw_request_hook: tell the test the loader is in its request, and
 * return only once the cage is dead (its unbind waits for this write)
 */
static int osfp_stress_fw_request(const struct firmware **image, const char *name,
				  struct device *dev)
{
	unsigned long end = jiffies + msecs_to_jiffies(OSFP_STRESS_GUARD_MS);

	complete(&osfp_stress_in_request);
	while (!osfp_stress_dead(osfp_stress_hook_cage) && time_before(jiffies, end))
		usleep_range(1000, 2000);
	return firmware_request_nowarn(image, name, dev);
}

/**
 * struct osfp_stress_writer - a firmware_update write run by a thread
 * @c: the cage
 * @ret: what the write returned
 * @done: completed when it returned
 */
struct osfp_stress_writer {
	struct osfp_stress_cage *c;
	ssize_t ret;
	struct completion done;
};

static int osfp_stress_writer_fn(void *data)
{
	struct osfp_stress_writer *w = data;

	w->ret = osfp_stress_write_file(w->c, "firmware_update", OSFP_STRESS_FW_GOOD);
	complete(&w->done);
	return 0;
}

static void osfp_stress_hook_off(void *data)
{
	osfp_fw_request_hook = NULL;
}

/*
 * A firmware_update write whose firmware loader is inside its request when
 * the cage is unbound: refused (-ENODEV), no work queued, the firmware
 * released, and the unbind returns.
 */
static void osfp_stress_rebind_fw_request(struct kunit *test)
{
	struct osfp_stress_unbinder *ub;
	struct osfp_stress_writer *w;
	struct osfp_stress_cage *c;
	struct osfp_cage *old;
	struct task_struct *t;
	bool started;

	c = osfp_stress_rebind_setup(test);
	ub = kunit_kzalloc(test, sizeof(*ub), GFP_KERNEL);
	w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ub);
	KUNIT_ASSERT_NOT_NULL(test, w);

	osfp_stress_hook_cage = c->cage;
	init_completion(&osfp_stress_in_request);
	osfp_fw_request_hook = osfp_stress_fw_request;
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, osfp_stress_hook_off, NULL), 0);
	w->c = c;
	init_completion(&w->done);
	t = kthread_run(osfp_stress_writer_fn, w, "osfp-stress/fwwrite");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t);
	KUNIT_ASSERT_TRUE_MSG(test, osfp_stress_guard(&osfp_stress_in_request),
			      "the write never reached the firmware loader");

	old = c->cage;
	get_device(&old->cdev);
	started = osfp_stress_unbind_start(ub, osfp_stress_port_dev(c));
	KUNIT_EXPECT_TRUE(test, started);
	KUNIT_EXPECT_TRUE_MSG(test, osfp_stress_guard(&w->done),
			      "the firmware_update write never returned");
	if (started)
		KUNIT_EXPECT_TRUE_MSG(test, osfp_stress_guard(&ub->done),
				      "the unbind never returned");
	osfp_fw_request_hook = NULL;
	KUNIT_EXPECT_EQ_MSG(test, w->ret, (ssize_t)-ENODEV,
			    "item 4: a firmware_update write racing the unbind");
	KUNIT_EXPECT_FALSE_MSG(test, work_pending(&old->fw.work), "item 4: work outlives the cage");
	mutex_lock(&old->lock);
	KUNIT_EXPECT_NULL(test, old->fw.image);
	KUNIT_EXPECT_FALSE(test, old->fw.busy);
	mutex_unlock(&old->lock);
	put_device(&old->cdev);

	KUNIT_ASSERT_TRUE(test, osfp_stress_rebound(c, osfp_stress_port_dev(c)));
	KUNIT_EXPECT_TRUE(test, osfp_stress_wait_state(c, OSFP_SM_READY, true,
						       OSFP_STRESS_WAIT_MS));
	osfp_stress_kmsg_scan();
}

/*
 * Unbind while a firmware update waits on a module whose CDB command never
 * completes, and which advertised a minute for its commands: the unbind
 * returns (the driver gives up at its own bound, OSFP_FW_STOP_MS, not the
 * module's), the module got the abort, still busy with it, and the data
 * path back (item 10).
 */
static void osfp_stress_rebind_fw_update(struct kunit *test)
{
	struct osfp_stress_unbinder *ub;
	struct osfp_stress_cage *c;
	enum osfp_fw_state state;
	unsigned int progress;
	unsigned long end;
	bool busy, stuck, started;
	u8 dp_deinit;
	u16 cmd;

	c = osfp_stress_rebind_setup(test);
	ub = kunit_kzalloc(test, sizeof(*ub), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ub);
	KUNIT_ASSERT_EQ(test, osfp_stress_write_file(c, "firmware_update", OSFP_STRESS_FW_GOOD),
			(ssize_t)strlen(OSFP_STRESS_FW_GOOD));
	end = jiffies + msecs_to_jiffies(OSFP_STRESS_FW_MS);
	do {
		usleep_range(200, 400);
		mutex_lock(&c->cage->lock);
		state = c->cage->fw.state;
		progress = c->cage->fw.progress;
		if (state == OSFP_FW_DOWNLOADING && progress) {
			/* A module that allows a minute for each command... */
			c->cage->fw.t_write = 60000;
			c->cage->fw.t_abort = 60000;
			/* ...and never completes the next one */
			mutex_lock(&c->port->lock);
			c->port->faults |= EMU_FAULT_CDB_BUSY;
			mutex_unlock(&c->port->lock);
		}
		mutex_unlock(&c->cage->lock);
	} while (!(state == OSFP_FW_DOWNLOADING && progress) && state < OSFP_FW_DONE &&
		 time_before(jiffies, end));
	KUNIT_ASSERT_EQ_MSG(test, state, OSFP_FW_DOWNLOADING, "update not caught downloading");

	/* Until the module is stuck in a command */
	end = jiffies + msecs_to_jiffies(OSFP_STRESS_WAIT_MS);
	do {
		usleep_range(1000, 2000);
		mutex_lock(&c->port->lock);
		stuck = c->port->cdb.busy && c->port->cdb.stuck;
		mutex_unlock(&c->port->lock);
	} while (!stuck && time_before(jiffies, end));
	KUNIT_ASSERT_TRUE(test, stuck);

	started = osfp_stress_unbind_start(ub, osfp_stress_port_dev(c));
	KUNIT_ASSERT_TRUE(test, started);
	KUNIT_ASSERT_TRUE_MSG(test, osfp_stress_guard(&ub->done),
			      "item 10: the unbind waits on the module's CDB");
	mutex_lock(&c->port->lock);
	cmd = c->port->cdb.cmd;
	busy = c->port->cdb.busy;
	dp_deinit = emu_image_page(c->port->live, OSFP_STRESS_DP_CTRL, 0)[0];
	c->port->faults &= ~EMU_FAULT_CDB_BUSY;
	mutex_unlock(&c->port->lock);
	kunit_info(test, "unbind during a stuck update: %lld ms, last command %04xh %s\n",
		   ub->ms, cmd, busy ? "still busy" : "done");
	KUNIT_EXPECT_EQ_MSG(test, cmd, OSFP_STRESS_CDB_ABORT, "item 10: no abort sent");
	KUNIT_EXPECT_TRUE_MSG(test, busy,
			      "the abort completed: the test did not keep the module busy");
	KUNIT_EXPECT_EQ_MSG(test, dp_deinit,
			    osfp_stress_mem(&osfp_stress, OSFP_STRESS_DP_CTRL, 0)[0],
			    "item 10: the data path not given back");

	KUNIT_ASSERT_TRUE(test, osfp_stress_rebound(c, osfp_stress_port_dev(c)));
	KUNIT_EXPECT_TRUE(test, osfp_stress_wait_state(c, OSFP_SM_READY, true,
						       OSFP_STRESS_WAIT_MS));
	osfp_stress_kmsg_scan();
}

/* ---- osfp_stress_no_leaks ---- */

static void osfp_stress_unmount(void *mnt)
{
	kern_unmount(mnt);
}

static void osfp_stress_fput(void *file)
{
	fput(file);
}

static void osfp_stress_vfree(void *buf)
{
	vfree(buf);
}

enum osfp_stress_whose {
	OSFP_LEAK_OTHER,	/* allocated by some other code */
	OSFP_LEAK_OURS,		/* a function of osfp in the backtrace */
	OSFP_LEAK_UNKNOWN,	/* no backtrace */
};

/* Whose a kmemleak record's object is, by its allocation backtrace */
static enum osfp_stress_whose osfp_stress_leak_whose(const char *rec, const char *end)
{
	static const char * const ours[] = { " osfp_", " emu_", " cmis_" };
	const char *bt = strnstr(rec, "backtrace", end - rec);
	unsigned int i;

	if (!bt || !strnstr(bt, "+0x", end - bt))
		return OSFP_LEAK_UNKNOWN;
	for (i = 0; i < ARRAY_SIZE(ours); i++)
		if (strnstr(bt, ours[i], end - bt))
			return OSFP_LEAK_OURS;
	return OSFP_LEAK_OTHER;
}

static void osfp_stress_print_record(struct kunit *test, const char *rec, const char *end)
{
	unsigned int lines = 0;
	const char *nl;

	while (rec < end && lines++ < 24) {
		nl = memchr(rec, '\n', end - rec);
		if (!nl)
			nl = end;
		kunit_err(test, "kmemleak: %.*s\n", (int)(nl - rec), rec);
		rec = nl + 1;
	}
}

static void osfp_stress_no_leaks(struct kunit *test)
{
	unsigned int total = 0, unknown = 0, shown = 0, scan, i;
	struct osfp_stress *s = &osfp_stress;
	char *buf, *rec, *next, *end;
	enum osfp_stress_whose whose;
	struct vfsmount *mnt;
	unsigned long ubuf;
	struct file *f;
	size_t len = 0;
	ssize_t n;
	loff_t pos;

	s->leaks = -1;
	if (!IS_ENABLED(CONFIG_DEBUG_KMEMLEAK))
		kunit_skip(test, "CONFIG_DEBUG_KMEMLEAK is not set");

	/* No module left: every object of one must have been freed */
	for (i = 0; i < s->ncages; i++)
		KUNIT_ASSERT_TRUE(test, osfp_stress_settle(&s->cages[i]));
	flush_delayed_fput();

	mnt = osfp_stress_mount("debugfs");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, mnt);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, osfp_stress_unmount, mnt), 0);
	f = file_open_root_mnt(mnt, "kmemleak", O_RDWR, 0);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(f), "debugfs kmemleak: %ld", PTR_ERR(f));
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, osfp_stress_fput, f), 0);

	/* The file has .read and .write only: a user buffer it is */
	ubuf = kunit_vm_mmap(test, NULL, 0, OSFP_STRESS_UBUF, PROT_READ | PROT_WRITE,
			     MAP_ANONYMOUS | MAP_PRIVATE, 0);
	KUNIT_ASSERT_FALSE_MSG(test, !ubuf || IS_ERR_VALUE(ubuf), "no user memory: %ld",
			       (long)ubuf);
	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)ubuf, "scan", 4), 0UL);
	/* The first scan sees an object new, the second reports it */
	for (scan = 0; scan < 2; scan++) {
		pos = 0;
		n = vfs_write(f, (const char __user *)ubuf, 4, &pos);
		KUNIT_ASSERT_EQ_MSG(test, n, 4, "kmemleak scan: %zd (kmemleak disabled?)", n);
	}

	buf = vzalloc(OSFP_STRESS_LEAK_BUF);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, osfp_stress_vfree, buf), 0);
	pos = 0;
	while (len < OSFP_STRESS_LEAK_BUF - 1) {
		n = vfs_read(f, (char __user *)ubuf,
			     min_t(size_t, OSFP_STRESS_UBUF, OSFP_STRESS_LEAK_BUF - 1 - len), &pos);
		KUNIT_ASSERT_GE_MSG(test, n, 0, "reading kmemleak: %zd", n);
		if (!n)
			break;
		KUNIT_ASSERT_EQ(test, copy_from_user(buf + len, (void __user *)ubuf, n), 0UL);
		len += n;
	}
	buf[len] = '\0';
	end = buf + len;

	s->leaks = 0;
	for (rec = strstr(buf, "unreferenced object"); rec; rec = next) {
		next = strstr(rec + 1, "unreferenced object");
		total++;
		whose = osfp_stress_leak_whose(rec, next ? : end);
		if (whose == OSFP_LEAK_OTHER)
			continue;
		if (whose == OSFP_LEAK_OURS)
			s->leaks++;
		else
			unknown++;
		if (shown++ < 3)
			osfp_stress_print_record(test, rec, next ? : end);
	}
	kunit_info(test, "kmemleak: %u unreferenced objects, %d of them allocated by osfp, %u without a backtrace\n",
		   total, s->leaks, unknown);
	KUNIT_EXPECT_EQ_MSG(test, s->leaks, 0, "memory leaked by osfp");
	/* Without a backtrace, an object might be osfp's (no FRAME_POINTER?) */
	KUNIT_EXPECT_EQ_MSG(test, unknown, 0, "unreferenced objects of unknown origin");
}

/* ---- osfp_stress_no_splats ---- */

static void osfp_stress_no_splats(struct kunit *test)
{
	struct osfp_stress *s = &osfp_stress;
	unsigned long taint;
	u64 reads = 0;
	unsigned int i;

	osfp_stress_kmsg_scan();
	for (i = 0; i < min_t(unsigned int, s->splats, OSFP_STRESS_SPLAT_MSGS); i++)
		kunit_err(test, "kernel log: %s\n", s->splat_msg[i]);
	KUNIT_EXPECT_EQ_MSG(test, s->splats, 0,
			    "lockdep, KASAN, atomic-sleep, UBSAN or WARN reports in the log");
	KUNIT_EXPECT_EQ_MSG(test, s->kmsg_lost, 0,
			    "kernel log records overwritten before they were checked");

	taint = get_taint() & ~s->taint &
		(BIT(TAINT_WARN) | BIT(TAINT_BAD_PAGE) | BIT(TAINT_DIE));
	KUNIT_EXPECT_EQ_MSG(test, taint, 0, "new taint flags 0x%lx", taint);
	if (IS_ENABLED(CONFIG_PROVE_LOCKING)) {
		KUNIT_EXPECT_TRUE_MSG(test, s->lockdep_on, "lockdep was off before the suite");
		KUNIT_EXPECT_TRUE_MSG(test, debug_locks, "lockdep turned itself off");
	}

	for (i = 0; i < OSFP_IF_NUM; i++)
		reads += atomic64_read(&s->verified[i]);
	kunit_log(KERN_INFO, test, KUNIT_SUBTEST_INDENT
		  "# osfp_stress: cycles %u reads_verified %llu flag_events_injected %u observed %u\n",
		  s->cycles, reads, s->injected, s->observed);
	kunit_log(KERN_INFO, test, KUNIT_SUBTEST_INDENT
		  "# osfp_stress: cages %u, reads ethtool %lld eeprom %lld attr %lld hwmon %lld refused %lld, transfers %lld, kmemleak osfp objects %d, splats %u, cycles took %lld ms\n",
		  s->ncages, atomic64_read(&s->verified[OSFP_IF_ETHTOOL]),
		  atomic64_read(&s->verified[OSFP_IF_EEPROM]),
		  atomic64_read(&s->verified[OSFP_IF_ATTR]),
		  atomic64_read(&s->verified[OSFP_IF_HWMON]),
		  atomic64_read(&s->refused[OSFP_IF_ETHTOOL]) +
		  atomic64_read(&s->refused[OSFP_IF_EEPROM]) +
		  atomic64_read(&s->refused[OSFP_IF_ATTR]) +
		  atomic64_read(&s->refused[OSFP_IF_HWMON]),
		  atomic64_read(&s->transfers), s->leaks, s->splats, s->cycle_ms);
	kunit_log(KERN_INFO, test, KUNIT_SUBTEST_INDENT
		  "# osfp_stress: firmware updates %u done %u failed %u, the good one took %lld ms, the case %lld ms, reads verified meanwhile %llu\n",
		  s->fw_updates, s->fw_done, s->fw_failed, s->fw_ms, s->fw_case_ms, s->fw_reads);
}

/* ---- suite ---- */

static int osfp_stress_match_port(struct device *dev, void *data)
{
	struct i2c_adapter *adap = i2c_verify_adapter(dev);
	struct osfp_stress *s = data;
	struct emu_port *p;

	if (!adap || adap->algo != &emu_port_algo)
		return 0;
	p = i2c_get_adapdata(adap);
	if (p->index < OSFP_STRESS_MAX_CAGES && !s->cages[p->index].port) {
		s->cages[p->index].port = p;
		s->ncages = max(s->ncages, p->index + 1);
	}
	return 0;
}

/* The board and its cages come up at boot; probing may have been deferred */
static int osfp_stress_find(struct osfp_stress *s)
{
	unsigned long end = jiffies + msecs_to_jiffies(10 * MSEC_PER_SEC);
	const struct fwnode_handle *node;
	struct osfp_stress_cage *c;
	unsigned int i, bound;

	do {
		i2c_for_each_dev(s, osfp_stress_match_port);
		for (bound = 0, i = 0; i < s->ncages; i++) {
			c = &s->cages[i];
			if (c->port && !c->cage) {
				node = software_node_fwnode(&c->port->port_node);
				c->cage = osfp_cage_get_by_fwnode(node);
			}
			bound += !!c->cage;
		}
		if (s->ncages && bound == s->ncages)
			return 0;
		msleep(20);
	} while (time_before(jiffies, end));
	pr_err("osfp_stress: %s\n", s->ncages ? "the cage driver did not bind to every cage" :
						"no osfp_emu board");
	return -ENODEV;
}

/* The image, as text through the emulator's parser */
static struct emu_image *osfp_stress_image(struct osfp_stress *s)
{
	const struct osfp_stress_sect *sect;
	struct emu_image *img;
	char err[EMU_ERR_LEN];
	unsigned int i;
	size_t len;
	char *text;
	u8 *pg;

	text = osfp_stress_render(s, &len);
	if (!text)
		return ERR_PTR(-ENOMEM);
	img = emu_image_parse(text, len, err, sizeof(err));
	kvfree(text);
	if (IS_ERR(img)) {
		pr_err("osfp_stress: image: %s\n", err);
		return img;
	}
	for (i = 0; i < OSFP_STRESS_NSECT; i++) {
		sect = &osfp_stress_sects[i];
		pg = sect->page < 0 ? img->lower : emu_image_page(img, sect->page, sect->bank);
		if (!pg || memcmp(pg, s->mem[i], CMIS_PAGE_SIZE)) {
			pr_err("osfp_stress: page %d bank %u of the image did not parse back\n",
			       sect->page, sect->bank);
			emu_image_free(img);
			return ERR_PTR(-EINVAL);
		}
	}
	return img;
}

/* Load the image into the (emptied) port of a cage */
static int osfp_stress_load(struct osfp_stress_cage *c, struct emu_image *img)
{
	struct emu_image *copy;
	int ret;

	copy = emu_image_dup(img);
	if (!copy)
		return -ENOMEM;
	mutex_lock(&c->port->lock);
	ret = emu_port_plug(c->port, false);
	if (!ret)
		ret = emu_port_load(c->port, copy);	/* takes the copy */
	else
		emu_image_free(copy);
	mutex_unlock(&c->port->lock);
	return ret;
}

static int osfp_stress_suite_init(struct kunit_suite *suite)
{
	struct osfp_stress *s = &osfp_stress;
	struct kmsg_dump_iter iter;
	struct osfp_stress_cage *c;
	struct emu_image *img;
	unsigned int i;
	size_t len;
	int ret;

	mutex_init(&s->fail_lock);
	mutex_init(&s->kmsg_lock);
	for (i = 0; i < OSFP_STRESS_MAX_CAGES; i++) {
		c = &s->cages[i];
		c->index = i;
		spin_lock_init(&c->trig_lock);
		init_completion(&c->trig_done);
	}

	/* From here on, every kernel log record is checked */
	s->taint = get_taint();
	s->lockdep_on = debug_locks;
	kmsg_dump_rewind(&iter);
	while (kmsg_dump_get_line(&iter, false, s->line, sizeof(s->line), &len))
		;
	s->kmsg_seq = iter.cur_seq;

	ret = osfp_stress_find(s);
	if (ret)
		return ret;

	osfp_stress_build(s);
	osfp_stress_attr_init(s);
	osfp_stress_hwmon_init(s);
	img = osfp_stress_image(s);
	if (IS_ERR(img))
		return PTR_ERR(img);
	for (i = 0, ret = 0; i < s->ncages && !ret; i++)
		ret = osfp_stress_load(&s->cages[i], img);
	emu_image_free(img);
	if (ret) {
		pr_err("osfp_stress: loading the image: %d\n", ret);
		return ret;
	}

	s->sysfs = osfp_stress_mount("sysfs");
	if (IS_ERR(s->sysfs)) {
		ret = PTR_ERR(s->sysfs);
		s->sysfs = NULL;
		pr_err("osfp_stress: mounting sysfs: %d\n", ret);
		return ret;
	}
	for (i = 0; i < s->ncages; i++) {
		c = &s->cages[i];
		snprintf(c->dir, sizeof(c->dir), "class/osfp/%s", c->cage->label);
		osfp_stress_interpose(c, &osfp_stress_algo);
	}
	return 0;
}

static void osfp_stress_suite_exit(struct kunit_suite *suite)
{
	struct osfp_stress *s = &osfp_stress;
	struct osfp_stress_cage *c;
	unsigned int i;

	for (i = 0; i < s->ncages; i++) {
		c = &s->cages[i];
		if (!c->port)
			continue;
		if (c->port->adap.algo == &osfp_stress_algo) {
			osfp_stress_arm(c, OSFP_TRIG_NONE, 0, 0, false);
			osfp_stress_interpose(c, &emu_port_algo);
		}
		osfp_stress_plug(c, false);
		osfp_cage_put(c->cage);
		c->cage = NULL;
	}
	if (s->sysfs) {
		flush_delayed_fput();
		kern_unmount(s->sysfs);
		s->sysfs = NULL;
	}
}

static struct kunit_case osfp_stress_cases[] = {
	KUNIT_CASE_SLOW(osfp_stress_plug_cycles),
	KUNIT_CASE_SLOW(osfp_stress_present_bounce),
	KUNIT_CASE_SLOW(osfp_stress_flag_events),
	KUNIT_CASE_SLOW(osfp_stress_firmware_update),
	KUNIT_CASE_SLOW(osfp_stress_rebind_api),
	KUNIT_CASE_SLOW(osfp_stress_rebind_fw_request),
	KUNIT_CASE_SLOW(osfp_stress_rebind_fw_update),
	KUNIT_CASE_SLOW(osfp_stress_no_leaks),
	KUNIT_CASE(osfp_stress_no_splats),
	{}
};

static struct kunit_suite osfp_stress_suite = {
	.name = "osfp_stress",
	.suite_init = osfp_stress_suite_init,
	.suite_exit = osfp_stress_suite_exit,
	.test_cases = osfp_stress_cases,
};

kunit_test_suite(osfp_stress_suite);

MODULE_DESCRIPTION("KUnit stress suite of the osfp driver and its emulator");
MODULE_LICENSE("GPL");
