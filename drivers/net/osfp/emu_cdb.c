// SPDX-License-Identifier: GPL-2.0
/*
 * osfp_emu: CMIS CDB (Command Data Block) and firmware images of the
 * emulated module.
 *
 * A module whose page 01h byte 163 advertises CDB (bits 7-6 != 0) has page
 * 9Fh and the advertised EPL pages A0h-AFh in bank 0, synthesized here
 * (the image file does not list them).  A write message that includes
 * 9Fh:129 (the low byte of CMDID) triggers the command at the end of the
 * message: its CdbChkCode is checked, the status (lower 37) goes busy
 * (0x83) for the command's busy time, then takes the result, the reply
 * (RPL) is written at 134-255 and CdbCmdCompleteFlag1 (lower 8 bit 6) is
 * latched.  A delayed work ends the busy time; every bus transaction ends
 * it too if it is over (so a host polling faster than the work sees no
 * stale status).  With the fault cdb-stale, as some modules do, the status
 * byte keeps the previous command's status for EMU_CDB_STALE_MS after a
 * trigger (the command is busy at least EMU_CDB_STALE_BUSY_MS, within every
 * advertised time): only the completion flag tells a host when the command
 * is done.  A command triggered while
 * another is busy (or in its stale time) is counted in busy_arrivals.
 *
 * The firmware download commands keep two images, A and B, each with a
 * version: one runs (its version in lower 39-40), the other's version is in
 * 01h:128-129.  A complete download replaces the image that does not run;
 * Run resets the module into the image it names; Commit makes the running
 * image the one that a reset or a plug boots.
 *
 * Everything here runs with the port's mutex held (see emu_priv.h).
 */

#include <linux/bits.h>
#include <linux/crc32.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/kernel.h>
#include <linux/lockdep.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "emu_priv.h"

/* lower memory */
#define EMU_CDB_STATUS		37
#define EMU_CDB_FW_VER		39	/* 39-40 running image version */
#define EMU_CDB_CMD_DONE	BIT(6)	/* lower 8: CdbCmdCompleteFlag1 */

/* page 01h advertisement */
#define EMU_P01_CDB		163	/* 7-6 instances, 3-0 EPL pages code */
#define EMU_P01_CDB_RW_EXT	164
#define EMU_P01_CDB_EXT_BUSY	165	/* 4-0 CdbExtMaxBusyTime */
#define EMU_P01_CDB_BUSY	166	/* 7 extended, 6-0 CdbMaxBusyTime */

/* page 9Fh offsets, from 128 */
#define EMU_CDB_CMDID		0	/* 128-129 */
#define EMU_CDB_EPLLEN		2	/* 130-131 */
#define EMU_CDB_LPLLEN		4	/* 132 */
#define EMU_CDB_CHKCODE		5	/* 133 */
#define EMU_CDB_RPLLEN		6	/* 134 */
#define EMU_CDB_RPLCHK		7	/* 135 */
#define EMU_CDB_LPL		8	/* 136-255 */

/* CDB status codes */
#define CDB_BUSY		0x83
#define CDB_OK			0x01
#define CDB_FAIL		0x40
#define CDB_FAIL_CMDID		0x41
#define CDB_FAIL_PARAM		0x42
#define CDB_FAIL_CHKCODE	0x45
#define CDB_FAIL_STATE		0x47

/* CMDIDs */
#define CDB_QUERY_STATUS	0x0000
#define CDB_MODULE_FEATURES	0x0040
#define CDB_FW_FEATURES		0x0041
#define CDB_FW_INFO		0x0100
#define CDB_FW_START		0x0101
#define CDB_FW_ABORT		0x0102
#define CDB_FW_WRITE_LPL	0x0103
#define CDB_FW_WRITE_EPL	0x0104
#define CDB_FW_COMPLETE		0x0107
#define CDB_FW_RUN		0x0109
#define CDB_FW_COMMIT		0x010a

