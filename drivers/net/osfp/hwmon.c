// SPDX-License-Identifier: GPL-2.0
/*
 * hwmon adapter of the osfp driver.
 *
 * One hwmon device ("osfp") per identified module that advertises monitors,
 * child of the cage platform device:
 *
 *	temp1			module temperature (01h:159 bit 0)
 *	in0			supply voltage (01h:159 bit 1)
 *	curr<N>			lane N Tx bias (01h:160 bit 0)
 *	power<N>		lane N Tx optical power (01h:160 bit 1)
 *	power<L+N>		lane N Rx optical power (01h:160 bit 2)
 *
 * for lanes N = 1..L, L the lanes of the banks the module advertises (at
 * most %OSFP_MAX_LANES, 32 in 4 banks). Every channel has a label naming the cage and lane,
 * the page 02h thresholds (lcrit: low alarm, min: low warning, max: high
 * warning, crit: high alarm) and the matching alarm attributes, which come
 * from the driver's latched flag cache (core.c), so reading them consumes
 * nothing another consumer needs.
 *
 * Live values are read in bulk, lower bytes 8-17 (module flags and
 * monitors) and page 11h bytes 134-201 of each bank (lane flags and
 * monitors), and kept for the chip's update_interval; thresholds are those
 * cached at identification. So one pass over all attributes costs at most
 * one read of each and a page select.
 *
 * Lifetime: osfp_hwmon_sync(), called by the state machine, registers the
 * device once the module is identified and unregisters it when the module
 * is gone (or another module took its place). It never holds the cage lock
 * while registering or unregistering: the callbacks take it.
 *
 * Naming: lm-sensors names a chip after the hwmon "name" and its parent
 * device: for a platform device, the number after the dot of the device's
 * name, but only when the part before the dot is made of [a-z0-9_] (no
 * dash). The cage devices are "osfp-cage.N" (or named after a firmware
 * node), which all gave "osfp-isa-0000". So the hwmon device's parent is a
 * platform device of its own, child of the cage device, named
 * "osfp_hwmon.N": N is the cage device's id when it has one (the cage
 * controller numbers its cages), else the lowest free number. `sensors`
 * then shows osfp-isa-0000, osfp-isa-0001, ... one chip per cage. The
 * child is created with the first hwmon device of the cage and removed
 * when the cage stops; no driver binds to it.
 */

#include <linux/device.h>
#include <linux/err.h>
#include <linux/hwmon.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/idr.h>
#include <linux/mutex.h>
#include <linux/platform_device.h>
#include <linux/property.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "osfp_core.h"

#define OSFP_HWMON_INTERVAL_MS		1000
#define OSFP_HWMON_INTERVAL_MIN_MS	100
#define OSFP_HWMON_INTERVAL_MAX_MS	60000

/* Lower memory: latched module flags 8-13, temperature 14-15, Vcc 16-17 */
#define OSFP_HWMON_LOWER_FIRST		OSFP_MOD_FLAGS_FIRST
#define OSFP_HWMON_LOWER_LEN		10
/* Page 11h: latched lane flags 134-153, Tx power, Tx bias, Rx power 154-201 */
#define OSFP_HWMON_PAGE_LANE		0x11
#define OSFP_HWMON_LANE_FIRST		OSFP_LANE_FLAGS_FIRST
#define OSFP_HWMON_LANE_LEN		(202 - OSFP_LANE_FLAGS_FIRST)
/* SFF-8636 lower memory: temperature 22-23 ... Tx power of lane 4 56-57 */
#define OSFP_HWMON_SFF_FIRST		22
#define OSFP_HWMON_SFF_LEN		(58 - OSFP_HWMON_SFF_FIRST)

/* The monitored quantities */
enum osfp_hwmon_kind {
	OSFP_HWMON_TEMP,
	OSFP_HWMON_VCC,
	OSFP_HWMON_TX_BIAS,
	OSFP_HWMON_TX_POWER,
	OSFP_HWMON_RX_POWER,
	OSFP_HWMON_KINDS,
};

/* hwmon attributes, whatever the sensor type */
enum osfp_hwmon_attr {
	OSFP_HWMON_NONE,
	OSFP_HWMON_INPUT,
	OSFP_HWMON_LABEL,
	OSFP_HWMON_LCRIT,	/* low alarm threshold */
	OSFP_HWMON_MIN,		/* low warning threshold */
	OSFP_HWMON_MAX,		/* high warning threshold */
	OSFP_HWMON_CRIT,	/* high alarm threshold */
	OSFP_HWMON_LCRIT_ALARM,
	OSFP_HWMON_MIN_ALARM,
	OSFP_HWMON_MAX_ALARM,
	OSFP_HWMON_CRIT_ALARM,
};

/*
 * Where a kind's four flags start: a bit number of struct cmis_module.flags
 * (lower byte 8 + bit / 8) for module monitors, a lane flag number (page
 * 11h byte 134 + number) for lane monitors. The four follow in the order
 * high alarm, low alarm, high warning, low warning in both places.
 */
