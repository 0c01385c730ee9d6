// SPDX-License-Identifier: GPL-2.0
/*
 * OSFP cage driver: one "osfp-cage" platform device per cage, created by a
 * cage controller (controller.c) or described directly on a board whose cage
 * signals are SoC GPIOs. The cage is described by device properties only:
 *
 *   i2c-bus                   reference to the node of the I2C adapter of the
 *                             module's management interface (required)
 *   label                     port name (default: the device name)
 *   maximum-power-milliwatt   power budget of the cage, 0 = no limit
 *   present-gpios, reset-gpios, lpmode-gpios, int-gpios (or lookup-table
 *                             entries "present", ...): each optional
 *
 * Presence comes from the present GPIO's interrupt, else from polling it
 * every 100 ms, else (no present GPIO) from an I2C read of the module every
 * second (a module that NACKs is removed only after reads in a row that span
 * its CDB busy time, see osfp_probe_debounce()). Module events come from the
 * int GPIO's interrupt, else from polling the module's flags every second.
 *
 * The module's life in the cage is a state machine run from a workqueue
 * (never under rtnl): absent; inserted, reset released and waiting up to
 * tMgmtInit for the management interface; identified (static pages read,
 * checksums checked, capabilities and thresholds cached); then low power or
 * powering up according to the power policy; ready; and the fault, error
 * (bus failures, retried with backoff) and removal paths.
 *
 * Locking: cage->lock, one mutex per cage, protects everything of the cage
 * that changes after probe: presence, state machine, module cache, flag
 * cache, power policy and the access layer's page selection. It is held
 * across every module access, select and transfer together, so that no
 * consumer can observe another's page. Lock order: rtnl (ethtool ops) and
 * the hwmon and sysfs core locks are taken before it; the I2C adapter's bus
 * lock nests inside it. It is never held while reading the present GPIO
 * (the controller's own I2C transfers), while requesting or freeing an
 * interrupt, while registering a device, or while cancelling the works
 * (which take it).
 */

#include <linux/delay.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/gpio/consumer.h>
#include <linux/i2c.h>
#include <linux/interrupt.h>
#include <linux/jiffies.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/netlink.h>
#include <linux/platform_device.h>
#include <linux/property.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <linux/workqueue.h>

#include "osfp_compat.h"
#include "osfp_core.h"

#define OSFP_POLL_MS		100	/* present GPIO without interrupt */
#define OSFP_PROBE_POLL_MS	1000	/* no present GPIO: I2C probe read */
#define OSFP_PROBE_RETRY_MS	100	/* ...after a failed one */
#define OSFP_PROBE_FAILS	3	/* failed probe reads in a row: removed */
#define OSFP_CDB_NACK_MARGIN_MS	200	/* on top of the CDB busy time */
#define OSFP_MGMT_RETRY_MS	20	/* management readiness retry */
#define OSFP_MGMT_INIT_MS	2000	/* tMgmtInit */
#define OSFP_BACKOFF_MIN_MS	100
#define OSFP_BACKOFF_MAX_MS	10000
#define OSFP_STATE_POLL_MS	20	/* during power transitions */
#define OSFP_STATE_IRQ_POLL_MS	200	/* the same, with a module interrupt */
#define OSFP_POWER_MARGIN_MS	100	/* on top of an advertised duration */
#define OSFP_FLAG_POLL_MS	1000	/* no module interrupt */
#define OSFP_FLAG_HOLD_MS	2000	/* a set cached flag is checked again */
#define OSFP_IRQ_STORM		20	/* module interrupts in one second... */
#define OSFP_IRQ_QUIET_MS	10000	/* ...make the flags polled this long */
#define OSFP_RESET_PULSE_US	20	/* CMIS t_reset_pulse >= 10 us */
#define OSFP_MOVED_MARGIN_MS	2000	/* a consumer's power request, byte 26 */

/* Lower memory */
#define OSFP_ID_OFFSET		0
#define OSFP_MOD_STATE		3	/* bits 3-1 state, bit 0 IntL deasserted */
#define OSFP_MOD_CONTROLS	26
#define OSFP_MASK_CDB		31	/* bits 7-6 mask CdbCmdCompleteFlag2/1 */
#define OSFP_MASK_CDB_BITS	(BIT(7) | BIT(6))
#define OSFP_CDB_DONE_BITS	(BIT(7) | BIT(6))	/* lower 8: CdbCmdCompleteFlag2/1 */
#define OSFP_CDB_DONE_1		BIT(6)
#define OSFP_PASSWORD		118	/* 118-121 change entry, 122-125 entry */
#define OSFP_BANK_SELECT	126
#define OSFP_CTRL_LOW_PWR_SW	BIT(4)
#define OSFP_CTRL_SW_RESET	BIT(3)
#define OSFP_PAGE_LANE_STATUS	0x11
#define OSFP_PAGE_LANE_CTRL	0x10
/* Page 01h byte 251 bit 4: full 128-byte reads supported */
#define OSFP_FULL_PAGE_OFFSET	251
#define OSFP_FULL_PAGE_BIT	BIT(4)

static struct class *osfp_class;

static const char * const osfp_gpio_names[OSFP_GPIO_NUM] = {
	[OSFP_GPIO_PRESENT] = "present",
	[OSFP_GPIO_RESET] = "reset",
	[OSFP_GPIO_LPMODE] = "lpmode",
	[OSFP_GPIO_INT] = "int",
};

/*
 * The reset and low-power lines are taken as they are (see
 * osfp_gpio_adopt()): a module already working when the driver is loaded
 * or bound again keeps working.
 */
static const enum gpiod_flags osfp_gpio_flags[OSFP_GPIO_NUM] = {
	[OSFP_GPIO_PRESENT] = GPIOD_IN,
	[OSFP_GPIO_RESET] = GPIOD_ASIS,
	[OSFP_GPIO_LPMODE] = GPIOD_ASIS,
	[OSFP_GPIO_INT] = GPIOD_IN,
};

static void osfp_gpio_set(struct osfp_cage *cage, enum osfp_gpio line, int value)
{
	if (cage->gpio[line])
		gpiod_set_value_cansleep(cage->gpio[line], value);
}

/*
 * Make the reset and low-power lines outputs at the level they have: a
 * reload or rebind of the driver on a running switch (a DKMS upgrade)
 * neither resets a working module nor asks it for low power, and the
 * state machine adopts it as it finds it. Only an empty cage gets low
 * power requested, as at power on, so that the next module waits for
 * the power policy. A line whose level cannot be read is driven to that
 * default: reset released, low power requested.
 */
static int osfp_gpio_adopt(struct osfp_cage *cage)
{
	struct gpio_desc *present = cage->gpio[OSFP_GPIO_PRESENT];
	static const enum osfp_gpio lines[] = { OSFP_GPIO_RESET, OSFP_GPIO_LPMODE };
	struct gpio_desc *gpio;
	unsigned int i;
	int val, ret;

	for (i = 0; i < ARRAY_SIZE(lines); i++) {
		gpio = cage->gpio[lines[i]];
		if (!gpio)
			continue;
		val = gpiod_get_value_cansleep(gpio);
		if (val < 0 || (lines[i] == OSFP_GPIO_LPMODE && present &&
				gpiod_get_value_cansleep(present) == 0))
			val = lines[i] == OSFP_GPIO_LPMODE;
		ret = gpiod_direction_output(gpio, val);
		if (ret)
			return dev_err_probe(cage->dev, ret, "%s GPIO\n",
					     osfp_gpio_names[lines[i]]);
	}
	return 0;
}

static void osfp_notify(struct osfp_cage *cage, const char *attr)
{
	sysfs_notify(&cage->cdev.kobj, NULL, attr);
}

/* ---- flag cache ---- */

/*
 * Merge @n latched bytes into @cache; count the bits that rise. With
 * @replace (the driver's own refresh), the cache becomes what was read;
 * otherwise bits only accumulate. @buf returns the cached view.
 */
/*
 * Merge @n latched bytes into @cache and count the bits that rise. A
 * consumer's read only adds bits, and marks them @fresh. The driver's own
 * refresh (@replace) sets the cache to what it read plus the fresh bits,
 * which it then sees for the first time: a flag drops only once a refresh
 * that had already seen it reads it clear, so an event consumed by a
 * consumer's read just before a refresh is not lost. @dirty collects the
 * bits whose cached value changed; @buf returns the cached view.
 */
static void osfp_merge_bytes(struct osfp_cage *cage, u8 *cache, u8 *fresh, u8 *dirty,
			     u8 *buf, size_t n, bool replace,
			     void (*count)(struct osfp_cage *, unsigned int, u8),
			     unsigned int first)
{
	size_t i;
	u8 rising, old;

	for (i = 0; i < n; i++) {
		old = cache[i];
		rising = buf[i] & ~old;
		if (rising)
			count(cage, first + i, rising);
		if (replace) {
			cache[i] = buf[i] | fresh[i];
			fresh[i] = 0;
		} else {
			cache[i] = old | buf[i];
			fresh[i] |= rising;
			/* Let the driver notify and later re-check the flag */
			if (rising && !cage->stopping)
				mod_delayed_work(system_power_efficient_wq,
						 &cage->flag_work, 0);
		}
		dirty[i] |= cache[i] ^ old;
		buf[i] = cache[i];
	}
}

static void osfp_count_module(struct osfp_cage *cage, unsigned int byte, u8 rising)
{
	unsigned int b;

	for (b = 0; b < 8; b++)
		if (rising & BIT(b))
			cage->flags.module_events[byte * 8 + b]++;
}

/* @byte encodes bank * OSFP_LANE_FLAGS_NUM + flag */
static void osfp_count_lane(struct osfp_cage *cage, unsigned int byte, u8 rising)
{
	unsigned int bank = byte / OSFP_LANE_FLAGS_NUM;
	unsigned int flag = byte % OSFP_LANE_FLAGS_NUM;
	unsigned int b;

	for (b = 0; b < 8; b++)
		if (rising & BIT(b))
			cage->flags.lane_events[bank * 8 + b][flag]++;
}

/**
 * osfp_flags_merge() - record the latched flags a read has consumed
 * @cage: the cage, its lock held
 * @bank: bank the bytes were read from
 * @page: page the bytes were read from (ignored for lower memory)
 * @offset: offset of @buf[0] in the 256-byte window
 * @buf: the bytes read; flag bytes are replaced by the cached flags
 * @len: number of bytes
 *
 * Called by the access layer for every read. A consumer gets flag bytes
 * carrying every event the driver has seen and not yet seen clear again, so
 * one consumer's read never hides an event from another. Only the driver's
 * own flag refresh lets a cached flag drop.
 *
 * The CDB completion flags (byte 8 bits 7-6) are the exception: a CDB host
 * (the kernel's firmware flow polls bit 6) needs to see each command's
 * completion once, not the completion of an earlier command held by the
 * cache. They reach consumers as the module latched them, plus the ones the
 * driver's own refresh consumed since the last consumer read of byte 8.
 */