#define EMU_CDB_FEATURES_LEN	36
#define EMU_CDB_FW_FEATURES_LEN	18
#define EMU_CDB_FW_INFO_LEN	74	/* status, info, images A and B */
#define EMU_CDB_FW_INFO_IMG	36	/* version, build, extra string */
#define EMU_CDB_NACK_FACTOR	3	/* cdb-nack: busy 3 x T_CDBB */
#define EMU_CDB_STALE_MS	20	/* cdb-stale: the old status shows this long */
#define EMU_CDB_STALE_BUSY_MS	30	/* cdb-stale: shortest busy time */

static const char emu_fw_magic[8] = "OSFPEMFW";

/* Big-endian fields of the CDB registers and payloads. */
static u16 emu_be16(const u8 *b)
{
	return b[0] << 8 | b[1];
}

static u32 emu_be32(const u8 *b)
{
	return (u32)b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3];
}

static void emu_put_be16(u16 v, u8 *b)
{
	b[0] = v >> 8;
	b[1] = v & 0xff;
}

/* Busy time of each command, in ms (0: completes at the trigger). */
static unsigned int emu_cdb_busy_ms(u16 cmd)
{
	switch (cmd) {
	case CDB_FW_START:
		return 20;
	case CDB_FW_ABORT:
	case CDB_FW_WRITE_LPL:
		return 1;
	case CDB_FW_WRITE_EPL:
		return 4;
	case CDB_FW_COMPLETE:
		return 50;
	case CDB_FW_COMMIT:
		return 10;
	default:
		return 0;
	}
}

/* Page 01h of the module, NULL for flat memory. */
static u8 *emu_cdb_p01(struct emu_port *p)
{
	if (!p->live || (p->live->lower[CMIS_FLAT_MEM] & BIT(7)))
		return NULL;
	return emu_image_page(p->live, 0x01, 0);
}

/* Number of EPL pages the module advertises, 0 without CDB. */
static unsigned int emu_cdb_epl_pages(struct emu_port *p)
{
	static const u8 pages[] = { 0, 1, 2, 3, 4, 8, 12, 16 };
	u8 *p01 = emu_cdb_p01(p);
	u8 code;

	if (!p01 || !(p01[EMU_P01_CDB - 128] & 0xc0))
		return 0;
	code = p01[EMU_P01_CDB - 128] & 0x0f;
	return code < ARRAY_SIZE(pages) ? pages[code] : 0;
}

static bool emu_cdb_supported(struct emu_port *p)
{
	u8 *p01 = emu_cdb_p01(p);

	return p01 && (p01[EMU_P01_CDB - 128] & 0xc0);
}

/* CdbReadWriteLengthExtension, capped at 15 (128 bytes). */
static unsigned int emu_cdb_rw_ext(struct emu_port *p)
{
	u8 *p01 = emu_cdb_p01(p);

	return p01 ? min_t(unsigned int, p01[EMU_P01_CDB_RW_EXT - 128], 15) : 0;
}

/* T_CDBB, the advertised maximum busy time, in ms. */
static unsigned int emu_cdb_max_busy_ms(struct emu_port *p)
{
	u8 *p01 = emu_cdb_p01(p);
	u8 busy, ext;

	if (!p01)
		return 80;
	busy = p01[EMU_P01_CDB_BUSY - 128];
	ext = p01[EMU_P01_CDB_EXT_BUSY - 128] & 0x1f;
	if (busy & BIT(7))
		return max_t(unsigned int, ext, 1) * 160;
	return clamp_t(unsigned int, busy & 0x7f, 1, 80);
}

/**
 * emu_cdb_page() - a synthesized CDB page of the module
 * @p: the port (lock held)
 * @page: page number
 * @bank: bank number
 *
 * Return: the 128 bytes of page 9Fh or of an advertised EPL page (bank 0
 * only) when the module advertises CDB, else NULL.
 */
u8 *emu_cdb_page(struct emu_port *p, u8 page, u8 bank)
{
	if (page < EMU_CDB_PAGE || bank)
		return NULL;
	if (page == EMU_CDB_PAGE)
		return emu_cdb_supported(p) ? p->cdb.pages[0] : NULL;
	if (page - EMU_CDB_EPL_PAGE < emu_cdb_epl_pages(p))
		return p->cdb.pages[1 + page - EMU_CDB_EPL_PAGE];
	return NULL;
}