static const unsigned int osfp_hwmon_first_flag[OSFP_HWMON_KINDS] = {
	[OSFP_HWMON_TEMP] = ilog2(CMIS_MOD_F_TEMP_HIGH_ALARM),
	[OSFP_HWMON_VCC] = ilog2(CMIS_MOD_F_VCC_HIGH_ALARM),
	[OSFP_HWMON_TX_BIAS] = ilog2(CMIS_LANE_F_TX_BIAS_HIGH_ALARM),
	[OSFP_HWMON_TX_POWER] = ilog2(CMIS_LANE_F_TX_POWER_HIGH_ALARM),
	[OSFP_HWMON_RX_POWER] = ilog2(CMIS_LANE_F_RX_POWER_HIGH_ALARM),
};

/**
 * struct osfp_hwmon_layout - what a module shows through hwmon
 * @kinds: BIT(kind) for each monitored quantity the module advertises
 * @lanes: lanes shown (the advertised banks' lanes, at most %OSFP_MAX_LANES)
 * @limits: page 02h is there and its checksum passed: thresholds shown
 * @rx_oma: Rx power is OMA, not average power (01h:151 bit 4 clear)
 * @sff8636: an SFF-8636 module: its 4 lanes' monitors are in lower memory
 *	(bytes 22-57), its thresholds in page 03h, and its latched flags are
 *	not read (so no alarm attributes)
 * @vendor: vendor name of the module
 * @part: part number
 * @serial: serial number
 *
 * Fixed when the hwmon device is registered; a module that no longer
 * matches it (another module in the cage) gets a new device.
 */
struct osfp_hwmon_layout {
	unsigned int kinds;
	u8 lanes;
	bool limits;
	bool rx_oma;
	bool sff8636;
	char vendor[CMIS_VENDOR_NAME_LEN + 1];
	char part[CMIS_PART_NUMBER_LEN + 1];
	char serial[CMIS_SERIAL_LEN + 1];
};

/**
 * struct osfp_hwmon - the hwmon device of a cage's module
 * @cage: the cage
 * @hwdev: the registered hwmon device
 * @layout: what is shown (immutable once registered)
 * @label: channel labels, [kind][lane - 1] (module kinds at lane index 0)
 * @interval_ms: update_interval: how long live values are kept
 * @valid: @updated, @err and @live hold a refresh
 * @updated: time of the last refresh (jiffies)
 * @err: result of the last refresh
 * @lower: lower memory for the decoder: the static copy taken at
 *	identification with bytes 8-17 as last read
 * @page11: page 11h of each bank for the decoder, bytes 134-201 as last read
 * @live: decoded live values in the decoder's units, [kind][lane - 1]
 *
 * The fields from @interval_ms on are protected by &osfp_cage.lock.
 */
struct osfp_hwmon {
	struct osfp_cage *cage;
	struct device *hwdev;
	struct osfp_hwmon_layout layout;
	char *label[OSFP_HWMON_KINDS][OSFP_MAX_LANES];

	unsigned int interval_ms;
	bool valid;
	unsigned long updated;
	int err;
	u8 lower[CMIS_PAGE_SIZE];
	u8 page11[OSFP_MAX_BANKS][CMIS_PAGE_SIZE];
	s32 live[OSFP_HWMON_KINDS][OSFP_MAX_LANES];
};

/*
 * Serializes osfp_hwmon_sync() calls (registration is rare), and protects
 * &osfp_cage.hw_parent and osfp_hwmon_ida
 */
static DEFINE_MUTEX(osfp_hwmon_sync_lock);
/* The numbers of the "osfp_hwmon.N" parent devices */
static DEFINE_IDA(osfp_hwmon_ida);

/* ---- layout ---- */

/* What the cage's module shows; false when it shows nothing. Lock held. */
static bool osfp_hwmon_layout_get(const struct osfp_cage *cage,
				  struct osfp_hwmon_layout *l)
{
	const struct osfp_module *mod = &cage->mod;
	const struct cmis_caps *caps = &mod->caps;

	memset(l, 0, sizeof(*l));
	if (cage->stopping || !osfp_module_identified(cage) ||
	    mod->mgmt == CMIS_MGMT_UNKNOWN ||
	    (mod->mgmt == CMIS_MGMT_CMIS && mod->id.flat_mem))
		return false;
	l->sff8636 = mod->mgmt == CMIS_MGMT_SFF8636;

	l->lanes = min_t(unsigned int, mod->lanes, OSFP_MAX_LANES);
	if (caps->temp_mon)
		l->kinds |= BIT(OSFP_HWMON_TEMP);
	if (caps->vcc_mon)
		l->kinds |= BIT(OSFP_HWMON_VCC);
	if (l->lanes) {
		/* A reserved multiplier code leaves the bias unit unknown */
		if (caps->tx_bias_mon && caps->tx_bias_mult)
			l->kinds |= BIT(OSFP_HWMON_TX_BIAS);
		if (caps->tx_power_mon)
			l->kinds |= BIT(OSFP_HWMON_TX_POWER);
		if (caps->rx_power_mon)
			l->kinds |= BIT(OSFP_HWMON_RX_POWER);
	}
	if (l->sff8636)
		l->limits = mod->caps.page03;
	else
		l->limits = mod->pages.page02 && !(mod->csum.failed & CMIS_CSUM_PAGE02);
	l->rx_oma = !caps->rx_power_avg;
	strscpy(l->vendor, mod->id.vendor_name, sizeof(l->vendor));
	strscpy(l->part, mod->id.part_number, sizeof(l->part));
	strscpy(l->serial, mod->id.serial, sizeof(l->serial));
	return l->kinds;
}

