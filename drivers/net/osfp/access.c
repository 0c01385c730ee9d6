// SPDX-License-Identifier: GPL-2.0
/*
 * CMIS memory access: the only code in osfp.ko that talks to a module.
 *
 * The module's management interface is a 256-byte window at I2C address
 * 0x50: bytes 0-127 are lower memory, bytes 128-255 the upper page selected
 * by byte 127 (PageSelect) in the bank selected by byte 126 (BankSelect).
 * This file
 *
 *  - selects banks and pages, remembering the current selection so that
 *    consecutive accesses to one page cost no select (the memory of it is
 *    dropped on any error, and by osfp_access_invalidate() on reset and
 *    removal); a bank change is one 2-byte write of bytes 126-127, a page
 *    change within a bank one write of byte 127 (CMIS 5.2 section 8.2.1);
 *  - verifies the first selection of each page of a module by reading the
 *    select bytes back: a module that refuses the page (an unsupported
 *    select reads back 0, CMIS 5.2 section 8.2.14) or ignores the select
 *    fails the access with -EOPNOTSUPP instead of passing another page's
 *    bytes off as this one's; a page once accepted is not checked again;
 *  - splits reads into the largest transfers both the module (8 bytes, or
 *    128 with full-page reads advertised in 01h:251) and the adapter (I2C
 *    quirks, SMBus I2C-block: 32 bytes, byte-only) allow, never crossing
 *    the 128-byte boundary where the module's address pointer wraps;
 *  - writes at most 8 bytes at a time (CMIS 5.2 section 5.2.2.2), except to
 *    the CDB pages 9Fh and A0h-AFh, which take 8 * (1 + i) bytes with i the
 *    module's CdbReadWriteLengthExtension (01h:164, at most 128 bytes), and
 *    retries NACKs during the module's write hold-off (tWRITE, tBPC);
 *  - hands every byte it reads to osfp_flags_merge(), so that a latched
 *    flag consumed by any read is recorded.
 *
 * Every function is called with the cage lock held: it serializes whole
 * accesses, selection included, so no reader can see another's page.
 */

#include <linux/delay.h>
#include <linux/errno.h>
#include <linux/i2c.h>
#include <linux/jiffies.h>
#include <linux/minmax.h>
#include <linux/string.h>

#include "osfp_core.h"

#define OSFP_BANK_SELECT	126
#define OSFP_PAGE_SELECT	127
#define OSFP_MODULE_READ_DEFAULT	8	/* CMIS 5: without full-page reads */
#define OSFP_MODULE_WRITE_MAX	8	/* CMIS 5: outside CDB pages */
#define OSFP_CDB_WRITE_MAX	CMIS_PAGE_SIZE	/* CDB pages: 01h:164 */
/*
 * After a write the module may NACK until it has processed it: 10 ms for a
 * volatile byte or a bank/page change, 80 ms for a non-volatile one.
 */
#define OSFP_HOLD_OFF_MS	80
#define OSFP_NACK_RETRY_US	1000

/**
 * osfp_access_init() - learn what the cage's adapter can do
 * @cage: the cage; called at probe and whenever a new module is inserted
 *
 * Picks plain I2C when the adapter has it, else SMBus I2C-block, else
 * SMBus byte data, and the adapter's transfer limits from its quirks. The
 * module's read limit starts at 8 bytes until page 01h says otherwise.
 */