void osfp_flags_merge(struct osfp_cage *cage, u8 bank, u8 page, u8 offset,
		      u8 *buf, size_t len)
{
	struct osfp_flags *f = &cage->flags;
	unsigned int first = offset, last = offset + len, lo, hi;
	u8 cdb = 0;

	lockdep_assert_held(&cage->lock);

	/* Bytes 8-13 and page 11h of other modules are not CMIS flags */
	if (cage->mod.mgmt != CMIS_MGMT_CMIS)
		return;
	if (offset < 128) {
		lo = max_t(unsigned int, first, OSFP_MOD_FLAGS_FIRST);
		hi = min_t(unsigned int, last, OSFP_MOD_FLAGS_FIRST + OSFP_MOD_FLAGS_NUM);
		if (lo >= hi)
			return;
		if (lo == OSFP_MOD_FLAGS_FIRST) {
			cdb = buf[lo - first] & OSFP_CDB_DONE_BITS;
			buf[lo - first] &= ~OSFP_CDB_DONE_BITS;
			/* The driver's own update waits for its command's flag */
			if (cage->fw.busy && (cdb & OSFP_CDB_DONE_1))
				cage->fw.cdb_done = true;
			if (f->replace) {
				f->cdb_done |= cdb;
				cdb = 0;
			} else {
				cdb |= f->cdb_done;
				f->cdb_done = 0;
			}
		}
		osfp_merge_bytes(cage, &f->module[lo - OSFP_MOD_FLAGS_FIRST],
				 &f->fresh.module[lo - OSFP_MOD_FLAGS_FIRST],
				 &f->dirty.module[lo - OSFP_MOD_FLAGS_FIRST],
				 &buf[lo - first], hi - lo, f->replace,
				 osfp_count_module, lo - OSFP_MOD_FLAGS_FIRST);
		if (lo == OSFP_MOD_FLAGS_FIRST)
			buf[lo - first] |= cdb;
		return;
	}
	if (page != OSFP_PAGE_LANE_STATUS || bank >= OSFP_MAX_BANKS)
		return;
	lo = max_t(unsigned int, first, OSFP_LANE_FLAGS_FIRST);
	hi = min_t(unsigned int, last, OSFP_LANE_FLAGS_FIRST + OSFP_LANE_FLAGS_NUM);
	if (lo < hi)
		osfp_merge_bytes(cage, &f->lane[bank][lo - OSFP_LANE_FLAGS_FIRST],
				 &f->fresh.lane[bank][lo - OSFP_LANE_FLAGS_FIRST],
				 &f->dirty.lane[bank][lo - OSFP_LANE_FLAGS_FIRST],
				 &buf[lo - first], hi - lo, f->replace, osfp_count_lane,
				 bank * OSFP_LANE_FLAGS_NUM + lo - OSFP_LANE_FLAGS_FIRST);
}

static bool osfp_flags_any(const struct osfp_cage *cage)
{
	const struct osfp_flags *f = &cage->flags;

	return memchr_inv(f->module, 0, sizeof(f->module)) ||
	       memchr_inv(f->lane, 0, sizeof(f->lane));
}

/* Module events come by interrupt, unless the line is missing or misbehaves */
static bool osfp_int_usable(const struct osfp_cage *cage)
{
	return cage->int_irq && !cage->int_stuck && !cage->irq_throttled;
}

static void osfp_sm_queue(struct osfp_cage *cage, unsigned long delay);
static void osfp_module_state_update(struct osfp_cage *cage, u8 byte3);
static bool osfp_module_moved(struct osfp_cage *cage, u8 byte3, int state_flag);

/*
 * The driver's own read of the module's state and latched flags: lower
 * bytes 3-13 and, while IntL is asserted (or the cache holds lane flags to
 * confirm), page 11h bytes 134-153 of every bank. Called with the lock held
 * on a module interrupt, a poll tick, or to let set cached flags drop.
 *
 * A poll tick with nothing cached (@idle) first reads byte 3 alone: its
 * Interrupt bit tells whether any unmasked flag is latched, so an idle
 * module costs one one-byte read per poll.
 */
static int osfp_flags_refresh(struct osfp_cage *cage, bool idle)
{
	struct osfp_flags *f = &cage->flags;
	u8 low[OSFP_MOD_FLAGS_FIRST + OSFP_MOD_FLAGS_NUM - OSFP_MOD_STATE];
	u8 lane[OSFP_LANE_FLAGS_NUM];
	bool lane_set, intl;
	unsigned int bank;
	int ret;

	lockdep_assert_held(&cage->lock);
	if (!osfp_module_identified(cage))
		return -EAGAIN;
	/* Another module's latched flags are not read (nor cleared) */
	if (cage->mod.mgmt != CMIS_MGMT_CMIS)
		return 0;

	if (idle && !osfp_flags_any(cage)) {
		ret = osfp_access_read(cage, 0, 0, OSFP_MOD_STATE, low, 1);
		if (ret)
			goto warn;
		if (low[0] & BIT(0)) {
			/* Interrupt deasserted: nothing latched */
			cage->mod.intl = false;
			if (!osfp_module_moved(cage, low[0], -1))
				osfp_module_state_update(cage, low[0]);
			return 0;
		}
	}

	lane_set = memchr_inv(f->lane, 0, sizeof(f->lane));
	f->replace = true;
	ret = osfp_access_read(cage, 0, 0, OSFP_MOD_STATE, low, sizeof(low));
	if (ret)
		goto out;
	intl = !(low[0] & BIT(0));
	cage->mod.intl = intl;
	/* Before any page is read: the selection may be gone with a reset */
	if (osfp_module_moved(cage, low[0],
			      low[OSFP_MOD_FLAGS_FIRST - OSFP_MOD_STATE] & BIT(0)))
		goto out;

	if (!cage->mod.id.flat_mem && (intl || lane_set)) {
		for (bank = 0; bank < cage->mod.banks; bank++) {
			ret = osfp_access_read(cage, bank, OSFP_PAGE_LANE_STATUS,
					       OSFP_LANE_FLAGS_FIRST, lane, sizeof(lane));
			if (ret)
				goto out;
		}
	}
	osfp_module_state_update(cage, low[0]);
out:
	f->replace = false;
warn:
	if (ret)
		dev_warn_ratelimited(cage->dev, "%s: reading flags: %pe\n", cage->label,
				     ERR_PTR(ret));
	return ret;
}

/* ---- state machine ---- */

static const char * const osfp_sm_names[] = {
	[OSFP_SM_ABSENT] = "absent",
	[OSFP_SM_WAIT_MGMT] = "initializing",
	[OSFP_SM_IDENTIFY] = "identifying",
	[OSFP_SM_LOW_POWER] = "low-power",
	[OSFP_SM_POWER_UP] = "powering-up",
	[OSFP_SM_POWER_DOWN] = "powering-down",
	[OSFP_SM_READY] = "ready",
	[OSFP_SM_FAULT] = "fault",
	[OSFP_SM_ERROR] = "error",
};

/**
 * osfp_sm_state_name() - name of a state machine state, as sysfs shows it
 * @state: the state
 *
 * Return: a static string.
 */
const char *osfp_sm_state_name(enum osfp_sm_state state)
{
	if (state >= ARRAY_SIZE(osfp_sm_names))
		return "unknown";
	return osfp_sm_names[state];
}

/* Run the state machine after @delay jiffies. Called with cage->lock held. */
static void osfp_sm_queue(struct osfp_cage *cage, unsigned long delay)
{
	lockdep_assert_held(&cage->lock);

	if (!cage->stopping)
		mod_delayed_work(system_power_efficient_wq, &cage->sm_work, delay);
}

static void osfp_set_state(struct osfp_cage *cage, enum osfp_sm_state state)
{
	if (cage->state == state)
		return;
	dev_dbg(cage->dev, "%s: %s -> %s\n", cage->label,
		osfp_sm_state_name(cage->state), osfp_sm_state_name(state));
	cage->state = state;
	cage->state_changed = true;
}

static void osfp_sm_error(struct osfp_cage *cage, int err, const char *what)
{
	if (cage->state != OSFP_SM_ERROR)
		cage->backoff = msecs_to_jiffies(OSFP_BACKOFF_MIN_MS);
	else
		cage->backoff = min(cage->backoff * 2,
				    msecs_to_jiffies(OSFP_BACKOFF_MAX_MS));
	osfp_access_invalidate(cage);
	osfp_set_state(cage, OSFP_SM_ERROR);
	dev_warn_ratelimited(cage->dev, "%s: %s: %pe, retrying in %u ms\n",
			     cage->label, what, ERR_PTR(err),
			     jiffies_to_msecs(cage->backoff));
	osfp_sm_queue(cage, cage->backoff);
}

/**
 * osfp_module_identified() - whether the module's static data is cached
 * @cage: the cage, its lock held
 *
 * Return: true from the moment the module was identified until it is
 * removed, reset or fails.
 */
bool osfp_module_identified(const struct osfp_cage *cage)
{
	switch (cage->state) {
	case OSFP_SM_LOW_POWER:
	case OSFP_SM_POWER_UP:
	case OSFP_SM_POWER_DOWN:
	case OSFP_SM_READY:
	case OSFP_SM_FAULT:
		return true;
	default:
		return false;
	}
}

/* The CDB pages: 9Fh and the EPL pages A0h-AFh */
static bool osfp_cdb_page(u8 page)
{
	return page == CMIS_CDB_PAGE || (page >= CMIS_EPL_PAGE && page <= CMIS_EPL_PAGE + 15);
}

/*
 * The pages of a module that is not CMIS: SFF-8636 has lower memory and
 * pages 00h-03h, no banks; page 00h always, page 03h on paged memory, pages
 * 01h and 02h as 00h:195 says. Of an unknown module only lower memory is
 * read (its upper half would need a page select, a write).
 */
static bool osfp_page_advertised_other(const struct osfp_cage *cage, u8 bank, u8 page)
{
	const struct cmis_caps *caps = &cage->mod.caps;

	if (cage->mod.mgmt != CMIS_MGMT_SFF8636 || bank)
		return false;
	switch (page) {
	case 0x00:
		return true;
	case 0x01:
		return caps->sff_page01;
	case 0x02:
		return caps->sff_page02;
	case 0x03:
		return caps->page03;
	default:
		return false;
	}
}

/**
 * osfp_page_advertised() - whether the module has a page
 * @cage: the cage, its lock held, module identified
 * @bank: bank (checked for pages 10h-FFh only)
 * @page: page
 *
 * Return: true for page 00h, and on paged memory for pages 01h, 02h, 10h,
 * 11h in every advertised bank, the optional pages 01h:142 advertises, and
 * pages 04h and 12h (each bank) when 01h:155 bit 6 (TransmitterIsTunable)
 * says so. The CDB pages 9Fh and A0h-AFh are banked by CDB instance, not
 * by lane: bank b is there when the module has more than b instances. For
 * a module that is not CMIS, see osfp_page_advertised_other().
 */
bool osfp_page_advertised(const struct osfp_cage *cage, u8 bank, u8 page)
{
	const struct cmis_caps *caps = &cage->mod.caps;

	if (cage->mod.mgmt != CMIS_MGMT_CMIS)
		return osfp_page_advertised_other(cage, bank, page);
	if (page == 0)
		return true;
	if (cage->mod.id.flat_mem)
		return false;
	if (osfp_cdb_page(page))
		return bank < caps->cdb.instances &&
		       (page == CMIS_CDB_PAGE || page - CMIS_EPL_PAGE < caps->cdb.epl_pages);
	if (page >= 0x10 && bank >= cage->mod.banks)
		return false;
	switch (page) {
	case 0x01:
	case 0x02:
	case OSFP_PAGE_LANE_CTRL:
	case OSFP_PAGE_LANE_STATUS:
		return true;
	case 0x03:
		return caps->page03;
	case 0x04:
	case 0x12:
		return caps->tunable;
	case 0x05:
		return caps->page05;
	case 0x13:
	case 0x14:
		return caps->diag_pages;
	default:
		if (page >= 0x20 && page <= 0x2f)
			return caps->vdm_pages;
		return false;
	}
}

/* Read one whole upper page (or lower memory when @page < 0) */
static int osfp_read_half(struct osfp_cage *cage, u8 bank, int page, u8 *buf)
{
	return osfp_access_read(cage, bank, page < 0 ? 0 : page, page < 0 ? 0 : 128,
				buf, CMIS_PAGE_SIZE);
}

