// SPDX-License-Identifier: GPL-2.0
/*
 * CMIS memory decoder: page bytes in, plain structures out. See cmis.h for
 * the units and the rules; this file does no I/O, takes no locks, allocates
 * nothing and keeps no state.
 */

#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/types.h>

#include "cmis.h"

/* Lower memory (CMIS 5.2 section 8.2) */
#define CMIS_ID				0
#define CMIS_REV			1
#define CMIS_MEM_CHAR			2
#define CMIS_MEM_FLAT			BIT(7)
#define CMIS_MOD_STATE			3
#define CMIS_MOD_STATE_MASK		0x0e
#define CMIS_MOD_INTL_DEASSERTED	BIT(0)
#define CMIS_BANK_FLAGS			4	/* 4-7 */
#define CMIS_MOD_FLAGS			8	/* 8-11 */
#define CMIS_TEMP			14	/* 14-15 */
#define CMIS_VCC			16	/* 16-17 */
#define CMIS_MOD_CTRL			26
#define CMIS_MOD_CTRL_LOW_PWR_SW	BIT(4)
#define CMIS_MOD_CTRL_LOW_PWR_HW	BIT(6)
#define CMIS_CDB_STATUS			37	/* 37-38 */
#define CMIS_FW_ACTIVE			39	/* 39-40 */
#define CMIS_FAULT_CAUSE		41
#define CMIS_MEDIA_TYPE			85
#define CMIS_APP_LOWER			86	/* descriptors 1-8 */

/* Page 00h (section 8.3) */
#define CMIS_VENDOR_NAME		129
#define CMIS_VENDOR_OUI			145
#define CMIS_PART_NUMBER		148
#define CMIS_REVISION			164
#define CMIS_SERIAL			166
#define CMIS_DATE_CODE			182
#define CMIS_CLEI			190
#define CMIS_POWER_CLASS		200
#define CMIS_MAX_POWER			201
#define CMIS_CABLE_LEN			202
#define CMIS_CONNECTOR			203
#define CMIS_MEDIA_TECH			212
#define CMIS_P00_CSUM			222	/* over 128-221 */

/* Page 01h (section 8.4) */
#define CMIS_FW_INACTIVE		128	/* 128-129 */
#define CMIS_HW_REV			130	/* 130-131 */
#define CMIS_WAVELENGTH			138	/* 138-139 */
#define CMIS_WAVELENGTH_TOL		140	/* 140-141 */
#define CMIS_PAGES_ADV			142
#define CMIS_PAGES_BANKS_MASK		0x03
#define CMIS_PAGES_03H			BIT(2)
#define CMIS_PAGES_05H			BIT(3)
#define CMIS_PAGES_DIAG			BIT(5)
#define CMIS_PAGES_VDM			BIT(6)
#define CMIS_PAGES_NP			BIT(7)
#define CMIS_DP_DURATIONS		144
#define CMIS_MOD_CHAR_151		151
#define CMIS_RX_POWER_AVG		BIT(4)
#define CMIS_TX_CTRL_ADV		155
#define CMIS_TX_TUNABLE			BIT(6)	/* pages 04h and 12h */
#define CMIS_RX_CTRL_ADV		156
#define CMIS_CTRL_OUTPUT_DISABLE	BIT(1)
#define CMIS_TX_FLAGS_ADV		157
#define CMIS_RX_FLAGS_ADV		158
#define CMIS_MOD_MON_ADV		159
#define CMIS_MOD_MON_TEMP		BIT(0)
#define CMIS_MOD_MON_VCC		BIT(1)
#define CMIS_LANE_MON_ADV		160
#define CMIS_LANE_MON_MASK		0x07
#define CMIS_BIAS_MULT_SHIFT		3
#define CMIS_CDB_ADV			163	/* 163-166 */
#define CMIS_MOD_DURATIONS		167
#define CMIS_TX_DURATIONS		168
#define CMIS_MEDIA_LANE_ASSIGN		176	/* 176-190, AppSel 1-15 */
#define CMIS_APP_P01			223	/* descriptors 9-15 */
#define CMIS_READ_ADV			251
#define CMIS_FULL_PAGE_READ		BIT(4)
#define CMIS_P01_CSUM			255	/* over 130-254 */

/* Page 02h (section 8.5) */
#define CMIS_TH_TEMP			128
#define CMIS_TH_VCC			136
#define CMIS_TH_TX_POWER		176
#define CMIS_TH_TX_BIAS			184
#define CMIS_TH_RX_POWER		192
#define CMIS_P02_CSUM			255	/* over 128-254 */

/* Page 10h (section 8.9) */
#define CMIS_P10_APPLY_DP_INIT		143
#define CMIS_P10_STAGED0		145	/* 145-152 */

/* Page 11h (section 8.10) */
#define CMIS_P11_DP_STATE		128	/* 128-131, nibbles */
#define CMIS_P11_RX_OUTPUT		132
#define CMIS_P11_TX_OUTPUT		133
#define CMIS_P11_FLAGS			134	/* 134-153 */
#define CMIS_P11_TX_POWER		154
#define CMIS_P11_TX_BIAS		170
#define CMIS_P11_RX_POWER		186
#define CMIS_P11_CONFIG_STATUS		202	/* 202-205, nibbles */
#define CMIS_P11_ACTIVE			206	/* 206-213 */
#define CMIS_P11_DP_INIT_PENDING	235

#define CMIS_APP_DESC_LEN		4
#define CMIS_APPS_LOWER			8

/* Byte at absolute address @addr (128-255) of an upper page. */
static u8 cmis_up(const u8 *page, unsigned int addr)
{
	return page[addr - CMIS_PAGE_SIZE];
}

/* Big-endian 16-bit value at absolute address @addr of an upper page. */
static u16 cmis_up16(const u8 *page, unsigned int addr)
{
	return (u16)(cmis_up(page, addr) << 8 | cmis_up(page, addr + 1));
}

static bool cmis_is_flat(const u8 *lower)
{
	return lower[CMIS_MEM_CHAR] & CMIS_MEM_FLAT;
}

/*
 * Copy a fixed-width, space-padded ASCII field: trailing spaces and NULs
 * are dropped, any other byte outside 0x20-0x7e becomes '?'. @dst has room
 * for @len + 1 bytes.
 */
static void cmis_copy_str(char *dst, const u8 *src, unsigned int len)
{
	unsigned int i;

	while (len && (src[len - 1] == ' ' || src[len - 1] == '\0'))
		len--;
	for (i = 0; i < len; i++)
		dst[i] = (src[i] < 0x20 || src[i] > 0x7e) ? '?' : src[i];
	dst[len] = '\0';
}

/* Two ASCII decimal digits as a number, or -1. */
static int cmis_two_digits(const u8 *s)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return -1;
	return (s[0] - '0') * 10 + (s[1] - '0');
}

static void cmis_decode_date(struct cmis_identity *id, const u8 *s)
{
	int v;

	cmis_copy_str(id->date_code, s, CMIS_DATE_CODE_LEN);
	cmis_copy_str(id->lot_code, s + 6, CMIS_LOT_CODE_LEN);
	v = cmis_two_digits(s);
	id->date_year = v < 0 ? 0 : 2000 + v;
	v = cmis_two_digits(s + 2);
	id->date_month = v >= 1 && v <= 12 ? v : 0;
	v = cmis_two_digits(s + 4);
	id->date_day = v >= 1 && v <= 31 ? v : 0;
}