void osfp_access_init(struct osfp_cage *cage)
{
	struct osfp_access *acc = &cage->acc;
	const struct i2c_adapter_quirks *q = cage->i2c->quirks;

	if (i2c_check_functionality(cage->i2c, I2C_FUNC_I2C)) {
		acc->xfer = OSFP_XFER_I2C;
		acc->adapter_max_read = CMIS_PAGE_SIZE;
		acc->adapter_max_write = OSFP_CDB_WRITE_MAX;
		if (q && q->max_read_len)
			acc->adapter_max_read = min_t(u16, acc->adapter_max_read,
						      q->max_read_len);
		/* The offset byte travels with the data */
		if (q && q->max_write_len > 1)
			acc->adapter_max_write = min_t(u16, acc->adapter_max_write,
						       q->max_write_len - 1);
	} else if (i2c_check_functionality(cage->i2c, I2C_FUNC_SMBUS_I2C_BLOCK)) {
		acc->xfer = OSFP_XFER_SMBUS_BLOCK;
		acc->adapter_max_read = I2C_SMBUS_BLOCK_MAX;
		acc->adapter_max_write = I2C_SMBUS_BLOCK_MAX;
	} else {
		acc->xfer = OSFP_XFER_SMBUS_BYTE;
		acc->adapter_max_read = 1;
		acc->adapter_max_write = 1;
	}
	acc->module_max_read = OSFP_MODULE_READ_DEFAULT;
	acc->hold_off_until = jiffies;
	acc->page_only = false;
	osfp_access_invalidate(cage);
}

/**
 * osfp_access_invalidate() - forget the module's page selection
 * @cage: the cage
 *
 * Called on bus errors, module reset and removal (the module may not be
 * the one that accepted the pages): the next upper-page access selects its
 * page again, and each page's first selection is read back again.
 */
void osfp_access_invalidate(struct osfp_cage *cage)
{
	cage->acc.sel_valid = false;
	memset(cage->acc.accepted, 0, sizeof(cage->acc.accepted));
}

static bool osfp_nack(int err)
{
	return err == -ENXIO || err == -EREMOTEIO || err == -EAGAIN;
}

/* One read transfer of @len bytes at @offset; len <= the limits */
static int osfp_xfer_read(struct osfp_cage *cage, u8 offset, u8 *buf, size_t len)
{
	union i2c_smbus_data data;
	int ret;

	switch (cage->acc.xfer) {
	case OSFP_XFER_I2C: {
		struct i2c_msg msgs[] = {
			{ .addr = OSFP_MODULE_I2C_ADDR, .len = 1, .buf = &offset },
			{ .addr = OSFP_MODULE_I2C_ADDR, .flags = I2C_M_RD, .len = len,
			  .buf = buf },
		};

		ret = i2c_transfer(cage->i2c, msgs, ARRAY_SIZE(msgs));
		if (ret < 0)
			return ret;
		return ret == ARRAY_SIZE(msgs) ? 0 : -EIO;
	}
	case OSFP_XFER_SMBUS_BLOCK:
		data.block[0] = len;
		ret = i2c_smbus_xfer(cage->i2c, OSFP_MODULE_I2C_ADDR, 0, I2C_SMBUS_READ,
				     offset, I2C_SMBUS_I2C_BLOCK_DATA, &data);
		if (ret)
			return ret;
		if (data.block[0] != len)
			return -EIO;
		memcpy(buf, &data.block[1], len);
		return 0;
	case OSFP_XFER_SMBUS_BYTE:
	default:
		ret = i2c_smbus_xfer(cage->i2c, OSFP_MODULE_I2C_ADDR, 0, I2C_SMBUS_READ,
				     offset, I2C_SMBUS_BYTE_DATA, &data);
		if (ret)
			return ret;
		*buf = data.byte;
		return 0;
	}
}

/* One write transfer of @len bytes at @offset; len <= the limits */
static int osfp_xfer_write(struct osfp_cage *cage, u8 offset, const u8 *buf, size_t len)
{
	union i2c_smbus_data data;
	u8 msg[OSFP_CDB_WRITE_MAX + 1];
	int ret;

	switch (cage->acc.xfer) {
	case OSFP_XFER_I2C: {
		struct i2c_msg m = {
			.addr = OSFP_MODULE_I2C_ADDR, .len = len + 1, .buf = msg,
		};

		msg[0] = offset;
		memcpy(&msg[1], buf, len);
		ret = i2c_transfer(cage->i2c, &m, 1);
		if (ret < 0)
			return ret;
		return ret == 1 ? 0 : -EIO;
	}
	case OSFP_XFER_SMBUS_BLOCK:
		data.block[0] = len;
		memcpy(&data.block[1], buf, len);
		return i2c_smbus_xfer(cage->i2c, OSFP_MODULE_I2C_ADDR, 0, I2C_SMBUS_WRITE,
				      offset, I2C_SMBUS_I2C_BLOCK_DATA, &data);
	case OSFP_XFER_SMBUS_BYTE:
	default:
		data.byte = *buf;
		return i2c_smbus_xfer(cage->i2c, OSFP_MODULE_I2C_ADDR, 0, I2C_SMBUS_WRITE,
				      offset, I2C_SMBUS_BYTE_DATA, &data);
	}
}

