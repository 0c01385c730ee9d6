// SPDX-License-Identifier: GPL-2.0
/*
 * Module firmware update over CMIS CDB (CMIS 5.2 sections 7.2.2, 9.2 and
 * 9.7).
 *
 * Two CDB hosts can drive a module's firmware download through this driver:
 *
 *  - the kernel's own flow (ethtool --flash-module-firmware, kernels 6.11
 *    on: net/ethtool/cmis_fw_update.c), through the cage's
 *    set_module_eeprom_by_page and reset operations (ethtool.c, core.c);
 *  - the engine in this file, for every kernel: a firmware file name
 *    written to /sys/class/osfp/<label>/firmware_update is loaded with
 *    request_firmware() and downloaded by a work item, which reports its
 *    phase, progress and error in the firmware_update_status,
 *    firmware_update_progress and firmware_update_error attributes.
 *
 * The engine's steps, after checking that the module is in ModuleReady or
 * ModuleLowPwr (as the kernel's flow does) and advertises CDB (01h:163):
 *
 *  1. the data path goes down: DPDeinit on every host lane (page 10h byte
 *     128 of each bank), until page 11h reports every lane deactivated;
 *  2. 0041h Firmware Management Features: write mechanism, size of the
 *     start payload, write length and the commands' longest durations;
 *  3. 0101h Start Firmware Download: the image size and the file's first
 *     StartCmdPayloadSize bytes (the vendor header);
 *  4. 0104h Write Firmware Block EPL when the module advertises EPL pages
 *     and the EPL write mechanism, else 0103h Write Firmware Block LPL,
 *     for the rest of the file;
 *  5. 0107h Complete Firmware Download: the module checks the image;
 *  6. 0109h Run Firmware Image: the module resets into the new image, and
 *     the driver identifies it again as after any reset;
 *  7. 010Ah Commit Firmware Image: the new image is the one that boots;
 *  8. a module reset, so that what runs is what a power cycle would run.
 *
 * A failure before step 6 sends 0102h Abort Firmware Download and gives the
 * data path back: the old image never stopped running. A failure from step
 * 6 on resets the module, which then boots the committed (old) image.
 *
 * One command is written under the cage lock in one go: the EPL pages, page
 * 9Fh from byte 130 on (lengths, CdbChkCode, LPL), then the CMDID (bytes
 * 128-129), which triggers it. Its completion flag (lower byte 8 bit 6,
 * from CMIS 5.0 on: a module may show the previous command's status for a
 * while) and its status (lower byte 37) are then polled with the lock
 * dropped between reads, so the other consumers go on. A
 * module in foreground mode may NACK while it captures a command: NACKs are
 * retried during its advertised busy time (01h:165-166).
 *
 * While the engine runs, writes by consumers to the CDB registers (pages
 * 9Fh and A0h-AFh, the password bytes) and power mode changes are refused
 * with -EBUSY; and the engine does not start while another host (the
 * kernel's flow) used the CDB registers in the last 10 seconds.
 *
 * Locking: &struct osfp_fw is protected by the cage lock (see core.c); the
 * work item runs without it and takes it for each step.
 */

#include <linux/delay.h>
#include <linux/device.h>
#include <linux/errno.h>
#include <linux/firmware.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/mutex.h>
#include <linux/netlink.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <linux/workqueue.h>

#include "osfp_compat.h"
#include "osfp_core.h"

/* Lower memory */
#define OSFP_CDB_FLAGS		8	/* bit 6: CdbCmdCompleteFlag1 */
#define OSFP_CDB_STATUS		37	/* CdbStatus of instance 1 */
#define OSFP_CDB_STS_BUSY	BIT(7)
#define OSFP_CDB_STS_FAIL	BIT(6)
#define OSFP_CDB_STS_SUCCESS	0x01

/* Page 9Fh (CMIS 5.2 table 9-3) */
#define OSFP_CDB_CMDID		128	/* 128-129, big endian: the trigger */
#define OSFP_CDB_BODY		130	/* EPL length, LPL length, CdbChkCode */
#define OSFP_CDB_RPL		134	/* RPL length, RPL check code, RPL */
#define OSFP_CDB_LPL		136
#define OSFP_CDB_LPL_MAX	120	/* 136-255 */

/*
 * Page 10h byte 128 (DPDeinit) and page 11h bytes 128-131 (DPState).
 * Byte 128 is DPDeinit (1 = deinitialize) from CMIS 4.0 on; in CMIS 3.0 it
 * is DataPathPwrUp (1 = power up). The engine only runs on CMIS 4.0 and
 * later (osfp_fw_can_start(), as the kernel's flow), so it always writes
 * DPDeinit.
 */
#define OSFP_PAGE_DP_CTRL	0x10
#define OSFP_PAGE_DP_STATUS	0x11
#define OSFP_DP_DEINIT		128
#define OSFP_DP_STATE		128

/* Commands (CMIS 5.2 section 9.7) */
#define OSFP_CDB_FW_FEATURES	0x0041
#define OSFP_CDB_START		0x0101
#define OSFP_CDB_ABORT		0x0102
#define OSFP_CDB_WRITE_LPL	0x0103
#define OSFP_CDB_WRITE_EPL	0x0104
#define OSFP_CDB_COMPLETE	0x0107
#define OSFP_CDB_RUN		0x0109
#define OSFP_CDB_COMMIT		0x010a

/* 0041h write mechanism (reply byte 5) */
#define OSFP_CDB_WRITE_LPL_OK	BIT(0)
#define OSFP_CDB_WRITE_EPL_OK	BIT(4)