/* Cable length multipliers (00h:202 bits 7-6): 0.1, 1, 10, 100 m in cm. */
static const u32 cmis_len_mult_cm[4] = { 10, 100, 1000, 10000 };

/**
 * cmis_decode_identity() - decode the module's identity
 * @p: module memory; @p->lower and @p->page00 are required, @p->page01 is
 *	used when available (and the memory is paged).
 * @id: filled in; zeroed first.
 *
 * Return: 0, -EINVAL if @p or @id is NULL, -ENODATA if lower memory or
 * page 00h is not available.
 */
int cmis_decode_identity(const struct cmis_pages *p, struct cmis_identity *id)
{
	const u8 *lo, *pg;
	u8 b;

	if (!p || !id)
		return -EINVAL;
	*id = (struct cmis_identity){ };
	lo = p->lower;
	pg = p->page00;
	if (!lo || !pg)
		return -ENODATA;

	id->identifier = lo[CMIS_ID];
	id->rev.major = lo[CMIS_REV] >> 4;
	id->rev.minor = lo[CMIS_REV] & 0x0f;
	id->flat_mem = cmis_is_flat(lo);
	id->media_type = lo[CMIS_MEDIA_TYPE];
	id->fw_active.major = lo[CMIS_FW_ACTIVE];
	id->fw_active.minor = lo[CMIS_FW_ACTIVE + 1];

	cmis_copy_str(id->vendor_name, pg + CMIS_VENDOR_NAME - CMIS_PAGE_SIZE,
		      CMIS_VENDOR_NAME_LEN);
	id->vendor_oui = cmis_up(pg, CMIS_VENDOR_OUI) << 16 |
			 cmis_up(pg, CMIS_VENDOR_OUI + 1) << 8 |
			 cmis_up(pg, CMIS_VENDOR_OUI + 2);
	cmis_copy_str(id->part_number, pg + CMIS_PART_NUMBER - CMIS_PAGE_SIZE,
		      CMIS_PART_NUMBER_LEN);
	cmis_copy_str(id->revision, pg + CMIS_REVISION - CMIS_PAGE_SIZE,
		      CMIS_REVISION_LEN);
	cmis_copy_str(id->serial, pg + CMIS_SERIAL - CMIS_PAGE_SIZE,
		      CMIS_SERIAL_LEN);
	cmis_decode_date(id, pg + CMIS_DATE_CODE - CMIS_PAGE_SIZE);
	cmis_copy_str(id->clei, pg + CMIS_CLEI - CMIS_PAGE_SIZE, CMIS_CLEI_LEN);

	id->power_class = (cmis_up(pg, CMIS_POWER_CLASS) >> 5) + 1;
	id->max_power_mw = cmis_up(pg, CMIS_MAX_POWER) * 250;
	b = cmis_up(pg, CMIS_CABLE_LEN);
	id->cable_length_cm = (b & 0x3f) * cmis_len_mult_cm[b >> 6];
	id->connector = cmis_up(pg, CMIS_CONNECTOR);
	id->media_tech = cmis_up(pg, CMIS_MEDIA_TECH);

	pg = p->page01;
	if (!pg || id->flat_mem)
		return 0;
	id->has_page01 = true;
	id->fw_inactive.major = cmis_up(pg, CMIS_FW_INACTIVE);
	id->fw_inactive.minor = cmis_up(pg, CMIS_FW_INACTIVE + 1);
	id->hw.major = cmis_up(pg, CMIS_HW_REV);
	id->hw.minor = cmis_up(pg, CMIS_HW_REV + 1);
	id->wavelength_pm = cmis_up16(pg, CMIS_WAVELENGTH) * 50;
	id->wavelength_tol_pm = cmis_up16(pg, CMIS_WAVELENGTH_TOL) * 5;
	return 0;
}

/* Duration codes 0-12 (CMIS 5.2 table 8-43): exclusive upper bound, ms. */
static const u32 cmis_duration_ms[13] = {
	1, 5, 10, 50, 100, 500, 1000, 5000, 10000, 60000, 300000, 600000,
	3000000,
};

static struct cmis_duration cmis_duration(u8 code)
{
	struct cmis_duration d = { .code = code & 0x0f };

	d.max_ms = d.code < 13 ? cmis_duration_ms[d.code] :
				 CMIS_DURATION_UNBOUNDED;
	return d;
}

/* Banks advertised by 01h:142 bits 1-0; the reserved code 3 counts as 1. */
static u8 cmis_banks(const u8 *page01)
{
	switch (cmis_up(page01, CMIS_PAGES_ADV) & CMIS_PAGES_BANKS_MASK) {
	case 1:
		return 2;
	case 2:
		return 4;
	default:
		return 1;
	}
}

/* Tx bias multiplier from 01h:160 bits 4-3: 1, 2, 4, or 0 if reserved. */
static u8 cmis_bias_mult(const u8 *page01)
{
	u8 code = (cmis_up(page01, CMIS_LANE_MON_ADV) >> CMIS_BIAS_MULT_SHIFT) &
		  0x03;

	return code == 3 ? 0 : 1 << code;
}

/* CdbMaxPagesEPL (01h:163 bits 3-0): pages A0h.. per code, 8-15 reserved */
static const u8 cmis_epl_pages[] = { 0, 1, 2, 3, 4, 8, 12, 16 };

static void cmis_decode_cdb(const u8 *pg, struct cmis_cdb_caps *cdb)
{
	u8 b163 = cmis_up(pg, CMIS_CDB_ADV);
	u8 b164 = cmis_up(pg, CMIS_CDB_ADV + 1);
	u8 b165 = cmis_up(pg, CMIS_CDB_ADV + 2);
	u8 b166 = cmis_up(pg, CMIS_CDB_ADV + 3);
	u8 v;

	cdb->instances = b163 >> 6;
	cdb->background = b163 & BIT(5);
	cdb->auto_paging = b163 & BIT(4);
	cdb->epl_pages_code = b163 & 0x0f;
	if (cdb->epl_pages_code < sizeof(cmis_epl_pages))
		cdb->epl_pages = cmis_epl_pages[cdb->epl_pages_code];
	cdb->rw_len_ext = b164;
	cdb->max_rw_len = 8 * (1 + (b164 < 15 ? b164 : 15));
	cdb->trigger_mci = b165 & BIT(7);
	if (b166 & BIT(7)) {
		v = b165 & 0x1f;
		cdb->max_busy_ms = (v ? v : 1) * 160;
	} else {
		v = b166 & 0x7f;
		cdb->max_busy_ms = v < 80 ? v : 80;
	}
}

/**
 * cmis_decode_caps() - decode the module's advertised capabilities
 * @p: module memory; @p->lower is required, and @p->page01 unless the
 *	memory is flat.
 * @caps: filled in; zeroed first. For flat memory only @caps->flat_mem is
 *	set: such a module advertises nothing and has no lanes to monitor.
 *
 * Return: 0, -EINVAL if @p or @caps is NULL, -ENODATA if lower memory or
 * (paged memory) page 01h is not available.
 */