static void osfp_module_forget(struct osfp_cage *cage)
{
	memset(&cage->mod, 0, sizeof(cage->mod));
	memset(&cage->flags, 0, sizeof(cage->flags));
	cage->budget_logged = false;
	cage->int_stuck = false;	/* the next module's line is its own */
	osfp_access_invalidate(cage);
}

/*
 * Identify a module that is not CMIS (&osfp_module.mgmt set): read it,
 * never write it. An SFF-8636 module (QSFP, QSFP+, QSFP28 in an adapter)
 * has its identity in page 00h at its own offsets and its thresholds in
 * page 03h; selecting a page is one write of byte 127 (no bank byte). Of
 * an unknown module only lower memory is read. Either is logged once per
 * insertion.
 */
static int osfp_identify_other(struct osfp_cage *cage)
{
	struct osfp_module *mod = &cage->mod;
	struct cmis_pages *p = &mod->pages;
	bool log = cage->mgmt_logged != cage->insertions;
	int ret;

	cage->acc.page_only = true;
	/* SFF-8636 has no read size limit: sequential reads run to byte 127/255 */
	cage->acc.module_max_read = CMIS_PAGE_SIZE;
	ret = osfp_read_half(cage, 0, -1, mod->lower);
	if (ret)
		return ret;
	p->lower = mod->lower;
	mod->id.identifier = mod->lower[OSFP_ID_OFFSET];
	cage->identifier = mod->id.identifier;
	mod->mgmt = cmis_identifier_mgmt(mod->id.identifier);
	cage->mgmt_logged = cage->insertions;

	if (mod->mgmt != CMIS_MGMT_SFF8636) {
		mod->mgmt = CMIS_MGMT_UNKNOWN;
		mod->trusted = false;
		if (log)
			dev_warn(cage->dev,
				 "%s: module identifier 0x%02x is neither CMIS nor SFF-8636: shown, not managed, never written\n",
				 cage->label, mod->id.identifier);
		return 0;
	}

	ret = osfp_read_half(cage, 0, 0x00, mod->page00);
	if (ret)
		return ret;
	p->page00 = mod->page00;
	sff8636_decode_identity(p, &mod->id);
	sff8636_decode_caps(p, &mod->caps);
	if (mod->caps.page03) {
		ret = osfp_read_half(cage, 0, 0x03, mod->page03);
		if (ret)
			return ret;
		sff8636_decode_thresholds(mod->page03, &mod->thresholds);
	}
	sff8636_check_checksums(mod->page00, &mod->csum);
	mod->trusted = !mod->csum.failed;
	mod->banks = 0;
	mod->lanes = SFF8636_LANES;
	if (log)
		dev_info(cage->dev,
			 "%s: SFF-8636 %s module %s %s rev %s sn %s: monitored, never written\n",
			 cage->label, cmis_identifier_name(mod->id.identifier),
			 mod->id.vendor_name, mod->id.part_number, mod->id.revision,
			 mod->id.serial);
	if (!mod->trusted)
		dev_warn(cage->dev, "%s: checksum mismatch in page 00h: identity untrusted\n",
			 cage->label);
	return 0;
}

/*
 * Read and decode the static pages: lower memory, page 00h and, on paged
 * memory, pages 01h and 02h. Page 01h byte 251 is read first with an 8-byte
 * read, so that the rest goes in full pages when the module allows it.
 */
static int osfp_identify(struct osfp_cage *cage)
{
	struct osfp_module *mod = &cage->mod;
	struct cmis_pages *p = &mod->pages;
	u8 probe[8];
	int ret;

	osfp_module_forget(cage);
	osfp_access_init(cage);

	ret = osfp_access_read(cage, 0, 0, 0, probe, sizeof(probe));
	if (ret)
		return ret;
	mod->mgmt = cmis_identifier_mgmt(probe[OSFP_ID_OFFSET]);
	if (mod->mgmt != CMIS_MGMT_CMIS)
		return osfp_identify_other(cage);
	if (!(probe[2] & BIT(7))) {
		ret = osfp_access_read(cage, 0, 0x01, OSFP_FULL_PAGE_OFFSET & ~7,
				       probe, sizeof(probe));
		if (ret)
			return ret;
		if (probe[OSFP_FULL_PAGE_OFFSET & 7] & OSFP_FULL_PAGE_BIT)
			cage->acc.module_max_read = CMIS_PAGE_SIZE;
	}

	ret = osfp_read_half(cage, 0, -1, mod->lower);
	if (ret)
		return ret;
	ret = osfp_read_half(cage, 0, 0x00, mod->page00);
	if (ret)
		return ret;
	p->lower = mod->lower;
	p->page00 = mod->page00;
	if (!(mod->lower[2] & BIT(7))) {
		ret = osfp_read_half(cage, 0, 0x01, mod->page01);
		if (ret)
			return ret;
		ret = osfp_read_half(cage, 0, 0x02, mod->page02);
		if (ret)
			return ret;
		p->page01 = mod->page01;
		p->page02 = mod->page02;
	}

	cmis_decode_identity(p, &mod->id);
	cmis_decode_caps(p, &mod->caps);
	cmis_decode_thresholds(p, &mod->thresholds);
	cmis_check_checksums(p, &mod->csum);
	mod->trusted = !mod->csum.failed;
	if (!mod->trusted)
		dev_warn(cage->dev,
			 "%s: checksum mismatch in page(s)%s%s%s: identity untrusted\n",
			 cage->label,
			 mod->csum.failed & CMIS_CSUM_PAGE00 ? " 00h" : "",
			 mod->csum.failed & CMIS_CSUM_PAGE01 ? " 01h" : "",
			 mod->csum.failed & CMIS_CSUM_PAGE02 ? " 02h" : "");
	if (mod->id.flat_mem) {
		mod->banks = 0;
		mod->lanes = 0;
	} else {
		/* A hostile advertisement is clamped to what CMIS allows */
		mod->banks = clamp_t(u8, mod->caps.banks, 1, OSFP_MAX_BANKS);
		mod->lanes = mod->banks * 8;
	}
	cage->identifier = mod->id.identifier;
	mod->state = (mod->lower[OSFP_MOD_STATE] >> 1) & 7;
	/* Its init latched ModuleStateChanged */
	mod->state_flag_expected = true;
	mod->moved_until = jiffies;

	/*
	 * A CDB host polls for its commands' completion: the completion flags
	 * must not interrupt the driver at every command of a download.
	 */
	if (mod->caps.cdb.instances &&
	    (mod->lower[OSFP_MASK_CDB] & OSFP_MASK_CDB_BITS) != OSFP_MASK_CDB_BITS) {
		u8 mask = mod->lower[OSFP_MASK_CDB] | OSFP_MASK_CDB_BITS;

		ret = osfp_access_write(cage, 0, 0, OSFP_MASK_CDB, &mask, 1);
		if (ret)
			return ret;
		/* Given back when the driver lets the module go (unbind) */
		mod->cdb_masked = true;
		mod->cdb_mask_was = mod->lower[OSFP_MASK_CDB] & OSFP_MASK_CDB_BITS;
		mod->lower[OSFP_MASK_CDB] = mask;
	}

	dev_info(cage->dev, "%s: %s module %s %s rev %s sn %s, CMIS %u.%u\n",
		 cage->label, cmis_identifier_name(mod->id.identifier),
		 mod->id.vendor_name, mod->id.part_number, mod->id.revision,
		 mod->id.serial, mod->id.rev.major, mod->id.rev.minor);
	return 0;
}

/* The module may draw more than the cage's budget. Called with the lock. */
static bool osfp_over_budget(const struct osfp_cage *cage)
{
	return cage->max_power_mw && cage->mod.id.max_power_mw > cage->max_power_mw;
}

/*
 * Whether the module may draw high power: neither the lpmode request nor
 * the cage's budget holds it in low power, and the policy is "high", or
 * "auto" with a netdev using the module administratively up
 * (osfp_cage_port_up()).
 */
static bool osfp_power_allowed(struct osfp_cage *cage)
{
	if (cage->lp_request)
		return false;
	if (osfp_over_budget(cage)) {
		if (!cage->budget_logged) {
			dev_warn(cage->dev,
				 "%s: held in low power: module may draw %u mW, cage budget %u mW\n",
				 cage->label, cage->mod.id.max_power_mw, cage->max_power_mw);
			cage->budget_logged = true;
		}
		return false;
	}
	return cage->policy == OSFP_POWER_HIGH || cage->ports_up;
}

/*
 * Ask the module for high or low power: LowPwrRequestSW in byte 26, and the
 * low-power line when the cage has one. Then wait for the module to get
 * there, within its advertised duration plus a margin.
 */
static int osfp_power_apply(struct osfp_cage *cage)
{
	struct osfp_module *mod = &cage->mod;
	bool high;
	u8 ctrl, want;
	int ret;

	if (mod->mgmt == CMIS_MGMT_UNKNOWN) {
		/* Nothing known of it to manage: the lines stay as they are */
		osfp_set_state(cage, OSFP_SM_READY);
		return 0;
	}
	high = osfp_power_allowed(cage);
	if (mod->mgmt == CMIS_MGMT_SFF8636) {
		/* The LPMode pin only: its power control bytes are not written */
		osfp_gpio_set(cage, OSFP_GPIO_LPMODE, !high);
		osfp_set_state(cage, high ? OSFP_SM_READY : OSFP_SM_LOW_POWER);
		return 0;
	}
	if (mod->id.flat_mem) {
		/* Passive media: no power modes to manage */
		osfp_set_state(cage, OSFP_SM_READY);
		return 0;
	}

	ret = osfp_access_read(cage, 0, 0, OSFP_MOD_CONTROLS, &ctrl, 1);
	if (ret)
		return ret;
	want = high ? ctrl & ~OSFP_CTRL_LOW_PWR_SW : ctrl | OSFP_CTRL_LOW_PWR_SW;
	want &= ~OSFP_CTRL_SW_RESET;
	if (want != ctrl) {
		ret = osfp_access_write(cage, 0, 0, OSFP_MOD_CONTROLS, &want, 1);
		if (ret)
			return ret;
	}
	osfp_gpio_set(cage, OSFP_GPIO_LPMODE, !high);
	mod->state_flag_expected = true;

	/*
	 * The module may be half way through the opposite transition (a module
	 * that powers up by itself when inserted): allow for both.
	 */
	mod->powerup_deadline = jiffies +
		msecs_to_jiffies(min_t(u32, mod->caps.module_pwr_up.max_ms, 600000) +
				 min_t(u32, mod->caps.module_pwr_down.max_ms, 600000) +
				 OSFP_POWER_MARGIN_MS);
	osfp_set_state(cage, high ? OSFP_SM_POWER_UP : OSFP_SM_POWER_DOWN);
	osfp_sm_queue(cage, 0);
	return 0;
}

/* Track the module's own state (lower byte 3) as last read */
static void osfp_module_state_update(struct osfp_cage *cage, u8 byte3)
{
	u8 state = (byte3 >> 1) & 7;
	struct osfp_module *mod = &cage->mod;

	if (state == mod->state)
		return;
	mod->state = state;
	if (state == CMIS_MODULE_STATE_FAULT) {
		if (osfp_access_read(cage, 0, 0, 41, &mod->fault_cause, 1))
			mod->fault_cause = 0;
		dev_err_ratelimited(cage->dev, "%s: module fault: %s (0x%02x)\n",
				    cage->label, cmis_fault_cause_name(mod->fault_cause),
				    mod->fault_cause);
		osfp_set_state(cage, OSFP_SM_FAULT);
		return;
	}
	/* Let the state machine catch up with a module that moved by itself */
	if (cage->state == OSFP_SM_READY || cage->state == OSFP_SM_LOW_POWER ||
	    cage->state == OSFP_SM_FAULT) {
		if (state == CMIS_MODULE_STATE_READY)
			osfp_set_state(cage, OSFP_SM_READY);
		else if (state == CMIS_MODULE_STATE_LOW_PWR)
			osfp_set_state(cage, OSFP_SM_LOW_POWER);
	}
	osfp_sm_queue(cage, 0);
}