/*
 * Run one transfer, retrying NACKs while the module may still be busy with
 * an earlier write.
 */
static int osfp_xfer(struct osfp_cage *cage, bool write, u8 offset, u8 *buf, size_t len)
{
	int ret;

	for (;;) {
		if (write)
			ret = osfp_xfer_write(cage, offset, buf, len);
		else
			ret = osfp_xfer_read(cage, offset, buf, len);
		if (!osfp_nack(ret) || time_after(jiffies, cage->acc.hold_off_until))
			break;
		usleep_range(OSFP_NACK_RETRY_US, 2 * OSFP_NACK_RETRY_US);
	}
	if (write && !ret)
		cage->acc.hold_off_until = jiffies + msecs_to_jiffies(OSFP_HOLD_OFF_MS);
	return ret;
}

/*
 * Longest write the module takes at @offset of @page: 8 bytes, or on the
 * CDB pages what 01h:164 advertises (known once the module is identified).
 */
static size_t osfp_module_max_write(struct osfp_cage *cage, u8 page, u8 offset)
{
	const struct cmis_cdb_caps *cdb = &cage->mod.caps.cdb;

	if (offset >= 128 && cdb->instances && cdb->max_rw_len > OSFP_MODULE_WRITE_MAX &&
	    (page == CMIS_CDB_PAGE || (page >= CMIS_EPL_PAGE &&
				       page < CMIS_EPL_PAGE + cdb->epl_pages)))
		return min_t(size_t, cdb->max_rw_len, OSFP_CDB_WRITE_MAX);
	return OSFP_MODULE_WRITE_MAX;
}

static int osfp_write_chunks(struct osfp_cage *cage, u8 page, u8 offset, const u8 *buf,
			     size_t len)
{
	size_t max = min_t(size_t, cage->acc.adapter_max_write,
			   osfp_module_max_write(cage, page, offset));
	size_t n;
	int ret;

	while (len) {
		n = min(len, max);
		ret = osfp_xfer(cage, true, offset, (u8 *)buf, n);
		if (ret)
			return ret;
		offset += n;
		buf += n;
		len -= n;
	}
	return 0;
}

/* The module accepted (@bank, @page) before: no need to read it back */
static bool osfp_select_known(struct osfp_access *acc, u8 bank, u8 page)
{
	if (page < 0x10)
		bank = 0;
	return bank < OSFP_MAX_BANKS && test_bit(page, acc->accepted[bank]);
}

/*
 * Make (@bank, @page) the module's selection, unless it already is. The
 * first selection of each page of a module is read back: a module that
 * refuses the page (one it does not have, whatever it advertised) or
 * ignores the select must not have another page's bytes taken for the
 * requested one. Pages 00h-0Fh are not banked: any bank will do for them.
 */
static int osfp_select(struct osfp_cage *cage, u8 bank, u8 page)
{
	struct osfp_access *acc = &cage->acc;
	bool banked = page >= 0x10;
	u8 sel[2] = { bank, page };
	bool same_bank, verify;
	u8 back[2];
	int ret;

	if (acc->sel_valid && acc->page == page && (!banked || acc->bank == bank))
		return 0;

	if (!banked && acc->sel_valid)
		bank = acc->bank;
	if (acc->page_only)
		bank = 0;
	sel[0] = bank;
	same_bank = acc->page_only || (acc->sel_valid && acc->bank == bank);
	verify = !osfp_select_known(acc, bank, page);
	acc->sel_valid = false;
	back[0] = bank;
	back[1] = page;
	if (same_bank) {
		ret = osfp_write_chunks(cage, 0, OSFP_PAGE_SELECT, &page, 1);
		if (!ret && verify)
			ret = osfp_xfer(cage, false, OSFP_PAGE_SELECT, &back[1], 1);
	} else {
		ret = osfp_write_chunks(cage, 0, OSFP_BANK_SELECT, sel, 2);
		if (!ret && verify)
			ret = osfp_xfer(cage, false, OSFP_BANK_SELECT, back, 2);
	}
	if (ret)
		return ret;

	acc->bank = back[0];
	acc->page = back[1];
	acc->sel_valid = true;
	if (back[1] != page || (banked && back[0] != bank))
		return -EOPNOTSUPP;
	if (verify && bank < OSFP_MAX_BANKS)
		set_bit(page, acc->accepted[banked ? bank : 0]);
	return 0;
}