static bool osfp_hwmon_layout_eq(const struct osfp_hwmon_layout *a,
				 const struct osfp_hwmon_layout *b)
{
	return a->kinds == b->kinds && a->lanes == b->lanes &&
	       a->limits == b->limits && a->rx_oma == b->rx_oma &&
	       a->sff8636 == b->sff8636 &&
	       !strcmp(a->vendor, b->vendor) && !strcmp(a->part, b->part) &&
	       !strcmp(a->serial, b->serial);
}

/*
 * The kind and lane (1-based; 0 for module monitors) of a channel, false
 * when the module does not show it.
 */
static bool osfp_hwmon_channel(const struct osfp_hwmon_layout *l,
			       enum hwmon_sensor_types type, int channel,
			       enum osfp_hwmon_kind *kind, unsigned int *lane)
{
	*lane = 0;
	switch (type) {
	case hwmon_temp:
		*kind = OSFP_HWMON_TEMP;
		if (channel)
			return false;
		break;
	case hwmon_in:
		*kind = OSFP_HWMON_VCC;
		if (channel)
			return false;
		break;
	case hwmon_curr:
		*kind = OSFP_HWMON_TX_BIAS;
		if (channel < 0 || channel >= l->lanes)
			return false;
		*lane = channel + 1;
		break;
	case hwmon_power:
		if (channel < 0 || channel >= 2 * l->lanes)
			return false;
		if (channel < l->lanes) {
			*kind = OSFP_HWMON_TX_POWER;
			*lane = channel + 1;
		} else {
			*kind = OSFP_HWMON_RX_POWER;
			*lane = channel - l->lanes + 1;
		}
		break;
	default:
		return false;
	}
	return l->kinds & BIT(*kind);
}

static enum osfp_hwmon_attr osfp_hwmon_attr(enum hwmon_sensor_types type, u32 attr)
{
	switch (type) {
	case hwmon_temp:
		switch (attr) {
		case hwmon_temp_input: return OSFP_HWMON_INPUT;
		case hwmon_temp_label: return OSFP_HWMON_LABEL;
		case hwmon_temp_lcrit: return OSFP_HWMON_LCRIT;
		case hwmon_temp_min: return OSFP_HWMON_MIN;
		case hwmon_temp_max: return OSFP_HWMON_MAX;
		case hwmon_temp_crit: return OSFP_HWMON_CRIT;
		case hwmon_temp_lcrit_alarm: return OSFP_HWMON_LCRIT_ALARM;
		case hwmon_temp_min_alarm: return OSFP_HWMON_MIN_ALARM;
		case hwmon_temp_max_alarm: return OSFP_HWMON_MAX_ALARM;
		case hwmon_temp_crit_alarm: return OSFP_HWMON_CRIT_ALARM;
		}
		break;
	case hwmon_in:
		switch (attr) {
		case hwmon_in_input: return OSFP_HWMON_INPUT;
		case hwmon_in_label: return OSFP_HWMON_LABEL;
		case hwmon_in_lcrit: return OSFP_HWMON_LCRIT;
		case hwmon_in_min: return OSFP_HWMON_MIN;
		case hwmon_in_max: return OSFP_HWMON_MAX;
		case hwmon_in_crit: return OSFP_HWMON_CRIT;
		case hwmon_in_lcrit_alarm: return OSFP_HWMON_LCRIT_ALARM;
		case hwmon_in_min_alarm: return OSFP_HWMON_MIN_ALARM;
		case hwmon_in_max_alarm: return OSFP_HWMON_MAX_ALARM;
		case hwmon_in_crit_alarm: return OSFP_HWMON_CRIT_ALARM;
		}
		break;
	case hwmon_curr:
		switch (attr) {
		case hwmon_curr_input: return OSFP_HWMON_INPUT;
		case hwmon_curr_label: return OSFP_HWMON_LABEL;
		case hwmon_curr_lcrit: return OSFP_HWMON_LCRIT;
		case hwmon_curr_min: return OSFP_HWMON_MIN;
		case hwmon_curr_max: return OSFP_HWMON_MAX;
		case hwmon_curr_crit: return OSFP_HWMON_CRIT;
		case hwmon_curr_lcrit_alarm: return OSFP_HWMON_LCRIT_ALARM;
		case hwmon_curr_min_alarm: return OSFP_HWMON_MIN_ALARM;
		case hwmon_curr_max_alarm: return OSFP_HWMON_MAX_ALARM;
		case hwmon_curr_crit_alarm: return OSFP_HWMON_CRIT_ALARM;
		}
		break;
	case hwmon_power:
		switch (attr) {
		case hwmon_power_input: return OSFP_HWMON_INPUT;
		case hwmon_power_label: return OSFP_HWMON_LABEL;
		case hwmon_power_lcrit: return OSFP_HWMON_LCRIT;
		case hwmon_power_min: return OSFP_HWMON_MIN;
		case hwmon_power_max: return OSFP_HWMON_MAX;
		case hwmon_power_crit: return OSFP_HWMON_CRIT;
		case hwmon_power_lcrit_alarm: return OSFP_HWMON_LCRIT_ALARM;
		case hwmon_power_min_alarm: return OSFP_HWMON_MIN_ALARM;
		case hwmon_power_max_alarm: return OSFP_HWMON_MAX_ALARM;
		case hwmon_power_crit_alarm: return OSFP_HWMON_CRIT_ALARM;
		}
		break;
	default:
		break;
	}
	return OSFP_HWMON_NONE;
}