/*
 * Whether the module moved by itself: a reset the driver did not order (the
 * reset line pulsed from elsewhere, a power glitch, a watchdog) or a power
 * mode nobody asked for. Called with lower byte 3 as just read and, when it
 * was read with it, ModuleStateChanged (byte 8 bit 0; -1: not read), before
 * any page is read. A module that reset has its page selection back at
 * 00h and its controls and masks at their defaults: the selection cache
 * and what the driver knew of the module are dropped, and the module is
 * identified again as after a reset the driver ordered.
 *
 * In a steady state (ready, low power), a module found in another state
 * moved by itself, unless a consumer asked for it through byte 26 a moment
 * ago (osfp_module_state_update() then follows it). The first
 * ModuleStateChanged read in a steady state is the driver's own doing
 * (identification, power mode); a later one, read set after a read that
 * saw it clear (a flag stuck set is no news), without a change of state is
 * a reset that came back to the same state. A module leaving ModuleFault
 * was reset. Called with cage->lock held.
 */
static bool osfp_module_moved(struct osfp_cage *cage, u8 byte3, int state_flag)
{
	struct osfp_module *mod = &cage->mod;
	bool asked = time_before(jiffies, mod->moved_until);
	u8 state = (byte3 >> 1) & 7;
	const char *why;
	u8 want;

	lockdep_assert_held(&cage->lock);

	/* Flat memory: no power modes, no page selection to lose */
	if (mod->id.flat_mem)
		return false;
	if (cage->state == OSFP_SM_READY) {
		want = CMIS_MODULE_STATE_READY;
	} else if (cage->state == OSFP_SM_LOW_POWER) {
		want = CMIS_MODULE_STATE_LOW_PWR;
	} else if (cage->state == OSFP_SM_FAULT && mod->state == CMIS_MODULE_STATE_FAULT &&
		   state != CMIS_MODULE_STATE_FAULT) {
		why = "left ModuleFault";
		goto moved;
	} else {
		return false;
	}
	if (state == CMIS_MODULE_STATE_FAULT)
		return false;	/* osfp_module_state_update() reports it */
	if (state != want) {
		if (asked)
			return false;
		why = cmis_module_state_name(state);
	} else if (state_flag > 0 && !mod->state_flag_seen && !mod->state_flag_expected &&
		   !asked) {
		why = "ModuleStateChanged";
	} else {
		if (state_flag >= 0) {
			mod->state_flag_expected = false;
			mod->state_flag_seen = state_flag > 0;
		}
		return false;
	}
moved:
	dev_info_ratelimited(cage->dev, "%s: module moved by itself (%s): identifying it again\n",
			     cage->label, why);
	osfp_module_reinit(cage, 0);
	return true;
}

/* Wait for the module to reach the power state it was asked for */
static void osfp_sm_power_wait(struct osfp_cage *cage)
{
	struct osfp_module *mod = &cage->mod;
	bool up = cage->state == OSFP_SM_POWER_UP;
	u8 target = up ? CMIS_MODULE_STATE_READY : CMIS_MODULE_STATE_LOW_PWR;
	unsigned long delay;
	u8 byte3;
	int ret;

	ret = osfp_access_read(cage, 0, 0, OSFP_MOD_STATE, &byte3, 1);
	if (ret) {
		osfp_sm_error(cage, ret, "reading the module state");
		return;
	}
	mod->state = (byte3 >> 1) & 7;
	if (mod->state == target) {
		osfp_set_state(cage, up ? OSFP_SM_READY : OSFP_SM_LOW_POWER);
		dev_info(cage->dev, "%s: module %s\n", cage->label,
			 up ? "ready" : "in low power");
		return;
	}
	if (mod->state == CMIS_MODULE_STATE_FAULT) {
		mod->state = 0;
		osfp_module_state_update(cage, byte3);
		return;
	}
	if (time_after(jiffies, mod->powerup_deadline)) {
		dev_err_ratelimited(cage->dev, "%s: module did not reach %s in time (state %s)\n",
				    cage->label, up ? "ModuleReady" : "ModuleLowPwr",
				    cmis_module_state_name(mod->state));
		osfp_set_state(cage, OSFP_SM_FAULT);
		return;
	}
	/*
	 * The module's interrupt (ModuleStateChanged) announces the new state;
	 * the poll is then only a safety net for a module that does not raise
	 * it. Either way, the deadline is checked in time.
	 */
	delay = msecs_to_jiffies(osfp_int_usable(cage) ? OSFP_STATE_IRQ_POLL_MS :
							 OSFP_STATE_POLL_MS);
	osfp_sm_queue(cage, min(delay, mod->powerup_deadline - jiffies + 1));
}

/* One step of the state machine. Called with cage->lock held. */
static void osfp_sm_step(struct osfp_cage *cage)
{
	u8 id;
	int ret;

	if (!cage->present) {
		if (cage->state != OSFP_SM_ABSENT) {
			dev_info(cage->dev, "%s: module removed\n", cage->label);
			osfp_module_forget(cage);
			osfp_set_state(cage, OSFP_SM_ABSENT);
		}
		return;
	}

	switch (cage->state) {
	case OSFP_SM_ABSENT:
		dev_info(cage->dev, "%s: module inserted\n", cage->label);
		osfp_gpio_set(cage, OSFP_GPIO_RESET, 0);
		osfp_access_init(cage);
		osfp_set_state(cage, OSFP_SM_WAIT_MGMT);
		cage->deadline = jiffies + msecs_to_jiffies(OSFP_MGMT_INIT_MS);
		fallthrough;
	case OSFP_SM_WAIT_MGMT:
		ret = osfp_access_read(cage, 0, 0, OSFP_ID_OFFSET, &id, 1);
		if (ret) {
			if (time_before(jiffies, cage->deadline))
				osfp_sm_queue(cage, msecs_to_jiffies(OSFP_MGMT_RETRY_MS));
			else
				osfp_sm_error(cage, ret, "management interface not ready");
			break;
		}
		osfp_set_state(cage, OSFP_SM_IDENTIFY);
		fallthrough;
	case OSFP_SM_IDENTIFY:
	case OSFP_SM_ERROR:
		ret = osfp_identify(cage);
		if (ret) {
			osfp_sm_error(cage, ret, "identifying the module");
			break;
		}
		osfp_set_state(cage, OSFP_SM_LOW_POWER);
		ret = osfp_power_apply(cage);
		if (ret)
			osfp_sm_error(cage, ret, "setting the power mode");
		break;
	case OSFP_SM_POWER_UP:
	case OSFP_SM_POWER_DOWN:
		osfp_sm_power_wait(cage);
		break;
	case OSFP_SM_READY:
	case OSFP_SM_LOW_POWER:
	case OSFP_SM_FAULT:
		break;
	}
}

static void osfp_sm_work(struct work_struct *work)
{
	struct osfp_cage *cage = container_of(to_delayed_work(work), struct osfp_cage,
					      sm_work);
	bool state_changed;

	mutex_lock(&cage->lock);
	if (!cage->stopping)
		osfp_sm_step(cage);
	state_changed = cage->state_changed;
	cage->state_changed = false;
	/*
	 * Flags latched while the module was coming up (every state change
	 * latches one) hold IntL asserted, and an asserted line raises no
	 * further edge: read them once the module has settled.
	 */
	if (state_changed && !cage->stopping &&
	    (cage->state == OSFP_SM_READY || cage->state == OSFP_SM_LOW_POWER))
		mod_delayed_work(system_power_efficient_wq, &cage->flag_work, 0);
	mutex_unlock(&cage->lock);

	/* Consumers follow the module: hwmon device, lane attributes */
	osfp_hwmon_sync(cage);
	osfp_sysfs_sync(cage);
	if (state_changed)
		osfp_notify(cage, "module_state");
}

/* ---- module events ---- */

/*
 * Count @n module interrupts; true when interrupts are being ignored
 * because they came in a storm (a flapping line or module): the flags are
 * polled instead for a while. Called with cage->lock held.
 */
static bool osfp_irq_storm(struct osfp_cage *cage, unsigned int n)
{
	lockdep_assert_held(&cage->lock);

	if (cage->irq_throttled)
		return true;
	if (time_after(jiffies, cage->irq_window + HZ)) {
		cage->irq_window = jiffies;
		cage->irq_count = 0;
	}
	cage->irq_count += n;
	if (cage->irq_count <= OSFP_IRQ_STORM)
		return false;
	cage->irq_throttled = true;
	cage->irq_quiet_until = jiffies + msecs_to_jiffies(OSFP_IRQ_QUIET_MS);
	dev_warn_ratelimited(cage->dev,
			     "%s: module interrupt storm (over %d a second): polling flags for %d s\n",
			     cage->label, OSFP_IRQ_STORM, OSFP_IRQ_QUIET_MS / 1000);
	return true;
}

/*
 * After a module interrupt: a line that still reads asserted while the
 * module reports no interrupt is stuck (a broken pin or a module that does
 * not release it): no further edge would come, so the flags are polled
 * until the line is seen released. Called without cage->lock (the line is
 * read through the cage controller).
 */
static void osfp_int_line_check(struct osfp_cage *cage)
{
	int line = gpiod_get_value_cansleep(cage->gpio[OSFP_GPIO_INT]);
	bool stuck;
	u8 byte3;

	if (line < 0)
		return;
	mutex_lock(&cage->lock);
	/* Still asserted while known stuck: no need to ask the module again */
	stuck = line && osfp_module_identified(cage) && !cage->stopping &&
		(cage->int_stuck ||
		 (!osfp_access_read(cage, 0, 0, OSFP_MOD_STATE, &byte3, 1) &&
		  (byte3 & BIT(0))));
	if (stuck && !cage->int_stuck)
		dev_warn_ratelimited(cage->dev,
				     "%s: module interrupt line stuck asserted: polling flags\n",
				     cage->label);
	else if (!line && cage->int_stuck)
		dev_info_ratelimited(cage->dev, "%s: module interrupt line released\n",
				     cage->label);
	if (stuck || !line)
		cage->int_stuck = stuck;
	if (line && !cage->stopping && osfp_module_identified(cage))
		/* Stuck: poll; else a flag latched since: no edge will tell */
		mod_delayed_work(system_power_efficient_wq, &cage->flag_work,
				 stuck ? msecs_to_jiffies(OSFP_FLAG_POLL_MS) : 0);
	mutex_unlock(&cage->lock);
}