/**
 * emu_cdb_rw_limit() - data bytes a READ or WRITE of the upper half may carry
 * @p: the port (lock held)
 *
 * Return: 8 * (1 + min(01h:164, 15)) when the selected page is a CDB page,
 * else 8.
 */
unsigned int emu_cdb_rw_limit(struct emu_port *p)
{
	if (!emu_cdb_page(p, p->cur_page, p->cur_bank))
		return 8;
	return 8 * (1 + emu_cdb_rw_ext(p));
}

/**
 * emu_cdb_nacking() - the module NACKs every transaction (faults cdb-nack,
 *	cdb-nack-busy)
 * @p: the port (lock held)
 *
 * Return: true while a command is busy and the cdb-nack or cdb-nack-busy
 * fault is set.
 */
bool emu_cdb_nacking(struct emu_port *p)
{
	return p->cdb.busy &&
	       (p->faults & (EMU_FAULT_CDB_NACK | EMU_FAULT_CDB_NACK_BUSY));
}

static void emu_cdb_free_fw(struct emu_cdb *c)
{
	vfree(c->fw);
	c->fw = NULL;
	c->fw_len = 0;
	c->fw_rcvd = 0;
}

/* Arm the work for the earliest of the busy command's end and the Run. */
static void emu_cdb_arm(struct emu_port *p)
{
	struct emu_cdb *c = &p->cdb;
	unsigned long delay = ULONG_MAX;
	s64 left;

	if (p->dying)
		return;
	if (c->busy && !c->stuck) {
		/* rounded up to a jiffy: emu_cdb_poll() is precise */
		left = ktime_us_delta(c->due, ktime_get());
		delay = left > 0 ? usecs_to_jiffies(left) : 0;
	}
	if (c->run_pending)
		delay = min(delay, time_after(c->run_due, jiffies) ?
				   c->run_due - jiffies : 0);
	if (delay != ULONG_MAX)
		mod_delayed_work(system_wq, &c->work, delay);
}

/* Versions of the running and the other image into the module's memory. */
static void emu_cdb_show_versions(struct emu_port *p)
{
	struct emu_cdb *c = &p->cdb;
	u16 run = c->ver[c->running], other = c->ver[!c->running];
	u8 *p01 = emu_cdb_p01(p);

	emu_put_be16(run, &p->live->lower[EMU_CDB_FW_VER]);
	if (p01)
		emu_put_be16(other, p01);
}

static u8 emu_cdb_sum(const u8 *buf, size_t len)
{
	u8 sum = 0;

	while (len--)
		sum += *buf++;
	return sum;
}

/* ---- commands --------------------------------------------------------- */

static u8 emu_cdb_features(struct emu_port *p, u8 *rpl, u8 *rpl_len)
{
	memset(rpl, 0, EMU_CDB_FEATURES_LEN);
	rpl[0] = BIT(0);		/* 0000h */
	rpl[8] = BIT(0) | BIT(1);	/* 0040h, 0041h */
	emu_put_be16(500, &rpl[34]);	/* max completion time, ms */
	*rpl_len = EMU_CDB_FEATURES_LEN;
	return CDB_OK;
}

static u8 emu_cdb_fw_features(struct emu_port *p, u8 *rpl, u8 *rpl_len)
{
	memset(rpl, 0, EMU_CDB_FW_FEATURES_LEN);
	rpl[2] = EMU_CDB_FW_HDR;	/* StartCmdPayloadSize */
	rpl[3] = 0xff;			/* erased byte */
	rpl[4] = emu_cdb_rw_ext(p);
	rpl[5] = emu_cdb_epl_pages(p) ? 0x11 : 0x01;	/* LPL (+ EPL) */
	emu_put_be16(500, &rpl[8]);	/* start, ms */
	emu_put_be16(100, &rpl[10]);	/* abort */
	emu_put_be16(100, &rpl[12]);	/* write */
	emu_put_be16(1000, &rpl[14]);	/* complete */
	*rpl_len = EMU_CDB_FW_FEATURES_LEN;
	return CDB_OK;
}