/* ---- values ---- */

/* A value in the decoder's units (mdegC, mV, uA, nW) in the hwmon unit */
static long osfp_hwmon_scale(enum osfp_hwmon_kind kind, s32 v)
{
	switch (kind) {
	case OSFP_HWMON_TX_BIAS:
		return DIV_ROUND_CLOSEST(v, 1000);	/* mA */
	case OSFP_HWMON_TX_POWER:
	case OSFP_HWMON_RX_POWER:
		return cmis_nw_to_uw(max(v, 0));	/* uW */
	default:
		return v;				/* mdegC, mV */
	}
}

static const struct cmis_limits *osfp_hwmon_limits(const struct osfp_cage *cage,
						   enum osfp_hwmon_kind kind)
{
	const struct cmis_thresholds *th = &cage->mod.thresholds;

	switch (kind) {
	case OSFP_HWMON_TEMP:
		return &th->temp_mc;
	case OSFP_HWMON_VCC:
		return &th->vcc_mv;
	case OSFP_HWMON_TX_BIAS:
		return &th->tx_bias_ua;
	case OSFP_HWMON_TX_POWER:
		return &th->tx_power_nw;
	default:
		return &th->rx_power_nw;
	}
}

/*
 * The live values of an SFF-8636 module: lower bytes 22-57 (temperature,
 * Vcc, then Rx power, Tx bias and Tx power of lanes 1-4) in one read; its
 * latched flags (3-21) are not touched. Called with the cage lock held.
 */
static int osfp_hwmon_refresh_sff8636(struct osfp_hwmon *hw)
{
	struct osfp_cage *cage = hw->cage;
	struct sff8636_monitors m;
	unsigned int i;
	int ret;

	memcpy(hw->lower, cage->mod.lower, sizeof(hw->lower));
	ret = osfp_access_read(cage, 0, 0, OSFP_HWMON_SFF_FIRST,
			       &hw->lower[OSFP_HWMON_SFF_FIRST], OSFP_HWMON_SFF_LEN);
	if (ret) {
		dev_warn_ratelimited(cage->dev, "%s: reading monitors: %pe\n",
				     cage->label, ERR_PTR(ret));
	} else {
		sff8636_decode_monitors(hw->lower, &m);
		hw->live[OSFP_HWMON_TEMP][0] = m.temp_mc;
		hw->live[OSFP_HWMON_VCC][0] = m.vcc_mv;
		for (i = 0; i < SFF8636_LANES; i++) {
			hw->live[OSFP_HWMON_TX_BIAS][i] = m.tx_bias_ua[i];
			hw->live[OSFP_HWMON_TX_POWER][i] = m.tx_power_nw[i];
			hw->live[OSFP_HWMON_RX_POWER][i] = m.rx_power_nw[i];
		}
	}
	hw->valid = true;
	hw->updated = jiffies;
	hw->err = ret;
	return ret;
}

/*
 * Read the live values unless those read within the update interval are
 * still good: lower bytes 8-17 and page 11h bytes 134-201 of each bank
 * holding shown lanes, each in one access. The access layer merges the
 * latched flags they carry into the flag cache. A failure is kept for the
 * interval too, so that a failing module is not asked again for every
 * attribute. Called with the cage lock held.
 */