int cmis_decode_caps(const struct cmis_pages *p, struct cmis_caps *caps)
{
	const u8 *pg;
	u8 b;

	if (!p || !caps)
		return -EINVAL;
	*caps = (struct cmis_caps){ };
	if (!p->lower)
		return -ENODATA;
	if (cmis_is_flat(p->lower)) {
		caps->flat_mem = true;
		return 0;
	}
	pg = p->page01;
	if (!pg)
		return -ENODATA;

	b = cmis_up(pg, CMIS_PAGES_ADV);
	caps->banks_code = b & CMIS_PAGES_BANKS_MASK;
	caps->banks = cmis_banks(pg);
	caps->lanes = caps->banks * CMIS_LANES_PER_BANK;
	if (caps->lanes > CMIS_MAX_LANES)
		caps->lanes = CMIS_MAX_LANES;
	caps->page03 = b & CMIS_PAGES_03H;
	caps->page05 = b & CMIS_PAGES_05H;
	caps->diag_pages = b & CMIS_PAGES_DIAG;
	caps->vdm_pages = b & CMIS_PAGES_VDM;
	caps->np_pages = b & CMIS_PAGES_NP;

	caps->tx_controls = cmis_up(pg, CMIS_TX_CTRL_ADV);
	caps->rx_controls = cmis_up(pg, CMIS_RX_CTRL_ADV);
	caps->tx_flags = cmis_up(pg, CMIS_TX_FLAGS_ADV);
	caps->rx_flags = cmis_up(pg, CMIS_RX_FLAGS_ADV);
	caps->module_monitors = cmis_up(pg, CMIS_MOD_MON_ADV);
	caps->tx_disable = caps->tx_controls & CMIS_CTRL_OUTPUT_DISABLE;
	caps->tunable = caps->tx_controls & CMIS_TX_TUNABLE;
	caps->rx_disable = caps->rx_controls & CMIS_CTRL_OUTPUT_DISABLE;
	caps->temp_mon = caps->module_monitors & CMIS_MOD_MON_TEMP;
	caps->vcc_mon = caps->module_monitors & CMIS_MOD_MON_VCC;

	b = cmis_up(pg, CMIS_LANE_MON_ADV);
	caps->tx_bias_mon = b & CMIS_LANE_MON_TX_BIAS;
	caps->tx_power_mon = b & CMIS_LANE_MON_TX_POWER;
	caps->rx_power_mon = b & CMIS_LANE_MON_RX_POWER;
	caps->tx_bias_mult_code = (b >> CMIS_BIAS_MULT_SHIFT) & 0x03;
	caps->tx_bias_mult = cmis_bias_mult(pg);
	caps->rx_power_avg = cmis_up(pg, CMIS_MOD_CHAR_151) & CMIS_RX_POWER_AVG;
	caps->full_page_read = cmis_up(pg, CMIS_READ_ADV) & CMIS_FULL_PAGE_READ;

	b = cmis_up(pg, CMIS_DP_DURATIONS);
	caps->dp_deinit = cmis_duration(b >> 4);
	caps->dp_init = cmis_duration(b);
	b = cmis_up(pg, CMIS_MOD_DURATIONS);
	caps->module_pwr_down = cmis_duration(b >> 4);
	caps->module_pwr_up = cmis_duration(b);
	b = cmis_up(pg, CMIS_TX_DURATIONS);
	caps->tx_turn_off = cmis_duration(b >> 4);
	caps->tx_turn_on = cmis_duration(b);

	cmis_decode_cdb(pg, &caps->cdb);
	return 0;
}

/**
 * cmis_decode_apps() - decode the application advertisement
 * @p: module memory; @p->lower is required; @p->page01 supplies
 *	descriptors 9-15 and the media lane assignment options.
 * @apps: filled in; zeroed first.
 *
 * Descriptors are taken in order up to the first whose host interface ID
 * is %CMIS_APP_END; every other byte value, reserved ones included, is
 * passed through. Flat memory has descriptors 1-8 only.
 *
 * Return: 0 (see @apps->complete), -EINVAL if @p or @apps is NULL, -ENODATA
 * if lower memory is not available.
 */
int cmis_decode_apps(const struct cmis_pages *p, struct cmis_apps *apps)
{
	const u8 *lo, *p01, *d;
	unsigned int i;
	bool flat;

	if (!p || !apps)
		return -EINVAL;
	*apps = (struct cmis_apps){ };
	lo = p->lower;
	if (!lo)
		return -ENODATA;
	flat = cmis_is_flat(lo);
	p01 = flat ? NULL : p->page01;
	apps->media_type = lo[CMIS_MEDIA_TYPE];
	apps->complete = true;

	for (i = 0; i < CMIS_MAX_APPS; i++) {
		if (i >= CMIS_APPS_LOWER && !p01) {
			/* flat memory ends here; paged lacks page 01h */
			apps->complete = flat;
			break;
		}
		if (i < CMIS_APPS_LOWER)
			d = lo + CMIS_APP_LOWER + i * CMIS_APP_DESC_LEN;
		else
			d = p01 + CMIS_APP_P01 - CMIS_PAGE_SIZE +
			    (i - CMIS_APPS_LOWER) * CMIS_APP_DESC_LEN;
		if (d[0] == CMIS_APP_END)
			break;
		apps->app[i].appsel = i + 1;
		apps->app[i].host_id = d[0];
		apps->app[i].media_id = d[1];
		apps->app[i].host_lanes = d[2] >> 4;
		apps->app[i].media_lanes = d[2] & 0x0f;
		apps->app[i].host_lane_mask = d[3];
		if (p01)
			apps->app[i].media_lane_mask =
				cmis_up(p01, CMIS_MEDIA_LANE_ASSIGN + i);
		apps->count = i + 1;
	}
	return 0;
}

/**
 * cmis_decode_module() - decode module state, flags and monitors
 * @p: module memory; only @p->lower is used.
 * @mod: filled in; zeroed first.
 *
 * Return: 0, -EINVAL if @p or @mod is NULL, -ENODATA if lower memory is not
 * available.
 */
int cmis_decode_module(const struct cmis_pages *p, struct cmis_module *mod)
{
	const u8 *lo;
	unsigned int i;

	if (!p || !mod)
		return -EINVAL;
	*mod = (struct cmis_module){ };
	lo = p->lower;
	if (!lo)
		return -ENODATA;

	mod->state = (lo[CMIS_MOD_STATE] & CMIS_MOD_STATE_MASK) >> 1;
	mod->intl_asserted = !(lo[CMIS_MOD_STATE] & CMIS_MOD_INTL_DEASSERTED);
	for (i = 0; i < 4; i++) {
		mod->bank_flags[i] = lo[CMIS_BANK_FLAGS + i];
		mod->flags |= (u32)lo[CMIS_MOD_FLAGS + i] << (8 * i);
	}
	mod->temp_mc = (s16)(lo[CMIS_TEMP] << 8 | lo[CMIS_TEMP + 1]) * 1000 /
		       256;
	mod->vcc_mv = (u16)(lo[CMIS_VCC] << 8 | lo[CMIS_VCC + 1]) / 10;
	mod->controls = lo[CMIS_MOD_CTRL];
	mod->low_pwr_request_sw = mod->controls & CMIS_MOD_CTRL_LOW_PWR_SW;
	mod->low_pwr_allow_hw = mod->controls & CMIS_MOD_CTRL_LOW_PWR_HW;
	mod->cdb_status[0] = lo[CMIS_CDB_STATUS];
	mod->cdb_status[1] = lo[CMIS_CDB_STATUS + 1];
	mod->fault_cause = lo[CMIS_FAULT_CAUSE];
	return 0;
}