/*
 * 0100h Get Firmware Info (CMIS 5.2 table 9-17): firmware status (bit 0/4
 * image A/B running, 1/5 committed, 2/6 empty or invalid), which image
 * versions follow (bit 0 A, bit 1 B; no factory image), then for image A
 * at 2 and B at 38: major, minor, build (BE16, 0 here) and a 32-byte
 * extra string.
 */
static u8 emu_cdb_fw_info(struct emu_port *p, u8 *rpl, u8 *rpl_len)
{
	struct emu_cdb *c = &p->cdb;
	unsigned int i;
	u8 *img;

	memset(rpl, 0, EMU_CDB_FW_INFO_LEN);
	for (i = 0; i < 2; i++) {
		if (c->running == i)
			rpl[0] |= BIT(4 * i);
		if (c->committed == i)
			rpl[0] |= BIT(4 * i + 1);
		if (!c->valid[i]) {
			rpl[0] |= BIT(4 * i + 2);
			continue;
		}
		rpl[1] |= BIT(i);
		img = &rpl[2 + i * EMU_CDB_FW_INFO_IMG];
		emu_put_be16(c->ver[i], img);
		snprintf(&img[4], 32, "osfp-emu image %c", 'A' + i);
	}
	*rpl_len = EMU_CDB_FW_INFO_LEN;
	return CDB_OK;
}

static u8 emu_cdb_fw_start(struct emu_port *p)
{
	struct emu_cdb *c = &p->cdb;
	u32 size;

	if (c->lpl_len < 8 + EMU_CDB_FW_HDR)
		return CDB_FAIL_PARAM;
	size = emu_be32(&c->lpl[0]);
	if (size <= EMU_CDB_FW_HDR || size - EMU_CDB_FW_HDR > EMU_CDB_FW_MAX)
		return CDB_FAIL_PARAM;
	emu_cdb_free_fw(c);
	c->fw = vmalloc(size - EMU_CDB_FW_HDR);
	if (!c->fw)
		return CDB_FAIL;
	c->fw_len = size - EMU_CDB_FW_HDR;
	memcpy(c->fw_hdr, &c->lpl[8], EMU_CDB_FW_HDR);
	return CDB_OK;
}

/* Append a block at @addr: blocks must arrive in order. */
static u8 emu_cdb_fw_block(struct emu_cdb *c, u32 addr, const u8 *data,
			   size_t len)
{
	if (addr != c->fw_rcvd || !len || len > c->fw_len - c->fw_rcvd)
		return CDB_FAIL_PARAM;
	memcpy(c->fw + addr, data, len);
	c->fw_rcvd += len;
	return CDB_OK;
}

static u8 emu_cdb_fw_write_lpl(struct emu_port *p)
{
	struct emu_cdb *c = &p->cdb;

	if (!c->fw)
		return CDB_FAIL_STATE;
	if (c->lpl_len < 4)
		return CDB_FAIL_PARAM;
	return emu_cdb_fw_block(c, emu_be32(&c->lpl[0]), &c->lpl[4],
				c->lpl_len - 4);
}

static u8 emu_cdb_fw_write_epl(struct emu_port *p)
{
	struct emu_cdb *c = &p->cdb;
	u32 addr, done;
	size_t n;
	u8 ret;

	if (!c->fw)
		return CDB_FAIL_STATE;
	if (c->lpl_len < 4 || !c->epl_len ||
	    c->epl_len > emu_cdb_epl_pages(p) * EMU_PAGE_SIZE)
		return CDB_FAIL_PARAM;
	addr = emu_be32(&c->lpl[0]);
	if (addr != c->fw_rcvd || c->epl_len > c->fw_len - c->fw_rcvd)
		return CDB_FAIL_PARAM;
	for (done = 0; done < c->epl_len; done += n) {
		n = min_t(size_t, c->epl_len - done, EMU_PAGE_SIZE);
		ret = emu_cdb_fw_block(c, addr + done,
				       c->pages[1 + done / EMU_PAGE_SIZE], n);
		if (ret != CDB_OK)
			return ret;
	}
	return CDB_OK;
}