/**
 * osfp_access_read() - read module memory
 * @cage: the cage, its lock held
 * @bank: bank of the upper page (ignored for lower memory and pages 00h-0Fh)
 * @page: upper page (ignored when @offset < 128)
 * @offset: first byte, 0-255; below 128 lower memory is read
 * @buf: where the bytes go
 * @len: bytes to read; @offset + @len may not cross 128 nor pass 256
 *
 * Every byte read is passed to osfp_flags_merge() before it is returned.
 *
 * Return: 0, -EINVAL for a request outside one half of the window,
 * -EOPNOTSUPP when the module refused the page, or the bus error.
 */
int osfp_access_read(struct osfp_cage *cage, u8 bank, u8 page, u8 offset,
		     u8 *buf, size_t len)
{
	struct osfp_access *acc = &cage->acc;
	size_t max = min(acc->adapter_max_read, acc->module_max_read);
	size_t done = 0, n;
	int ret;

	lockdep_assert_held(&cage->lock);
	if (!len || offset + len > 256 || (offset < 128 && offset + len > 128))
		return -EINVAL;

	if (offset >= 128) {
		ret = osfp_select(cage, bank, page);
		if (ret)
			goto err;
	}

	while (done < len) {
		n = min(len - done, max);
		ret = osfp_xfer(cage, false, offset + done, buf + done, n);
		if (ret)
			goto err;
		done += n;
	}
	osfp_flags_merge(cage, acc->bank, offset >= 128 ? page : 0, offset, buf, len);
	return 0;

err:
	/* Flags consumed by the part that was read are still recorded */
	if (done)
		osfp_flags_merge(cage, acc->bank, offset >= 128 ? page : 0, offset,
				 buf, done);
	if (ret != -EOPNOTSUPP)
		osfp_access_invalidate(cage);
	return ret;
}

/**
 * osfp_access_write() - write module memory
 * @cage: the cage, its lock held
 * @bank: bank of the upper page (ignored for lower memory and pages 00h-0Fh)
 * @page: upper page (ignored when @offset < 128)
 * @offset: first byte, 0-255
 * @buf: the bytes
 * @len: bytes to write, within one half of the window
 *
 * Writes go out at most 8 bytes at a time (more on the CDB pages, see the
 * top of this file). The bank and page select bytes
 * belong to this file: a write covering them is refused. A module that is
 * not CMIS (&osfp_module.mgmt) is never written: its page select is the
 * only byte the driver writes, and only to read its pages.
 *
 * Return: 0, -EINVAL for a bad request, -EPERM for a module that is not
 * CMIS, or the bus error.
 */
int osfp_access_write(struct osfp_cage *cage, u8 bank, u8 page, u8 offset,
		      const u8 *buf, size_t len)
{
	int ret;

	lockdep_assert_held(&cage->lock);
	if (!len || offset + len > 256 || (offset < 128 && offset + len > 128) ||
	    (offset < 128 && offset + len > OSFP_BANK_SELECT))
		return -EINVAL;
	if (cage->mod.mgmt != CMIS_MGMT_CMIS)
		return -EPERM;

	if (offset >= 128) {
		ret = osfp_select(cage, bank, page);
		if (ret)
			goto err;
	}
	ret = osfp_write_chunks(cage, page, offset, buf, len);
	if (ret)
		goto err;
	return 0;

err:
	if (ret != -EOPNOTSUPP)
		osfp_access_invalidate(cage);
	return ret;
}