#define OSFP_CDB_DEFAULT_MS	5000	/* a command without advertised time */
#define OSFP_CDB_MARGIN_MS	100	/* on top of an advertised time */
#define OSFP_CDB_POLL_MIN_US	500
#define OSFP_CDB_POLL_MAX_US	16000
#define OSFP_CDB_OTHER_HOST_MS	10000	/* another CDB host seen: hands off */
#define OSFP_FW_RUN_SETTLE_MS	200	/* Run: after its delay, the reset done */
#define OSFP_CDB_RUN_DELAY	138	/* 0109h LPL 138-139: delay to reset, ms */
#define OSFP_FW_READY_MS	10000	/* the module back after a reset */
#define OSFP_FW_DP_MAX_MS	10000	/* cap of the DPDeinit wait */
#define OSFP_FW_DP_POLL_MS	10
#define OSFP_FW_UNWIND_MS	1000	/* on top of the busy time: undo */
#define OSFP_FW_NAME_MAX	128

/**
 * struct osfp_cdb_fw_features - reply to 0041h Firmware Management Features
 * @features: image features (readback, copy, ...), unused here
 * @resv1: reserved
 * @start_len: StartCmdPayloadSize: bytes of the image carried by 0101h
 * @erased_byte: value of an erased byte
 * @rw_len_ext: ReadWriteLengthExtension of the firmware commands: a block
 *	write's LPL may be 8 * (1 + @rw_len_ext) bytes long
 * @write_mech: write mechanism, %OSFP_CDB_WRITE_LPL_OK and
 *	%OSFP_CDB_WRITE_EPL_OK
 * @read_mech: read mechanism, unused here
 * @hitless: hitless restart supported, unused here
 * @t_start: longest duration of 0101h, ms
 * @t_abort: longest duration of 0102h, ms
 * @t_write: longest duration of 0103h and 0104h, ms
 * @t_complete: longest duration of 0107h, ms
 * @t_copy: longest duration of 0108h, ms, unused here
 *
 * CMIS 5.2 table 9-18; the durations are big endian, 0 when not given.
 */
struct osfp_cdb_fw_features {
	u8 features;
	u8 resv1;
	u8 start_len;
	u8 erased_byte;
	u8 rw_len_ext;
	u8 write_mech;
	u8 read_mech;
	u8 hitless;
	__be16 t_start;
	__be16 t_abort;
	__be16 t_write;
	__be16 t_complete;
	__be16 t_copy;
} __packed;

/**
 * struct osfp_cdb_cmd - one CDB command to run
 * @id: CMDID
 * @name: what it does, for messages
 * @lpl: local payload, or NULL
 * @lpl_len: bytes of @lpl, at most %OSFP_CDB_LPL_MAX
 * @epl: extended payload (pages A0h on), or NULL
 * @epl_len: bytes of @epl
 * @rpl: where the reply goes, or NULL
 * @rpl_len: bytes of reply expected in @rpl
 * @timeout_ms: longest time the command may take
 */
struct osfp_cdb_cmd {
	u16 id;
	const char *name;
	const u8 *lpl;
	u8 lpl_len;
	const u8 *epl;
	u16 epl_len;
	void *rpl;
	u8 rpl_len;
	u32 timeout_ms;
};

/* Big-endian fields of the CDB registers (no unaligned.h: 6.1 and 6.12) */
static void osfp_put_be16(u16 v, u8 *p)
{
	p[0] = v >> 8;
	p[1] = v;
}

static void osfp_put_be32(u32 v, u8 *p)
{
	osfp_put_be16(v >> 16, p);
	osfp_put_be16(v, p + 2);
}

static const char * const osfp_fw_state_names[] = {
	[OSFP_FW_IDLE] = "idle",
	[OSFP_FW_PREPARING] = "preparing",
	[OSFP_FW_DOWNLOADING] = "downloading",
	[OSFP_FW_COMPLETING] = "completing",
	[OSFP_FW_ACTIVATING] = "activating",
	[OSFP_FW_COMMITTING] = "committing",
	[OSFP_FW_DONE] = "done",
	[OSFP_FW_FAILED] = "failed",
};

/* CdbStatus failure codes (CMIS 5.2 table 9-2), as the kernel words them */
static const char *osfp_cdb_fail_text(u8 status)
{
	switch (status & 0x3f) {
	case 0x00:
		return "no specific failure";
	case 0x01:
		return "CMDID unknown";
	case 0x02:
		return "parameter range error or parameter not supported";
	case 0x03:
		return "previous command not properly aborted";
	case 0x04:
		return "command checking time out";
	case 0x05:
		return "CdbChkCode error";
	case 0x06:
		return "password error";
	case 0x07:
		return "command not compatible with the operating status";
	default:
		return "vendor specific failure";
	}
}

static struct osfp_cage *osfp_fw_cage(struct osfp_fw *fw)
{
	return container_of(fw, struct osfp_cage, fw);
}

/* Record the failure of the update in progress, with the lock */
static int __printf(3, 0)
osfp_fw_vfail(struct osfp_fw *fw, int err, const char *fmt, va_list args)
{
	lockdep_assert_held(&osfp_fw_cage(fw)->lock);

	/* The first failure is the one that matters */
	if (!fw->error[0])
		vsnprintf(fw->error, sizeof(fw->error), fmt, args);
	return err;
}

/* Record the failure of the update in progress. Called with the lock. */
static int __printf(3, 4) __osfp_fw_fail(struct osfp_fw *fw, int err, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	osfp_fw_vfail(fw, err, fmt, args);
	va_end(args);
	return err;
}

/* The same, without the lock: takes it (sysfs reads fw->error under it) */
static int __printf(3, 4) osfp_fw_fail(struct osfp_fw *fw, int err, const char *fmt, ...)
{
	struct osfp_cage *cage = osfp_fw_cage(fw);
	va_list args;

	va_start(args, fmt);
	mutex_lock(&cage->lock);
	osfp_fw_vfail(fw, err, fmt, args);
	mutex_unlock(&cage->lock);
	va_end(args);
	return err;
}