/* Four big-endian thresholds at @addr, each scaled by @mul. */
static void cmis_limits(const u8 *pg, unsigned int addr, bool is_signed,
			s32 mul, s32 div, struct cmis_limits *l)
{
	s32 v[4];
	unsigned int i;

	for (i = 0; i < 4; i++) {
		u16 raw = cmis_up16(pg, addr + 2 * i);

		v[i] = (is_signed ? (s32)(s16)raw : (s32)raw) * mul / div;
	}
	l->high_alarm = v[0];
	l->low_alarm = v[1];
	l->high_warn = v[2];
	l->low_warn = v[3];
}

/**
 * cmis_decode_thresholds() - decode the page 02h thresholds
 * @p: module memory; @p->lower, @p->page01 (Tx bias multiplier) and
 *	@p->page02 are required.
 * @th: filled in; zeroed first.
 *
 * Return: 0, -EINVAL if @p or @th is NULL, -ENODATA if a required page is
 * not available, -EOPNOTSUPP for flat memory (no page 02h).
 */
int cmis_decode_thresholds(const struct cmis_pages *p,
			   struct cmis_thresholds *th)
{
	const u8 *pg;

	if (!p || !th)
		return -EINVAL;
	*th = (struct cmis_thresholds){ };
	if (!p->lower)
		return -ENODATA;
	if (cmis_is_flat(p->lower))
		return -EOPNOTSUPP;
	pg = p->page02;
	if (!pg || !p->page01)
		return -ENODATA;

	th->tx_bias_mult = cmis_bias_mult(p->page01);
	cmis_limits(pg, CMIS_TH_TEMP, true, 1000, 256, &th->temp_mc);
	cmis_limits(pg, CMIS_TH_VCC, false, 1, 10, &th->vcc_mv);
	cmis_limits(pg, CMIS_TH_TX_POWER, false, 100, 1, &th->tx_power_nw);
	cmis_limits(pg, CMIS_TH_TX_BIAS, false, 2 * th->tx_bias_mult, 1,
		    &th->tx_bias_ua);
	cmis_limits(pg, CMIS_TH_RX_POWER, false, 100, 1, &th->rx_power_nw);
	return 0;
}

/* The lane's nibble of a two-lanes-per-byte field at @addr. */
static u8 cmis_lane_nibble(const u8 *pg, unsigned int addr, unsigned int idx)
{
	u8 b = cmis_up(pg, addr + idx / 2);

	return idx & 1 ? b >> 4 : b & 0x0f;
}

static struct cmis_dp_config cmis_dp_config(u8 b)
{
	return (struct cmis_dp_config){
		.appsel = b >> 4,
		.dp_id = (b >> 1) & 0x07,
		.explicit_control = b & BIT(0),
	};
}

#define CMIS_LANE_CTRL_COUNT	9

/* Page 10h control bytes, in the order of the CMIS_LANE_C_* bits. */
static const u8 cmis_lane_ctrl_addr[CMIS_LANE_CTRL_COUNT] = {
	128, 129, 130, 131, 132, 137, 138, 139, CMIS_P10_APPLY_DP_INIT,
};

static void cmis_decode_lane_controls(const u8 *pg, unsigned int idx,
				      struct cmis_lane *ln)
{
	unsigned int i;

	ln->has_controls = true;
	for (i = 0; i < CMIS_LANE_CTRL_COUNT; i++)
		if (cmis_up(pg, cmis_lane_ctrl_addr[i]) & BIT(idx))
			ln->controls |= BIT(i);
	ln->staged = cmis_dp_config(cmis_up(pg, CMIS_P10_STAGED0 + idx));
}

/**
 * cmis_decode_lane() - decode one lane's status and controls
 * @p: module memory; @p->lower, @p->page01 (banks, multiplier, supported
 *	monitors) and @p->page11 of the lane's bank are required;
 *	@p->page10 of that bank is used when available.
 * @lane: lane number, 1 to %CMIS_MAX_LANES; its bank is (@lane - 1) / 8
 *	and its bit (@lane - 1) % 8.
 * @ln: filled in; zeroed first.
 *
 * Return: 0; -EINVAL if @p or @ln is NULL or @lane is outside 1 to
 * %CMIS_MAX_LANES; -ENODATA if a required page is not available;
 * -EOPNOTSUPP for flat memory (no lane pages); -ERANGE if the lane's bank
 * is beyond the banks the module advertises (01h:142).
 */
int cmis_decode_lane(const struct cmis_pages *p, unsigned int lane,
		     struct cmis_lane *ln)
{
	unsigned int bank, idx, i, off;
	const u8 *pg;
	u8 mult;

	if (!p || !ln)
		return -EINVAL;
	*ln = (struct cmis_lane){ };
	if (lane < 1 || lane > CMIS_MAX_LANES)
		return -EINVAL;
	if (!p->lower)
		return -ENODATA;
	if (cmis_is_flat(p->lower))
		return -EOPNOTSUPP;
	if (!p->page01)
		return -ENODATA;
	bank = cmis_lane_bank(lane);
	idx = (lane - 1) % CMIS_LANES_PER_BANK;
	if (bank >= cmis_banks(p->page01))
		return -ERANGE;
	pg = p->page11[bank];
	if (!pg)
		return -ENODATA;

	ln->lane = lane;
	ln->bank = bank;
	ln->dp_state = cmis_lane_nibble(pg, CMIS_P11_DP_STATE, idx);
	ln->rx_output_valid = cmis_up(pg, CMIS_P11_RX_OUTPUT) & BIT(idx);
	ln->tx_output_valid = cmis_up(pg, CMIS_P11_TX_OUTPUT) & BIT(idx);
	for (i = 0; i < CMIS_LANE_F_COUNT; i++)
		if (cmis_up(pg, CMIS_P11_FLAGS + i) & BIT(idx))
			ln->flags |= BIT(i);

	mult = cmis_bias_mult(p->page01);
	ln->monitors = cmis_up(p->page01, CMIS_LANE_MON_ADV) &
		       CMIS_LANE_MON_MASK;
	if (!mult)
		ln->monitors &= ~CMIS_LANE_MON_TX_BIAS;
	off = 2 * idx;
	ln->tx_power_nw = cmis_up16(pg, CMIS_P11_TX_POWER + off) * 100;
	ln->tx_bias_ua = cmis_up16(pg, CMIS_P11_TX_BIAS + off) * 2 * mult;
	ln->rx_power_nw = cmis_up16(pg, CMIS_P11_RX_POWER + off) * 100;

	ln->config_status = cmis_lane_nibble(pg, CMIS_P11_CONFIG_STATUS, idx);
	ln->active = cmis_dp_config(cmis_up(pg, CMIS_P11_ACTIVE + idx));
	ln->dp_init_pending = cmis_up(pg, CMIS_P11_DP_INIT_PENDING) & BIT(idx);

	pg = p->page10[bank];
	if (pg)
		cmis_decode_lane_controls(pg, idx, ln);
	return 0;
}

/* 8-bit sum of the bytes at absolute addresses @first to @last. */
static u8 cmis_sum(const u8 *pg, unsigned int first, unsigned int last)
{
	unsigned int a;
	u8 sum = 0;

	for (a = first; a <= last; a++)
		sum += cmis_up(pg, a);
	return sum;
}