/* @irqs: module interrupts since the last check (0: a poll) */
static void osfp_flag_check(struct osfp_cage *cage, unsigned int irqs)
{
	struct osfp_flag_dirty dirty;
	bool state_changed, again, check_line;
	bool irq = irqs;
	unsigned long delay;

	mutex_lock(&cage->lock);
	if (cage->stopping || !osfp_module_identified(cage) ||
	    cage->mod.mgmt != CMIS_MGMT_CMIS) {
		mutex_unlock(&cage->lock);
		return;
	}
	if (irq && (osfp_irq_storm(cage, irqs) || cage->int_stuck)) {
		/* A storming or stuck line: the poll reads the flags */
		check_line = cage->int_stuck && !cage->irq_throttled;
		if (!delayed_work_pending(&cage->flag_work))
			mod_delayed_work(system_power_efficient_wq, &cage->flag_work,
					 msecs_to_jiffies(OSFP_FLAG_POLL_MS));
		mutex_unlock(&cage->lock);
		/* A stuck line's release is an edge too */
		if (check_line)
			osfp_int_line_check(cage);
		return;
	}
	if (!irq && cage->irq_throttled && time_after(jiffies, cage->irq_quiet_until)) {
		cage->irq_throttled = false;
		dev_info_ratelimited(cage->dev, "%s: module interrupts again\n", cage->label);
	}
	osfp_flags_refresh(cage, !irq && !osfp_int_usable(cage));
	dirty = cage->flags.dirty;
	memset(&cage->flags.dirty, 0, sizeof(cage->flags.dirty));
	state_changed = cage->state_changed;
	cage->state_changed = false;
	/*
	 * Poll when events cannot come by interrupt; otherwise, a set cached
	 * flag must still be seen clear again to drop.
	 */
	again = osfp_flags_any(cage);
	delay = msecs_to_jiffies(osfp_int_usable(cage) ? OSFP_FLAG_HOLD_MS : OSFP_FLAG_POLL_MS);
	if (again || !osfp_int_usable(cage))
		mod_delayed_work(system_power_efficient_wq, &cage->flag_work, delay);
	check_line = (irq || cage->int_stuck) && cage->int_irq && !cage->mod.intl;
	mutex_unlock(&cage->lock);

	osfp_sysfs_notify_flags(cage, &dirty);
	if (state_changed)
		osfp_notify(cage, "module_state");
	if (check_line)
		osfp_int_line_check(cage);
}

/*
 * The module's interrupt line: counted, and handed to the flag work. The
 * interrupt thread (the cage controller's, on a controller) does no module
 * I2C and takes no cage lock, so that no module's bus, slow or stuck, delays
 * the events of the other cages. The interrupt is freed before the cage
 * stops, so the work is not queued after osfp_cage_stop().
 */
static irqreturn_t osfp_int_irq(int irq, void *data)
{
	struct osfp_cage *cage = data;

	atomic_inc(&cage->irqs);
	mod_delayed_work(system_power_efficient_wq, &cage->flag_work, 0);
	return IRQ_HANDLED;
}

static void osfp_flag_work(struct work_struct *work)
{
	struct osfp_cage *cage = container_of(to_delayed_work(work), struct osfp_cage,
					      flag_work);

	osfp_flag_check(cage, atomic_xchg(&cage->irqs, 0));
}

/* ---- presence ---- */

/* Record the presence; true when it changed. Called with cage->lock held. */
static bool osfp_set_present(struct osfp_cage *cage, bool present)
{
	lockdep_assert_held(&cage->lock);

	if (cage->present == present)
		return false;
	cage->present = present;
	if (present)
		cage->insertions++;
	if (!present) {
		/* Nothing may be read from a module that is gone */
		osfp_module_forget(cage);
		osfp_set_state(cage, OSFP_SM_ABSENT);
		dev_info(cage->dev, "%s: module removed\n", cage->label);
	}
	osfp_sm_queue(cage, 0);
	return true;
}

/*
 * Without a present line, a failed read is not a removal yet: the module may
 * NACK for a moment, and while a CDB command is busy it may NACK for up to
 * its advertised busy time (01h:165-166). It is taken for removed after
 * OSFP_PROBE_FAILS failed reads in a row (OSFP_PROBE_RETRY_MS apart) that
 * also span that time. Called with cage->lock held after a failed read.
 * Return: true while the module still counts as present.
 */
static bool osfp_probe_debounce(struct osfp_cage *cage)
{
	const struct cmis_cdb_caps *cdb = &cage->mod.caps.cdb;
	unsigned long grace = 0;

	if (!cage->present)
		return false;
	if (!cage->probe_fails++)
		cage->probe_fail_since = jiffies;
	if (cdb->instances)
		grace = msecs_to_jiffies(cdb->max_busy_ms + OSFP_CDB_NACK_MARGIN_MS);
	if (cage->probe_fails < OSFP_PROBE_FAILS ||
	    time_before(jiffies, cage->probe_fail_since + grace))
		return true;
	dev_dbg(cage->dev, "%s: %u probe reads failed in %u ms\n", cage->label,
		cage->probe_fails, jiffies_to_msecs(jiffies - cage->probe_fail_since));
	return false;
}

static void osfp_check_presence(struct osfp_cage *cage)
{
	struct gpio_desc *gpio = cage->gpio[OSFP_GPIO_PRESENT];
	bool changed, ok;
	u8 id;
	int val;

	if (gpio) {
		val = gpiod_get_value_cansleep(gpio);
		if (val < 0) {
			dev_warn_ratelimited(cage->dev, "%s: reading presence: %pe\n",
					     cage->label, ERR_PTR(val));
			return;
		}
		mutex_lock(&cage->lock);
		changed = osfp_set_present(cage, val);
		mutex_unlock(&cage->lock);
	} else {
		mutex_lock(&cage->lock);
		if (!cage->i2c_probe_ok)
			osfp_access_init(cage);
		cage->i2c_probe_ok = true;
		ok = !osfp_access_read(cage, 0, 0, OSFP_ID_OFFSET, &id, 1);
		changed = osfp_set_present(cage, ok || osfp_probe_debounce(cage));
		if (ok || !cage->present)
			cage->probe_fails = 0;
		mutex_unlock(&cage->lock);
	}

	if (changed) {
		osfp_notify(cage, "present");
		osfp_notify(cage, "module_state");
	}
}

static irqreturn_t osfp_present_irq(int irq, void *data)
{
	osfp_check_presence(data);
	return IRQ_HANDLED;
}

static unsigned long osfp_poll_interval(struct osfp_cage *cage)
{
	if (cage->gpio[OSFP_GPIO_PRESENT])
		return msecs_to_jiffies(OSFP_POLL_MS);
	return msecs_to_jiffies(cage->probe_fails ? OSFP_PROBE_RETRY_MS : OSFP_PROBE_POLL_MS);
}

static void osfp_poll_work(struct work_struct *work)
{
	struct osfp_cage *cage = container_of(to_delayed_work(work), struct osfp_cage,
					      poll_work);

	osfp_check_presence(cage);

	mutex_lock(&cage->lock);
	if (!cage->stopping)
		queue_delayed_work(system_power_efficient_wq, &cage->poll_work,
				   osfp_poll_interval(cage));
	mutex_unlock(&cage->lock);
}

/* ---- services for the consumers ---- */

static int osfp_check_module(struct osfp_cage *cage, struct netlink_ext_ack *extack)
{
	if (cage->stopping) {
		NL_SET_ERR_MSG_MOD(extack, "the cage's driver is unbound");
		return -ENODEV;
	}
	if (!cage->present) {
		NL_SET_ERR_MSG_MOD(extack, "no module in the cage");
		return -ENODEV;
	}
	if (!osfp_module_identified(cage)) {
		NL_SET_ERR_MSG_MOD(extack, "module not identified yet");
		return -EAGAIN;
	}
	return 0;
}

static int osfp_check_request(struct osfp_cage *cage, u8 bank, u8 page, u8 offset,
			      size_t len, struct netlink_ext_ack *extack)
{
	if (!len || offset + len > 256 || (offset < 128 && offset + len > 128)) {
		NL_SET_ERR_MSG_MOD(extack, "request crosses a 128-byte boundary");
		return -EINVAL;
	}
	if (offset < 128)
		return 0;
	if (page >= 0x10 && bank >= cage->mod.banks && !osfp_cdb_page(page)) {
		NL_SET_ERR_MSG_MOD(extack, "module does not advertise this bank");
		return -EOPNOTSUPP;
	}
	if (page < 0x10 && bank) {
		NL_SET_ERR_MSG_MOD(extack, "pages 00h-0Fh have no banks");
		return -EINVAL;
	}
	if (!osfp_page_advertised(cage, bank, page)) {
		NL_SET_ERR_MSG_MOD(extack, "module does not advertise this page");
		return -EOPNOTSUPP;
	}
	return 0;
}

/**
 * osfp_eeprom_read() - read module memory for a consumer
 * @cage: the cage
 * @bank: bank, for pages 10h-FFh
 * @page: page, for offsets 128-255
 * @offset: 0-127 lower memory, 128-255 the upper page
 * @buf: where the bytes go
 * @len: bytes, within one half of the window
 * @extack: netlink extended ack for error messages, or NULL
 *
 * Reads go to the module, never to a cache: a pulled module gives an error,
 * not old bytes. Latched flag bytes carry the driver's flag cache.
 *
 * Context: process context, takes the cage lock.
 * Return: @len, or -ENODEV without a module, -EAGAIN before it is
 * identified, -EOPNOTSUPP for a page or bank it does not advertise,
 * -EINVAL for a bad request, or the bus error.
 */
int osfp_eeprom_read(struct osfp_cage *cage, u8 bank, u8 page, u8 offset,
		     u8 *buf, size_t len, struct netlink_ext_ack *extack)
{
	int ret;

	mutex_lock(&cage->lock);
	ret = osfp_check_module(cage, extack);
	if (!ret)
		ret = osfp_check_request(cage, bank, page, offset, len, extack);
	if (!ret) {
		ret = osfp_access_read(cage, bank, page, offset, buf, len);
		if (ret == -EOPNOTSUPP)
			NL_SET_ERR_MSG_MOD(extack, "module refused the page");
		else if (ret)
			NL_SET_ERR_MSG_MOD(extack, "module read failed");
		if (ret)
			osfp_log_access_err(cage, "reading", bank, offset < 128 ? -1 : page, ret);
	}
	mutex_unlock(&cage->lock);
	return ret ? ret : len;
}

/**
 * osfp_log_access_err() - log a failed module access made for a consumer
 * @cage: the cage
 * @what: "reading" or "writing"
 * @bank: the bank
 * @page: the page, or -1 for lower memory
 * @err: the error
 *
 * Rate limited: a module that stopped answering fails every access.
 */
void osfp_log_access_err(struct osfp_cage *cage, const char *what, u8 bank, int page,
			 int err)
{
	if (page < 0)
		dev_warn_ratelimited(cage->dev, "%s: %s lower memory: %pe\n", cage->label,
				     what, ERR_PTR(err));
	else if (err == -EOPNOTSUPP)
		dev_warn_ratelimited(cage->dev, "%s: module refused page %02xh bank %u\n",
				     cage->label, page, bank);
	else
		dev_warn_ratelimited(cage->dev, "%s: %s page %02xh bank %u: %pe\n",
				     cage->label, what, page, bank, ERR_PTR(err));
}

/* The CDB registers: password bytes 118-125, pages 9Fh and A0h-AFh */
static bool osfp_cdb_register(u8 page, u8 offset)
{
	if (offset < 128)
		return offset >= OSFP_PASSWORD;
	return page == CMIS_CDB_PAGE || (page >= CMIS_EPL_PAGE && page <= CMIS_EPL_PAGE + 15);
}

/*
 * Bytes CMIS lets a host write: lower 26, 31-36 (masks), 118-125 (password
 * change and entry), page 10h and the CDB pages (advertised: checked by
 * osfp_check_request())
 */
static bool osfp_writable(u8 page, u8 offset, size_t len)
{
	unsigned int end = offset + len;

	if (offset < 128)
		return (offset == 26 && end == 27) || (offset >= 31 && end <= 37) ||
		       (offset >= OSFP_PASSWORD && end <= OSFP_BANK_SELECT);
	return page == OSFP_PAGE_LANE_CTRL || osfp_cdb_register(page, offset);
}

/*
 * A consumer wrote the module controls (byte 26). SoftwareReset resets the
 * module: its page selection and everything the driver knew of it are gone,
 * and it is identified again. Otherwise the module may change its power
 * mode as asked: for a while, the driver follows it instead of taking it
 * for a module that moved by itself. Return: true on SoftwareReset.
 */