static u8 emu_cdb_fw_complete(struct emu_port *p)
{
	struct emu_cdb *c = &p->cdb;
	const u8 *hdr = c->fw_hdr;
	u8 other = !c->running;
	u8 ret = CDB_FAIL;

	if (!c->fw)
		return CDB_FAIL_STATE;
	if (c->fw_rcvd == c->fw_len &&
	    !memcmp(hdr, emu_fw_magic, sizeof(emu_fw_magic)) &&
	    emu_be32(&hdr[12]) == c->fw_len &&
	    emu_be32(&hdr[16]) == (crc32_le(~0, c->fw, c->fw_len) ^ ~0)) {
		c->ver[other] = hdr[8] << 8 | hdr[9];
		c->valid[other] = true;
		emu_cdb_show_versions(p);
		ret = CDB_OK;
	}
	emu_cdb_free_fw(c);
	return ret;
}

static u8 emu_cdb_fw_run(struct emu_port *p)
{
	struct emu_cdb *c = &p->cdb;
	u16 delay = 0;
	u8 mode, target;

	if (c->lpl_len < 2)
		return CDB_FAIL_PARAM;
	mode = c->lpl[1];
	if (mode > 3)
		return CDB_FAIL_PARAM;
	if (c->lpl_len >= 4)
		delay = emu_be16(&c->lpl[2]);
	target = mode < 2 ? !c->running : c->running;
	if (!c->valid[target])
		return CDB_FAIL_STATE;
	c->run_pending = true;
	c->run_target = target;
	c->run_due = jiffies + msecs_to_jiffies(delay);
	return CDB_OK;
}

static u8 emu_cdb_exec(struct emu_port *p, u8 *rpl, u8 *rpl_len)
{
	struct emu_cdb *c = &p->cdb;

	*rpl_len = 0;
	switch (c->cmd) {
	case CDB_QUERY_STATUS:
		rpl[0] = 1;	/* length of the status */
		rpl[1] = 0x01;	/* (no password needed) accepted */
		*rpl_len = 2;
		return CDB_OK;
	case CDB_MODULE_FEATURES:
		return emu_cdb_features(p, rpl, rpl_len);
	case CDB_FW_FEATURES:
		return emu_cdb_fw_features(p, rpl, rpl_len);
	case CDB_FW_INFO:
		return emu_cdb_fw_info(p, rpl, rpl_len);
	case CDB_FW_START:
		return emu_cdb_fw_start(p);
	case CDB_FW_ABORT:
		emu_cdb_free_fw(c);
		return CDB_OK;
	case CDB_FW_WRITE_LPL:
		return emu_cdb_fw_write_lpl(p);
	case CDB_FW_WRITE_EPL:
		return emu_cdb_fw_write_epl(p);
	case CDB_FW_COMPLETE:
		return emu_cdb_fw_complete(p);
	case CDB_FW_RUN:
		return emu_cdb_fw_run(p);
	case CDB_FW_COMMIT:
		c->committed = c->running;
		return CDB_OK;
	default:
		return CDB_FAIL_CMDID;
	}
}

/* The busy command ends: run it, publish status and reply, latch the flag. */
static void emu_cdb_finish(struct emu_port *p)
{
	struct emu_cdb *c = &p->cdb;
	u8 *pg = c->pages[0];
	u8 rpl[EMU_CDB_LPL_MAX];
	u8 rpl_len = 0;

	c->busy = false;
	c->stale = false;
	if (c->bad_chk)
		c->status = CDB_FAIL_CHKCODE;
	else
		c->status = emu_cdb_exec(p, rpl, &rpl_len);
	pg[EMU_CDB_RPLLEN] = rpl_len;
	pg[EMU_CDB_RPLCHK] = ~emu_cdb_sum(rpl, rpl_len);
	memcpy(&pg[EMU_CDB_LPL], rpl, rpl_len);
	p->live->lower[EMU_CDB_STATUS] = c->status;
	emu_port_latch(p, CMIS_FLAGS, EMU_CDB_CMD_DONE);
}