static int osfp_hwmon_refresh(struct osfp_hwmon *hw)
{
	const struct osfp_hwmon_layout *l = &hw->layout;
	struct osfp_cage *cage = hw->cage;
	unsigned int bank, banks, lane, i;
	struct cmis_pages p = { };
	struct cmis_module m;
	struct cmis_lane ln;
	int ret = 0;

	lockdep_assert_held(&cage->lock);
	if (hw->valid &&
	    time_before(jiffies, hw->updated + msecs_to_jiffies(hw->interval_ms)))
		return hw->err;
	if (l->sff8636)
		return osfp_hwmon_refresh_sff8636(hw);

	memcpy(hw->lower, cage->mod.lower, sizeof(hw->lower));
	p.lower = hw->lower;
	p.page01 = cage->mod.pages.page01;
	if (l->kinds & (BIT(OSFP_HWMON_TEMP) | BIT(OSFP_HWMON_VCC))) {
		ret = osfp_access_read(cage, 0, 0, OSFP_HWMON_LOWER_FIRST,
				       &hw->lower[OSFP_HWMON_LOWER_FIRST],
				       OSFP_HWMON_LOWER_LEN);
		if (ret)
			goto out;
	}
	banks = 0;
	if (l->kinds & (BIT(OSFP_HWMON_TX_BIAS) | BIT(OSFP_HWMON_TX_POWER) |
			BIT(OSFP_HWMON_RX_POWER)))
		banks = DIV_ROUND_UP(l->lanes, CMIS_LANES_PER_BANK);
	for (bank = 0; bank < banks; bank++) {
		ret = osfp_access_read(cage, bank, OSFP_HWMON_PAGE_LANE,
				       OSFP_HWMON_LANE_FIRST,
				       &hw->page11[bank][OSFP_HWMON_LANE_FIRST -
							 CMIS_PAGE_SIZE],
				       OSFP_HWMON_LANE_LEN);
		if (ret)
			goto out;
	}

	if (!cmis_decode_module(&p, &m)) {
		hw->live[OSFP_HWMON_TEMP][0] = m.temp_mc;
		hw->live[OSFP_HWMON_VCC][0] = m.vcc_mv;
	}
	/*
	 * The decoder addresses lanes 1-16 (banks 0-1, CMIS_MAX_BANKS); a
	 * module has up to 4 banks, each with the same page 11h layout: every
	 * bank is decoded as if it were bank 0, its lanes as lanes 1-8.
	 */
	for (bank = 0; bank < banks; bank++) {
		p.page11[0] = hw->page11[bank];
		for (i = 0; i < CMIS_LANES_PER_BANK; i++) {
			lane = bank * CMIS_LANES_PER_BANK + i;
			if (lane >= l->lanes)
				break;
			if (cmis_decode_lane(&p, i + 1, &ln))
				continue;
			hw->live[OSFP_HWMON_TX_BIAS][lane] = ln.tx_bias_ua;
			hw->live[OSFP_HWMON_TX_POWER][lane] = ln.tx_power_nw;
			hw->live[OSFP_HWMON_RX_POWER][lane] = ln.rx_power_nw;
		}
	}
out:
	if (ret)
		dev_warn_ratelimited(cage->dev, "%s: reading monitors: %pe\n",
				     cage->label, ERR_PTR(ret));
	hw->valid = true;
	hw->updated = jiffies;
	hw->err = ret;
	return ret;
}

/* The flag cache bit of one of a kind's alarms. Called with the lock held. */
static bool osfp_hwmon_flag(const struct osfp_cage *cage, enum osfp_hwmon_kind kind,
			    unsigned int lane, unsigned int which)
{
	unsigned int flag = osfp_hwmon_first_flag[kind] + which;
	unsigned int bank;

	if (!lane)
		return cage->flags.module[flag / 8] & BIT(flag % 8);
	bank = cmis_lane_bank(lane);
	return cage->flags.lane[bank][flag] & BIT((lane - 1) % CMIS_LANES_PER_BANK);
}

/* One attribute's value. Called with the lock held. */
static int osfp_hwmon_value(struct osfp_hwmon *hw, enum osfp_hwmon_kind kind,
			    unsigned int lane, enum osfp_hwmon_attr attr, long *val)
{
	const struct cmis_limits *lim = osfp_hwmon_limits(hw->cage, kind);
	unsigned int idx = lane ? lane - 1 : 0;
	int ret;

	switch (attr) {
	case OSFP_HWMON_LCRIT:
		*val = osfp_hwmon_scale(kind, lim->low_alarm);
		return 0;
	case OSFP_HWMON_MIN:
		*val = osfp_hwmon_scale(kind, lim->low_warn);
		return 0;
	case OSFP_HWMON_MAX:
		*val = osfp_hwmon_scale(kind, lim->high_warn);
		return 0;
	case OSFP_HWMON_CRIT:
		*val = osfp_hwmon_scale(kind, lim->high_alarm);
		return 0;
	default:
		break;
	}

	ret = osfp_hwmon_refresh(hw);
	if (ret)
		return ret;
	switch (attr) {
	case OSFP_HWMON_INPUT:
		*val = osfp_hwmon_scale(kind, hw->live[kind][idx]);
		return 0;
	/* Flags in the order high alarm, low alarm, high warning, low warning */
	case OSFP_HWMON_CRIT_ALARM:
		*val = osfp_hwmon_flag(hw->cage, kind, lane, 0);
		return 0;
	case OSFP_HWMON_LCRIT_ALARM:
		*val = osfp_hwmon_flag(hw->cage, kind, lane, 1);
		return 0;
	case OSFP_HWMON_MAX_ALARM:
		*val = osfp_hwmon_flag(hw->cage, kind, lane, 2);
		return 0;
	case OSFP_HWMON_MIN_ALARM:
		*val = osfp_hwmon_flag(hw->cage, kind, lane, 3);
		return 0;
	default:
		return -EOPNOTSUPP;
	}
}