static bool osfp_controls_written(struct osfp_cage *cage, u8 ctrl)
{
	struct osfp_module *mod = &cage->mod;

	if (ctrl & OSFP_CTRL_SW_RESET) {
		dev_info(cage->dev, "%s: module reset (SoftwareReset written)\n", cage->label);
		osfp_module_reinit(cage, OSFP_MGMT_RETRY_MS);
		return true;
	}
	mod->state_flag_expected = true;
	mod->moved_until = jiffies +
		msecs_to_jiffies(min_t(u32, mod->caps.module_pwr_up.max_ms, 600000) +
				 min_t(u32, mod->caps.module_pwr_down.max_ms, 600000) +
				 OSFP_MOVED_MARGIN_MS);
	return false;
}

/**
 * osfp_eeprom_write() - write module memory for a consumer
 * @cage: the cage
 * @bank: bank, for pages 10h-FFh
 * @page: page, for offsets 128-255
 * @offset: 0-255
 * @buf: the bytes
 * @len: bytes, within one half of the window
 * @extack: netlink extended ack for error messages, or NULL
 *
 * Only bytes CMIS makes writable by the host are accepted: the module
 * controls (byte 26), the flag masks (31-36), the passwords (118-125), the
 * lane controls of page 10h and the CDB pages the module advertises (9Fh,
 * A0h-AFh); never the bank and page select bytes. The CDB registers are
 * the driver's own while its firmware update runs (see fw.c); a write of
 * the Run Firmware Image command or of SoftwareReset (byte 26 bit 3) makes
 * the driver identify the module again.
 *
 * Context: process context, takes the cage lock.
 * A module that is not CMIS is never written (-EPERM).
 *
 * Return: @len or a negative error as for osfp_eeprom_read(), -EPERM for a
 * byte that is not writable, -EBUSY for the CDB registers during the
 * driver's firmware update.
 */
int osfp_eeprom_write(struct osfp_cage *cage, u8 bank, u8 page, u8 offset,
		      const u8 *buf, size_t len, struct netlink_ext_ack *extack)
{
	bool reset = false;
	int ret;

	mutex_lock(&cage->lock);
	ret = osfp_check_module(cage, extack);
	if (!ret && cage->mod.mgmt != CMIS_MGMT_CMIS) {
		NL_SET_ERR_MSG_MOD(extack, "the module is not CMIS: osfp never writes it");
		ret = -EPERM;
	}
	if (!ret)
		ret = osfp_check_request(cage, bank, page, offset, len, extack);
	if (!ret && !osfp_writable(page, offset, len)) {
		NL_SET_ERR_MSG_MOD(extack, "bytes not writable by the host");
		ret = -EPERM;
	}
	if (!ret && osfp_cdb_register(page, offset))
		ret = osfp_fw_consumer_write(cage, page, offset, buf, len, extack);
	if (!ret) {
		ret = osfp_access_write(cage, bank, page, offset, buf, len);
		if (ret) {
			NL_SET_ERR_MSG_MOD(extack, "module write failed");
			osfp_log_access_err(cage, "writing", bank, offset < 128 ? -1 : page, ret);
		} else if (offset >= 128) {
			osfp_fw_consumer_wrote(cage, page, offset, buf, len);
		} else if (offset == OSFP_MOD_CONTROLS) {
			reset = osfp_controls_written(cage, buf[0]);
		}
	}
	mutex_unlock(&cage->lock);
	if (reset)
		osfp_notify(cage, "module_state");
	return ret ? ret : len;
}

/*
 * Apply a changed power policy or low-power request to an identified
 * module, unless the module itself reports a fault. Called with the lock.
 */
static int osfp_power_reapply(struct osfp_cage *cage, struct netlink_ext_ack *extack)
{
	int ret;

	if (!osfp_module_identified(cage) ||
	    cage->mod.state == CMIS_MODULE_STATE_FAULT)
		return 0;
	ret = osfp_power_apply(cage);
	if (ret) {
		NL_SET_ERR_MSG_MOD(extack, "module write failed");
		osfp_sm_error(cage, ret, "setting the power mode");
	}
	return ret;
}

/**
 * osfp_set_power_policy() - set the cage's power mode policy
 * @cage: the cage
 * @policy: %OSFP_POWER_AUTO or %OSFP_POWER_HIGH
 * @extack: netlink extended ack for error messages, or NULL
 *
 * Applied at once to an identified module, kept for the next one otherwise.
 * When something else holds the module in low power (the lpmode request,
 * the cage's budget), the policy is set all the same and @extack says why
 * the module stays in low power: the two controls never override each other
 * silently.
 *
 * Context: process context, takes the cage lock.
 * Return: 0 or a negative error (-EBUSY during a firmware update).
 */
int osfp_set_power_policy(struct osfp_cage *cage, enum osfp_power_policy policy,
			  struct netlink_ext_ack *extack)
{
	int ret = 0;

	if (policy != OSFP_POWER_AUTO && policy != OSFP_POWER_HIGH) {
		NL_SET_ERR_MSG_MOD(extack, "unknown power policy");
		return -EINVAL;
	}
	mutex_lock(&cage->lock);
	if (cage->stopping) {
		NL_SET_ERR_MSG_MOD(extack, "the cage's driver is unbound");
		ret = -ENODEV;
	} else if (cage->fw.busy) {
		NL_SET_ERR_MSG_MOD(extack, "module firmware update in progress");
		ret = -EBUSY;
	} else if (cage->policy != policy) {
		cage->policy = policy;
		ret = osfp_power_reapply(cage, extack);
	}
	/* A warning: the policy is set, something else decides for now */
	if (!ret && cage->lp_request)
		NL_SET_ERR_MSG_MOD(extack,
				   "module held in low power by the lpmode request (sysfs)");
	else if (!ret && osfp_over_budget(cage))
		NL_SET_ERR_MSG_MOD(extack,
				   "module held in low power: its maximum power exceeds the cage's budget");
	mutex_unlock(&cage->lock);
	return ret;
}

/*
 * A netdev using the module changed its administrative state: under the
 * "auto" policy, the module follows. Called with the lock held.
 */
static int osfp_port_change(struct osfp_cage *cage, bool up)
{
	lockdep_assert_held(&cage->lock);

	if (cage->stopping)
		return -ENODEV;
	if (up)
		cage->ports_up++;
	else if (!WARN_ON_ONCE(!cage->ports_up))
		cage->ports_up--;
	/*
	 * Only the first up and the last down matter. A firmware update keeps
	 * the power mode: the module is identified again when it ends with a
	 * reset, and the count applies then.
	 */
	if (cage->policy != OSFP_POWER_AUTO || cage->ports_up != up || cage->fw.busy)
		return 0;
	osfp_power_reapply(cage, NULL);
	return 0;
}

/**
 * osfp_cage_port_up() - a netdev using the module went administratively up
 * @cage: the cage
 *
 * The input of the "auto" power mode policy
 * (%ETHTOOL_MODULE_POWER_MODE_POLICY_AUTO): the module is in high power
 * while at least one netdev using it is up, in low power otherwise. Every
 * netdev that uses the cage's module calls this once when it goes up
 * (ndo_open) and osfp_cage_port_down() once when it goes down (ndo_stop):
 * the cage counts them. The cage's own netdev does so; a switch netdev
 * driver attached to the cage does it for its port, and after attaching
 * to a cage while its netdev is already up. Under the "high" policy the
 * count is kept and changes nothing. A failure to move the module is
 * handled (logged, retried) by the cage's state machine, not returned.
 *
 * Context: process context (typically ndo_open, under rtnl); takes the cage
 * lock.
 * Return: 0, or -ENODEV when the cage is going away (nothing counted).
 */