static void cmis_check_one(struct cmis_csum_report *r, unsigned int i,
			   const u8 *pg, unsigned int first, unsigned int csum)
{
	if (!pg)
		return;
	r->checked |= BIT(i);
	r->stored[i] = cmis_up(pg, csum);
	r->computed[i] = cmis_sum(pg, first, csum - 1);
	if (r->stored[i] != r->computed[i])
		r->failed |= BIT(i);
}

/**
 * cmis_check_checksums() - verify the checksums of pages 00h, 01h and 02h
 * @p: module memory; each of @p->page00, @p->page01 and @p->page02 is
 *	checked when available. When @p->lower is available and says flat
 *	memory, pages 01h and 02h are not checked (the module has none).
 * @r: filled in; zeroed first.
 *
 * Page 00h: byte 222 is the 8-bit sum of bytes 128-221. Page 01h: byte 255
 * is the sum of bytes 130-254 (the inactive firmware version in 128-129 is
 * left out, as it changes). Page 02h: byte 255 is the sum of 128-254.
 *
 * Return: 0 when every checked page passes (also when none was checked),
 * -EBADMSG when at least one fails (see @r->failed), -EINVAL if @p or @r
 * is NULL.
 */
int cmis_check_checksums(const struct cmis_pages *p,
			 struct cmis_csum_report *r)
{
	bool flat;

	if (!p || !r)
		return -EINVAL;
	*r = (struct cmis_csum_report){ };
	flat = p->lower && cmis_is_flat(p->lower);

	cmis_check_one(r, 0, p->page00, 128, CMIS_P00_CSUM);
	if (!flat) {
		cmis_check_one(r, 1, p->page01, 130, CMIS_P01_CSUM);
		cmis_check_one(r, 2, p->page02, 128, CMIS_P02_CSUM);
	}
	return r->failed ? -EBADMSG : 0;
}

/* ---- SFF-8636 (QSFP, QSFP+, QSFP28), rev 2.10a ---- */

/* Lower memory */
#define SFF8636_STATUS			2
#define SFF8636_FLAT_MEM		BIT(2)	/* only page 00h */
#define SFF8636_TEMP			22	/* 22-23 */
#define SFF8636_VCC			26	/* 26-27 */
#define SFF8636_RX_POWER		34	/* 34-41, lanes 1-4 */
#define SFF8636_TX_BIAS			42	/* 42-49 */
#define SFF8636_TX_POWER		50	/* 50-57 */
/* Page 00h */
#define SFF8636_EXT_ID			129	/* power class */
#define SFF8636_CONNECTOR		130
#define SFF8636_VENDOR_NAME		148	/* 148-163 */
#define SFF8636_VENDOR_OUI		165	/* 165-167 */
#define SFF8636_PART_NUMBER		168	/* 168-183 */
#define SFF8636_REVISION		184	/* 184-185 */
#define SFF8636_WAVELENGTH		186	/* 186-187, 0.05 nm */
#define SFF8636_OPTIONS4		195
#define SFF8636_OPT_PAGE02		BIT(7)
#define SFF8636_OPT_PAGE01		BIT(6)
#define SFF8636_SERIAL			196	/* 196-211 */
#define SFF8636_DATE_CODE		212	/* 212-219 */
#define SFF8636_DIAG_TYPE		220
#define SFF8636_DIAG_TEMP		BIT(5)
#define SFF8636_DIAG_VCC		BIT(4)
#define SFF8636_DIAG_RX_AVG		BIT(3)
#define SFF8636_DIAG_TX_POWER		BIT(2)
/* Page 03h thresholds: high alarm, low alarm, high warning, low warning */
#define SFF8636_TH_TEMP			128
#define SFF8636_TH_VCC			144
#define SFF8636_TH_RX_POWER		176
#define SFF8636_TH_TX_BIAS		184
#define SFF8636_TH_TX_POWER		192

/**
 * cmis_identifier_mgmt() - the management interface of an identifier
 * @id: SFF-8024 identifier (lower byte 0).
 *
 * Return: %CMIS_MGMT_CMIS for QSFP-DD (18h), OSFP (19h), SFP-DD (1Ah),
 * DSFP (1Bh), QSFP+ with CMIS (1Eh), SFP-DD with CMIS (1Fh), SFP+ with
 * CMIS (20h) and OSFP-XD (21h); %CMIS_MGMT_SFF8636 for QSFP (0Ch), QSFP+
 * (0Dh) and QSFP28 (11h); %CMIS_MGMT_UNKNOWN otherwise.
 */
enum cmis_mgmt cmis_identifier_mgmt(u8 id)
{
	switch (id) {
	case 0x0c:
	case 0x0d:
	case 0x11:
		return CMIS_MGMT_SFF8636;
	case 0x18:
	case 0x19:
	case 0x1a:
	case 0x1b:
	case 0x1e:
	case 0x1f:
	case 0x20:
	case 0x21:
		return CMIS_MGMT_CMIS;
	default:
		return CMIS_MGMT_UNKNOWN;
	}
}

/* Power classes 1-7 (00h:129 bits 7-6, and 1-0 for 5-7), in mW */
static const u16 sff8636_class_mw[8] = { 0, 1500, 2000, 2500, 3500, 4000, 4500, 5000 };

/**
 * sff8636_decode_identity() - decode an SFF-8636 module's identity
 * @p: module memory; @p->lower and @p->page00 (SFF-8636 upper page 00h)
 *	are required, the other pages are ignored.
 * @id: filled in; zeroed first. The CMIS-only fields (@id->rev,
 *	@id->media_type, the firmware versions, @id->clei, @id->media_tech,
 *	the page 01h fields) stay 0; @id->flat_mem is lower byte 2 bit 2.
 *
 * Return: 0, -EINVAL if @p or @id is NULL, -ENODATA if lower memory or
 * page 00h is not available.
 */
int sff8636_decode_identity(const struct cmis_pages *p, struct cmis_identity *id)
{
	const u8 *lo, *pg;
	u8 b, cls;

	if (!p || !id)
		return -EINVAL;
	*id = (struct cmis_identity){ };
	lo = p->lower;
	pg = p->page00;
	if (!lo || !pg)
		return -ENODATA;

	id->identifier = lo[CMIS_ID];
	id->flat_mem = lo[SFF8636_STATUS] & SFF8636_FLAT_MEM;
	cmis_copy_str(id->vendor_name, pg + SFF8636_VENDOR_NAME - CMIS_PAGE_SIZE,
		      CMIS_VENDOR_NAME_LEN);
	id->vendor_oui = cmis_up(pg, SFF8636_VENDOR_OUI) << 16 |
			 cmis_up(pg, SFF8636_VENDOR_OUI + 1) << 8 |
			 cmis_up(pg, SFF8636_VENDOR_OUI + 2);
	cmis_copy_str(id->part_number, pg + SFF8636_PART_NUMBER - CMIS_PAGE_SIZE,
		      CMIS_PART_NUMBER_LEN);
	cmis_copy_str(id->revision, pg + SFF8636_REVISION - CMIS_PAGE_SIZE,
		      CMIS_REVISION_LEN);
	cmis_copy_str(id->serial, pg + SFF8636_SERIAL - CMIS_PAGE_SIZE,
		      CMIS_SERIAL_LEN);
	cmis_decode_date(id, pg + SFF8636_DATE_CODE - CMIS_PAGE_SIZE);

	b = cmis_up(pg, SFF8636_EXT_ID);
	cls = b & 0x03 ? 4 + (b & 0x03) : 1 + (b >> 6);
	id->power_class = cls;
	id->max_power_mw = sff8636_class_mw[cls];
	id->connector = cmis_up(pg, SFF8636_CONNECTOR);
	id->wavelength_pm = cmis_up16(pg, SFF8636_WAVELENGTH) * 50;
	return 0;
}