/*
 * The device still shows the module in the cage: not being torn down, and
 * no other module took its place before osfp_hwmon_sync() noticed.
 */
static int osfp_hwmon_check(struct osfp_hwmon *hw)
{
	struct osfp_hwmon_layout now;

	lockdep_assert_held(&hw->cage->lock);
	if (hw->cage->hw != hw || !osfp_hwmon_layout_get(hw->cage, &now) ||
	    !osfp_hwmon_layout_eq(&now, &hw->layout))
		return -ENODEV;
	return 0;
}

/* ---- hwmon callbacks ---- */

static umode_t osfp_hwmon_is_visible(const void *data, enum hwmon_sensor_types type,
				     u32 attr, int channel)
{
	const struct osfp_hwmon *hw = data;
	enum osfp_hwmon_kind kind;
	unsigned int lane;

	if (type == hwmon_chip)
		return attr == hwmon_chip_update_interval ? 0644 : 0;
	if (!osfp_hwmon_channel(&hw->layout, type, channel, &kind, &lane))
		return 0;
	switch (osfp_hwmon_attr(type, attr)) {
	case OSFP_HWMON_INPUT:
	case OSFP_HWMON_LABEL:
		return 0444;
	case OSFP_HWMON_LCRIT_ALARM:
	case OSFP_HWMON_MIN_ALARM:
	case OSFP_HWMON_MAX_ALARM:
	case OSFP_HWMON_CRIT_ALARM:
		return hw->layout.sff8636 ? 0 : 0444;
	case OSFP_HWMON_LCRIT:
	case OSFP_HWMON_MIN:
	case OSFP_HWMON_MAX:
	case OSFP_HWMON_CRIT:
		return hw->layout.limits ? 0444 : 0;
	default:
		return 0;
	}
}

static int osfp_hwmon_read(struct device *dev, enum hwmon_sensor_types type,
			   u32 attr, int channel, long *val)
{
	struct osfp_hwmon *hw = dev_get_drvdata(dev);
	struct osfp_cage *cage = hw->cage;
	enum osfp_hwmon_kind kind;
	unsigned int lane;
	int ret;

	if (type == hwmon_chip) {
		if (attr != hwmon_chip_update_interval)
			return -EOPNOTSUPP;
		mutex_lock(&cage->lock);
		*val = hw->interval_ms;
		mutex_unlock(&cage->lock);
		return 0;
	}
	if (!osfp_hwmon_channel(&hw->layout, type, channel, &kind, &lane))
		return -EOPNOTSUPP;

	mutex_lock(&cage->lock);
	ret = osfp_hwmon_check(hw);
	if (!ret)
		ret = osfp_hwmon_value(hw, kind, lane, osfp_hwmon_attr(type, attr), val);
	mutex_unlock(&cage->lock);
	return ret;
}

static int osfp_hwmon_read_string(struct device *dev, enum hwmon_sensor_types type,
				  u32 attr, int channel, const char **str)
{
	struct osfp_hwmon *hw = dev_get_drvdata(dev);
	enum osfp_hwmon_kind kind;
	unsigned int lane;

	if (!osfp_hwmon_channel(&hw->layout, type, channel, &kind, &lane) ||
	    osfp_hwmon_attr(type, attr) != OSFP_HWMON_LABEL)
		return -EOPNOTSUPP;
	*str = hw->label[kind][lane ? lane - 1 : 0];
	return 0;
}

static int osfp_hwmon_write(struct device *dev, enum hwmon_sensor_types type,
			    u32 attr, int channel, long val)
{
	struct osfp_hwmon *hw = dev_get_drvdata(dev);
	struct osfp_cage *cage = hw->cage;

	if (type != hwmon_chip || attr != hwmon_chip_update_interval)
		return -EOPNOTSUPP;
	val = clamp_val(val, OSFP_HWMON_INTERVAL_MIN_MS, OSFP_HWMON_INTERVAL_MAX_MS);
	mutex_lock(&cage->lock);
	hw->interval_ms = val;
	mutex_unlock(&cage->lock);
	return 0;
}

static const struct hwmon_ops osfp_hwmon_ops = {
	.is_visible = osfp_hwmon_is_visible,
	.read = osfp_hwmon_read,
	.read_string = osfp_hwmon_read_string,
	.write = osfp_hwmon_write,
};

#define OSFP_HWMON_T	(HWMON_T_INPUT | HWMON_T_LABEL | HWMON_T_LCRIT | HWMON_T_MIN | \
			 HWMON_T_MAX | HWMON_T_CRIT | HWMON_T_LCRIT_ALARM | \
			 HWMON_T_MIN_ALARM | HWMON_T_MAX_ALARM | HWMON_T_CRIT_ALARM)