static void osfp_fw_set_state(struct osfp_cage *cage, enum osfp_fw_state state)
{
	mutex_lock(&cage->lock);
	cage->fw.state = state;
	mutex_unlock(&cage->lock);
	sysfs_notify(&cage->cdev.kobj, NULL, "firmware_update_status");
}

/* The module the update started on has left the cage; with the lock */
static bool osfp_fw_gone(struct osfp_cage *cage)
{
	return !cage->present || cage->insertions != cage->fw.insertions;
}

/*
 * The module the update started on is still there and identified. Called
 * with the lock held; records why not.
 */
static int osfp_fw_check(struct osfp_cage *cage)
{
	struct osfp_fw *fw = &cage->fw;

	/* Unbinding stops the update, but what it undoes is still undone */
	if (cage->stopping && !fw->unwinding)
		return __osfp_fw_fail(fw, -ESHUTDOWN, "driver unbound during the update");
	if (osfp_fw_gone(cage))
		return __osfp_fw_fail(fw, -ENODEV, "module removed during the update");
	if (!osfp_module_identified(cage))
		return __osfp_fw_fail(fw, -EIO, "module not identified (state %s)",
				      osfp_sm_state_name(cage->state));
	return 0;
}

static bool osfp_fw_nack(int err)
{
	return err == -ENXIO || err == -EREMOTEIO || err == -EAGAIN;
}

/* Write a command's EPL, body and CMDID: the module starts it. With the lock. */
static int osfp_cdb_send(struct osfp_cage *cage, const struct osfp_cdb_cmd *c)
{
	u8 body[OSFP_CDB_LPL - OSFP_CDB_BODY + OSFP_CDB_LPL_MAX];
	u8 id[2], sum, page;
	unsigned int i, off, n;
	int ret;

	/* CdbChkCode: ones' complement of the sum of 128-132 and the LPL */
	osfp_put_be16(c->id, id);
	osfp_put_be16(c->epl_len, &body[0]);
	body[2] = c->lpl_len;
	body[3] = 0;
	body[4] = 0;
	body[5] = 0;
	if (c->lpl_len)
		memcpy(&body[6], c->lpl, c->lpl_len);
	sum = id[0] + id[1] + body[0] + body[1] + body[2];
	for (i = 0; i < c->lpl_len; i++)
		sum += c->lpl[i];
	body[3] = ~sum;

	for (off = 0, page = CMIS_EPL_PAGE; off < c->epl_len; off += n, page++) {
		n = min_t(unsigned int, c->epl_len - off, CMIS_PAGE_SIZE);
		ret = osfp_access_write(cage, 0, page, 128, c->epl + off, n);
		if (ret)
			return ret;
	}
	ret = osfp_access_write(cage, 0, CMIS_CDB_PAGE, OSFP_CDB_BODY, body, 6 + c->lpl_len);
	if (ret)
		return ret;
	return osfp_access_write(cage, 0, CMIS_CDB_PAGE, OSFP_CDB_CMDID, id, sizeof(id));
}

/* Read and check the reply of a command that succeeded. With the lock. */
static int osfp_cdb_reply(struct osfp_cage *cage, const struct osfp_cdb_cmd *c)
{
	u8 rpl[2 + OSFP_CDB_LPL_MAX];
	u8 sum = 0;
	unsigned int i;
	int ret;

	ret = osfp_access_read(cage, 0, CMIS_CDB_PAGE, OSFP_CDB_RPL, rpl, 2 + c->rpl_len);
	if (ret)
		return ret;
	if (rpl[0] < c->rpl_len || rpl[0] > OSFP_CDB_LPL_MAX)
		return __osfp_fw_fail(&cage->fw, -EIO,
				      "CDB command %04xh (%s): reply of %u bytes, expected %u",
				      c->id, c->name, rpl[0], c->rpl_len);
	for (i = 0; i < c->rpl_len; i++)
		sum += rpl[2 + i];
	/* The check code covers the whole reply: read the rest when longer */
	if (rpl[0] > c->rpl_len) {
		ret = osfp_access_read(cage, 0, CMIS_CDB_PAGE, OSFP_CDB_LPL + c->rpl_len,
				       &rpl[2 + c->rpl_len], rpl[0] - c->rpl_len);
		if (ret)
			return ret;
		for (; i < rpl[0]; i++)
			sum += rpl[2 + i];
	}
	if ((u8)~sum != rpl[1])
		return __osfp_fw_fail(&cage->fw, -EIO,
				      "CDB command %04xh (%s): reply check code %02xh, computed %02xh",
				      c->id, c->name, rpl[1], (u8)~sum);
	memcpy(c->rpl, &rpl[2], c->rpl_len);
	return 0;
}

/*
 * The first poll of a write command comes when the last one's found it
 * done: sooner after a block done at the first poll, later after one that
 * took more. The block's own time is not a measure: the sleeps are in it.
 */
static void osfp_cdb_learn(struct osfp_fw *fw, bool first_poll)
{
	if (first_poll)
		fw->block_us -= fw->block_us / 8;
	else
		fw->block_us += fw->block_us / 4;
	fw->block_us = clamp_t(u32, fw->block_us, OSFP_CDB_POLL_MIN_US, OSFP_CDB_POLL_MAX_US);
}

/*
 * Run one command: send it, poll its status until it is no longer busy,
 * read its reply. Takes the lock for each step.
 */