int osfp_cage_port_up(struct osfp_cage *cage)
{
	int ret;

	mutex_lock(&cage->lock);
	ret = osfp_port_change(cage, true);
	mutex_unlock(&cage->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(osfp_cage_port_up);

/**
 * osfp_cage_port_down() - a netdev using the module went administratively down
 * @cage: the cage
 *
 * The counterpart of osfp_cage_port_up(): under the "auto" policy, the
 * module goes to low power when the last netdev using it goes down. When
 * the cage is going away (driver unbound or unloaded) nothing is changed,
 * so that a driver reload does not disturb a working module.
 *
 * Context: process context (typically ndo_stop, under rtnl); takes the cage
 * lock.
 * Return: 0, or -ENODEV when the cage is going away.
 */
int osfp_cage_port_down(struct osfp_cage *cage)
{
	int ret;

	mutex_lock(&cage->lock);
	ret = osfp_port_change(cage, false);
	mutex_unlock(&cage->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(osfp_cage_port_down);

/**
 * osfp_get_power_mode() - power policy and the module's power mode
 * @cage: the cage
 * @policy: the cage's power policy
 * @low_power: whether the module is in (or going to) low power
 * @extack: netlink extended ack for error messages, or NULL
 *
 * @policy is set in every case, so that the policy of an empty cage
 * can be shown; @low_power only on success, from the state machine, or in
 * a fault from the module state last read.
 *
 * Context: process context, takes the cage lock.
 * Return: 0, -ENODEV without a module, -EAGAIN before it is identified,
 * -EOPNOTSUPP for a flat-memory module (it has no power modes),
 * -ESHUTDOWN once the cage is dead.
 */
int osfp_get_power_mode(struct osfp_cage *cage, enum osfp_power_policy *policy,
			bool *low_power, struct netlink_ext_ack *extack)
{
	int ret;

	mutex_lock(&cage->lock);
	*policy = cage->policy;
	ret = osfp_check_module(cage, extack);
	if (cage->stopping)
		ret = -ESHUTDOWN;
	if (!ret && cage->mod.id.flat_mem)
		ret = -EOPNOTSUPP;
	else if (!ret && cage->state == OSFP_SM_FAULT)
		*low_power = cage->mod.state == CMIS_MODULE_STATE_LOW_PWR ||
			     cage->mod.state == CMIS_MODULE_STATE_PWR_DN;
	else if (!ret)
		*low_power = cage->state == OSFP_SM_LOW_POWER ||
			     cage->state == OSFP_SM_POWER_DOWN;
	mutex_unlock(&cage->lock);
	return ret;
}

/**
 * osfp_module_reset_locked() - reset the module, the cage lock held
 * @cage: the cage, its lock held
 * @extack: netlink extended ack for error messages, or NULL
 *
 * Pulses the cage's reset line, or without one sets SoftwareReset (byte 26
 * bit 3, CMIS modules only); then the module is initialized again as if
 * just inserted. Also while the cage stops (the firmware update undoing
 * itself at unbind); no notification.
 *
 * Return: 0, -ENODEV without a module, -EOPNOTSUPP without a reset line on
 * a module that is not CMIS, or the error writing to it.
 */
int osfp_module_reset_locked(struct osfp_cage *cage, struct netlink_ext_ack *extack)
{
	u8 ctrl = OSFP_CTRL_SW_RESET;
	int ret;

	lockdep_assert_held(&cage->lock);

	if (!cage->present) {
		NL_SET_ERR_MSG_MOD(extack, "no module in the cage");
		return -ENODEV;
	}
	if (!cage->gpio[OSFP_GPIO_RESET] &&
	    (cage->mod.mgmt != CMIS_MGMT_CMIS ||
	     (cage->identifier &&
	      cmis_identifier_mgmt(cage->identifier) != CMIS_MGMT_CMIS))) {
		NL_SET_ERR_MSG_MOD(extack, "no reset line: SoftwareReset is CMIS only");
		return -EOPNOTSUPP;
	}
	if (cage->gpio[OSFP_GPIO_RESET]) {
		gpiod_set_value_cansleep(cage->gpio[OSFP_GPIO_RESET], 1);
		usleep_range(OSFP_RESET_PULSE_US, 2 * OSFP_RESET_PULSE_US);
		gpiod_set_value_cansleep(cage->gpio[OSFP_GPIO_RESET], 0);
	} else {
		ret = osfp_access_write(cage, 0, 0, OSFP_MOD_CONTROLS, &ctrl, 1);
		if (ret) {
			NL_SET_ERR_MSG_MOD(extack, "module write failed");
			return ret;
		}
	}
	dev_info(cage->dev, "%s: module reset\n", cage->label);
	osfp_module_reinit(cage, OSFP_MGMT_RETRY_MS);
	return 0;
}

/* Reset the module; @user: a consumer's request, refused during an update */
static int osfp_reset_module(struct osfp_cage *cage, bool user,
			     struct netlink_ext_ack *extack)
{
	int ret;

	mutex_lock(&cage->lock);
	if (cage->stopping) {
		NL_SET_ERR_MSG_MOD(extack, "the cage's driver is unbound");
		ret = -ENODEV;
	} else if (user && cage->fw.busy) {
		NL_SET_ERR_MSG_MOD(extack, "module firmware update in progress");
		ret = -EBUSY;
	} else {
		ret = osfp_module_reset_locked(cage, extack);
	}
	mutex_unlock(&cage->lock);
	if (!ret)
		osfp_notify(cage, "module_state");
	return ret;
}

/**
 * osfp_module_reset() - reset the module, for the driver itself
 * @cage: the cage
 * @extack: netlink extended ack for error messages, or NULL
 *
 * osfp_module_reset_locked() with the lock taken, for the driver's own
 * steps (the firmware update resets the module into its new image); a
 * user's request goes through osfp_module_reset_request().
 *
 * Context: process context, takes the cage lock.
 * Return: 0, -ENODEV without a module or once the cage is dead, or an
 * error as for osfp_module_reset_locked().
 */
int osfp_module_reset(struct osfp_cage *cage, struct netlink_ext_ack *extack)
{
	return osfp_reset_module(cage, false, extack);
}

/**
 * osfp_module_reset_request() - reset the module, as a user asked
 * @cage: the cage
 * @extack: netlink extended ack for error messages, or NULL
 *
 * osfp_module_reset() for ethtool --reset and the sysfs reset, refused
 * while the driver's firmware update runs: the update resets the module
 * itself, at the step where it may.
 *
 * Context: process context, takes the cage lock.
 * Return: as osfp_module_reset(), or -EBUSY during a firmware update.
 */
int osfp_module_reset_request(struct osfp_cage *cage, struct netlink_ext_ack *extack)
{
	return osfp_reset_module(cage, true, extack);
}

/**
 * osfp_module_reinit() - initialize the module again, as after a reset
 * @cage: the cage, its lock held
 * @settle_ms: time to leave the module before the first access
 *
 * For a module that is resetting (the reset line, SoftwareReset, or Run
 * Firmware Image): what the driver knew of it is forgotten, and the state
 * machine waits for its management interface and identifies it again.
 */
void osfp_module_reinit(struct osfp_cage *cage, unsigned int settle_ms)
{
	lockdep_assert_held(&cage->lock);

	osfp_module_forget(cage);
	osfp_set_state(cage, OSFP_SM_WAIT_MGMT);
	cage->deadline = jiffies + msecs_to_jiffies(settle_ms + OSFP_MGMT_INIT_MS);
	osfp_sm_queue(cage, msecs_to_jiffies(settle_ms));
}

/**
 * osfp_set_lp_request() - hold the module in low power, or let it go
 * @cage: the cage
 * @lp_request: true to hold the module in low power whatever the policy
 * @extack: netlink extended ack for error messages, or NULL
 *
 * The request belongs to the cage (sysfs lpmode): applied at once to an
 * identified module, kept for the next one otherwise. Dropping it gives
 * the power policy back its say.
 *
 * Context: process context, takes the cage lock.
 * Return: 0 or a negative error.
 */
int osfp_set_lp_request(struct osfp_cage *cage, bool lp_request,
			struct netlink_ext_ack *extack)
{
	int ret = 0;

	mutex_lock(&cage->lock);
	if (cage->stopping) {
		NL_SET_ERR_MSG_MOD(extack, "the cage's driver is unbound");
		ret = -ENODEV;
	} else if (cage->fw.busy) {
		NL_SET_ERR_MSG_MOD(extack, "module firmware update in progress");
		ret = -EBUSY;
	} else if (cage->lp_request != lp_request) {
		cage->lp_request = lp_request;
		ret = osfp_power_reapply(cage, extack);
	}
	mutex_unlock(&cage->lock);
	return ret;
}

/* ---- class device ---- */

static struct osfp_cage *osfp_cdev_to_cage(struct device *cdev)
{
	return container_of(cdev, struct osfp_cage, cdev);
}

static void osfp_cage_release(struct device *cdev)
{
	struct osfp_cage *cage = osfp_cdev_to_cage(cdev);

	mutex_destroy(&cage->lock);
	kfree_const(cage->label);
	kfree(cage);
}

/* A live (not stopping) cage whose device has @fwnode */
static int osfp_cage_match_fwnode(struct device *cdev, const void *fwnode)
{
	struct osfp_cage *cage = osfp_cdev_to_cage(cdev);
	bool live;

	if (!cdev->parent || dev_fwnode(cdev->parent) != fwnode)
		return 0;
	mutex_lock(&cage->lock);
	live = !cage->stopping;
	mutex_unlock(&cage->lock);
	return live;
}

/**
 * osfp_cage_get_by_fwnode() - look up a cage by its firmware node
 * @fwnode: firmware node of the cage device
 *
 * Context: process context; may sleep.
 * Return: the bound cage whose device has @fwnode, with a reference that the
 * caller drops with osfp_cage_put(), or NULL when there is none (yet) or it
 * is being unbound. The reference keeps the structure, not the binding: once
 * the cage's device is unbound, every function of osfp.h fails on it with
 * -ENODEV (see osfp_upstream_register() to follow rebinds).
 */
struct osfp_cage *osfp_cage_get_by_fwnode(const struct fwnode_handle *fwnode)
{
	struct device *cdev;

	if (!fwnode || !osfp_class)
		return NULL;
	cdev = class_find_device(osfp_class, NULL, fwnode, osfp_cage_match_fwnode);
	return cdev ? osfp_cdev_to_cage(cdev) : NULL;
}
EXPORT_SYMBOL_GPL(osfp_cage_get_by_fwnode);

/**
 * osfp_cage_put() - drop a reference taken by osfp_cage_get_by_fwnode()
 * @cage: the cage, or NULL
 */
void osfp_cage_put(struct osfp_cage *cage)
{
	if (cage)
		put_device(&cage->cdev);
}
EXPORT_SYMBOL_GPL(osfp_cage_put);

/* ---- upstream users ---- */

/*
 * The upstream lock (a global mutex) protects the list of upstreams, their
 * &osfp_upstream.cage, and each cage's &osfp_cage.up, &osfp_cage.attachable
 * and netdev. Lock order: the upstream lock, then rtnl (taken by the
 * callbacks' calls and by the netdev's registration), then the cage lock.
 */
static DEFINE_MUTEX(osfp_upstream_lock);
static LIST_HEAD(osfp_upstreams);

/**
 * struct osfp_upstream - a user of the cage of one firmware node
 * @node: in the list of upstreams
 * @fwnode: firmware node of the cage device (reference held)
 * @ops: its callbacks
 * @priv: their first argument
 * @cage: the attached cage (reference held), or NULL
 *
 * Protected by the upstream lock.
 */
struct osfp_upstream {
	struct list_head node;
	struct fwnode_handle *fwnode;
	const struct osfp_upstream_ops *ops;
	void *priv;
	struct osfp_cage *cage;
};

static struct osfp_upstream *osfp_upstream_find(const struct fwnode_handle *fwnode)
{
	struct osfp_upstream *up;

	lockdep_assert_held(&osfp_upstream_lock);
	list_for_each_entry(up, &osfp_upstreams, node)
		if (up->fwnode == fwnode)
			return up;
	return NULL;
}

/* The upstream takes the cage over: the cage's own netdev goes */
static void osfp_upstream_attach(struct osfp_upstream *up, struct osfp_cage *cage)
{
	lockdep_assert_held(&osfp_upstream_lock);

	osfp_netdev_unregister(cage);
	get_device(&cage->cdev);
	up->cage = cage;
	cage->up = up;
	rtnl_lock();
	up->ops->attach(up->priv, cage);
	rtnl_unlock();
}

static void osfp_upstream_detach(struct osfp_upstream *up)
{
	struct osfp_cage *cage = up->cage;

	lockdep_assert_held(&osfp_upstream_lock);

	rtnl_lock();
	up->ops->detach(up->priv, cage);
	rtnl_unlock();
	cage->up = NULL;
	up->cage = NULL;
	put_device(&cage->cdev);
}

/**
 * osfp_upstream_register() - use the cage of a firmware node, across rebinds
 * @fwnode: firmware node of the cage device (as osfp_cage_get_by_fwnode())
 * @ops: @ops->attach is called when the cage is bound (before this returns
 *	when it already is) and @ops->detach when it is being unbound, under
 *	rtnl, as often as that happens
 * @upstream: the callbacks' first argument
 *
 * While attached, the upstream owns the port's module ethtool operations:
 * the cage's minimal netdev is unregistered, and registered again when the
 * upstream goes. One upstream per cage.
 *
 * Context: process context, without rtnl.
 * Return: the registration, for osfp_upstream_unregister(), or an ERR_PTR():
 * -EINVAL without a node or callbacks, -EBUSY when the node has an upstream,
 * -ENOMEM.
 */
struct osfp_upstream *osfp_upstream_register(struct fwnode_handle *fwnode,
					     const struct osfp_upstream_ops *ops,
					     void *upstream)
{
	struct osfp_upstream *up;
	struct osfp_cage *cage;
	struct device *cdev;

	if (!fwnode || !ops || !ops->attach || !ops->detach)
		return ERR_PTR(-EINVAL);
	up = kzalloc(sizeof(*up), GFP_KERNEL);
	if (!up)
		return ERR_PTR(-ENOMEM);
	up->fwnode = fwnode_handle_get(fwnode);
	up->ops = ops;
	up->priv = upstream;

	mutex_lock(&osfp_upstream_lock);
	if (osfp_upstream_find(fwnode)) {
		mutex_unlock(&osfp_upstream_lock);
		fwnode_handle_put(up->fwnode);
		kfree(up);
		return ERR_PTR(-EBUSY);
	}
	list_add_tail(&up->node, &osfp_upstreams);
	cdev = osfp_class ? class_find_device(osfp_class, NULL, fwnode,
					      osfp_cage_match_fwnode) : NULL;
	if (cdev) {
		cage = osfp_cdev_to_cage(cdev);
		/* Not yet probed through, or being unbound: probe or rebind attaches */
		if (cage->attachable && !cage->up)
			osfp_upstream_attach(up, cage);
		put_device(cdev);
	}
	mutex_unlock(&osfp_upstream_lock);
	return up;
}
EXPORT_SYMBOL_GPL(osfp_upstream_register);

/**
 * osfp_upstream_unregister() - stop using the cage of a firmware node
 * @up: the registration, or NULL
 *
 * An attached cage is detached (@ops->detach is called) and gets its own
 * netdev back.
 *
 * Context: process context, without rtnl.
 */
void osfp_upstream_unregister(struct osfp_upstream *up)
{
	struct osfp_cage *cage;
	int ret;

	if (IS_ERR_OR_NULL(up))
		return;
	mutex_lock(&osfp_upstream_lock);
	list_del(&up->node);
	cage = up->cage;
	if (cage) {
		get_device(&cage->cdev);
		osfp_upstream_detach(up);
		/* attachable: the cage is not being unbound */
		ret = cage->attachable ? osfp_netdev_register(cage) : 0;
		if (ret)
			dev_warn(cage->dev, "%s: no netdev: %pe\n", cage->label, ERR_PTR(ret));
		put_device(&cage->cdev);
	}
	mutex_unlock(&osfp_upstream_lock);
	fwnode_handle_put(up->fwnode);
	kfree(up);
}
EXPORT_SYMBOL_GPL(osfp_upstream_unregister);

/* ---- platform driver ---- */

static void osfp_cage_put_action(void *data)
{
	struct osfp_cage *cage = data;

	put_device(&cage->cdev);
}

static void osfp_cage_del_action(void *data)
{
	struct osfp_cage *cage = data;

	device_del(&cage->cdev);
}

static void osfp_cage_netdev_action(void *data)
{
	struct osfp_cage *cage = data;

	mutex_lock(&osfp_upstream_lock);
	osfp_netdev_unregister(cage);
	mutex_unlock(&osfp_upstream_lock);
}

static void osfp_cage_put_adapter(void *data)
{
	i2c_put_adapter(data);
}

/* Give the module back the CDB completion masks identification changed */
static void osfp_cdb_mask_restore(struct osfp_cage *cage)
{
	struct osfp_module *mod = &cage->mod;
	u8 mask;

	lockdep_assert_held(&cage->lock);

	if (!osfp_module_identified(cage) || !mod->cdb_masked ||
	    osfp_access_read(cage, 0, 0, OSFP_MASK_CDB, &mask, 1))
		return;
	/* Unless another host has changed them since */
	if ((mask & OSFP_MASK_CDB_BITS) != OSFP_MASK_CDB_BITS)
		return;
	mask = (mask & ~OSFP_MASK_CDB_BITS) | mod->cdb_mask_was;
	osfp_access_write(cage, 0, 0, OSFP_MASK_CDB, &mask, 1);
}

/*
 * Runs after the interrupts are freed, before the class device goes. The
 * cage dies under its lock: from then on every consumer entry fails with
 * -ENODEV, and no work can be queued; then its upstream is told, and the
 * works are waited for.
 */
static void osfp_cage_stop(void *data)
{
	struct osfp_cage *cage = data;

	mutex_lock(&osfp_upstream_lock);
	mutex_lock(&cage->lock);
	cage->stopping = true;
	cage->fw.stop_until = jiffies + msecs_to_jiffies(OSFP_FW_STOP_MS);
	mutex_unlock(&cage->lock);
	cage->attachable = false;
	if (cage->up)
		osfp_upstream_detach(cage->up);
	mutex_unlock(&osfp_upstream_lock);

	/* With stopping set, an update fails at its next step */
	osfp_fw_stop(cage);
	mutex_lock(&cage->lock);
	osfp_cdb_mask_restore(cage);
	mutex_unlock(&cage->lock);
	/* With stopping set, this unregisters the hwmon device */
	osfp_hwmon_sync(cage);
	cancel_delayed_work_sync(&cage->poll_work);
	cancel_delayed_work_sync(&cage->flag_work);
	cancel_delayed_work_sync(&cage->sm_work);
}

static int osfp_cage_get_i2c(struct osfp_cage *cage)
{
	struct device *dev = cage->dev;
	struct fwnode_handle *bus;
	int ret;

	bus = fwnode_find_reference(dev_fwnode(dev), "i2c-bus", 0);
	if (IS_ERR(bus))
		return dev_err_probe(dev, PTR_ERR(bus), "no \"i2c-bus\" reference\n");
	cage->i2c = osfp_i2c_get_adapter_by_fwnode(bus);
	fwnode_handle_put(bus);
	if (!cage->i2c)
		return dev_err_probe(dev, -EPROBE_DEFER, "I2C bus not registered yet\n");

	ret = devm_add_action_or_reset(dev, osfp_cage_put_adapter, cage->i2c);
	if (ret)
		return ret;

	if (!i2c_check_functionality(cage->i2c, I2C_FUNC_I2C) &&
	    !i2c_check_functionality(cage->i2c, I2C_FUNC_SMBUS_BYTE_DATA))
		return dev_err_probe(dev, -EOPNOTSUPP,
				     "%s has neither I2C nor SMBus byte data transfers\n",
				     dev_name(&cage->i2c->dev));
	return 0;
}

/* A threaded interrupt on @line's GPIO, or 0 when it has none */
static int osfp_request_line_irq(struct osfp_cage *cage, enum osfp_gpio line,
				 irq_handler_t fn)
{
	int irq, ret;

	if (!cage->gpio[line])
		return 0;
	irq = gpiod_to_irq(cage->gpio[line]);
	if (irq <= 0)
		return 0;
	ret = devm_request_threaded_irq(cage->dev, irq, NULL, fn,
					IRQF_ONESHOT | IRQF_TRIGGER_RISING |
					IRQF_TRIGGER_FALLING,
					dev_name(cage->dev), cage);
	if (ret) {
		dev_warn(cage->dev, "%s irq %d: %pe, polling instead\n",
			 osfp_gpio_names[line], irq, ERR_PTR(ret));
		return 0;
	}
	return irq;
}

static int osfp_cage_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct osfp_upstream *up;
	struct osfp_cage *cage;
	const char *label;
	unsigned int i;
	int ret;

	cage = kzalloc(sizeof(*cage), GFP_KERNEL);
	if (!cage)
		return -ENOMEM;
	cage->dev = dev;
	mutex_init(&cage->lock);
	INIT_DELAYED_WORK(&cage->sm_work, osfp_sm_work);
	INIT_DELAYED_WORK(&cage->poll_work, osfp_poll_work);
	INIT_DELAYED_WORK(&cage->flag_work, osfp_flag_work);
	osfp_fw_init(cage);
	device_initialize(&cage->cdev);
	cage->cdev.class = osfp_class;
	cage->cdev.parent = dev;
	cage->cdev.groups = osfp_cage_groups;
	cage->cdev.release = osfp_cage_release;
	/* From here on, the last put_device() frees the cage */
	ret = devm_add_action_or_reset(dev, osfp_cage_put_action, cage);
	if (ret)
		return ret;

	if (device_property_read_string(dev, "label", &label))
		label = dev_name(dev);
	cage->label = kstrdup_const(label, GFP_KERNEL);
	if (!cage->label)
		return -ENOMEM;
	ret = dev_set_name(&cage->cdev, "%s", cage->label);
	if (ret)
		return ret;
	device_property_read_u32(dev, "maximum-power-milliwatt", &cage->max_power_mw);
	/* Modules power up without a netdev up, as before (see osfp.rst) */
	cage->policy = OSFP_POWER_HIGH;
	platform_set_drvdata(pdev, cage);

	ret = osfp_cage_get_i2c(cage);
	if (ret)
		return ret;
	osfp_access_init(cage);

	for (i = 0; i < OSFP_GPIO_NUM; i++) {
		cage->gpio[i] = devm_gpiod_get_optional(dev, osfp_gpio_names[i],
							osfp_gpio_flags[i]);
		if (IS_ERR(cage->gpio[i]))
			return dev_err_probe(dev, PTR_ERR(cage->gpio[i]), "%s GPIO\n",
					     osfp_gpio_names[i]);
	}
	ret = osfp_gpio_adopt(cage);
	if (ret)
		return ret;

	ret = device_add(&cage->cdev);
	if (ret)
		return dev_err_probe(dev, ret, "registering class device %s\n", cage->label);
	ret = devm_add_action_or_reset(dev, osfp_cage_del_action, cage);
	if (ret)
		return ret;

	/* The netdev, if any, goes after the cage has stopped */
	ret = devm_add_action_or_reset(dev, osfp_cage_netdev_action, cage);
	if (ret)
		return ret;

	ret = devm_add_action_or_reset(dev, osfp_cage_stop, cage);
	if (ret)
		return ret;

	cage->present_irq = osfp_request_line_irq(cage, OSFP_GPIO_PRESENT, osfp_present_irq);
	cage->int_irq = osfp_request_line_irq(cage, OSFP_GPIO_INT, osfp_int_irq);

	/* The interrupts (if any) are live: sample the level, then keep up */
	osfp_check_presence(cage);
	if (!cage->present_irq) {
		mutex_lock(&cage->lock);
		queue_delayed_work(system_power_efficient_wq, &cage->poll_work,
				   osfp_poll_interval(cage));
		mutex_unlock(&cage->lock);
	}
	if (!cage->int_irq)
		queue_delayed_work(system_power_efficient_wq, &cage->flag_work,
				   msecs_to_jiffies(OSFP_FLAG_POLL_MS));

	/* A switch driver registered for the cage takes it; else its netdev */
	mutex_lock(&osfp_upstream_lock);
	cage->attachable = true;
	up = osfp_upstream_find(dev_fwnode(dev));
	if (up && !up->cage) {
		osfp_upstream_attach(up, cage);
	} else {
		/* The cage works without its netdev (a name clash, say) */
		ret = osfp_netdev_register(cage);
		if (ret)
			dev_warn(dev, "%s: no netdev: %pe\n", cage->label, ERR_PTR(ret));
	}
	mutex_unlock(&osfp_upstream_lock);

	dev_info(dev, "%s: module bus %s, presence by %s, module events by %s\n",
		 cage->label, dev_name(&cage->i2c->dev),
		 cage->present_irq ? "interrupt" :
		 cage->gpio[OSFP_GPIO_PRESENT] ? "polling" : "I2C probing",
		 cage->int_irq ? "interrupt" : "polling");
	return 0;
}

static const struct platform_device_id osfp_cage_id[] = {
	{ "osfp-cage" },
	{ }
};
MODULE_DEVICE_TABLE(platform, osfp_cage_id);

/*
 * No acpi_device_id table, as for the cage controller (see controller.c):
 * a cage described directly in ACPI has _HID "PRP0001" and a _DSD
 * "compatible" property "osfp,cage", matched through this table and
 * loaded through its "of:" alias.
 */
static const struct of_device_id osfp_cage_of_match[] = {
	{ .compatible = "osfp,cage" },
	{ }
};
MODULE_DEVICE_TABLE(of, osfp_cage_of_match);

static struct platform_driver osfp_cage_driver = {
	.driver = {
		.name = "osfp-cage",
		.of_match_table = osfp_cage_of_match,
	},
	.probe = osfp_cage_probe,
	.id_table = osfp_cage_id,
};

static int __init osfp_init(void)
{
	int ret;

	osfp_class = osfp_class_create("osfp");
	if (IS_ERR(osfp_class)) {
		ret = PTR_ERR(osfp_class);
		osfp_class = NULL;
		return ret;
	}

	ret = platform_driver_register(&osfp_cage_driver);
	if (ret)
		goto err_class;

	ret = i2c_add_driver(&osfp_ctrl_driver);
	if (ret)
		goto err_cage;

	return 0;

err_cage:
	platform_driver_unregister(&osfp_cage_driver);
err_class:
	class_destroy(osfp_class);
	osfp_class = NULL;
	return ret;
}
module_init(osfp_init);

static void __exit osfp_exit(void)
{
	i2c_del_driver(&osfp_ctrl_driver);
	platform_driver_unregister(&osfp_cage_driver);
	class_destroy(osfp_class);
}
module_exit(osfp_exit);

MODULE_DESCRIPTION("OSFP cage and CMIS module driver");
MODULE_LICENSE("GPL");