#define OSFP_HWMON_I	(HWMON_I_INPUT | HWMON_I_LABEL | HWMON_I_LCRIT | HWMON_I_MIN | \
			 HWMON_I_MAX | HWMON_I_CRIT | HWMON_I_LCRIT_ALARM | \
			 HWMON_I_MIN_ALARM | HWMON_I_MAX_ALARM | HWMON_I_CRIT_ALARM)
#define OSFP_HWMON_C	(HWMON_C_INPUT | HWMON_C_LABEL | HWMON_C_LCRIT | HWMON_C_MIN | \
			 HWMON_C_MAX | HWMON_C_CRIT | HWMON_C_LCRIT_ALARM | \
			 HWMON_C_MIN_ALARM | HWMON_C_MAX_ALARM | HWMON_C_CRIT_ALARM)
#define OSFP_HWMON_P	(HWMON_P_INPUT | HWMON_P_LABEL | HWMON_P_LCRIT | HWMON_P_MIN | \
			 HWMON_P_MAX | HWMON_P_CRIT | HWMON_P_LCRIT_ALARM | \
			 HWMON_P_MIN_ALARM | HWMON_P_MAX_ALARM | HWMON_P_CRIT_ALARM)

/*
 * Channels for the largest module; is_visible hides what a module lacks.
 * Each config array ends with a 0 entry.
 */
static const u32 osfp_hwmon_chip_config[] = { HWMON_C_UPDATE_INTERVAL, 0 };
static const u32 osfp_hwmon_temp_config[] = { OSFP_HWMON_T, 0 };
static const u32 osfp_hwmon_in_config[] = { OSFP_HWMON_I, 0 };
static const u32 osfp_hwmon_curr_config[OSFP_MAX_LANES + 1] = {
	[0 ... OSFP_MAX_LANES - 1] = OSFP_HWMON_C,
};

static const u32 osfp_hwmon_power_config[2 * OSFP_MAX_LANES + 1] = {
	[0 ... 2 * OSFP_MAX_LANES - 1] = OSFP_HWMON_P,
};

static const struct hwmon_channel_info osfp_hwmon_chip = {
	.type = hwmon_chip, .config = osfp_hwmon_chip_config,
};

static const struct hwmon_channel_info osfp_hwmon_temp = {
	.type = hwmon_temp, .config = osfp_hwmon_temp_config,
};

static const struct hwmon_channel_info osfp_hwmon_in = {
	.type = hwmon_in, .config = osfp_hwmon_in_config,
};

static const struct hwmon_channel_info osfp_hwmon_curr = {
	.type = hwmon_curr, .config = osfp_hwmon_curr_config,
};

static const struct hwmon_channel_info osfp_hwmon_power = {
	.type = hwmon_power, .config = osfp_hwmon_power_config,
};

/* Not const: struct hwmon_chip_info.info of Linux 6.1 points to non-const */
static const struct hwmon_channel_info *osfp_hwmon_info[] = {
	&osfp_hwmon_chip,
	&osfp_hwmon_temp,
	&osfp_hwmon_in,
	&osfp_hwmon_curr,
	&osfp_hwmon_power,
	NULL
};

static const struct hwmon_chip_info osfp_hwmon_chip_info = {
	.ops = &osfp_hwmon_ops,
	.info = osfp_hwmon_info,
};

/* ---- lifetime ---- */

static void osfp_hwmon_free(struct osfp_hwmon *hw)
{
	unsigned int k, i;

	for (k = 0; k < OSFP_HWMON_KINDS; k++)
		for (i = 0; i < OSFP_MAX_LANES; i++)
			kfree(hw->label[k][i]);
	kfree(hw);
}

static struct osfp_hwmon *osfp_hwmon_alloc(struct osfp_cage *cage,
					   const struct osfp_hwmon_layout *l)
{
	static const char * const what[OSFP_HWMON_KINDS] = {
		[OSFP_HWMON_TEMP] = "temperature",
		[OSFP_HWMON_VCC] = "supply voltage",
		[OSFP_HWMON_TX_BIAS] = "tx bias",
		[OSFP_HWMON_TX_POWER] = "tx power",
		[OSFP_HWMON_RX_POWER] = "rx power",
	};
	struct osfp_hwmon *hw;
	unsigned int k, i;

	hw = kzalloc(sizeof(*hw), GFP_KERNEL);
	if (!hw)
		return NULL;
	hw->cage = cage;
	hw->layout = *l;
	hw->interval_ms = OSFP_HWMON_INTERVAL_MS;

	for (k = 0; k < OSFP_HWMON_KINDS; k++) {
		if (!(l->kinds & BIT(k)))
			continue;
		if (k == OSFP_HWMON_TEMP || k == OSFP_HWMON_VCC) {
			hw->label[k][0] = kasprintf(GFP_KERNEL, "%s %s", cage->label,
						    what[k]);
			if (!hw->label[k][0])
				goto err;
			continue;
		}
		for (i = 0; i < l->lanes; i++) {
			hw->label[k][i] = kasprintf(GFP_KERNEL, "%s lane%u %s%s",
						    cage->label, i + 1, what[k],
						    k == OSFP_HWMON_RX_POWER && l->rx_oma ?
						    " (OMA)" : "");
			if (!hw->label[k][i])
				goto err;
		}
	}
	return hw;

err:
	osfp_hwmon_free(hw);
	return NULL;
}