static int osfp_cdb_exec(struct osfp_cage *cage, const struct osfp_cdb_cmd *c)
{
	struct osfp_fw *fw = &cage->fw;
	bool block = c->id == OSFP_CDB_WRITE_LPL || c->id == OSFP_CDB_WRITE_EPL;
	unsigned long start, end, nack_end;
	unsigned int us, next = OSFP_CDB_POLL_MIN_US, polls = 0;
	u8 status = 0, flags;
	bool use_flag, flagged;
	int ret;

	/* A block takes about as long as the one before */
	us = block ? fw->block_us : OSFP_CDB_POLL_MIN_US;

	mutex_lock(&cage->lock);
	ret = osfp_fw_check(cage);
	/*
	 * From CMIS 5.0 on, a command's completion latches CdbCmdCompleteFlag1
	 * (as the kernel's flow assumes): the status byte is only read once it
	 * is set, as a module may show the previous command's status for a
	 * while. A flag latched before (another host's command) is cleared.
	 */
	use_flag = cage->mod.id.rev.major >= 5;
	if (!ret && use_flag)
		ret = osfp_access_read(cage, 0, 0, OSFP_CDB_FLAGS, &flags, 1);
	fw->cdb_done = false;
	if (!ret)
		ret = osfp_cdb_send(cage, c);
	start = jiffies;
	mutex_unlock(&cage->lock);
	if (ret)
		return osfp_fw_fail(fw, ret, "CDB command %04xh (%s): write failed: %pe",
				    c->id, c->name, ERR_PTR(ret));

	end = start + msecs_to_jiffies(c->timeout_ms + OSFP_CDB_MARGIN_MS);
	nack_end = start + msecs_to_jiffies(fw->busy_ms + OSFP_CDB_MARGIN_MS);
	for (;;) {
		usleep_range(us, us + us / 2);
		us = next;
		next = min(2 * next, OSFP_CDB_POLL_MAX_US);
		polls++;

		mutex_lock(&cage->lock);
		ret = osfp_fw_check(cage);
		/* Unbinding waits for no module longer than its own bound */
		if (!ret && cage->stopping && time_after(jiffies, fw->stop_until))
			ret = __osfp_fw_fail(fw, -ESHUTDOWN,
					     "driver unbound, CDB command %04xh (%s) given up",
					     c->id, c->name);
		/* Any read of byte 8, a consumer's too, sets fw->cdb_done */
		if (!ret && use_flag && !fw->cdb_done)
			ret = osfp_access_read(cage, 0, 0, OSFP_CDB_FLAGS, &flags, 1);
		if (!ret && (!use_flag || fw->cdb_done))
			ret = osfp_access_read(cage, 0, 0, OSFP_CDB_STATUS, &status, 1);
		/* 00h is no status yet: success is 01h (and 02h-3Fh) */
		if (!ret && (!use_flag || fw->cdb_done) && status &&
		    !(status & OSFP_CDB_STS_BUSY)) {
			if (status & OSFP_CDB_STS_FAIL)
				ret = __osfp_fw_fail(fw, -EIO,
						     "CDB command %04xh (%s) failed: %s (status %02xh)",
						     c->id, c->name, osfp_cdb_fail_text(status),
						     status);
			else if (c->rpl_len)
				ret = osfp_cdb_reply(cage, c);
			mutex_unlock(&cage->lock);
			if (block)
				osfp_cdb_learn(fw, polls == 1);
			return ret;
		}
		mutex_unlock(&cage->lock);

		if (ret && !osfp_fw_nack(ret))
			return osfp_fw_fail(fw, ret,
					    "CDB command %04xh (%s): status read failed: %pe",
					    c->id, c->name, ERR_PTR(ret));
		/* Foreground mode: the module may NACK for its busy time */
		if (ret && time_after(jiffies, nack_end))
			return osfp_fw_fail(fw, -EIO,
					    "CDB command %04xh (%s): module not answering %u ms after the command (advertised busy time %u ms)",
					    c->id, c->name,
					    jiffies_to_msecs(jiffies - start), fw->busy_ms);
		if (time_after(jiffies, end))
			break;
	}
	/* Without the flag the status was not read: read it for the message */
	mutex_lock(&cage->lock);
	flagged = !use_flag || fw->cdb_done;
	if (!flagged && osfp_access_read(cage, 0, 0, OSFP_CDB_STATUS, &status, 1))
		status = 0;
	mutex_unlock(&cage->lock);
	return osfp_fw_fail(fw, -ETIMEDOUT,
			    "CDB command %04xh (%s) still busy after %u ms (status %02xh%s, advertised %u ms)",
			    c->id, c->name, jiffies_to_msecs(jiffies - start), status,
			    flagged ? "" : ", no completion flag", c->timeout_ms);
}

static u32 osfp_cdb_ms(__be16 advertised)
{
	u16 ms = be16_to_cpu(advertised);

	return ms ? ms : OSFP_CDB_DEFAULT_MS;
}