/**
 * sff8636_decode_caps() - what an SFF-8636 module advertises
 * @p: module memory; @p->lower and @p->page00 are required.
 * @caps: filled in; zeroed first. @caps->lanes is 4 and @caps->banks 0
 *	(no banked pages); the monitors come from 00h:220 (Rx power and Tx
 *	bias are always there, Tx bias in 2 uA units); @caps->page03 is set
 *	on paged memory; @caps->sff_page01 and @caps->sff_page02 from
 *	00h:195. Everything CMIS-only (durations, CDB, controls) stays 0.
 *
 * Return: 0, -EINVAL if @p or @caps is NULL, -ENODATA if lower memory or
 * page 00h is not available.
 */
int sff8636_decode_caps(const struct cmis_pages *p, struct cmis_caps *caps)
{
	const u8 *pg;
	u8 b;

	if (!p || !caps)
		return -EINVAL;
	*caps = (struct cmis_caps){ };
	if (!p->lower || !p->page00)
		return -ENODATA;
	pg = p->page00;

	caps->flat_mem = p->lower[SFF8636_STATUS] & SFF8636_FLAT_MEM;
	caps->lanes = SFF8636_LANES;
	caps->page03 = !caps->flat_mem;
	b = cmis_up(pg, SFF8636_OPTIONS4);
	caps->sff_page01 = !caps->flat_mem && (b & SFF8636_OPT_PAGE01);
	caps->sff_page02 = !caps->flat_mem && (b & SFF8636_OPT_PAGE02);
	b = cmis_up(pg, SFF8636_DIAG_TYPE);
	caps->temp_mon = b & SFF8636_DIAG_TEMP;
	caps->vcc_mon = b & SFF8636_DIAG_VCC;
	caps->tx_bias_mon = true;
	caps->rx_power_mon = true;
	caps->tx_power_mon = b & SFF8636_DIAG_TX_POWER;
	caps->rx_power_avg = b & SFF8636_DIAG_RX_AVG;
	caps->tx_bias_mult = 1;
	return 0;
}

/* Big-endian 16-bit value at @addr of lower memory. */
static u16 sff8636_lo16(const u8 *lo, unsigned int addr)
{
	return (u16)(lo[addr] << 8 | lo[addr + 1]);
}

/**
 * sff8636_decode_monitors() - decode an SFF-8636 module's live monitors
 * @lower: lower memory (bytes 22-57 are used).
 * @m: filled in; zeroed first.
 *
 * Return: 0, -EINVAL if @lower or @m is NULL.
 */
int sff8636_decode_monitors(const u8 *lower, struct sff8636_monitors *m)
{
	unsigned int i;

	if (!lower || !m)
		return -EINVAL;
	*m = (struct sff8636_monitors){ };
	m->temp_mc = (s32)(s16)sff8636_lo16(lower, SFF8636_TEMP) * 1000 / 256;
	m->vcc_mv = sff8636_lo16(lower, SFF8636_VCC) / 10;
	for (i = 0; i < SFF8636_LANES; i++) {
		m->rx_power_nw[i] = sff8636_lo16(lower, SFF8636_RX_POWER + 2 * i) * 100;
		m->tx_bias_ua[i] = sff8636_lo16(lower, SFF8636_TX_BIAS + 2 * i) * 2;
		m->tx_power_nw[i] = sff8636_lo16(lower, SFF8636_TX_POWER + 2 * i) * 100;
	}
	return 0;
}

/**
 * sff8636_decode_thresholds() - decode an SFF-8636 module's page 03h
 *	thresholds
 * @page03: upper page 03h; byte 128 is at index 0.
 * @th: filled in; zeroed first; @th->tx_bias_mult is 1.
 *
 * Return: 0, -EINVAL if @th is NULL, -ENODATA if @page03 is NULL.
 */
int sff8636_decode_thresholds(const u8 *page03, struct cmis_thresholds *th)
{
	if (!th)
		return -EINVAL;
	*th = (struct cmis_thresholds){ };
	if (!page03)
		return -ENODATA;
	th->tx_bias_mult = 1;
	cmis_limits(page03, SFF8636_TH_TEMP, true, 1000, 256, &th->temp_mc);
	cmis_limits(page03, SFF8636_TH_VCC, false, 1, 10, &th->vcc_mv);
	cmis_limits(page03, SFF8636_TH_RX_POWER, false, 100, 1, &th->rx_power_nw);
	cmis_limits(page03, SFF8636_TH_TX_BIAS, false, 2, 1, &th->tx_bias_ua);
	cmis_limits(page03, SFF8636_TH_TX_POWER, false, 100, 1, &th->tx_power_nw);
	return 0;
}

/**
 * sff8636_check_checksums() - verify an SFF-8636 module's page 00h
 * @page00: upper page 00h, or NULL.
 * @r: filled in; zeroed first. Both check codes of page 00h are reported
 *	as %CMIS_CSUM_PAGE00: CC_BASE (191 = sum of 128-190) and CC_EXT
 *	(223 = sum of 192-222); @r->stored[0] and @r->computed[0] are those
 *	of CC_BASE, or of CC_EXT when only that one fails.
 *
 * Return: 0, -EINVAL if @r is NULL.
 */
int sff8636_check_checksums(const u8 *page00, struct cmis_csum_report *r)
{
	struct cmis_csum_report ext = { };

	if (!r)
		return -EINVAL;
	*r = (struct cmis_csum_report){ };
	cmis_check_one(r, 0, page00, 128, 191);
	cmis_check_one(&ext, 0, page00, 192, 223);
	if (ext.failed && !r->failed) {
		r->stored[0] = ext.stored[0];
		r->computed[0] = ext.computed[0];
	}
	r->failed |= ext.failed;
	return 0;
}

/**
 * cmis_identifier_name() - name of an SFF-8024 identifier (table 4-1)
 * @id: lower byte 0.
 *
 * Return: a short name, or NULL for codes not named here.
 */
const char *cmis_identifier_name(u8 id)
{
	switch (id) {
	case 0x00: return "unknown";
	case 0x03: return "SFP";
	case 0x0c: return "QSFP";
	case 0x0d: return "QSFP+";
	case 0x11: return "QSFP28";
	case 0x18: return "QSFP-DD";
	case 0x19: return "OSFP";
	case 0x1a: return "SFP-DD";
	case 0x1b: return "DSFP";
	case 0x1e: return "QSFP+ (CMIS)";
	case 0x1f: return "SFP-DD (CMIS)";
	case 0x20: return "SFP+ (CMIS)";
	case 0x21: return "OSFP-XD";
	default: return NULL;
	}
}

/**
 * cmis_connector_name() - name of an SFF-8024 connector type (table 4-3)
 * @connector: 00h:203.
 *
 * Return: a name, or NULL for codes not named here (reserved or vendor).
 */