/*
 * The parent of the cage's hwmon devices, "osfp_hwmon.N" (see the top of
 * this file), created on first use. Called with osfp_hwmon_sync_lock.
 */
static struct device *osfp_hwmon_parent(struct osfp_cage *cage)
{
	/* The hwmon core shows the parent's "label" as the chip's label */
	const struct property_entry props[] = {
		PROPERTY_ENTRY_STRING("label", cage->label),
		{ }
	};
	struct platform_device_info info = {
		.parent = cage->dev,
		.name = "osfp_hwmon",
		.properties = props,
	};
	struct platform_device *pdev;
	int id, want;

	lockdep_assert_held(&osfp_hwmon_sync_lock);
	if (cage->hw_parent)
		return &cage->hw_parent->dev;

	/* The cage's own number when it has one and it is free */
	want = to_platform_device(cage->dev)->id;
	id = want >= 0 ? ida_alloc_range(&osfp_hwmon_ida, want, want, GFP_KERNEL) : -ENOSPC;
	if (id < 0)
		id = ida_alloc(&osfp_hwmon_ida, GFP_KERNEL);
	if (id < 0)
		return ERR_PTR(id);
	info.id = id;
	pdev = platform_device_register_full(&info);
	if (IS_ERR(pdev)) {
		ida_free(&osfp_hwmon_ida, id);
		return ERR_CAST(pdev);
	}
	cage->hw_parent = pdev;
	return &pdev->dev;
}

/* Remove the parent device once the cage stops. With osfp_hwmon_sync_lock. */
static void osfp_hwmon_parent_remove(struct osfp_cage *cage)
{
	struct platform_device *pdev = cage->hw_parent;
	int id;

	lockdep_assert_held(&osfp_hwmon_sync_lock);
	if (!pdev)
		return;
	cage->hw_parent = NULL;
	id = pdev->id;
	platform_device_unregister(pdev);
	ida_free(&osfp_hwmon_ida, id);
}

/**
 * osfp_hwmon_sync() - make the cage's hwmon device follow its module
 * @cage: the cage
 *
 * Registers the hwmon device of an identified module that advertises
 * monitors, and unregisters it when the module is gone, no longer
 * identified, replaced by another module, or the cage is stopping (its
 * parent device "osfp_hwmon.N" goes then too). Does nothing when the device
 * already matches: call it after every change of osfp_module_identified()
 * and once more when the cage is stopping.
 *
 * Context: process context, without the cage lock (it takes the lock, and
 * unregistering waits for the hwmon callbacks, which take it too).
 */
void osfp_hwmon_sync(struct osfp_cage *cage)
{
	struct osfp_hwmon *old = NULL, *hw;
	struct osfp_hwmon_layout want;
	struct device *hwdev, *parent;
	bool wanted, stopping;

	if (!IS_REACHABLE(CONFIG_HWMON))
		return;

	mutex_lock(&osfp_hwmon_sync_lock);
	mutex_lock(&cage->lock);
	stopping = cage->stopping;
	wanted = osfp_hwmon_layout_get(cage, &want);
	if (cage->hw && (!wanted || !osfp_hwmon_layout_eq(&cage->hw->layout, &want))) {
		old = cage->hw;
		cage->hw = NULL;
	}
	if (cage->hw)
		wanted = false;		/* already registered and current */
	mutex_unlock(&cage->lock);

	if (old) {
		hwmon_device_unregister(old->hwdev);
		osfp_hwmon_free(old);
	}
	if (stopping)
		osfp_hwmon_parent_remove(cage);
	if (!wanted)
		goto out;

	parent = osfp_hwmon_parent(cage);
	if (IS_ERR(parent)) {
		dev_warn_ratelimited(cage->dev, "%s: the hwmon parent device: %pe\n",
				     cage->label, parent);
		goto out;
	}

	hw = osfp_hwmon_alloc(cage, &want);
	if (!hw) {
		dev_warn_ratelimited(cage->dev, "%s: no memory for the hwmon device\n",
				     cage->label);
		goto out;
	}
	/* Callbacks may run as soon as it is registered: publish it first */
	mutex_lock(&cage->lock);
	cage->hw = hw;
	mutex_unlock(&cage->lock);
	hwdev = hwmon_device_register_with_info(parent, "osfp", hw,
						&osfp_hwmon_chip_info, NULL);
	if (IS_ERR(hwdev)) {
		dev_warn_ratelimited(cage->dev, "%s: registering the hwmon device: %pe\n",
				     cage->label, hwdev);
		mutex_lock(&cage->lock);
		cage->hw = NULL;
		mutex_unlock(&cage->lock);
		osfp_hwmon_free(hw);
		goto out;
	}
	hw->hwdev = hwdev;
out:
	mutex_unlock(&osfp_hwmon_sync_lock);
}