/* Step 2: what the module's firmware management offers */
static int osfp_fw_features(struct osfp_cage *cage)
{
	struct osfp_fw *fw = &cage->fw;
	struct osfp_cdb_fw_features f;
	struct osfp_cdb_cmd c = {
		.id = OSFP_CDB_FW_FEATURES, .name = "firmware management features",
		.rpl = &f, .rpl_len = sizeof(f), .timeout_ms = OSFP_CDB_DEFAULT_MS,
	};
	u8 epl_pages, status;
	int ret;

	/* A command of another host, or one that never ended, is in the way */
	mutex_lock(&cage->lock);
	ret = osfp_fw_check(cage);
	if (!ret)
		ret = osfp_access_read(cage, 0, 0, OSFP_CDB_STATUS, &status, 1);
	mutex_unlock(&cage->lock);
	if (ret)
		return osfp_fw_fail(fw, ret, "reading the CDB status: %pe", ERR_PTR(ret));
	if (status & OSFP_CDB_STS_BUSY)
		return osfp_fw_fail(fw, -EBUSY,
				    "module's CDB busy with an earlier command (status %02xh)",
				    status);

	ret = osfp_cdb_exec(cage, &c);
	if (ret)
		return ret;
	if (!(f.write_mech & (OSFP_CDB_WRITE_LPL_OK | OSFP_CDB_WRITE_EPL_OK)))
		return osfp_fw_fail(fw, -EOPNOTSUPP,
				    "module offers no firmware write mechanism (%02xh)",
				    f.write_mech);
	if (f.start_len > OSFP_CDB_LPL_MAX - 8)
		return osfp_fw_fail(fw, -EIO, "module's start payload of %u bytes is too long",
				    f.start_len);
	if (fw->image->size <= f.start_len)
		return osfp_fw_fail(fw, -EINVAL,
				    "image of %zu bytes is not larger than the module's %u-byte header",
				    fw->image->size, f.start_len);

	mutex_lock(&cage->lock);
	epl_pages = cage->mod.caps.cdb.epl_pages;
	mutex_unlock(&cage->lock);
	fw->start_len = f.start_len;
	fw->t_start = osfp_cdb_ms(f.t_start);
	fw->t_write = osfp_cdb_ms(f.t_write);
	fw->t_complete = osfp_cdb_ms(f.t_complete);
	fw->t_abort = osfp_cdb_ms(f.t_abort);
	if ((f.write_mech & OSFP_CDB_WRITE_EPL_OK) && epl_pages) {
		fw->epl = true;
		fw->block = epl_pages * CMIS_PAGE_SIZE;
	} else if (f.write_mech & OSFP_CDB_WRITE_LPL_OK) {
		fw->epl = false;
		/* LPL: the 4-byte address, then as much of the image as allowed */
		fw->block = min(8 * (1 + min_t(u32, f.rw_len_ext, 15)),
				(u32)OSFP_CDB_LPL_MAX) - 4;
	} else {
		return osfp_fw_fail(fw, -EOPNOTSUPP,
				    "module writes firmware through EPL pages it does not advertise");
	}
	return 0;
}

/* Steps 3-5: download the image */
static int osfp_fw_download(struct osfp_cage *cage)
{
	struct osfp_fw *fw = &cage->fw;
	const u8 *data = fw->image->data;
	size_t size = fw->image->size;
	size_t body = size - fw->start_len;
	u8 lpl[OSFP_CDB_LPL_MAX];
	struct osfp_cdb_cmd c = {
		.id = OSFP_CDB_START, .name = "start firmware download",
		.lpl = lpl, .lpl_len = 8 + fw->start_len, .timeout_ms = fw->t_start,
	};
	size_t off, n;
	int ret;

	osfp_put_be32(size, &lpl[0]);
	osfp_put_be32(0, &lpl[4]);
	memcpy(&lpl[8], data, fw->start_len);
	ret = osfp_cdb_exec(cage, &c);
	if (ret)
		return ret;
	fw->started = true;

	for (off = 0; off < body; off += n) {
		n = min_t(size_t, body - off, fw->block);
		osfp_put_be32(off, &lpl[0]);
		c.timeout_ms = fw->t_write;
		if (fw->epl) {
			c.id = OSFP_CDB_WRITE_EPL;
			c.name = "write firmware block EPL";
			c.lpl_len = 4;
			c.epl = data + fw->start_len + off;
			c.epl_len = n;
		} else {
			c.id = OSFP_CDB_WRITE_LPL;
			c.name = "write firmware block LPL";
			memcpy(&lpl[4], data + fw->start_len + off, n);
			c.lpl_len = 4 + n;
		}
		ret = osfp_cdb_exec(cage, &c);
		if (ret)
			return ret;
		mutex_lock(&cage->lock);
		fw->progress = div_u64((u64)(off + n) * 100, body);
		mutex_unlock(&cage->lock);
	}

	osfp_fw_set_state(cage, OSFP_FW_COMPLETING);
	c = (struct osfp_cdb_cmd){
		.id = OSFP_CDB_COMPLETE, .name = "complete firmware download",
		.timeout_ms = fw->t_complete,
	};
	ret = osfp_cdb_exec(cage, &c);
	if (ret)
		return ret;
	fw->started = false;
	return 0;
}

/*
 * Wait until the state machine has identified the module again after a
 * reset, and it is ready or in low power.
 */
static int osfp_fw_wait_ready(struct osfp_cage *cage, const char *after)
{
	unsigned long end = jiffies + msecs_to_jiffies(OSFP_FW_READY_MS);
	enum osfp_sm_state state;
	int ret;

	for (;;) {
		msleep(20);
		mutex_lock(&cage->lock);
		state = cage->state;
		ret = cage->stopping ? -ESHUTDOWN : osfp_fw_gone(cage) ? -ENODEV : 0;
		mutex_unlock(&cage->lock);
		if (ret == -ENODEV)
			return osfp_fw_fail(&cage->fw, ret, "module removed during the update");
		if (ret)
			return osfp_fw_fail(&cage->fw, ret, "driver unbound during the update");
		if (state == OSFP_SM_READY || state == OSFP_SM_LOW_POWER)
			return 0;
		if (state == OSFP_SM_FAULT || time_after(jiffies, end))
			return osfp_fw_fail(&cage->fw, -EIO, "module not ready %s (state %s)",
					    after, osfp_sm_state_name(state));
	}
}