/**
 * emu_cdb_trigger() - a write message included 9Fh:129: run the command
 * @p: the port (lock held), module answering
 *
 * The request (CMDID, lengths, LPL) is captured and its CdbChkCode checked
 * now; the command runs when its busy time is over (at once for the ones
 * without).  A command triggered while another is busy replaces it.
 */
void emu_cdb_trigger(struct emu_port *p)
{
	struct emu_cdb *c = &p->cdb;
	u8 *pg = c->pages[0];
	unsigned int ms;
	u8 chk;

	lockdep_assert_held(&p->lock);

	c->cmd = emu_be16(&pg[EMU_CDB_CMDID]);
	c->epl_len = emu_be16(&pg[EMU_CDB_EPLLEN]);
	c->lpl_len = min_t(u8, pg[EMU_CDB_LPLLEN], EMU_CDB_LPL_MAX);
	memcpy(c->lpl, &pg[EMU_CDB_LPL], EMU_CDB_LPL_MAX);
	chk = ~(emu_cdb_sum(pg, EMU_CDB_CHKCODE) +
		emu_cdb_sum(&pg[EMU_CDB_LPL], c->lpl_len));
	c->bad_chk = chk != pg[EMU_CDB_CHKCODE] ||
		     pg[EMU_CDB_LPLLEN] > EMU_CDB_LPL_MAX ||
		     (p->faults & EMU_FAULT_CDB_CHKCODE);
	c->commands++;
	if (c->busy)
		c->busy_arrivals++;
	c->busy = true;
	c->stuck = p->faults & EMU_FAULT_CDB_BUSY;
	c->status = CDB_BUSY;
	c->stale = p->faults & EMU_FAULT_CDB_STALE;
	if (c->stale)
		c->stale_until = ktime_add_ms(ktime_get(), EMU_CDB_STALE_MS);
	else
		p->live->lower[EMU_CDB_STATUS] = CDB_BUSY;

	ms = emu_cdb_busy_ms(c->cmd);
	if (p->faults & EMU_FAULT_CDB_NACK)
		ms = EMU_CDB_NACK_FACTOR * emu_cdb_max_busy_ms(p);
	else if (p->faults & EMU_FAULT_CDB_NACK_BUSY)
		ms = emu_cdb_max_busy_ms(p);
	if (c->stale)
		ms = max_t(unsigned int, ms, EMU_CDB_STALE_BUSY_MS);
	c->due = ktime_add_ms(ktime_get(), ms);
	if (!ms && !c->stuck)
		emu_cdb_finish(p);
	/* a Run resets the module from the work, after this message */
	emu_cdb_arm(p);
}

/**
 * emu_cdb_poll() - end the busy time or carry out a Run that is due
 * @p: the port (lock held)
 *
 * Called at the start of every bus transaction and by the CDB work.
 */
void emu_cdb_poll(struct emu_port *p)
{
	struct emu_cdb *c = &p->cdb;

	lockdep_assert_held(&p->lock);

	if (c->busy && c->stale && ktime_compare(ktime_get(), c->stale_until) >= 0) {
		c->stale = false;
		p->live->lower[EMU_CDB_STATUS] = CDB_BUSY;
	}
	if (c->busy && !c->stuck && ktime_compare(ktime_get(), c->due) >= 0)
		emu_cdb_finish(p);
	if (c->run_pending && !time_before(jiffies, c->run_due)) {
		c->run_pending = false;
		c->boot_next = c->run_target;
		emu_port_reset(p);	/* emu_cdb_boot() boots run_target */
	}
	emu_cdb_arm(p);
}

static void emu_cdb_work(struct work_struct *work)
{
	struct emu_port *p = container_of(to_delayed_work(work),
					  struct emu_port, cdb.work);

	mutex_lock(&p->lock);
	if (!p->dying)
		emu_cdb_poll(p);
	mutex_unlock(&p->lock);
}