const char *cmis_connector_name(u8 connector)
{
	switch (connector) {
	case 0x00: return "unknown";
	case 0x01: return "SC";
	case 0x02: return "FC Style 1 copper";
	case 0x03: return "FC Style 2 copper";
	case 0x04: return "BNC/TNC";
	case 0x05: return "FC coax headers";
	case 0x06: return "Fiberjack";
	case 0x07: return "LC";
	case 0x08: return "MT-RJ";
	case 0x09: return "MU";
	case 0x0a: return "SG";
	case 0x0b: return "optical pigtail";
	case 0x0c: return "MPO 1x12";
	case 0x0d: return "MPO 2x16";
	case 0x20: return "HSSDC II";
	case 0x21: return "copper pigtail";
	case 0x22: return "RJ45";
	case 0x23: return "no separable connector";
	case 0x24: return "MXC 2x16";
	case 0x25: return "CS";
	case 0x26: return "SN";
	case 0x27: return "MPO 2x12";
	case 0x28: return "MPO 1x16";
	default: return NULL;
	}
}

/**
 * cmis_media_type_name() - name of a media type (lower byte 85)
 * @media_type: lower byte 85.
 *
 * Return: a name, or NULL for reserved and custom codes.
 */
const char *cmis_media_type_name(u8 media_type)
{
	switch (media_type) {
	case CMIS_MEDIA_TYPE_UNDEFINED: return "undefined";
	case CMIS_MEDIA_TYPE_MMF: return "MMF";
	case CMIS_MEDIA_TYPE_SMF: return "SMF";
	case CMIS_MEDIA_TYPE_PASSIVE_CU: return "passive copper";
	case CMIS_MEDIA_TYPE_ACTIVE_CABLE: return "active cable";
	case CMIS_MEDIA_TYPE_BASE_T: return "BASE-T";
	default: return NULL;
	}
}

/**
 * cmis_media_tech_name() - name of a media interface technology
 * @tech: 00h:212 (CMIS 5.2 table 8-36).
 *
 * Return: a name, or NULL for reserved codes (0x12 and above).
 */
const char *cmis_media_tech_name(u8 tech)
{
	switch (tech) {
	case 0x00: return "850 nm VCSEL";
	case 0x01: return "1310 nm VCSEL";
	case 0x02: return "1550 nm VCSEL";
	case 0x03: return "1310 nm FP";
	case 0x04: return "1310 nm DFB";
	case 0x05: return "1550 nm DFB";
	case 0x06: return "1310 nm EML";
	case 0x07: return "1550 nm EML";
	case 0x08: return "others";
	case 0x09: return "1490 nm DFB";
	case 0x0a: return "copper cable, unequalized";
	case 0x0b: return "copper cable, passive equalized";
	case 0x0c: return "copper cable, near and far end limiting active equalizers";
	case 0x0d: return "copper cable, far end limiting active equalizers";
	case 0x0e: return "copper cable, near end limiting active equalizers";
	case 0x0f: return "copper cable, linear active equalizers";
	case 0x10: return "C-band tunable laser";
	case 0x11: return "L-band tunable laser";
	default: return NULL;
	}
}

/**
 * cmis_host_if_name() - name of a host electrical interface ID
 * @host_id: SFF-8024 table 4-5 code.
 *
 * Return: a name for the common codes (Ethernet AUIs and CRs, InfiniBand),
 * "vendor specific" for 0xc0-0xfe, or NULL (0x00 undefined, 0xff end of
 * list, reserved codes and codes not named here).
 */
const char *cmis_host_if_name(u8 host_id)
{
	switch (host_id) {
	case 0x01: return "1000BASE-CX";
	case 0x02: return "XAUI";
	case 0x03: return "XFI";
	case 0x04: return "SFI";
	case 0x05: return "25GAUI C2M";
	case 0x06: return "XLAUI C2M";
	case 0x07: return "XLPPI";
	case 0x08: return "LAUI-2 C2M";
	case 0x09: return "50GAUI-2 C2M";
	case 0x0a: return "50GAUI-1 C2M";
	case 0x0b: return "CAUI-4 C2M";
	case 0x0c: return "100GAUI-4 C2M";
	case 0x0d: return "100GAUI-2 C2M";
	case 0x0e: return "200GAUI-8 C2M";
	case 0x0f: return "200GAUI-4 C2M";
	case 0x10: return "400GAUI-16 C2M";
	case 0x11: return "400GAUI-8 C2M";
	case 0x13: return "10GBASE-CX4";
	case 0x14: return "25GBASE-CR CA-L";
	case 0x15: return "25GBASE-CR CA-S";
	case 0x16: return "25GBASE-CR CA-N";
	case 0x17: return "40GBASE-CR4";
	case 0x18: return "50GBASE-CR";
	case 0x19: return "100GBASE-CR10";
	case 0x1a: return "100GBASE-CR4";
	case 0x1b: return "100GBASE-CR2";
	case 0x1c: return "200GBASE-CR4";
	case 0x1d: return "400G CR8";
	case 0x2c: return "IB SDR";
	case 0x2d: return "IB DDR";
	case 0x2e: return "IB QDR";
	case 0x2f: return "IB FDR";
	case 0x30: return "IB EDR";
	case 0x31: return "IB HDR";
	case 0x32: return "IB NDR";
	case 0x41: return "CAUI-4 C2M without FEC";
	case 0x42: return "CAUI-4 C2M with RS(528,514) FEC";
	case 0x46: return "100GBASE-CR1";
	case 0x47: return "200GBASE-CR2";
	case 0x48: return "400GBASE-CR4";
	case 0x49: return "800G-ETC-CR8";
	case 0x4b: return "100GAUI-1-S C2M";
	case 0x4c: return "100GAUI-1-L C2M";
	case 0x4d: return "200GAUI-2-S C2M";
	case 0x4e: return "200GAUI-2-L C2M";
	case 0x4f: return "400GAUI-4-S C2M";
	case 0x50: return "400GAUI-4-L C2M";
	case 0x51: return "800GAUI-8 S C2M";
	case 0x52: return "800GAUI-8 L C2M";
	case 0x55: return "1.6TAUI-16-S C2M";
	case 0x56: return "1.6TAUI-16-L C2M";
	case 0x57: return "800GBASE-CR4";
	case 0x58: return "1.6TBASE-CR8";
	case 0x80: return "200GAUI-1 C2M";
	case 0x81: return "400GAUI-2 C2M";
	case 0x82: return "800GAUI-4 C2M";
	case 0x83: return "1.6TAUI-8 C2M";
	default:
		if (host_id >= 0xc0 && host_id < CMIS_APP_END)
			return "vendor specific";
		return NULL;
	}
}

static const char *cmis_mmf_name(u8 id)
{
	switch (id) {
	case 0x01: return "10GBASE-SW";
	case 0x02: return "10GBASE-SR";
	case 0x03: return "25GBASE-SR";
	case 0x04: return "40GBASE-SR4";
	case 0x05: return "40GE SWDM4";
	case 0x06: return "40GE BiDi";
	case 0x07: return "50GBASE-SR";
	case 0x08: return "100GBASE-SR10";
	case 0x09: return "100GBASE-SR4";
	case 0x0a: return "100GE SWDM4";
	case 0x0b: return "100GE BiDi";
	case 0x0c: return "100GBASE-SR2";
	case 0x0d: return "100GBASE-SR1";
	case 0x0e: return "200GBASE-SR4";
	case 0x0f: return "400GBASE-SR16";
	case 0x10: return "400GBASE-SR8";
	case 0x11: return "400GBASE-SR4";
	case 0x12: return "800GBASE-SR8";
	case 0x1a: return "400GBASE-SR4.2";
	case 0x1b: return "200GBASE-SR2";
	case 0x1d: return "100GBASE-VR1";
	case 0x1e: return "200GBASE-VR2";
	case 0x1f: return "400GBASE-VR4";
	case 0x20: return "800GBASE-VR8";
	default: return NULL;
	}
}