/* Steps 6-8: run the new image, commit it, reset into it */
static int osfp_fw_activate(struct osfp_cage *cage)
{
	struct osfp_fw *fw = &cage->fw;
	/* Traffic-affecting reset to the inactive image, no delay */
	u8 run[4] = { 0, 0, 0, 0 };
	struct osfp_cdb_cmd c = {
		.id = OSFP_CDB_RUN, .name = "run firmware image",
		.lpl = run, .lpl_len = sizeof(run),
	};
	struct cmis_version was, now;
	int ret;

	osfp_fw_set_state(cage, OSFP_FW_ACTIVATING);
	mutex_lock(&cage->lock);
	was = cage->mod.id.fw_active;
	ret = osfp_fw_check(cage);
	if (!ret)
		ret = osfp_cdb_send(cage, &c);
	if (!ret)
		osfp_module_reinit(cage, OSFP_FW_RUN_SETTLE_MS);
	mutex_unlock(&cage->lock);
	if (ret)
		return osfp_fw_fail(fw, ret, "CDB command 0109h (run firmware image): %pe",
				    ERR_PTR(ret));
	ret = osfp_fw_wait_ready(cage, "after running the new image");
	if (ret)
		return ret;

	mutex_lock(&cage->lock);
	now = cage->mod.id.fw_active;
	mutex_unlock(&cage->lock);
	dev_info(cage->dev, "%s: module runs firmware %u.%u (was %u.%u)\n", cage->label,
		 now.major, now.minor, was.major, was.minor);

	osfp_fw_set_state(cage, OSFP_FW_COMMITTING);
	c = (struct osfp_cdb_cmd){
		.id = OSFP_CDB_COMMIT, .name = "commit firmware image",
		.timeout_ms = OSFP_CDB_DEFAULT_MS,
	};
	ret = osfp_cdb_exec(cage, &c);
	if (ret)
		return ret;

	ret = osfp_module_reset(cage, NULL);
	if (ret)
		return osfp_fw_fail(fw, ret, "resetting the module after the commit: %pe",
				    ERR_PTR(ret));
	return osfp_fw_wait_ready(cage, "after the reset into the committed image");
}

/* Step 1: DPDeinit on every lane, until every lane is deactivated */
static int osfp_fw_dp_down(struct osfp_cage *cage)
{
	struct osfp_fw *fw = &cage->fw;
	u8 all = 0xff, st[4];
	unsigned long end;
	unsigned int b, i;
	u32 ms;
	int ret;

	mutex_lock(&cage->lock);
	ret = osfp_fw_check(cage);
	fw->banks = cage->mod.banks;
	ms = cage->mod.caps.dp_deinit.max_ms;
	for (b = 0; !ret && b < fw->banks; b++) {
		ret = osfp_access_read(cage, b, OSFP_PAGE_DP_CTRL, OSFP_DP_DEINIT,
				       &fw->dp_deinit[b], 1);
		if (!ret)
			ret = osfp_access_write(cage, b, OSFP_PAGE_DP_CTRL, OSFP_DP_DEINIT,
						&all, 1);
		if (!ret)
			fw->dp_saved |= BIT(b);
	}
	mutex_unlock(&cage->lock);
	if (ret)
		return osfp_fw_fail(fw, ret, "bringing the data path down: %pe", ERR_PTR(ret));

	end = jiffies + msecs_to_jiffies(min_t(u32, ms, OSFP_FW_DP_MAX_MS) +
					 OSFP_CDB_MARGIN_MS);
	for (;;) {
		bool down = true;

		mutex_lock(&cage->lock);
		ret = osfp_fw_check(cage);
		for (b = 0; !ret && down && b < fw->banks; b++) {
			ret = osfp_access_read(cage, b, OSFP_PAGE_DP_STATUS, OSFP_DP_STATE,
					       st, sizeof(st));
			for (i = 0; !ret && i < 2 * sizeof(st); i++) {
				u8 s = (st[i / 2] >> (4 * (i & 1))) & 0xf;

				if (s && s != CMIS_DP_STATE_DEACTIVATED)
					down = false;
			}
		}
		mutex_unlock(&cage->lock);
		if (ret)
			return osfp_fw_fail(fw, ret, "reading the data path state: %pe",
					    ERR_PTR(ret));
		if (down)
			return 0;
		if (time_after(jiffies, end))
			return osfp_fw_fail(fw, -ETIMEDOUT,
					    "data path not deactivated within %u ms", ms);
		msleep(OSFP_FW_DP_POLL_MS);
	}
}

/* After a failure: abort the download, give the data path back */
static void osfp_fw_unwind(struct osfp_cage *cage, bool reset)
{
	struct osfp_fw *fw = &cage->fw;
	struct osfp_cdb_cmd c = {
		.id = OSFP_CDB_ABORT, .name = "abort firmware download",
		.timeout_ms = fw->t_abort,
	};
	unsigned long end;
	unsigned int b;
	bool gone, late;
	int ret;

	/* A module pulled takes its download and data path settings with it */
	mutex_lock(&cage->lock);
	gone = osfp_fw_gone(cage);
	mutex_unlock(&cage->lock);
	if (gone)
		return;

	if (reset) {
		/* The new image may be running: boot the committed one (unbound too) */
		mutex_lock(&cage->lock);
		ret = osfp_module_reset_locked(cage, NULL);
		mutex_unlock(&cage->lock);
		if (!ret)
			osfp_fw_wait_ready(cage, "after the reset into the old image");
		return;
	}
	if (fw->started && osfp_cdb_exec(cage, &c))
		dev_warn(cage->dev, "%s: firmware download not aborted\n", cage->label);

	/* A module still busy (and NACKing) with a command gets its time */
	end = jiffies + msecs_to_jiffies(fw->busy_ms + OSFP_FW_UNWIND_MS);
	for (b = 0; b < fw->banks; b++) {
		if (!(fw->dp_saved & BIT(b)))
			continue;
		for (;;) {
			mutex_lock(&cage->lock);
			ret = osfp_fw_check(cage);
			if (!ret)
				ret = osfp_access_write(cage, b, OSFP_PAGE_DP_CTRL, OSFP_DP_DEINIT,
							&fw->dp_deinit[b], 1);
			late = cage->stopping && time_after(jiffies, fw->stop_until);
			mutex_unlock(&cage->lock);
			if (!osfp_fw_nack(ret) || time_after(jiffies, end) || late)
				break;
			msleep(OSFP_FW_DP_POLL_MS);
		}
		if (ret)
			dev_warn(cage->dev, "%s: data path of bank %u not restored: %pe\n",
				 cage->label, b, ERR_PTR(ret));
	}
}