/**
 * emu_cdb_stop() - the module stops: drop the command, the Run, the download
 * @p: the port (lock held)
 *
 * For an unplug, a reset (RESET_N, SoftwareReset, Run) and an image load.
 */
void emu_cdb_stop(struct emu_port *p)
{
	struct emu_cdb *c = &p->cdb;

	lockdep_assert_held(&p->lock);

	cancel_delayed_work(&c->work);
	c->busy = false;
	c->stuck = false;
	c->stale = false;
	c->run_pending = false;
	emu_cdb_free_fw(c);
}

/**
 * emu_cdb_boot() - management init: boot an image, CDB pages cleared
 * @p: the port (lock held); its live memory was just copied from the image
 *
 * The image named by the last Run, else the committed one, runs; its
 * version goes to lower 39-40, the other image's to 01h:128-129.
 */
void emu_cdb_boot(struct emu_port *p)
{
	struct emu_cdb *c = &p->cdb;

	lockdep_assert_held(&p->lock);

	emu_cdb_stop(p);
	if (c->boot_next >= 0)
		c->running = c->boot_next;
	else
		c->running = c->committed;
	c->boot_next = -1;
	c->status = 0;
	memset(c->pages, 0, sizeof(c->pages));
	emu_cdb_show_versions(p);
}

/**
 * emu_cdb_load() - a new module: firmware images from its image file
 * @p: the port (lock held), @p->pristine is the new image
 *
 * Image A (lower 39-40) runs and is committed; image B has the version in
 * 01h:128-129 (none if that is 0.0 or the memory is flat).
 */
void emu_cdb_load(struct emu_port *p)
{
	struct emu_cdb *c = &p->cdb;
	const u8 *lower = p->pristine->lower;
	u8 *p01 = NULL;

	lockdep_assert_held(&p->lock);

	emu_cdb_stop(p);
	if (!(lower[CMIS_FLAT_MEM] & BIT(7)))
		p01 = emu_image_page(p->pristine, 0x01, 0);
	c->ver[0] = emu_be16(&lower[EMU_CDB_FW_VER]);
	c->ver[1] = p01 ? emu_be16(p01) : 0;
	c->valid[0] = true;
	c->valid[1] = c->ver[1] != 0;
	c->running = 0;
	c->committed = 0;
	c->boot_next = -1;
	c->commands = 0;
	c->busy_arrivals = 0;
	c->cmd = 0;
	c->status = 0;
}

/**
 * emu_cdb_init() - initialise the CDB state of a port
 * @p: the port, being initialised
 */
void emu_cdb_init(struct emu_port *p)
{
	INIT_DELAYED_WORK(&p->cdb.work, emu_cdb_work);
	p->cdb.boot_next = -1;
}

/**
 * emu_cdb_destroy() - wait for the CDB work, free the download buffer
 * @p: the port, marked dying (the work no longer re-arms itself)
 */
void emu_cdb_destroy(struct emu_port *p)
{
	cancel_delayed_work_sync(&p->cdb.work);
	emu_cdb_free_fw(&p->cdb);
}

/**
 * emu_cdb_stats() - the CDB lines of the port's stats file
 * @p: the port (lock held)
 * @buf: output
 * @size: size of @buf
 *
 * Return: the number of characters written (scnprintf()).
 */
int emu_cdb_stats(struct emu_port *p, char *buf, size_t size)
{
	struct emu_cdb *c = &p->cdb;
	u16 run = c->ver[c->running], com = c->ver[c->committed];
	u16 other = c->valid[!c->running] ? c->ver[!c->running] : 0;

	lockdep_assert_held(&p->lock);

	return scnprintf(buf, size,
			 "cdb_commands %llu\n"
			 "cdb_busy_arrivals %llu\n"
			 "cdb_last 0x%04x\n"
			 "cdb_status 0x%02x\n"
			 "fw_running %u.%u\n"
			 "fw_committed %u.%u\n"
			 "fw_inactive %u.%u\n",
			 c->commands, c->busy_arrivals, c->cmd, c->status,
			 run >> 8, run & 0xff, com >> 8, com & 0xff,
			 other >> 8, other & 0xff);
}