static const char *cmis_smf_name(u8 id)
{
	switch (id) {
	case 0x0d: return "100GBASE-LR4";
	case 0x0e: return "100GBASE-ER4";
	case 0x0f: return "100G PSM4";
	case 0x10: return "100G CWDM4";
	case 0x14: return "100GBASE-DR";
	case 0x15: return "100GBASE-FR1";
	case 0x16: return "100GBASE-LR1";
	case 0x17: return "200GBASE-DR4";
	case 0x18: return "200GBASE-FR4";
	case 0x19: return "200GBASE-LR4";
	case 0x1a: return "400GBASE-FR8";
	case 0x1b: return "400GBASE-LR8";
	case 0x1c: return "400GBASE-DR4";
	case 0x1d: return "400GBASE-FR4";
	case 0x1e: return "400G-LR4-10";
	case 0x3e: return "400ZR, DWDM, amplified";
	case 0x3f: return "400ZR, single wavelength, unamplified";
	case 0x43: return "400GBASE-LR4-6";
	case 0x55: return "400GBASE-DR4-2";
	case 0x56: return "800GBASE-DR8";
	case 0x57: return "800GBASE-DR8-2";
	case 0x77: return "800GBASE-DR4";
	case 0x78: return "800GBASE-DR4-2";
	case 0x79: return "800GBASE-FR4-500";
	case 0x7a: return "800GBASE-FR4";
	case 0x7b: return "800GBASE-LR4";
	case 0x7c: return "800GBASE-LR1";
	case 0x7f: return "1.6TBASE-DR8";
	case 0x80: return "1.6TBASE-DR8-2";
	default: return NULL;
	}
}

static const char *cmis_cable_name(u8 media_type, u8 id)
{
	if (id == 0xbf)
		return media_type == CMIS_MEDIA_TYPE_PASSIVE_CU ?
		       "passive loopback module" : "active loopback module";
	if (media_type == CMIS_MEDIA_TYPE_PASSIVE_CU)
		return id == 0x01 ? "copper cable" : NULL;
	switch (id) {
	case 0x01: return "active cable, BER < 1e-12";
	case 0x02: return "active cable, BER < 5e-5";
	case 0x03: return "active cable, BER < 2.6e-4";
	case 0x04: return "active cable, BER < 1e-6";
	default: return NULL;
	}
}

static const char *cmis_base_t_name(u8 id)
{
	switch (id) {
	case 0x01: return "1000BASE-T";
	case 0x02: return "2.5GBASE-T";
	case 0x03: return "5GBASE-T";
	case 0x04: return "10GBASE-T";
	case 0x05: return "25GBASE-T";
	case 0x06: return "40GBASE-T";
	case 0x07: return "50GBASE-T";
	default: return NULL;
	}
}

/**
 * cmis_media_if_name() - name of a media interface ID
 * @media_type: lower byte 85, which selects the SFF-8024 table (4-6 MMF,
 *	4-7 SMF, 4-8 passive copper, 4-9 active cable, 4-10 BASE-T).
 * @media_id: the code in that table.
 *
 * Return: a name for the common codes, "vendor specific" for 0xc0-0xfe, or
 * NULL (0x00 undefined, reserved codes, codes not named here, and every
 * code of an undefined or reserved media type).
 */
const char *cmis_media_if_name(u8 media_type, u8 media_id)
{
	if (media_type < CMIS_MEDIA_TYPE_MMF ||
	    media_type > CMIS_MEDIA_TYPE_BASE_T)
		return NULL;
	if (media_id >= 0xc0 && media_id < 0xff)
		return "vendor specific";
	switch (media_type) {
	case CMIS_MEDIA_TYPE_MMF:
		return cmis_mmf_name(media_id);
	case CMIS_MEDIA_TYPE_SMF:
		return cmis_smf_name(media_id);
	case CMIS_MEDIA_TYPE_BASE_T:
		return cmis_base_t_name(media_id);
	default:
		return cmis_cable_name(media_type, media_id);
	}
}

/**
 * cmis_module_state_name() - CMIS name of a module state
 * @state: struct cmis_module.state.
 *
 * Return: "ModuleLowPwr" ... "ModuleFault", or NULL for reserved values.
 */
const char *cmis_module_state_name(u8 state)
{
	switch (state) {
	case CMIS_MODULE_STATE_LOW_PWR: return "ModuleLowPwr";
	case CMIS_MODULE_STATE_PWR_UP: return "ModulePwrUp";
	case CMIS_MODULE_STATE_READY: return "ModuleReady";
	case CMIS_MODULE_STATE_PWR_DN: return "ModulePwrDn";
	case CMIS_MODULE_STATE_FAULT: return "ModuleFault";
	default: return NULL;
	}
}

/**
 * cmis_fault_cause_name() - name of a ModuleFaultCause value (lower 41)
 * @cause: struct cmis_module.fault_cause.
 *
 * Return: a name for 0-3, "custom" for 32-63, NULL for reserved values.
 */
const char *cmis_fault_cause_name(u8 cause)
{
	switch (cause) {
	case 0: return "no fault";
	case 1: return "TEC runaway";
	case 2: return "data memory corrupted";
	case 3: return "program memory corrupted";
	default:
		if (cause >= 32 && cause <= 63)
			return "custom";
		return NULL;
	}
}

/**
 * cmis_dp_state_name() - CMIS name of a data path state
 * @state: struct cmis_lane.dp_state.
 *
 * Return: "DPDeactivated" ... "DPInitialized", or NULL for reserved values.
 */
const char *cmis_dp_state_name(u8 state)
{
	switch (state) {
	case CMIS_DP_STATE_DEACTIVATED: return "DPDeactivated";
	case CMIS_DP_STATE_INIT: return "DPInit";
	case CMIS_DP_STATE_DEINIT: return "DPDeinit";
	case CMIS_DP_STATE_ACTIVATED: return "DPActivated";
	case CMIS_DP_STATE_TX_TURN_ON: return "DPTxTurnOn";
	case CMIS_DP_STATE_TX_TURN_OFF: return "DPTxTurnOff";
	case CMIS_DP_STATE_INITIALIZED: return "DPInitialized";
	default: return NULL;
	}
}

/**
 * cmis_config_status_name() - CMIS name of a lane configuration status
 * @status: struct cmis_lane.config_status.
 *
 * Return: "ConfigUndefined" ... "ConfigInProgress", "custom" for 13-15,
 * or NULL for reserved values (8-11).
 */
const char *cmis_config_status_name(u8 status)
{
	switch (status) {
	case 0: return "ConfigUndefined";
	case 1: return "ConfigSuccess";
	case 2: return "ConfigRejected";
	case 3: return "ConfigRejectedInvalidAppSel";
	case 4: return "ConfigRejectedInvalidDataPath";
	case 5: return "ConfigRejectedInvalidSI";
	case 6: return "ConfigRejectedLanesInUse";
	case 7: return "ConfigRejectedPartialDataPath";
	case 12: return "ConfigInProgress";
	case 13:
	case 14:
	case 15: return "custom";
	default: return NULL;
	}
}