static void osfp_fw_work(struct work_struct *work)
{
	struct osfp_fw *fw = container_of(work, struct osfp_fw, work);
	struct osfp_cage *cage = osfp_fw_cage(fw);
	bool ran = false;
	int ret;

	ret = osfp_fw_dp_down(cage);
	if (!ret)
		ret = osfp_fw_features(cage);
	if (!ret) {
		osfp_fw_set_state(cage, OSFP_FW_DOWNLOADING);
		ret = osfp_fw_download(cage);
	}
	if (!ret) {
		ran = true;
		ret = osfp_fw_activate(cage);
	}
	if (ret) {
		fw->unwinding = true;
		osfp_fw_unwind(cage, ran);
		fw->unwinding = false;
	}

	mutex_lock(&cage->lock);
	release_firmware(fw->image);
	fw->image = NULL;
	fw->busy = false;
	if (ret) {
		fw->state = OSFP_FW_FAILED;
		dev_err(cage->dev, "%s: firmware update failed: %s\n", cage->label, fw->error);
	} else {
		fw->state = OSFP_FW_DONE;
		fw->progress = 100;
		dev_info(cage->dev, "%s: firmware update done, firmware %u.%u\n", cage->label,
			 cage->mod.id.fw_active.major, cage->mod.id.fw_active.minor);
	}
	mutex_unlock(&cage->lock);
	sysfs_notify(&cage->cdev.kobj, NULL, "firmware_update_status");
}

/* Whether a module can take a firmware update; with the lock */
static int osfp_fw_can_start(struct osfp_cage *cage)
{
	const struct cmis_caps *caps = &cage->mod.caps;

	/* Unbinding: no work may be queued once the cage stops */
	if (cage->stopping)
		return -ENODEV;
	/* Then: a running update resets the module, unidentified meanwhile */
	if (cage->fw.busy)
		return -EBUSY;
	if (!cage->present)
		return -ENODEV;
	if (!osfp_module_identified(cage))
		return -EAGAIN;
	if (cage->mod.id.flat_mem || !caps->cdb.instances || cage->mod.id.rev.major < 4)
		return -EOPNOTSUPP;
	/* As the kernel's flow: ModuleReady or ModuleLowPwr */
	if (cage->state != OSFP_SM_READY && cage->state != OSFP_SM_LOW_POWER)
		return -EBUSY;
	if (time_before(jiffies, cage->fw.other_host_until))
		return -EBUSY;
	return 0;
}

#if IS_ENABLED(CONFIG_OSFP_STRESS_KUNIT_TEST)
/* The stress suite (stress_test.c) steps into the request: unbind meanwhile */
int (*osfp_fw_request_hook)(const struct firmware **image, const char *name,
			    struct device *dev);
#endif

static int osfp_fw_request(const struct firmware **image, const char *name,
			   struct device *dev)
{
#if IS_ENABLED(CONFIG_OSFP_STRESS_KUNIT_TEST)
	if (osfp_fw_request_hook)
		return osfp_fw_request_hook(image, name, dev);
#endif
	return firmware_request_nowarn(image, name, dev);
}

static ssize_t firmware_update_store(struct device *cdev, struct device_attribute *attr,
				     const char *buf, size_t count)
{
	struct osfp_cage *cage = container_of(cdev, struct osfp_cage, cdev);
	struct osfp_fw *fw = &cage->fw;
	const struct firmware *image;
	char name[OSFP_FW_NAME_MAX];
	int ret;

	if (count && buf[count - 1] == '\n')
		count--;
	if (!count || count >= sizeof(name) || memchr(buf, '\n', count) ||
	    memchr(buf, '\0', count))
		return -EINVAL;
	memcpy(name, buf, count);
	name[count] = '\0';
	if (strstr(name, ".."))
		return -EINVAL;

	/* Fail early, before the file is read */
	mutex_lock(&cage->lock);
	ret = osfp_fw_can_start(cage);
	mutex_unlock(&cage->lock);
	if (ret)
		return ret;

	ret = osfp_fw_request(&image, name, cage->dev);
	if (ret)
		return ret;
	if (!image->size) {
		release_firmware(image);
		return -EINVAL;
	}

	mutex_lock(&cage->lock);
	ret = osfp_fw_can_start(cage);
	if (!ret) {
		fw->busy = true;
		fw->image = image;
		fw->state = OSFP_FW_PREPARING;
		fw->progress = 0;
		fw->error[0] = '\0';
		fw->insertions = cage->insertions;
		fw->busy_ms = max_t(u32, cage->mod.caps.cdb.max_busy_ms, 1);
		fw->started = false;
		fw->dp_saved = 0;
		fw->block_us = OSFP_CDB_POLL_MIN_US;
		fw->t_abort = OSFP_CDB_DEFAULT_MS;
		queue_work(system_long_wq, &fw->work);
		dev_info(cage->dev, "%s: firmware update from %s (%zu bytes)\n", cage->label,
			 name, image->size);
	}
	mutex_unlock(&cage->lock);
	if (ret) {
		release_firmware(image);
		return ret;
	}
	sysfs_notify(&cage->cdev.kobj, NULL, "firmware_update_status");
	return count + (buf[count] == '\n');
}
static DEVICE_ATTR_WO(firmware_update);

/* firmware_update_status, _progress and _error: one snapshot each */
static ssize_t osfp_fw_show(struct device *cdev, struct device_attribute *attr, char *buf);

static struct device_attribute dev_attr_firmware_update_status =
	__ATTR(firmware_update_status, 0444, osfp_fw_show, NULL);
static struct device_attribute dev_attr_firmware_update_progress =
	__ATTR(firmware_update_progress, 0444, osfp_fw_show, NULL);
static struct device_attribute dev_attr_firmware_update_error =
	__ATTR(firmware_update_error, 0444, osfp_fw_show, NULL);

static ssize_t osfp_fw_show(struct device *cdev, struct device_attribute *attr, char *buf)
{
	struct osfp_cage *cage = container_of(cdev, struct osfp_cage, cdev);
	const struct osfp_fw *fw = &cage->fw;
	ssize_t ret;

	mutex_lock(&cage->lock);
	if (attr == &dev_attr_firmware_update_status)
		ret = sysfs_emit(buf, "%s\n", osfp_fw_state_names[fw->state]);
	else if (attr == &dev_attr_firmware_update_progress)
		ret = sysfs_emit(buf, "%u\n", fw->progress);
	else
		ret = sysfs_emit(buf, "%s\n", fw->error);
	mutex_unlock(&cage->lock);
	return ret;
}

static struct attribute *osfp_fw_attrs[] = {
	&dev_attr_firmware_update.attr,
	&dev_attr_firmware_update_status.attr,
	&dev_attr_firmware_update_progress.attr,
	&dev_attr_firmware_update_error.attr,
	NULL
};

/* The firmware_update* attributes of a cage (see osfp_cage_groups) */
const struct attribute_group osfp_fw_group = {
	.attrs = osfp_fw_attrs,
};

/**
 * osfp_fw_init() - set up the firmware update state of a cage
 * @cage: the cage, at probe
 */
void osfp_fw_init(struct osfp_cage *cage)
{
	INIT_WORK(&cage->fw.work, osfp_fw_work);
	cage->fw.state = OSFP_FW_IDLE;
}

/**
 * osfp_fw_stop() - wait for the end of an update in progress
 * @cage: the cage, @cage->stopping and @cage->fw.stop_until set: the update
 *	fails at its next step and undoes what it did until stop_until at most
 *
 * Context: process context, without the cage lock.
 */
void osfp_fw_stop(struct osfp_cage *cage)
{
	/*
	 * A firmware_update write that queued its work did so before the cage
	 * stopped (osfp_fw_can_start() refuses after): the work is either
	 * cancelled here or waited for, and it ends by @cage->fw.stop_until.
	 */
	cancel_work_sync(&cage->fw.work);
	/* A work cancelled before it ran still holds the image */
	mutex_lock(&cage->lock);
	release_firmware(cage->fw.image);
	cage->fw.image = NULL;
	cage->fw.busy = false;
	mutex_unlock(&cage->lock);
}

/**
 * osfp_fw_consumer_write() - a consumer writes to the CDB registers
 * @cage: the cage, its lock held
 * @page: page of the write (offsets 128-255), or 0 for lower memory
 * @offset: first byte written
 * @buf: the bytes
 * @len: bytes
 * @extack: netlink extended ack for the error message, or NULL
 *
 * For the checks of osfp_eeprom_write() on the CDB registers (pages 9Fh and
 * A0h-AFh, the password bytes 118-125): refused while the driver's own
 * update runs; otherwise another CDB host, such as the kernel's firmware
 * flow, is using the module, and the driver's update waits for it to be
 * done.
 *
 * Return: 0 or -EBUSY.
 */
int osfp_fw_consumer_write(struct osfp_cage *cage, u8 page, u8 offset, const u8 *buf,
			   size_t len, struct netlink_ext_ack *extack)
{
	lockdep_assert_held(&cage->lock);

	if (cage->fw.busy) {
		NL_SET_ERR_MSG_MOD(extack, "module firmware update in progress");
		return -EBUSY;
	}
	cage->fw.other_host_until = jiffies + msecs_to_jiffies(OSFP_CDB_OTHER_HOST_MS);
	return 0;
}

/**
 * osfp_fw_consumer_wrote() - a consumer's write to the CDB registers is done
 * @cage: the cage, its lock held
 * @page: page of the write
 * @offset: first byte written
 * @buf: the bytes
 * @len: bytes
 *
 * A write of CMDID 0109h (Run Firmware Image) makes the module reset into
 * another image once the delay its LPL gives (bytes 138-139, in ms; SONiC
 * asks for 512) is over: the driver then identifies the module again, as
 * after a reset, that delay and a settling time after the command, so that
 * it reads the new image, not the old one about to reset. The consumer
 * sees -EAGAIN meanwhile (the kernel's flow polls the module state through
 * it until the module is back).
 */
void osfp_fw_consumer_wrote(struct osfp_cage *cage, u8 page, u8 offset, const u8 *buf,
			    size_t len)
{
	u8 hi, delay[2];
	unsigned int ms;

	lockdep_assert_held(&cage->lock);

	if (page != CMIS_CDB_PAGE || offset > OSFP_CDB_CMDID + 1 ||
	    offset + len <= OSFP_CDB_CMDID + 1)
		return;
	/* A single-byte write of 129 triggers with the 128 written before */
	if (offset == OSFP_CDB_CMDID + 1) {
		if (osfp_access_read(cage, 0, CMIS_CDB_PAGE, OSFP_CDB_CMDID, &hi, 1))
			return;
	} else {
		hi = buf[OSFP_CDB_CMDID - offset];
	}
	if ((hi << 8 | buf[OSFP_CDB_CMDID + 1 - offset]) != OSFP_CDB_RUN)
		return;
	/* The LPL was written before the CMDID, or with it */
	if (offset <= OSFP_CDB_RUN_DELAY && offset + len >= OSFP_CDB_RUN_DELAY + 2)
		memcpy(delay, &buf[OSFP_CDB_RUN_DELAY - offset], sizeof(delay));
	else if (osfp_access_read(cage, 0, CMIS_CDB_PAGE, OSFP_CDB_RUN_DELAY, delay,
				  sizeof(delay)))
		memset(delay, 0, sizeof(delay));
	ms = delay[0] << 8 | delay[1];
	dev_info(cage->dev, "%s: module runs another firmware image in %u ms\n",
		 cage->label, ms);
	osfp_module_reinit(cage, ms + OSFP_FW_RUN_SETTLE_MS);
}
