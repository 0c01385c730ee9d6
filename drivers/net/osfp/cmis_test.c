// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the pure CMIS decoder (cmis.c).
 *
 * Table driven: every case builds module memory from zeroed pages and a
 * list of byte patches, runs one decoder entry point and compares every
 * field of the result with a literal expected structure. The expected
 * numbers are worked out by hand from the patched bytes (the arithmetic is
 * in the comments); nothing here calls a decoder helper to compute them.
 *
 * The image cases decode the module images of tests/data (the .cmis
 * files), which tools/kunit.sh turns into cmis_test_images.h when it
 * stages the driver into a kernel tree; without that header they are
 * skipped.
 */

#include <kunit/test.h>
#include <linux/module.h>
#include <linux/string.h>

#include "cmis.h"

#ifndef KUNIT_ARRAY_PARAM_DESC
/*
 * Added in Linux 6.5. Before, build the description getter here; every
 * case array of this file is called name##_cases.
 */
#define KUNIT_ARRAY_PARAM_DESC(name, array, desc_member)		\
	static void name##_desc(typeof(name##_cases[0]) *c, char *d)	\
	{								\
		const char *const *s = (const void *)c +		\
			offsetof(typeof(*c), desc_member);		\
									\
		strscpy(d, *s, KUNIT_PARAM_DESC_SIZE);			\
	}								\
	KUNIT_ARRAY_PARAM(name, array, name##_desc)
#endif

/*
 * Regions of the test memory; region r is buffer r - 1 and its presence
 * bit is BIT(r - 1). 0 ends a patch list.
 */
enum {
	T_END,
	T_LO,		/* lower memory, addresses 0-127 */
	T_00,		/* pages 00h, 01h, 02h: addresses 128-255 */
	T_01,
	T_02,
	T_10,		/* page 10h bank 0 */
	T_10B1,		/* page 10h bank 1 */
	T_11,		/* page 11h bank 0 */
	T_11B1,		/* page 11h bank 1 */
	T_REGIONS = T_11B1,
};

#define HAS(r)		BIT((r) - 1)
#define PG_LO		HAS(T_LO)
#define PG_FLAT		(HAS(T_LO) | HAS(T_00))
#define PG_ALL		0xff

/**
 * struct cmis_t_patch - bytes written into the test memory
 * @region: T_LO ... T_11B1; T_END ends the list.
 * @addr: absolute address of the first byte (0-127 or 128-255).
 * @len: with @val: fill @len bytes with @val (0 means 1).
 * @val: byte value, or 16-bit value when @word.
 * @word: write @val as a big-endian 16-bit value.
 * @str: when set, its characters (not its NUL) are written instead.
 */
struct cmis_t_patch {
	u8 region;
	u8 addr;
	u8 len;
	u16 val;
	bool word;
	const char *str;
};

#define P_B(r, a, v)	{ .region = (r), .addr = (a), .val = (v) }
#define P_W(r, a, v)	{ .region = (r), .addr = (a), .val = (v), .word = true }
#define P_F(r, a, n, v)	{ .region = (r), .addr = (a), .len = (n), .val = (v) }
#define P_S(r, a, s)	{ .region = (r), .addr = (a), .str = (s) }

#define CMIS_T_PATCHES	28

struct cmis_t_mem {
	u8 buf[T_REGIONS][CMIS_PAGE_SIZE];
	struct cmis_pages pages;
};

static void cmis_t_put(struct kunit *test, struct cmis_t_mem *m, u8 region,
		       unsigned int addr, u8 val)
{
	unsigned int base = region == T_LO ? 0 : CMIS_PAGE_SIZE;

	if (region < T_LO || region > T_REGIONS || addr < base ||
	    addr >= base + CMIS_PAGE_SIZE) {
		KUNIT_FAIL(test, "bad patch: region %u address %u", region,
			   addr);
		return;
	}
	m->buf[region - 1][addr - base] = val;
}

static u8 cmis_t_sum(const u8 *page, unsigned int first, unsigned int last)
{
	unsigned int i;
	u8 sum = 0;

	for (i = first; i <= last; i++)
		sum += page[i - CMIS_PAGE_SIZE];
	return sum;
}

static const u8 *cmis_t_page(const struct cmis_t_mem *m, u8 present, u8 r)
{
	return present & HAS(r) ? m->buf[r - 1] : NULL;
}

/*
 * Build module memory: zeroed pages, @patch applied, then (when @fix_csum)
 * the checksums of pages 00h, 01h and 02h made right, and only the pages
 * in @present handed to the decoder.
 */
static const struct cmis_pages *
cmis_t_build(struct kunit *test, u8 present, const struct cmis_t_patch *patch,
	     bool fix_csum)
{
	struct cmis_t_mem *m;
	unsigned int i, j, n;

	m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, m);

	for (i = 0; i < CMIS_T_PATCHES && patch[i].region != T_END; i++) {
		const struct cmis_t_patch *pt = &patch[i];

		if (pt->str) {
			for (j = 0; pt->str[j]; j++)
				cmis_t_put(test, m, pt->region, pt->addr + j,
					   pt->str[j]);
		} else if (pt->word) {
			cmis_t_put(test, m, pt->region, pt->addr, pt->val >> 8);
			cmis_t_put(test, m, pt->region, pt->addr + 1,
				   pt->val & 0xff);
		} else {
			n = pt->len ? pt->len : 1;
			for (j = 0; j < n; j++)
				cmis_t_put(test, m, pt->region, pt->addr + j,
					   pt->val);
		}
	}

	if (fix_csum) {
		m->buf[T_00 - 1][222 - 128] = cmis_t_sum(m->buf[T_00 - 1], 128, 221);
		m->buf[T_01 - 1][255 - 128] = cmis_t_sum(m->buf[T_01 - 1], 130, 254);
		m->buf[T_02 - 1][255 - 128] = cmis_t_sum(m->buf[T_02 - 1], 128, 254);
	}

	m->pages.lower = cmis_t_page(m, present, T_LO);
	m->pages.page00 = cmis_t_page(m, present, T_00);
	m->pages.page01 = cmis_t_page(m, present, T_01);
	m->pages.page02 = cmis_t_page(m, present, T_02);
	m->pages.page10[0] = cmis_t_page(m, present, T_10);
	m->pages.page10[1] = cmis_t_page(m, present, T_10B1);
	m->pages.page11[0] = cmis_t_page(m, present, T_11);
	m->pages.page11[1] = cmis_t_page(m, present, T_11B1);
	return &m->pages;
}

/* ------------------------------------------------------------------ */
/* identity */

struct cmis_identity_case {
	const char *desc;
	u8 present;
	struct cmis_t_patch patch[CMIS_T_PATCHES];
	int ret;
	struct cmis_identity exp;
};

static const struct cmis_identity_case cmis_identity_cases[] = {
	{
		.desc = "OSFP 800G DR8, every field",
		.present = HAS(T_LO) | HAS(T_00) | HAS(T_01),
		.patch = {
			P_B(T_LO, 0, 0x19), P_B(T_LO, 1, 0x52),
			P_B(T_LO, 39, 3), P_B(T_LO, 40, 14), P_B(T_LO, 85, 2),
			P_S(T_00, 129, "ACME OPTICS     "),
			P_B(T_00, 145, 0x00), P_B(T_00, 146, 0x90),
			P_B(T_00, 147, 0x65),
			P_S(T_00, 148, "OSFP-800G-DR8   "),
			P_S(T_00, 164, "B1"),
			P_S(T_00, 166, "SN0001          "),
			P_S(T_00, 182, "23120501"),
			P_S(T_00, 190, "CLEI000001"),
			P_B(T_00, 200, 0xe0), P_B(T_00, 201, 0x40),
			P_B(T_00, 203, 0x28), P_B(T_00, 212, 0x06),
			P_B(T_01, 128, 3), P_B(T_01, 129, 13),
			P_B(T_01, 130, 2), P_B(T_01, 131, 1),
			P_W(T_01, 138, 26200), P_W(T_01, 140, 1300),
		},
		.exp = {
			.identifier = 0x19, .rev = { 5, 2 }, .media_type = 2,
			.fw_active = { 3, 14 },
			.vendor_name = "ACME OPTICS", .vendor_oui = 0x009065,
			.part_number = "OSFP-800G-DR8", .revision = "B1",
			.serial = "SN0001", .date_code = "23120501",
			.date_year = 2023, .date_month = 12, .date_day = 5,
			.lot_code = "01", .clei = "CLEI000001",
			/* 0xe0 >> 5 = 7, class 8; 64 x 0.25 W */
			.power_class = 8, .max_power_mw = 16000,
			.connector = 0x28, .media_tech = 0x06,
			.has_page01 = true, .fw_inactive = { 3, 13 },
			.hw = { 2, 1 },
			/* 26200 x 50 pm = 1310 nm; 1300 x 5 pm */
			.wavelength_pm = 1310000, .wavelength_tol_pm = 6500,
		},
	},
	{
		.desc = "control characters and NUL become '?'",
		.present = PG_FLAT,
		.patch = {
			P_B(T_00, 129, 'A'), P_B(T_00, 130, 0x00),
			P_B(T_00, 131, 'B'), P_B(T_00, 132, 0x01),
			P_B(T_00, 133, 0x80), P_B(T_00, 134, ' '),
			P_S(T_00, 148, "  X"),
			P_B(T_00, 164, 0xff), P_B(T_00, 165, 0x7f),
			P_F(T_00, 166, 16, ' '),
			P_S(T_00, 182, "2A13xx  "),
		},
		.exp = {
			.vendor_name = "A?B??", .part_number = "  X",
			.revision = "??", .serial = "",
			/* '2','A' not digits, 13 no month, "xx" no day */
			.date_code = "2A13xx", .lot_code = "",
			.power_class = 1,
		},
	},
	{
		.desc = "date code 99-12-31, lot 00",
		.present = PG_FLAT,
		.patch = { P_S(T_00, 182, "99123100") },
		.exp = {
			.date_code = "99123100", .date_year = 2099,
			.date_month = 12, .date_day = 31, .lot_code = "00",
			.power_class = 1,
		},
	},
	{
		.desc = "date code month 00 and day 32 invalid",
		.present = PG_FLAT,
		.patch = { P_S(T_00, 182, "240032AB") },
		.exp = {
			.date_code = "240032AB", .date_year = 2024,
			.lot_code = "AB", .power_class = 1,
		},
	},
	{
		.desc = "cable length 5 x 0.1 m",
		.present = PG_FLAT,
		.patch = { P_B(T_00, 202, 0x05) },
		.exp = { .cable_length_cm = 50, .power_class = 1 },
	},
	{
		.desc = "cable length 2 x 1 m",
		.present = PG_FLAT,
		.patch = { P_B(T_00, 202, 0x42) },
		.exp = { .cable_length_cm = 200, .power_class = 1 },
	},
	{
		.desc = "cable length 3 x 10 m",
		.present = PG_FLAT,
		.patch = { P_B(T_00, 202, 0x83) },
		.exp = { .cable_length_cm = 3000, .power_class = 1 },
	},
	{
		.desc = "cable length maximum 63 x 100 m",
		.present = PG_FLAT,
		.patch = { P_B(T_00, 202, 0xff) },
		.exp = { .cable_length_cm = 630000, .power_class = 1 },
	},
	{
		.desc = "power class 1 with reserved bits, 0.25 W",
		.present = PG_FLAT,
		.patch = { P_B(T_00, 200, 0x1f), P_B(T_00, 201, 1) },
		.exp = { .power_class = 1, .max_power_mw = 250 },
	},
	{
		.desc = "power class 6, maximum power 63.75 W",
		.present = PG_FLAT,
		.patch = { P_B(T_00, 200, 0xa0), P_B(T_00, 201, 0xff) },
		.exp = { .power_class = 6, .max_power_mw = 63750 },
	},
	{
		.desc = "flat memory ignores page 01h",
		.present = HAS(T_LO) | HAS(T_00) | HAS(T_01),
		.patch = {
			P_B(T_LO, 0, 0x19), P_B(T_LO, 2, 0x80),
			P_B(T_LO, 85, 3), P_B(T_01, 128, 9),
			P_W(T_01, 138, 100),
		},
		.exp = {
			.identifier = 0x19, .flat_mem = true, .media_type = 3,
			.power_class = 1,
		},
	},
	{
		.desc = "paged memory without page 01h",
		.present = PG_FLAT,
		.patch = { P_B(T_LO, 0, 0x18), P_B(T_LO, 1, 0x40) },
		.exp = { .identifier = 0x18, .rev = { 4, 0 }, .power_class = 1 },
	},
	{
		.desc = "wavelength and tolerance maximum",
		.present = HAS(T_LO) | HAS(T_00) | HAS(T_01),
		.patch = { P_W(T_01, 138, 0xffff), P_W(T_01, 140, 0xffff) },
		.exp = {
			.power_class = 1, .has_page01 = true,
			/* 65535 x 50 pm, 65535 x 5 pm */
			.wavelength_pm = 3276750, .wavelength_tol_pm = 327675,
		},
	},
	{
		.desc = "no page 00h: -ENODATA",
		.present = HAS(T_LO) | HAS(T_01),
		.patch = { P_B(T_LO, 0, 0x19) },
		.ret = -ENODATA,
	},
	{
		.desc = "no lower memory: -ENODATA",
		.present = HAS(T_00),
		.patch = { P_S(T_00, 129, "X") },
		.ret = -ENODATA,
	},
};

KUNIT_ARRAY_PARAM_DESC(cmis_identity, cmis_identity_cases, desc);

static void cmis_expect_identity(struct kunit *test,
				 const struct cmis_identity *got,
				 const struct cmis_identity *exp)
{
	KUNIT_EXPECT_EQ(test, got->identifier, exp->identifier);
	KUNIT_EXPECT_EQ(test, got->rev.major, exp->rev.major);
	KUNIT_EXPECT_EQ(test, got->rev.minor, exp->rev.minor);
	KUNIT_EXPECT_EQ(test, got->flat_mem, exp->flat_mem);
	KUNIT_EXPECT_EQ(test, got->media_type, exp->media_type);
	KUNIT_EXPECT_EQ(test, got->fw_active.major, exp->fw_active.major);
	KUNIT_EXPECT_EQ(test, got->fw_active.minor, exp->fw_active.minor);
	KUNIT_EXPECT_STREQ(test, got->vendor_name, exp->vendor_name);
	KUNIT_EXPECT_EQ(test, got->vendor_oui, exp->vendor_oui);
	KUNIT_EXPECT_STREQ(test, got->part_number, exp->part_number);
	KUNIT_EXPECT_STREQ(test, got->revision, exp->revision);
	KUNIT_EXPECT_STREQ(test, got->serial, exp->serial);
	KUNIT_EXPECT_STREQ(test, got->date_code, exp->date_code);
	KUNIT_EXPECT_EQ(test, got->date_year, exp->date_year);
	KUNIT_EXPECT_EQ(test, got->date_month, exp->date_month);
	KUNIT_EXPECT_EQ(test, got->date_day, exp->date_day);
	KUNIT_EXPECT_STREQ(test, got->lot_code, exp->lot_code);
	KUNIT_EXPECT_STREQ(test, got->clei, exp->clei);
	KUNIT_EXPECT_EQ(test, got->power_class, exp->power_class);
	KUNIT_EXPECT_EQ(test, got->max_power_mw, exp->max_power_mw);
	KUNIT_EXPECT_EQ(test, got->cable_length_cm, exp->cable_length_cm);
	KUNIT_EXPECT_EQ(test, got->connector, exp->connector);
	KUNIT_EXPECT_EQ(test, got->media_tech, exp->media_tech);
	KUNIT_EXPECT_EQ(test, got->has_page01, exp->has_page01);
	KUNIT_EXPECT_EQ(test, got->fw_inactive.major, exp->fw_inactive.major);
	KUNIT_EXPECT_EQ(test, got->fw_inactive.minor, exp->fw_inactive.minor);
	KUNIT_EXPECT_EQ(test, got->hw.major, exp->hw.major);
	KUNIT_EXPECT_EQ(test, got->hw.minor, exp->hw.minor);
	KUNIT_EXPECT_EQ(test, got->wavelength_pm, exp->wavelength_pm);
	KUNIT_EXPECT_EQ(test, got->wavelength_tol_pm, exp->wavelength_tol_pm);
}

static void cmis_identity_test(struct kunit *test)
{
	const struct cmis_identity_case *c = test->param_value;
	const struct cmis_pages *p;
	struct cmis_identity got;

	p = cmis_t_build(test, c->present, c->patch, true);
	KUNIT_EXPECT_EQ(test, cmis_decode_identity(p, &got), c->ret);
	cmis_expect_identity(test, &got, &c->exp);
}

/* ------------------------------------------------------------------ */
/* capabilities */

struct cmis_caps_case {
	const char *desc;
	u8 present;
	struct cmis_t_patch patch[CMIS_T_PATCHES];
	int ret;
	struct cmis_caps exp;
};

#define CMIS_PAGED_01	(HAS(T_LO) | HAS(T_01))
#define DUR(c, ms)	{ .code = (c), .max_ms = (ms) }
#define DUR_1MS		DUR(0, 1)
#define CMIS_T_NOCDB	.cdb = { .max_rw_len = 8 }
#define CMIS_T_MIN_DURS							\
	.dp_deinit = DUR_1MS, .dp_init = DUR_1MS,			\
	.module_pwr_down = DUR_1MS, .module_pwr_up = DUR_1MS,		\
	.tx_turn_off = DUR_1MS, .tx_turn_on = DUR_1MS

static const struct cmis_caps_case cmis_caps_cases[] = {
	{
		.desc = "bank 0, all lane monitors, bias x1",
		.present = CMIS_PAGED_01,
		.patch = { P_B(T_01, 142, 0x00), P_B(T_01, 160, 0x07) },
		.exp = {
			.banks = 1, .lanes = 8, .tx_bias_mon = true,
			.tx_power_mon = true, .rx_power_mon = true,
			.tx_bias_mult = 1, CMIS_T_MIN_DURS, CMIS_T_NOCDB,
		},
	},
	{
		.desc = "banks 0-1 (16 lanes), bias x2",
		.present = CMIS_PAGED_01,
		.patch = { P_B(T_01, 142, 0x01), P_B(T_01, 160, 0x0f) },
		.exp = {
			.banks_code = 1, .banks = 2, .lanes = 16,
			.tx_bias_mon = true, .tx_power_mon = true,
			.rx_power_mon = true, .tx_bias_mult_code = 1,
			.tx_bias_mult = 2, CMIS_T_MIN_DURS, CMIS_T_NOCDB,
		},
	},
	{
		.desc = "banks 0-3 capped at 16 lanes, bias x4",
		.present = CMIS_PAGED_01,
		.patch = { P_B(T_01, 142, 0x02), P_B(T_01, 160, 0x17) },
		.exp = {
			.banks_code = 2, .banks = 4, .lanes = 16,
			.tx_bias_mon = true, .tx_power_mon = true,
			.rx_power_mon = true, .tx_bias_mult_code = 2,
			.tx_bias_mult = 4, CMIS_T_MIN_DURS, CMIS_T_NOCDB,
		},
	},
	{
		.desc = "reserved bank and multiplier codes",
		.present = CMIS_PAGED_01,
		.patch = { P_B(T_01, 142, 0x03), P_B(T_01, 160, 0x18) },
		.exp = {
			.banks_code = 3, .banks = 1, .lanes = 8,
			.tx_bias_mult_code = 3, .tx_bias_mult = 0,
			CMIS_T_MIN_DURS, CMIS_T_NOCDB,
		},
	},
	{
		.desc = "pages, controls, flags, monitors, full-page read",
		.present = CMIS_PAGED_01,
		.patch = {
			P_B(T_01, 142, 0xec), P_B(T_01, 151, 0x10),
			P_B(T_01, 155, 0x02), P_B(T_01, 156, 0x02),
			P_B(T_01, 157, 0x0f), P_B(T_01, 158, 0x06),
			P_B(T_01, 159, 0x03), P_B(T_01, 251, 0x10),
		},
		.exp = {
			.banks = 1, .lanes = 8, .page03 = true, .page05 = true,
			.diag_pages = true, .vdm_pages = true, .np_pages = true,
			.tx_controls = 0x02, .rx_controls = 0x02,
			.tx_flags = 0x0f, .rx_flags = 0x06,
			.module_monitors = 0x03, .tx_disable = true,
			.rx_disable = true, .temp_mon = true, .vcc_mon = true,
			.tx_bias_mult = 1, .rx_power_avg = true,
			.full_page_read = true, CMIS_T_MIN_DURS, CMIS_T_NOCDB,
		},
	},
	{
		.desc = "durations: codes 4, 13, 7, 0, 12, 15",
		.present = CMIS_PAGED_01,
		.patch = {
			P_B(T_01, 144, 0x4d), P_B(T_01, 167, 0x70),
			P_B(T_01, 168, 0xcf),
		},
		.exp = {
			.banks = 1, .lanes = 8, .tx_bias_mult = 1,
			.dp_deinit = DUR(4, 100),
			.dp_init = DUR(13, CMIS_DURATION_UNBOUNDED),
			.module_pwr_down = DUR(7, 5000),
			.module_pwr_up = DUR(0, 1),
			.tx_turn_off = DUR(12, 3000000),
			.tx_turn_on = DUR(15, CMIS_DURATION_UNBOUNDED),
			CMIS_T_NOCDB,
		},
	},
	{
		.desc = "durations: codes 9, 6, 10, 11, 2, 14",
		.present = CMIS_PAGED_01,
		.patch = {
			P_B(T_01, 144, 0x96), P_B(T_01, 167, 0xab),
			P_B(T_01, 168, 0x2e),
		},
		.exp = {
			.banks = 1, .lanes = 8, .tx_bias_mult = 1,
			.dp_deinit = DUR(9, 60000), .dp_init = DUR(6, 1000),
			.module_pwr_down = DUR(10, 300000),
			.module_pwr_up = DUR(11, 600000),
			.tx_turn_off = DUR(2, 10),
			.tx_turn_on = DUR(14, CMIS_DURATION_UNBOUNDED),
			CMIS_T_NOCDB,
		},
	},
	{
		.desc = "durations: codes 1, 3, 5, 8",
		.present = CMIS_PAGED_01,
		.patch = { P_B(T_01, 144, 0x13), P_B(T_01, 167, 0x58) },
		.exp = {
			.banks = 1, .lanes = 8, .tx_bias_mult = 1,
			.dp_deinit = DUR(1, 5), .dp_init = DUR(3, 50),
			.module_pwr_down = DUR(5, 500),
			.module_pwr_up = DUR(8, 10000),
			.tx_turn_off = DUR_1MS, .tx_turn_on = DUR_1MS,
			CMIS_T_NOCDB,
		},
	},
	{
		.desc = "CDB: one instance, 128-byte access, busy 50 ms",
		.present = CMIS_PAGED_01,
		.patch = {
			P_B(T_01, 163, 0x73), P_B(T_01, 164, 0x0f),
			P_B(T_01, 165, 0x80), P_B(T_01, 166, 0x32),
		},
		.exp = {
			.banks = 1, .lanes = 8, .tx_bias_mult = 1,
			CMIS_T_MIN_DURS,
			.cdb = {
				.instances = 1, .background = true,
				.auto_paging = true, .epl_pages_code = 3,
				.epl_pages = 3,
				.rw_len_ext = 15, .max_rw_len = 128,
				.trigger_mci = true, .max_busy_ms = 50,
			},
		},
	},
	{
		.desc = "CDB: two instances, EPL A0h-AFh, extended busy 31 x 160 ms",
		.present = CMIS_PAGED_01,
		.patch = {
			P_B(T_01, 163, 0x87), P_B(T_01, 164, 0xff),
			P_B(T_01, 165, 0x1f), P_B(T_01, 166, 0x80),
		},
		.exp = {
			.banks = 1, .lanes = 8, .tx_bias_mult = 1,
			CMIS_T_MIN_DURS,
			.cdb = {
				.instances = 2, .rw_len_ext = 255,
				.epl_pages_code = 7, .epl_pages = 16,
				.max_rw_len = 128, .max_busy_ms = 4960,
			},
		},
	},
	{
		.desc = "CDB: reserved instances and EPL code, extended busy 0 counts as 1",
		.present = CMIS_PAGED_01,
		.patch = { P_B(T_01, 163, 0xc8), P_B(T_01, 166, 0xff) },
		.exp = {
			.banks = 1, .lanes = 8, .tx_bias_mult = 1,
			CMIS_T_MIN_DURS,
			.cdb = {
				.instances = 3, .max_rw_len = 8,
				.epl_pages_code = 8,
				.max_busy_ms = 160,
			},
		},
	},
	{
		.desc = "CDB: busy time capped at 80 ms, 16-byte access",
		.present = CMIS_PAGED_01,
		.patch = { P_B(T_01, 164, 0x01), P_B(T_01, 166, 0x7f) },
		.exp = {
			.banks = 1, .lanes = 8, .tx_bias_mult = 1,
			CMIS_T_MIN_DURS,
			.cdb = {
				.rw_len_ext = 1, .max_rw_len = 16,
				.max_busy_ms = 80,
			},
		},
	},
	{
		.desc = "flat memory advertises nothing",
		.present = HAS(T_LO) | HAS(T_01),
		.patch = { P_B(T_LO, 2, 0x80), P_F(T_01, 128, 128, 0xff) },
		.exp = { .flat_mem = true },
	},
	{
		.desc = "paged memory without page 01h: -ENODATA",
		.present = PG_FLAT,
		.ret = -ENODATA,
	},
	{
		.desc = "no lower memory: -ENODATA",
		.present = HAS(T_01),
		.ret = -ENODATA,
	},
};

KUNIT_ARRAY_PARAM_DESC(cmis_caps, cmis_caps_cases, desc);

static void cmis_expect_caps(struct kunit *test, const struct cmis_caps *got,
			     const struct cmis_caps *exp)
{
	KUNIT_EXPECT_EQ(test, got->flat_mem, exp->flat_mem);
	KUNIT_EXPECT_EQ(test, got->banks_code, exp->banks_code);
	KUNIT_EXPECT_EQ(test, got->banks, exp->banks);
	KUNIT_EXPECT_EQ(test, got->lanes, exp->lanes);
	KUNIT_EXPECT_EQ(test, got->page03, exp->page03);
	KUNIT_EXPECT_EQ(test, got->page05, exp->page05);
	KUNIT_EXPECT_EQ(test, got->diag_pages, exp->diag_pages);
	KUNIT_EXPECT_EQ(test, got->vdm_pages, exp->vdm_pages);
	KUNIT_EXPECT_EQ(test, got->np_pages, exp->np_pages);
	KUNIT_EXPECT_EQ(test, got->tx_controls, exp->tx_controls);
	KUNIT_EXPECT_EQ(test, got->rx_controls, exp->rx_controls);
	KUNIT_EXPECT_EQ(test, got->tx_flags, exp->tx_flags);
	KUNIT_EXPECT_EQ(test, got->rx_flags, exp->rx_flags);
	KUNIT_EXPECT_EQ(test, got->module_monitors, exp->module_monitors);
	KUNIT_EXPECT_EQ(test, got->tx_disable, exp->tx_disable);
	KUNIT_EXPECT_EQ(test, got->rx_disable, exp->rx_disable);
	KUNIT_EXPECT_EQ(test, got->temp_mon, exp->temp_mon);
	KUNIT_EXPECT_EQ(test, got->vcc_mon, exp->vcc_mon);
	KUNIT_EXPECT_EQ(test, got->tx_bias_mon, exp->tx_bias_mon);
	KUNIT_EXPECT_EQ(test, got->tx_power_mon, exp->tx_power_mon);
	KUNIT_EXPECT_EQ(test, got->rx_power_mon, exp->rx_power_mon);
	KUNIT_EXPECT_EQ(test, got->tx_bias_mult_code, exp->tx_bias_mult_code);
	KUNIT_EXPECT_EQ(test, got->tx_bias_mult, exp->tx_bias_mult);
	KUNIT_EXPECT_EQ(test, got->rx_power_avg, exp->rx_power_avg);
	KUNIT_EXPECT_EQ(test, got->full_page_read, exp->full_page_read);
	KUNIT_EXPECT_EQ(test, got->dp_deinit.code, exp->dp_deinit.code);
	KUNIT_EXPECT_EQ(test, got->dp_deinit.max_ms, exp->dp_deinit.max_ms);
	KUNIT_EXPECT_EQ(test, got->dp_init.code, exp->dp_init.code);
	KUNIT_EXPECT_EQ(test, got->dp_init.max_ms, exp->dp_init.max_ms);
	KUNIT_EXPECT_EQ(test, got->module_pwr_down.code,
			exp->module_pwr_down.code);
	KUNIT_EXPECT_EQ(test, got->module_pwr_down.max_ms,
			exp->module_pwr_down.max_ms);
	KUNIT_EXPECT_EQ(test, got->module_pwr_up.code, exp->module_pwr_up.code);
	KUNIT_EXPECT_EQ(test, got->module_pwr_up.max_ms,
			exp->module_pwr_up.max_ms);
	KUNIT_EXPECT_EQ(test, got->tx_turn_off.code, exp->tx_turn_off.code);
	KUNIT_EXPECT_EQ(test, got->tx_turn_off.max_ms, exp->tx_turn_off.max_ms);
	KUNIT_EXPECT_EQ(test, got->tx_turn_on.code, exp->tx_turn_on.code);
	KUNIT_EXPECT_EQ(test, got->tx_turn_on.max_ms, exp->tx_turn_on.max_ms);
	KUNIT_EXPECT_EQ(test, got->cdb.instances, exp->cdb.instances);
	KUNIT_EXPECT_EQ(test, got->cdb.background, exp->cdb.background);
	KUNIT_EXPECT_EQ(test, got->cdb.auto_paging, exp->cdb.auto_paging);
	KUNIT_EXPECT_EQ(test, got->cdb.epl_pages_code, exp->cdb.epl_pages_code);
	KUNIT_EXPECT_EQ(test, got->cdb.epl_pages, exp->cdb.epl_pages);
	KUNIT_EXPECT_EQ(test, got->cdb.rw_len_ext, exp->cdb.rw_len_ext);
	KUNIT_EXPECT_EQ(test, got->cdb.max_rw_len, exp->cdb.max_rw_len);
	KUNIT_EXPECT_EQ(test, got->cdb.trigger_mci, exp->cdb.trigger_mci);
	KUNIT_EXPECT_EQ(test, got->cdb.max_busy_ms, exp->cdb.max_busy_ms);
}

static void cmis_caps_test(struct kunit *test)
{
	const struct cmis_caps_case *c = test->param_value;
	const struct cmis_pages *p;
	struct cmis_caps got;

	p = cmis_t_build(test, c->present, c->patch, true);
	KUNIT_EXPECT_EQ(test, cmis_decode_caps(p, &got), c->ret);
	cmis_expect_caps(test, &got, &c->exp);
}

/* ------------------------------------------------------------------ */
/* application advertisement */

struct cmis_apps_case {
	const char *desc;
	u8 present;
	struct cmis_t_patch patch[CMIS_T_PATCHES];
	int ret;
	struct cmis_apps exp;
};

#define APP(sel, h, m, hl, ml, hm, mm)					\
	{ .appsel = (sel), .host_id = (h), .media_id = (m),		\
	  .host_lanes = (hl), .media_lanes = (ml),			\
	  .host_lane_mask = (hm), .media_lane_mask = (mm) }
/* descriptor bytes all 0x21: host 0x21, media 0x21, lanes 2/1, mask 0x21 */
#define APP21(sel, mm)	APP(sel, 0x21, 0x21, 2, 1, 0x21, mm)

static const struct cmis_apps_case cmis_apps_cases[] = {
	{
		.desc = "two applications, then the end marker",
		.present = CMIS_PAGED_01,
		.patch = {
			P_B(T_LO, 85, 1),
			P_B(T_LO, 86, 0x11), P_B(T_LO, 87, 0x11),
			P_B(T_LO, 88, 0x84), P_B(T_LO, 89, 0x01),
			P_B(T_LO, 90, 0x4f), P_B(T_LO, 91, 0x11),
			P_B(T_LO, 92, 0x44), P_B(T_LO, 93, 0x01),
			P_B(T_LO, 94, 0xff), P_B(T_LO, 95, 0x11),
			P_B(T_01, 176, 0x01), P_B(T_01, 177, 0x0f),
		},
		.exp = {
			.media_type = 1, .count = 2, .complete = true,
			.app = {
				APP(1, 0x11, 0x11, 8, 4, 0x01, 0x01),
				APP(2, 0x4f, 0x11, 4, 4, 0x01, 0x0f),
			},
		},
	},
	{
		.desc = "fifteen applications across lower and page 01h",
		.present = CMIS_PAGED_01,
		.patch = {
			P_B(T_LO, 85, 2), P_F(T_LO, 86, 32, 0x21),
			P_F(T_01, 223, 28, 0x42), P_F(T_01, 176, 15, 0x03),
		},
		.exp = {
			.media_type = 2, .count = 15, .complete = true,
			.app = {
				APP21(1, 3), APP21(2, 3), APP21(3, 3),
				APP21(4, 3), APP21(5, 3), APP21(6, 3),
				APP21(7, 3), APP21(8, 3),
				APP(9, 0x42, 0x42, 4, 2, 0x42, 3),
				APP(10, 0x42, 0x42, 4, 2, 0x42, 3),
				APP(11, 0x42, 0x42, 4, 2, 0x42, 3),
				APP(12, 0x42, 0x42, 4, 2, 0x42, 3),
				APP(13, 0x42, 0x42, 4, 2, 0x42, 3),
				APP(14, 0x42, 0x42, 4, 2, 0x42, 3),
				APP(15, 0x42, 0x42, 4, 2, 0x42, 3),
			},
		},
	},
	{
		.desc = "eight applications, page 01h missing: incomplete",
		.present = PG_LO,
		.patch = { P_F(T_LO, 86, 32, 0x21) },
		.exp = {
			.count = 8, .complete = false,
			.app = {
				APP21(1, 0), APP21(2, 0), APP21(3, 0),
				APP21(4, 0), APP21(5, 0), APP21(6, 0),
				APP21(7, 0), APP21(8, 0),
			},
		},
	},
	{
		.desc = "flat memory: eight applications are the whole list",
		.present = HAS(T_LO) | HAS(T_01),
		.patch = {
			P_B(T_LO, 2, 0x80), P_B(T_LO, 85, 3),
			P_F(T_LO, 86, 32, 0x21), P_F(T_01, 128, 128, 0x42),
		},
		.exp = {
			.media_type = 3, .count = 8, .complete = true,
			.app = {
				APP21(1, 0), APP21(2, 0), APP21(3, 0),
				APP21(4, 0), APP21(5, 0), APP21(6, 0),
				APP21(7, 0), APP21(8, 0),
			},
		},
	},
	{
		.desc = "end marker in the first descriptor",
		.present = CMIS_PAGED_01,
		.patch = { P_B(T_LO, 86, 0xff), P_F(T_LO, 87, 31, 0x21) },
		.exp = { .complete = true },
	},
	{
		.desc = "end marker in page 01h after application 9",
		.present = CMIS_PAGED_01,
		.patch = {
			P_F(T_LO, 86, 32, 0x21),
			P_B(T_01, 223, 0x51), P_B(T_01, 224, 0x56),
			P_B(T_01, 225, 0x88), P_B(T_01, 226, 0x01),
			P_B(T_01, 227, 0xff), P_B(T_01, 184, 0x01),
		},
		.exp = {
			.count = 9, .complete = true,
			.app = {
				APP21(1, 0), APP21(2, 0), APP21(3, 0),
				APP21(4, 0), APP21(5, 0), APP21(6, 0),
				APP21(7, 0), APP21(8, 0),
				APP(9, 0x51, 0x56, 8, 8, 0x01, 0x01),
			},
		},
	},
	{
		.desc = "reserved codes and lane counts passed through",
		.present = CMIS_PAGED_01,
		.patch = {
			P_B(T_LO, 85, 0x07),
			P_B(T_LO, 86, 0x12), P_B(T_LO, 87, 0xfe),
			P_B(T_LO, 88, 0xfa), P_B(T_LO, 89, 0x00),
			P_B(T_LO, 90, 0xff),
		},
		.exp = {
			.media_type = 7, .count = 1, .complete = true,
			.app = { APP(1, 0x12, 0xfe, 15, 10, 0x00, 0x00) },
		},
	},
	{
		.desc = "no lower memory: -ENODATA",
		.present = HAS(T_01),
		.ret = -ENODATA,
	},
};

KUNIT_ARRAY_PARAM_DESC(cmis_apps, cmis_apps_cases, desc);

static void cmis_expect_apps(struct kunit *test, const struct cmis_apps *got,
			     const struct cmis_apps *exp)
{
	unsigned int i;

	KUNIT_EXPECT_EQ(test, got->media_type, exp->media_type);
	KUNIT_EXPECT_EQ(test, got->count, exp->count);
	KUNIT_EXPECT_EQ(test, got->complete, exp->complete);
	for (i = 0; i < CMIS_MAX_APPS; i++) {
		KUNIT_EXPECT_EQ(test, got->app[i].appsel, exp->app[i].appsel);
		KUNIT_EXPECT_EQ(test, got->app[i].host_id, exp->app[i].host_id);
		KUNIT_EXPECT_EQ(test, got->app[i].media_id, exp->app[i].media_id);
		KUNIT_EXPECT_EQ(test, got->app[i].host_lanes, exp->app[i].host_lanes);
		KUNIT_EXPECT_EQ(test, got->app[i].media_lanes, exp->app[i].media_lanes);
		KUNIT_EXPECT_EQ(test, got->app[i].host_lane_mask,
				exp->app[i].host_lane_mask);
		KUNIT_EXPECT_EQ(test, got->app[i].media_lane_mask,
				exp->app[i].media_lane_mask);
	}
}

static void cmis_apps_test(struct kunit *test)
{
	const struct cmis_apps_case *c = test->param_value;
	const struct cmis_pages *p;
	struct cmis_apps got;

	p = cmis_t_build(test, c->present, c->patch, true);
	KUNIT_EXPECT_EQ(test, cmis_decode_apps(p, &got), c->ret);
	cmis_expect_apps(test, &got, &c->exp);
}

/* ------------------------------------------------------------------ */
/* module state, flags and monitors */

struct cmis_module_case {
	const char *desc;
	u8 present;
	struct cmis_t_patch patch[CMIS_T_PATCHES];
	int ret;
	struct cmis_module exp;
};

static const struct cmis_module_case cmis_module_cases[] = {
	{
		.desc = "ModuleReady, 38.5 degC, 3.3 V",
		.present = PG_LO,
		/* 0x2680 = 9856 = 38.5 x 256; 0x80e8 = 33000 x 100 uV */
		.patch = {
			P_B(T_LO, 3, 0x07), P_W(T_LO, 14, 0x2680),
			P_W(T_LO, 16, 0x80e8),
		},
		.exp = { .state = 3, .temp_mc = 38500, .vcc_mv = 3300 },
	},
	{
		.desc = "ModuleLowPwr, interrupt asserted, -40 degC",
		.present = PG_LO,
		/* -40 x 256 = -10240 = 0xd800 */
		.patch = { P_B(T_LO, 3, 0x02), P_W(T_LO, 14, 0xd800) },
		.exp = { .state = 1, .intl_asserted = true, .temp_mc = -40000 },
	},
	{
		.desc = "-1/256 degC truncates toward zero",
		.present = PG_LO,
		/* -1000 / 256 = -3.9 -> -3 */
		.patch = { P_B(T_LO, 3, 0x01), P_W(T_LO, 14, 0xffff) },
		.exp = { .temp_mc = -3 },
	},
	{
		.desc = "maximum temperature 127.996 degC",
		.present = PG_LO,
		/* 32767 x 1000 / 256 = 127996.09 */
		.patch = { P_B(T_LO, 3, 0x01), P_W(T_LO, 14, 0x7fff) },
		.exp = { .temp_mc = 127996 },
	},
	{
		.desc = "minimum temperature -128 degC",
		.present = PG_LO,
		.patch = { P_B(T_LO, 3, 0x01), P_W(T_LO, 14, 0x8000) },
		.exp = { .temp_mc = -128000 },
	},
	{
		.desc = "maximum supply voltage 6.5535 V",
		.present = PG_LO,
		.patch = { P_B(T_LO, 3, 0x01), P_W(T_LO, 16, 0xffff) },
		.exp = { .vcc_mv = 6553 },
	},
	{
		.desc = "ModuleFault, data memory corrupted",
		.present = PG_LO,
		.patch = { P_B(T_LO, 3, 0x0a), P_B(T_LO, 41, 0x02) },
		.exp = { .state = 5, .intl_asserted = true, .fault_cause = 2 },
	},
	{
		.desc = "reserved state 7",
		.present = PG_LO,
		.patch = { P_B(T_LO, 3, 0x0f) },
		.exp = { .state = 7 },
	},
	{
		.desc = "reserved state 0, high bits ignored",
		.present = PG_LO,
		.patch = { P_B(T_LO, 3, 0xf1) },
		.exp = { .state = 0 },
	},
	{
		.desc = "every flag byte, controls and CDB status",
		.present = PG_LO,
		.patch = {
			P_B(T_LO, 3, 0x09),
			P_B(T_LO, 4, 0x01), P_B(T_LO, 5, 0x02),
			P_B(T_LO, 6, 0x04), P_B(T_LO, 7, 0x08),
			P_B(T_LO, 8, 0xc7), P_B(T_LO, 9, 0xff),
			P_B(T_LO, 10, 0x5a), P_B(T_LO, 11, 0xa5),
			P_B(T_LO, 26, 0x50), P_B(T_LO, 37, 0x81),
			P_B(T_LO, 38, 0x40), P_B(T_LO, 41, 0x21),
		},
		.exp = {
			.state = 4, .bank_flags = { 1, 2, 4, 8 },
			.flags = 0xa55affc7, .controls = 0x50,
			.low_pwr_request_sw = true, .low_pwr_allow_hw = true,
			.cdb_status = { 0x81, 0x40 }, .fault_cause = 0x21,
		},
	},
	{
		.desc = "no lower memory: -ENODATA",
		.present = PG_ALL & ~PG_LO,
		.ret = -ENODATA,
	},
};

KUNIT_ARRAY_PARAM_DESC(cmis_module, cmis_module_cases, desc);

static void cmis_expect_module(struct kunit *test,
			       const struct cmis_module *got,
			       const struct cmis_module *exp)
{
	KUNIT_EXPECT_EQ(test, got->state, exp->state);
	KUNIT_EXPECT_EQ(test, got->intl_asserted, exp->intl_asserted);
	KUNIT_EXPECT_EQ(test, got->bank_flags[0], exp->bank_flags[0]);
	KUNIT_EXPECT_EQ(test, got->bank_flags[1], exp->bank_flags[1]);
	KUNIT_EXPECT_EQ(test, got->bank_flags[2], exp->bank_flags[2]);
	KUNIT_EXPECT_EQ(test, got->bank_flags[3], exp->bank_flags[3]);
	KUNIT_EXPECT_EQ(test, got->flags, exp->flags);
	KUNIT_EXPECT_EQ(test, got->temp_mc, exp->temp_mc);
	KUNIT_EXPECT_EQ(test, got->vcc_mv, exp->vcc_mv);
	KUNIT_EXPECT_EQ(test, got->controls, exp->controls);
	KUNIT_EXPECT_EQ(test, got->low_pwr_request_sw, exp->low_pwr_request_sw);
	KUNIT_EXPECT_EQ(test, got->low_pwr_allow_hw, exp->low_pwr_allow_hw);
	KUNIT_EXPECT_EQ(test, got->cdb_status[0], exp->cdb_status[0]);
	KUNIT_EXPECT_EQ(test, got->cdb_status[1], exp->cdb_status[1]);
	KUNIT_EXPECT_EQ(test, got->fault_cause, exp->fault_cause);
}

static void cmis_module_test(struct kunit *test)
{
	const struct cmis_module_case *c = test->param_value;
	const struct cmis_pages *p;
	struct cmis_module got;

	p = cmis_t_build(test, c->present, c->patch, true);
	KUNIT_EXPECT_EQ(test, cmis_decode_module(p, &got), c->ret);
	cmis_expect_module(test, &got, &c->exp);
}

/* ------------------------------------------------------------------ */
/* thresholds */

struct cmis_thresholds_case {
	const char *desc;
	u8 present;
	struct cmis_t_patch patch[CMIS_T_PATCHES];
	int ret;
	struct cmis_thresholds exp;
};

#define CMIS_PAGED_02	(HAS(T_LO) | HAS(T_01) | HAS(T_02))
#define LIM(ha, la, hw, lw)	{ (ha), (la), (hw), (lw) }

static const struct cmis_thresholds_case cmis_thresholds_cases[] = {
	{
		.desc = "typical SR4 thresholds, bias x1",
		.present = CMIS_PAGED_02,
		.patch = {
			/* 75, -5, 70, 0 degC in 1/256 degC */
			P_W(T_02, 128, 0x4b00), P_W(T_02, 130, 0xfb00),
			P_W(T_02, 132, 0x4600), P_W(T_02, 134, 0x0000),
			/* 3.63, 2.97, 3.465, 3.135 V in 100 uV */
			P_W(T_02, 136, 36300), P_W(T_02, 138, 29700),
			P_W(T_02, 140, 34650), P_W(T_02, 142, 31350),
			P_W(T_02, 176, 31623), P_W(T_02, 178, 3236),
			P_W(T_02, 180, 25119), P_W(T_02, 182, 5129),
			P_W(T_02, 184, 25000), P_W(T_02, 186, 2500),
			P_W(T_02, 188, 22500), P_W(T_02, 190, 5000),
			P_W(T_02, 192, 31623), P_W(T_02, 194, 1288),
			P_W(T_02, 196, 25119), P_W(T_02, 198, 2570),
		},
		.exp = {
			.temp_mc = LIM(75000, -5000, 70000, 0),
			.vcc_mv = LIM(3630, 2970, 3465, 3135),
			/* 0.1 uW = 100 nW */
			.tx_power_nw = LIM(3162300, 323600, 2511900, 512900),
			.tx_bias_ua = LIM(50000, 5000, 45000, 10000),
			.rx_power_nw = LIM(3162300, 128800, 2511900, 257000),
			.tx_bias_mult = 1,
		},
	},
	{
		.desc = "Tx bias x2",
		.present = CMIS_PAGED_02,
		/* raw 25000, 2500, 22500, 5000 in 2 uA units */
		.patch = {
			P_B(T_01, 160, 0x08),
			P_W(T_02, 184, 25000), P_W(T_02, 186, 2500),
			P_W(T_02, 188, 22500), P_W(T_02, 190, 5000),
		},
		.exp = {
			.tx_bias_ua = LIM(100000, 10000, 90000, 20000),
			.tx_bias_mult = 2,
		},
	},
	{
		.desc = "Tx bias x4",
		.present = CMIS_PAGED_02,
		/* raw 25000, 2500, 22500, 5000 in 2 uA units */
		.patch = {
			P_B(T_01, 160, 0x10),
			P_W(T_02, 184, 25000), P_W(T_02, 186, 2500),
			P_W(T_02, 188, 22500), P_W(T_02, 190, 5000),
		},
		.exp = {
			.tx_bias_ua = LIM(200000, 20000, 180000, 40000),
			.tx_bias_mult = 4,
		},
	},
	{
		.desc = "Tx bias with the reserved multiplier reads 0",
		.present = CMIS_PAGED_02,
		/* raw 25000, 2500, 22500, 5000 in 2 uA units */
		.patch = {
			P_B(T_01, 160, 0x18),
			P_W(T_02, 184, 25000), P_W(T_02, 186, 2500),
			P_W(T_02, 188, 22500), P_W(T_02, 190, 5000),
		},
		.exp = { .tx_bias_mult = 0 },
	},
	{
		.desc = "negative and extreme temperatures",
		.present = CMIS_PAGED_02,
		.patch = {
			P_W(T_02, 128, 0xd800), P_W(T_02, 130, 0x8000),
			P_W(T_02, 132, 0x7fff), P_W(T_02, 134, 0xffff),
		},
		.exp = {
			.temp_mc = LIM(-40000, -128000, 127996, -3),
			.tx_bias_mult = 1,
		},
	},
	{
		.desc = "maximum values, bias x4",
		.present = CMIS_PAGED_02,
		.patch = {
			P_B(T_01, 160, 0x10),
			P_F(T_02, 136, 8, 0xff), P_F(T_02, 176, 24, 0xff),
		},
		.exp = {
			.vcc_mv = LIM(6553, 6553, 6553, 6553),
			.tx_power_nw = LIM(6553500, 6553500, 6553500, 6553500),
			/* 65535 x 2 x 4 */
			.tx_bias_ua = LIM(524280, 524280, 524280, 524280),
			.rx_power_nw = LIM(6553500, 6553500, 6553500, 6553500),
			.tx_bias_mult = 4,
		},
	},
	{
		.desc = "flat memory: -EOPNOTSUPP",
		.present = CMIS_PAGED_02,
		.patch = { P_B(T_LO, 2, 0x80) },
		.ret = -EOPNOTSUPP,
	},
	{
		.desc = "no page 02h: -ENODATA",
		.present = CMIS_PAGED_01,
		.ret = -ENODATA,
	},
	{
		.desc = "no page 01h: -ENODATA",
		.present = HAS(T_LO) | HAS(T_02),
		.ret = -ENODATA,
	},
};

KUNIT_ARRAY_PARAM_DESC(cmis_thresholds, cmis_thresholds_cases, desc);

static void cmis_expect_thresholds(struct kunit *test,
				   const struct cmis_thresholds *got,
				   const struct cmis_thresholds *exp)
{
	KUNIT_EXPECT_EQ(test, got->temp_mc.high_alarm, exp->temp_mc.high_alarm);
	KUNIT_EXPECT_EQ(test, got->temp_mc.low_alarm, exp->temp_mc.low_alarm);
	KUNIT_EXPECT_EQ(test, got->temp_mc.high_warn, exp->temp_mc.high_warn);
	KUNIT_EXPECT_EQ(test, got->temp_mc.low_warn, exp->temp_mc.low_warn);
	KUNIT_EXPECT_EQ(test, got->vcc_mv.high_alarm, exp->vcc_mv.high_alarm);
	KUNIT_EXPECT_EQ(test, got->vcc_mv.low_alarm, exp->vcc_mv.low_alarm);
	KUNIT_EXPECT_EQ(test, got->vcc_mv.high_warn, exp->vcc_mv.high_warn);
	KUNIT_EXPECT_EQ(test, got->vcc_mv.low_warn, exp->vcc_mv.low_warn);
	KUNIT_EXPECT_EQ(test, got->tx_power_nw.high_alarm,
			exp->tx_power_nw.high_alarm);
	KUNIT_EXPECT_EQ(test, got->tx_power_nw.low_alarm,
			exp->tx_power_nw.low_alarm);
	KUNIT_EXPECT_EQ(test, got->tx_power_nw.high_warn,
			exp->tx_power_nw.high_warn);
	KUNIT_EXPECT_EQ(test, got->tx_power_nw.low_warn,
			exp->tx_power_nw.low_warn);
	KUNIT_EXPECT_EQ(test, got->tx_bias_ua.high_alarm,
			exp->tx_bias_ua.high_alarm);
	KUNIT_EXPECT_EQ(test, got->tx_bias_ua.low_alarm,
			exp->tx_bias_ua.low_alarm);
	KUNIT_EXPECT_EQ(test, got->tx_bias_ua.high_warn,
			exp->tx_bias_ua.high_warn);
	KUNIT_EXPECT_EQ(test, got->tx_bias_ua.low_warn,
			exp->tx_bias_ua.low_warn);
	KUNIT_EXPECT_EQ(test, got->rx_power_nw.high_alarm,
			exp->rx_power_nw.high_alarm);
	KUNIT_EXPECT_EQ(test, got->rx_power_nw.low_alarm,
			exp->rx_power_nw.low_alarm);
	KUNIT_EXPECT_EQ(test, got->rx_power_nw.high_warn,
			exp->rx_power_nw.high_warn);
	KUNIT_EXPECT_EQ(test, got->rx_power_nw.low_warn,
			exp->rx_power_nw.low_warn);
	KUNIT_EXPECT_EQ(test, got->tx_bias_mult, exp->tx_bias_mult);
}

static void cmis_thresholds_test(struct kunit *test)
{
	const struct cmis_thresholds_case *c = test->param_value;
	const struct cmis_pages *p;
	struct cmis_thresholds got;

	p = cmis_t_build(test, c->present, c->patch, true);
	KUNIT_EXPECT_EQ(test, cmis_decode_thresholds(p, &got), c->ret);
	cmis_expect_thresholds(test, &got, &c->exp);
}

/* ------------------------------------------------------------------ */
/* lanes */

struct cmis_lane_case {
	const char *desc;
	u8 present;
	unsigned int lane;
	struct cmis_t_patch patch[CMIS_T_PATCHES];
	int ret;
	struct cmis_lane exp;
};

#define DPC(a, d, e)	{ .appsel = (a), .dp_id = (d), .explicit_control = (e) }
#define CMIS_T_ALL_FLAGS	0xfffff		/* 20 flags */
#define CMIS_T_ALL_CTRLS	0x1ff		/* 9 controls */

static const struct cmis_lane_case cmis_lane_cases[] = {
	{
		.desc = "lane 1: state, flags, monitors, controls",
		.present = PG_ALL, .lane = 1,
		.patch = {
			P_B(T_01, 142, 0x01), P_B(T_01, 160, 0x07),
			P_B(T_11, 128, 0x34), P_B(T_11, 132, 0x01),
			P_B(T_11, 133, 0x01), P_B(T_11, 135, 0x01),
			P_B(T_11, 147, 0x01),
			P_W(T_11, 154, 10000), P_W(T_11, 170, 8000),
			P_W(T_11, 186, 3000),
			P_B(T_11, 202, 0x21), P_B(T_11, 206, 0x1a),
			P_B(T_11, 235, 0x01),
			P_B(T_10, 130, 0x01), P_B(T_10, 145, 0x21),
		},
		.exp = {
			.lane = 1, .bank = 0, .dp_state = 4,
			.rx_output_valid = true, .tx_output_valid = true,
			.flags = CMIS_LANE_F_TX_FAULT | CMIS_LANE_F_RX_LOS,
			.monitors = 0x07,
			/* 8000 x 2 uA; 10000 and 3000 x 100 nW */
			.tx_bias_ua = 16000, .tx_power_nw = 1000000,
			.rx_power_nw = 300000, .config_status = 1,
			.active = DPC(1, 5, false), .dp_init_pending = true,
			.has_controls = true,
			.controls = CMIS_LANE_C_TX_DISABLE,
			.staged = DPC(2, 0, true),
		},
	},
	{
		.desc = "lane 2: upper nibbles, nothing else of lane 1",
		.present = PG_ALL, .lane = 2,
		.patch = {
			P_B(T_01, 160, 0x07),
			P_B(T_11, 128, 0x34), P_B(T_11, 135, 0x01),
			P_W(T_11, 154, 10000), P_W(T_11, 156, 7),
			P_B(T_11, 202, 0x21), P_B(T_11, 207, 0x20),
			P_B(T_10, 130, 0x01),
		},
		.exp = {
			.lane = 2, .dp_state = 3, .monitors = 0x07,
			.tx_power_nw = 700, .config_status = 2,
			.active = DPC(2, 0, false), .has_controls = true,
		},
	},
	{
		.desc = "lane 8: every flag, control and maximum monitor",
		.present = PG_ALL, .lane = 8,
		.patch = {
			P_B(T_01, 160, 0x07),
			P_B(T_11, 131, 0x70), P_F(T_11, 132, 22, 0x80),
			P_W(T_11, 168, 0xffff), P_W(T_11, 184, 0xffff),
			P_W(T_11, 200, 0xffff), P_B(T_11, 205, 0xc0),
			P_B(T_11, 213, 0xff), P_B(T_11, 235, 0x80),
			P_F(T_10, 128, 5, 0x80), P_F(T_10, 137, 3, 0x80),
			P_B(T_10, 143, 0x80), P_B(T_10, 152, 0xff),
		},
		.exp = {
			.lane = 8, .dp_state = 7, .rx_output_valid = true,
			.tx_output_valid = true, .flags = CMIS_T_ALL_FLAGS,
			.monitors = 0x07,
			/* 65535 x 2 uA, 65535 x 100 nW */
			.tx_bias_ua = 131070, .tx_power_nw = 6553500,
			.rx_power_nw = 6553500, .config_status = 12,
			.active = DPC(15, 7, true), .dp_init_pending = true,
			.has_controls = true, .controls = CMIS_T_ALL_CTRLS,
			.staged = DPC(15, 7, true),
		},
	},
	{
		.desc = "lane 9 reads bank 1, not bank 0",
		.present = PG_ALL & ~HAS(T_10B1), .lane = 9,
		.patch = {
			P_B(T_01, 142, 0x01), P_B(T_01, 160, 0x0f),
			P_F(T_11, 128, 128, 0xff), P_F(T_10, 128, 128, 0xff),
			P_B(T_11B1, 128, 0x04), P_W(T_11B1, 154, 1),
			P_W(T_11B1, 170, 1), P_W(T_11B1, 186, 2),
		},
		.exp = {
			.lane = 9, .bank = 1, .dp_state = 4, .monitors = 0x07,
			/* 1 x 2 uA x 2 */
			.tx_bias_ua = 4, .tx_power_nw = 100,
			.rx_power_nw = 200,
		},
	},
	{
		.desc = "lane 16, bias x4",
		.present = PG_ALL, .lane = 16,
		.patch = {
			P_B(T_01, 142, 0x01), P_B(T_01, 160, 0x17),
			P_B(T_11B1, 131, 0x50), P_B(T_11B1, 136, 0x80),
			P_B(T_11B1, 153, 0x80),
			P_W(T_11B1, 168, 0x0102), P_W(T_11B1, 184, 0x1234),
			P_W(T_11B1, 200, 0x8000), P_B(T_11B1, 205, 0x70),
			P_B(T_11B1, 213, 0x35),
			P_B(T_10B1, 138, 0x80), P_B(T_10B1, 152, 0x10),
		},
		.exp = {
			.lane = 16, .bank = 1, .dp_state = 5,
			.flags = CMIS_LANE_F_TX_LOS |
				 CMIS_LANE_F_RX_OUTPUT_CHANGED,
			.monitors = 0x07,
			/* 0x1234 = 4660 x 2 x 4; 258 x 100; 32768 x 100 */
			.tx_bias_ua = 37280, .tx_power_nw = 25800,
			.rx_power_nw = 3276800, .config_status = 7,
			.active = DPC(3, 2, true), .has_controls = true,
			.controls = CMIS_LANE_C_RX_DISABLE,
			.staged = DPC(1, 0, false),
		},
	},
	{
		.desc = "bias x2, only the bias monitor advertised",
		.present = PG_ALL, .lane = 1,
		.patch = { P_B(T_01, 160, 0x09), P_W(T_11, 170, 0x8000) },
		.exp = {
			.lane = 1, .monitors = CMIS_LANE_MON_TX_BIAS,
			.tx_bias_ua = 131072, .has_controls = true,
		},
	},
	{
		.desc = "reserved bias multiplier: bias 0, not advertised",
		.present = PG_ALL, .lane = 1,
		.patch = { P_B(T_01, 160, 0x1f), P_W(T_11, 170, 0x1000) },
		.exp = {
			.lane = 1,
			.monitors = CMIS_LANE_MON_TX_POWER |
				    CMIS_LANE_MON_RX_POWER,
			.has_controls = true,
		},
	},
	{
		.desc = "reserved data path state and config status",
		.present = PG_ALL, .lane = 3,
		.patch = { P_B(T_11, 129, 0x0f), P_B(T_11, 203, 0x09) },
		.exp = {
			.lane = 3, .dp_state = 15, .config_status = 9,
			.has_controls = true,
		},
	},
	{
		.desc = "lane 0: -EINVAL",
		.present = PG_ALL, .lane = 0,
		.ret = -EINVAL,
	},
	{
		.desc = "lane 17: -EINVAL",
		.present = PG_ALL, .lane = 17,
		.patch = { P_B(T_01, 142, 0x02) },
		.ret = -EINVAL,
	},
	{
		.desc = "lane 9 of a one-bank module: -ERANGE",
		.present = PG_ALL, .lane = 9,
		.patch = { P_B(T_01, 142, 0x00) },
		.ret = -ERANGE,
	},
	{
		.desc = "lane 9 without page 11h of bank 1: -ENODATA",
		.present = PG_ALL & ~HAS(T_11B1), .lane = 9,
		.patch = { P_B(T_01, 142, 0x01) },
		.ret = -ENODATA,
	},
	{
		.desc = "flat memory: -EOPNOTSUPP",
		.present = PG_ALL, .lane = 1,
		.patch = { P_B(T_LO, 2, 0x80) },
		.ret = -EOPNOTSUPP,
	},
	{
		.desc = "no page 01h: -ENODATA",
		.present = PG_ALL & ~HAS(T_01), .lane = 1,
		.ret = -ENODATA,
	},
};

KUNIT_ARRAY_PARAM_DESC(cmis_lane, cmis_lane_cases, desc);

static void cmis_expect_lane(struct kunit *test, const struct cmis_lane *got,
			     const struct cmis_lane *exp)
{
	KUNIT_EXPECT_EQ(test, got->lane, exp->lane);
	KUNIT_EXPECT_EQ(test, got->bank, exp->bank);
	KUNIT_EXPECT_EQ(test, got->dp_state, exp->dp_state);
	KUNIT_EXPECT_EQ(test, got->rx_output_valid, exp->rx_output_valid);
	KUNIT_EXPECT_EQ(test, got->tx_output_valid, exp->tx_output_valid);
	KUNIT_EXPECT_EQ(test, got->flags, exp->flags);
	KUNIT_EXPECT_EQ(test, got->monitors, exp->monitors);
	KUNIT_EXPECT_EQ(test, got->tx_bias_ua, exp->tx_bias_ua);
	KUNIT_EXPECT_EQ(test, got->tx_power_nw, exp->tx_power_nw);
	KUNIT_EXPECT_EQ(test, got->rx_power_nw, exp->rx_power_nw);
	KUNIT_EXPECT_EQ(test, got->config_status, exp->config_status);
	KUNIT_EXPECT_EQ(test, got->active.appsel, exp->active.appsel);
	KUNIT_EXPECT_EQ(test, got->active.dp_id, exp->active.dp_id);
	KUNIT_EXPECT_EQ(test, got->active.explicit_control,
			exp->active.explicit_control);
	KUNIT_EXPECT_EQ(test, got->dp_init_pending, exp->dp_init_pending);
	KUNIT_EXPECT_EQ(test, got->has_controls, exp->has_controls);
	KUNIT_EXPECT_EQ(test, got->controls, exp->controls);
	KUNIT_EXPECT_EQ(test, got->staged.appsel, exp->staged.appsel);
	KUNIT_EXPECT_EQ(test, got->staged.dp_id, exp->staged.dp_id);
	KUNIT_EXPECT_EQ(test, got->staged.explicit_control,
			exp->staged.explicit_control);
}

static void cmis_lane_test(struct kunit *test)
{
	const struct cmis_lane_case *c = test->param_value;
	const struct cmis_pages *p;
	struct cmis_lane got;

	p = cmis_t_build(test, c->present, c->patch, true);
	KUNIT_EXPECT_EQ(test, cmis_decode_lane(p, c->lane, &got), c->ret);
	cmis_expect_lane(test, &got, &c->exp);
}

/* ------------------------------------------------------------------ */
/* checksums: pages built without fixing them */

struct cmis_csum_case {
	const char *desc;
	u8 present;
	struct cmis_t_patch patch[CMIS_T_PATCHES];
	int ret;
	struct cmis_csum_report exp;
};

#define CMIS_T_CSUM_PAGES	(HAS(T_00) | HAS(T_01) | HAS(T_02))

static const struct cmis_csum_case cmis_csum_cases[] = {
	{
		.desc = "zeroed pages pass",
		.present = CMIS_T_CSUM_PAGES,
		.exp = { .checked = 7 },
	},
	{
		.desc = "page 00h sum of 128-221, byte 223 outside",
		.present = HAS(T_00) | HAS(T_01),
		.patch = {
			P_B(T_00, 129, 0x41), P_B(T_00, 130, 0x42),
			P_B(T_00, 222, 0x83), P_B(T_00, 223, 0x55),
		},
		.exp = { .checked = 3, .stored = { 0x83 }, .computed = { 0x83 } },
	},
	{
		.desc = "page 00h bad",
		.present = CMIS_T_CSUM_PAGES,
		.patch = { P_B(T_00, 129, 0x41) },
		.ret = -EBADMSG,
		.exp = { .checked = 7, .failed = 1, .computed = { 0x41 } },
	},
	{
		.desc = "page 01h leaves out bytes 128-129",
		.present = CMIS_T_CSUM_PAGES,
		.patch = {
			P_B(T_01, 128, 0x12), P_B(T_01, 129, 0x34),
			P_B(T_01, 130, 0x01), P_B(T_01, 254, 0x02),
			P_B(T_01, 255, 0x03),
		},
		.exp = {
			.checked = 7, .stored = { 0, 0x03 },
			.computed = { 0, 0x03 },
		},
	},
	{
		.desc = "page 01h bad, sum wraps",
		.present = CMIS_T_CSUM_PAGES,
		.patch = { P_B(T_01, 130, 0xff), P_B(T_01, 131, 0x02) },
		.ret = -EBADMSG,
		/* 0xff + 0x02 = 0x101 -> 0x01 */
		.exp = { .checked = 7, .failed = 2, .computed = { 0, 0x01 } },
	},
	{
		.desc = "page 02h sum wraps and passes",
		.present = CMIS_T_CSUM_PAGES,
		.patch = {
			P_B(T_02, 128, 0x80), P_B(T_02, 129, 0x80),
			P_B(T_02, 254, 0x05), P_B(T_02, 255, 0x05),
		},
		.exp = {
			.checked = 7, .stored = { 0, 0, 0x05 },
			.computed = { 0, 0, 0x05 },
		},
	},
	{
		.desc = "page 02h bad",
		.present = CMIS_T_CSUM_PAGES,
		.patch = { P_B(T_02, 255, 0x01) },
		.ret = -EBADMSG,
		.exp = { .checked = 7, .failed = 4, .stored = { 0, 0, 0x01 } },
	},
	{
		.desc = "all three bad",
		.present = CMIS_T_CSUM_PAGES | PG_LO,
		.patch = {
			P_B(T_00, 222, 0x10), P_B(T_01, 255, 0x20),
			P_B(T_02, 255, 0x30),
		},
		.ret = -EBADMSG,
		.exp = {
			.checked = 7, .failed = 7,
			.stored = { 0x10, 0x20, 0x30 },
		},
	},
	{
		.desc = "flat memory checks page 00h only",
		.present = CMIS_T_CSUM_PAGES | PG_LO,
		.patch = { P_B(T_LO, 2, 0x80), P_B(T_01, 255, 0x01) },
		.exp = { .checked = 1 },
	},
	{
		.desc = "nothing to check",
		.present = PG_LO,
		.exp = { },
	},
};

KUNIT_ARRAY_PARAM_DESC(cmis_csum, cmis_csum_cases, desc);

static void cmis_expect_csum(struct kunit *test,
			     const struct cmis_csum_report *got,
			     const struct cmis_csum_report *exp)
{
	unsigned int i;

	KUNIT_EXPECT_EQ(test, got->checked, exp->checked);
	KUNIT_EXPECT_EQ(test, got->failed, exp->failed);
	for (i = 0; i < 3; i++) {
		KUNIT_EXPECT_EQ(test, got->stored[i], exp->stored[i]);
		KUNIT_EXPECT_EQ(test, got->computed[i], exp->computed[i]);
	}
}

static void cmis_csum_test(struct kunit *test)
{
	const struct cmis_csum_case *c = test->param_value;
	const struct cmis_pages *p;
	struct cmis_csum_report got;

	p = cmis_t_build(test, c->present, c->patch, false);
	KUNIT_EXPECT_EQ(test, cmis_check_checksums(p, &got), c->ret);
	cmis_expect_csum(test, &got, &c->exp);
}

/* ------------------------------------------------------------------ */
/* names */

enum cmis_name_kind {
	N_IDENT, N_CONN, N_MTYPE, N_TECH, N_HOST, N_MEDIA, N_MSTATE, N_FAULT,
	N_DPSTATE, N_CONFIG,
};

struct cmis_name_case {
	const char *desc;
	enum cmis_name_kind kind;
	u8 code;
	u8 media_type;
	const char *name;	/* NULL: no name expected */
};

static const struct cmis_name_case cmis_name_cases[] = {
	{ "identifier 0x19 OSFP", N_IDENT, 0x19, 0, "OSFP" },
	{ "identifier 0x18 QSFP-DD", N_IDENT, 0x18, 0, "QSFP-DD" },
	{ "identifier 0x21 OSFP-XD", N_IDENT, 0x21, 0, "OSFP-XD" },
	{ "identifier 0x7f unnamed", N_IDENT, 0x7f, 0, NULL },
	{ "connector 0x0c MPO 1x12", N_CONN, 0x0c, 0, "MPO 1x12" },
	{ "connector 0x0e reserved", N_CONN, 0x0e, 0, NULL },
	{ "media type 2 SMF", N_MTYPE, 2, 0, "SMF" },
	{ "media type 6 reserved", N_MTYPE, 6, 0, NULL },
	{ "technology 0x06 1310 nm EML", N_TECH, 0x06, 0, "1310 nm EML" },
	{ "technology 0x12 reserved", N_TECH, 0x12, 0, NULL },
	{ "host 0x11 400GAUI-8 C2M", N_HOST, 0x11, 0, "400GAUI-8 C2M" },
	{ "host 0x4f 400GAUI-4-S C2M", N_HOST, 0x4f, 0, "400GAUI-4-S C2M" },
	{ "host 0x51 800GAUI-8 S C2M", N_HOST, 0x51, 0, "800GAUI-8 S C2M" },
	{ "host 0x32 IB NDR", N_HOST, 0x32, 0, "IB NDR" },
	{ "host 0xc0 vendor specific", N_HOST, 0xc0, 0, "vendor specific" },
	{ "host 0xff end of list", N_HOST, 0xff, 0, NULL },
	{ "host 0x00 undefined", N_HOST, 0x00, 0, NULL },
	{ "MMF 0x11 400GBASE-SR4", N_MEDIA, 0x11, 1, "400GBASE-SR4" },
	{ "MMF 0x12 800GBASE-SR8", N_MEDIA, 0x12, 1, "800GBASE-SR8" },
	{ "SMF 0x1c 400GBASE-DR4", N_MEDIA, 0x1c, 2, "400GBASE-DR4" },
	{ "SMF 0x1d 400GBASE-FR4", N_MEDIA, 0x1d, 2, "400GBASE-FR4" },
	{ "SMF 0x56 800GBASE-DR8", N_MEDIA, 0x56, 2, "800GBASE-DR8" },
	{ "SMF 0x11 is not an MMF code", N_MEDIA, 0x11, 2, NULL },
	{ "passive copper 0x01", N_MEDIA, 0x01, 3, "copper cable" },
	{ "active cable 0xbf loopback", N_MEDIA, 0xbf, 4, "active loopback module" },
	{ "BASE-T 0x04 10GBASE-T", N_MEDIA, 0x04, 5, "10GBASE-T" },
	{ "media type 0: no table", N_MEDIA, 0x01, 0, NULL },
	{ "module state 3 ModuleReady", N_MSTATE, 3, 0, "ModuleReady" },
	{ "module state 6 reserved", N_MSTATE, 6, 0, NULL },
	{ "fault cause 1 TEC runaway", N_FAULT, 1, 0, "TEC runaway" },
	{ "fault cause 40 custom", N_FAULT, 40, 0, "custom" },
	{ "fault cause 64 reserved", N_FAULT, 64, 0, NULL },
	{ "DP state 4 DPActivated", N_DPSTATE, 4, 0, "DPActivated" },
	{ "DP state 8 reserved", N_DPSTATE, 8, 0, NULL },
	{ "config status 3", N_CONFIG, 3, 0, "ConfigRejectedInvalidAppSel" },
	{ "config status 10 reserved", N_CONFIG, 10, 0, NULL },
};

KUNIT_ARRAY_PARAM_DESC(cmis_name, cmis_name_cases, desc);

static void cmis_name_test(struct kunit *test)
{
	const struct cmis_name_case *c = test->param_value;
	const char *got;

	switch (c->kind) {
	case N_IDENT:
		got = cmis_identifier_name(c->code);
		break;
	case N_CONN:
		got = cmis_connector_name(c->code);
		break;
	case N_MTYPE:
		got = cmis_media_type_name(c->code);
		break;
	case N_TECH:
		got = cmis_media_tech_name(c->code);
		break;
	case N_HOST:
		got = cmis_host_if_name(c->code);
		break;
	case N_MEDIA:
		got = cmis_media_if_name(c->media_type, c->code);
		break;
	case N_MSTATE:
		got = cmis_module_state_name(c->code);
		break;
	case N_FAULT:
		got = cmis_fault_cause_name(c->code);
		break;
	case N_DPSTATE:
		got = cmis_dp_state_name(c->code);
		break;
	default:
		got = cmis_config_status_name(c->code);
		break;
	}
	if (!c->name) {
		KUNIT_EXPECT_NULL(test, got);
		return;
	}
	KUNIT_ASSERT_NOT_NULL(test, got);
	KUNIT_EXPECT_STREQ(test, got, c->name);
}

/* ------------------------------------------------------------------ */
/* NULL arguments */

static void cmis_null_args_test(struct kunit *test)
{
	struct cmis_pages none = { };
	struct cmis_identity id;
	struct cmis_caps caps;
	struct cmis_apps apps;
	struct cmis_module mod;
	struct cmis_thresholds th;
	struct cmis_lane ln;
	struct cmis_csum_report r;

	KUNIT_EXPECT_EQ(test, cmis_decode_identity(NULL, &id), -EINVAL);
	KUNIT_EXPECT_EQ(test, cmis_decode_identity(&none, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, cmis_decode_caps(NULL, &caps), -EINVAL);
	KUNIT_EXPECT_EQ(test, cmis_decode_apps(NULL, &apps), -EINVAL);
	KUNIT_EXPECT_EQ(test, cmis_decode_module(NULL, &mod), -EINVAL);
	KUNIT_EXPECT_EQ(test, cmis_decode_thresholds(NULL, &th), -EINVAL);
	KUNIT_EXPECT_EQ(test, cmis_decode_lane(NULL, 1, &ln), -EINVAL);
	KUNIT_EXPECT_EQ(test, cmis_decode_lane(&none, 1, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, cmis_check_checksums(NULL, &r), -EINVAL);
	KUNIT_EXPECT_EQ(test, cmis_decode_module(&none, &mod), -ENODATA);
}

/* ------------------------------------------------------------------ */
/* module images from tests/data */

/**
 * struct cmis_test_image - a module image turned into C by tools/kunit.sh
 * @name: file name without ".cmis".
 * @pages: its lower memory and pages 00h-02h, 10h and 11h (banks 0-1).
 */
struct cmis_test_image {
	const char *name;
	struct cmis_pages pages;
};

#if __has_include("cmis_test_images.h")
#include "cmis_test_images.h"
#else
#define CMIS_TEST_IMAGE_COUNT	0
static const struct cmis_test_image *const cmis_test_images;
#endif

static const struct cmis_pages *cmis_t_image(struct kunit *test,
					     const char *name)
{
	unsigned int i;

	if (!CMIS_TEST_IMAGE_COUNT)
		kunit_skip(test, "no module images (run tools/kunit.sh)");
	for (i = 0; i < CMIS_TEST_IMAGE_COUNT; i++)
		if (!strcmp(cmis_test_images[i].name, name))
			return &cmis_test_images[i].pages;
	KUNIT_FAIL(test, "module image %s not found in tests/data", name);
	return NULL;
}

/*
 * Expected values come from the images' own comments (tests/data), worked
 * out by hand: e.g. "temperature 38.500 degC" is 38500 mdegC, "Tx bias
 * 3720 (2 uA x1)" is 7440 uA, "Tx power 10471 (0.1 uW)" is 1047100 nW.
 */
#define IMG_400G	"osfp-400g-sr4"
#define IMG_800G	"osfp-800g-2x400g-dr4"
#define IMG_CMIS40	"osfp-cmis40-8byte"
#define IMG_CU		"osfp-passive-copper"
#define IMG_XD		"osfp-xd-16lane"

#define EMU_OUI		0xacde48
#define DUR_50		DUR(3, 50)
/* 144: DPDeinit <50 ms, DPInit <100 ms; 167: 0x35; 168: 0x13 */
#define IMG_DURS							\
	.dp_deinit = DUR_50, .dp_init = DUR(4, 100),			\
	.module_pwr_down = DUR_50, .module_pwr_up = DUR(5, 500),	\
	.tx_turn_off = DUR(1, 5), .tx_turn_on = DUR_50
/* 155 0x0e, 156 0x06, 157 0x07, 158 0x06, 159 0x03, 160 bits 2-0, 151.4 */
#define IMG_ADV								\
	.tx_controls = 0x0e, .rx_controls = 0x06, .tx_flags = 0x07,	\
	.rx_flags = 0x06, .module_monitors = 0x03, .tx_disable = true,	\
	.rx_disable = true, .temp_mon = true, .vcc_mon = true,		\
	.tx_bias_mon = true, .tx_power_mon = true, .rx_power_mon = true, \
	.rx_power_avg = true

struct cmis_image_case {
	const char *desc;
	const char *image;
	int ret;
	unsigned int lane;
	struct cmis_identity id;
	struct cmis_caps caps;
	struct cmis_apps apps;
	struct cmis_module mod;
	struct cmis_thresholds th;
	struct cmis_lane ln;
	struct cmis_csum_report csum;
};

static const struct cmis_image_case cmis_image_identity_cases[] = {
	{
		.desc = "400G SR4 identity", .image = IMG_400G,
		.id = {
			.identifier = 0x19, .rev = { 5, 0 }, .media_type = 1,
			.fw_active = { 2, 5 }, .vendor_name = "OSFP-EMU",
			.vendor_oui = EMU_OUI, .part_number = "OSFP-400G-SR4",
			.revision = "A1", .serial = "EMU240500001",
			.date_code = "24051701", .date_year = 2024,
			.date_month = 5, .date_day = 17, .lot_code = "01",
			.clei = "OSFPEMU001", .power_class = 6,
			.max_power_mw = 12000, .connector = 0x0c,
			.media_tech = 0x00, .has_page01 = true,
			.fw_inactive = { 2, 4 }, .hw = { 1, 2 },
			.wavelength_pm = 850000, .wavelength_tol_pm = 10000,
		},
	},
	{
		.desc = "800G 2xDR4 identity", .image = IMG_800G,
		.id = {
			.identifier = 0x19, .rev = { 5, 2 }, .media_type = 2,
			.fw_active = { 3, 1 }, .vendor_name = "OSFP-EMU",
			.vendor_oui = EMU_OUI, .part_number = "OSFP-800G-2DR4",
			.revision = "B0", .serial = "EMU241100042",
			.date_code = "24110302", .date_year = 2024,
			.date_month = 11, .date_day = 3, .lot_code = "02",
			.clei = "OSFPEMU800", .power_class = 8,
			.max_power_mw = 15000, .connector = 0x0c,
			.media_tech = 0x06, .has_page01 = true,
			.fw_inactive = { 3, 0 }, .hw = { 2, 1 },
			.wavelength_pm = 1310000, .wavelength_tol_pm = 6500,
		},
	},
	{
		.desc = "CMIS 4.0 SR8 identity", .image = IMG_CMIS40,
		.id = {
			.identifier = 0x19, .rev = { 4, 0 }, .media_type = 1,
			.fw_active = { 1, 3 }, .vendor_name = "OSFP-EMU",
			.vendor_oui = EMU_OUI, .part_number = "OSFP-400G-SR8",
			.revision = "03", .serial = "EMU210900311",
			.date_code = "21091400", .date_year = 2021,
			.date_month = 9, .date_day = 14, .lot_code = "00",
			.clei = "OSFPEMU400", .power_class = 5,
			.max_power_mw = 10000, .connector = 0x28,
			.media_tech = 0x00, .has_page01 = true,
			.fw_inactive = { 1, 2 }, .hw = { 1, 0 },
			.wavelength_pm = 850000, .wavelength_tol_pm = 10000,
		},
	},
	{
		.desc = "passive copper (flat) identity", .image = IMG_CU,
		.id = {
			.identifier = 0x19, .rev = { 5, 0 }, .flat_mem = true,
			.media_type = 3, .vendor_name = "OSFP-EMU",
			.vendor_oui = EMU_OUI, .part_number = "OSFP-800G-CU2M",
			.revision = "A0", .serial = "EMU242200007",
			.date_code = "24052900", .date_year = 2024,
			.date_month = 5, .date_day = 29, .lot_code = "00",
			.clei = "", .power_class = 1, .max_power_mw = 250,
			/* 0x42: 2 x 1 m */
			.cable_length_cm = 200, .connector = 0x23,
			.media_tech = 0x0a,
		},
	},
	{
		.desc = "OSFP-XD 16 lanes identity", .image = IMG_XD,
		.id = {
			.identifier = 0x21, .rev = { 5, 2 }, .media_type = 2,
			.fw_active = { 1, 7 }, .vendor_name = "OSFP-EMU",
			.vendor_oui = EMU_OUI, .part_number = "OSFPXD-1.6T-2DR8",
			.revision = "A2", .serial = "EMU250100016",
			.date_code = "25012003", .date_year = 2025,
			.date_month = 1, .date_day = 20, .lot_code = "03",
			.clei = "OSFPEMUXD1", .power_class = 8,
			.max_power_mw = 25000, .connector = 0x28,
			.media_tech = 0x06, .has_page01 = true,
			.fw_inactive = { 1, 6 }, .hw = { 3, 0 },
			.wavelength_pm = 1310000, .wavelength_tol_pm = 6500,
		},
	},
};

KUNIT_ARRAY_PARAM_DESC(cmis_image_identity, cmis_image_identity_cases, desc);

static void cmis_image_identity_test(struct kunit *test)
{
	const struct cmis_image_case *c = test->param_value;
	const struct cmis_pages *p = cmis_t_image(test, c->image);
	struct cmis_identity got;

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_EQ(test, cmis_decode_identity(p, &got), c->ret);
	cmis_expect_identity(test, &got, &c->id);
}

static const struct cmis_image_case cmis_image_caps_cases[] = {
	{
		.desc = "400G SR4 capabilities", .image = IMG_400G,
		.caps = {
			.banks = 1, .lanes = 8, IMG_ADV, .tx_bias_mult = 1,
			.full_page_read = true, IMG_DURS, CMIS_T_NOCDB,
		},
	},
	{
		.desc = "800G 2xDR4 capabilities, bias x2, CDB", .image = IMG_800G,
		.caps = {
			.banks = 1, .lanes = 8, IMG_ADV,
			.tx_bias_mult_code = 1, .tx_bias_mult = 2,
			.full_page_read = true, IMG_DURS,
			.cdb = {
				.instances = 1, .epl_pages_code = 7, .epl_pages = 16,
				.rw_len_ext = 15, .max_rw_len = 128,
				.max_busy_ms = 80,
			},
		},
	},
	{
		.desc = "CMIS 4.0: 8-byte reads, bias x4", .image = IMG_CMIS40,
		.caps = {
			.banks = 1, .lanes = 8, IMG_ADV,
			.tx_bias_mult_code = 2, .tx_bias_mult = 4,
			.dp_deinit = DUR(2, 10), .dp_init = DUR_50,
			.module_pwr_down = DUR_50, .module_pwr_up = DUR(5, 500),
			.tx_turn_off = DUR(1, 5), .tx_turn_on = DUR_50,
			CMIS_T_NOCDB,
		},
	},
	{
		.desc = "passive copper: flat", .image = IMG_CU,
		.caps = { .flat_mem = true },
	},
	{
		.desc = "OSFP-XD: banks 0-1, 16 lanes", .image = IMG_XD,
		.caps = {
			.banks_code = 1, .banks = 2, .lanes = 16, IMG_ADV,
			.tx_bias_mult_code = 1, .tx_bias_mult = 2,
			.full_page_read = true, IMG_DURS, CMIS_T_NOCDB,
		},
	},
};

KUNIT_ARRAY_PARAM_DESC(cmis_image_caps, cmis_image_caps_cases, desc);

static void cmis_image_caps_test(struct kunit *test)
{
	const struct cmis_image_case *c = test->param_value;
	const struct cmis_pages *p = cmis_t_image(test, c->image);
	struct cmis_caps got;

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_EQ(test, cmis_decode_caps(p, &got), c->ret);
	cmis_expect_caps(test, &got, &c->caps);
}

static const struct cmis_image_case cmis_image_apps_cases[] = {
	{
		.desc = "400G SR4 applications", .image = IMG_400G,
		.apps = {
			.media_type = 1, .count = 2, .complete = true,
			.app = {
				APP(1, 0x11, 0x11, 8, 4, 0x01, 0x01),
				APP(2, 0x4f, 0x11, 4, 4, 0x01, 0x01),
			},
		},
	},
	{
		.desc = "800G 2xDR4 applications", .image = IMG_800G,
		.apps = {
			.media_type = 2, .count = 2, .complete = true,
			.app = {
				APP(1, 0x4f, 0x1c, 4, 4, 0x11, 0x11),
				APP(2, 0x51, 0x56, 8, 8, 0x01, 0x01),
			},
		},
	},
	{
		.desc = "CMIS 4.0 SR8 application", .image = IMG_CMIS40,
		.apps = {
			.media_type = 1, .count = 1, .complete = true,
			.app = { APP(1, 0x11, 0x10, 8, 8, 0x01, 0x01) },
		},
	},
	{
		.desc = "passive copper applications", .image = IMG_CU,
		.apps = {
			.media_type = 3, .count = 4, .complete = true,
			.app = {
				APP(1, 0x49, 0x01, 8, 8, 0x01, 0),
				APP(2, 0x48, 0x01, 4, 4, 0x11, 0),
				APP(3, 0x47, 0x01, 2, 2, 0x55, 0),
				APP(4, 0x46, 0x01, 1, 1, 0xff, 0),
			},
		},
	},
	{
		.desc = "OSFP-XD applications", .image = IMG_XD,
		.apps = {
			.media_type = 2, .count = 2, .complete = true,
			.app = {
				APP(1, 0x51, 0x56, 8, 8, 0x01, 0x01),
				APP(2, 0x4f, 0x1c, 4, 4, 0x11, 0x11),
			},
		},
	},
};

KUNIT_ARRAY_PARAM_DESC(cmis_image_apps, cmis_image_apps_cases, desc);

static void cmis_image_apps_test(struct kunit *test)
{
	const struct cmis_image_case *c = test->param_value;
	const struct cmis_pages *p = cmis_t_image(test, c->image);
	struct cmis_apps got;

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_EQ(test, cmis_decode_apps(p, &got), c->ret);
	cmis_expect_apps(test, &got, &c->apps);
}

static const struct cmis_image_case cmis_image_module_cases[] = {
	{
		.desc = "400G SR4: ModuleReady, 38.5 degC, 3.3 V",
		.image = IMG_400G,
		.mod = { .state = 3, .temp_mc = 38500, .vcc_mv = 3300 },
	},
	{
		.desc = "800G 2xDR4: 45.25 degC, 3.285 V", .image = IMG_800G,
		.mod = { .state = 3, .temp_mc = 45250, .vcc_mv = 3285 },
	},
	{
		.desc = "CMIS 4.0: 33 degC, 3.32 V", .image = IMG_CMIS40,
		.mod = { .state = 3, .temp_mc = 33000, .vcc_mv = 3320 },
	},
	{
		.desc = "passive copper: no monitors", .image = IMG_CU,
		.mod = { .state = 3 },
	},
	{
		.desc = "OSFP-XD: 51.75 degC, 3.31 V", .image = IMG_XD,
		.mod = { .state = 3, .temp_mc = 51750, .vcc_mv = 3310 },
	},
};

KUNIT_ARRAY_PARAM_DESC(cmis_image_module, cmis_image_module_cases, desc);

static void cmis_image_module_test(struct kunit *test)
{
	const struct cmis_image_case *c = test->param_value;
	const struct cmis_pages *p = cmis_t_image(test, c->image);
	struct cmis_module got;

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_EQ(test, cmis_decode_module(p, &got), c->ret);
	cmis_expect_module(test, &got, &c->mod);
}

/* 75/-5/70/0 degC and 3.63/2.97/3.465/3.135 V in every paged image */
#define IMG_TEMP_VCC							\
	.temp_mc = LIM(75000, -5000, 70000, 0),				\
	.vcc_mv = LIM(3630, 2970, 3465, 3135)
/* Tx 31623/3236/25119/5129, bias 25000/2500/22500/5000 x2 x 2 uA, Rx
 * 31623/1288/25119/2570
 */
#define IMG_DR_THRESHOLDS						\
	IMG_TEMP_VCC,							\
	.tx_power_nw = LIM(3162300, 323600, 2511900, 512900),		\
	.tx_bias_ua = LIM(100000, 10000, 90000, 20000),			\
	.rx_power_nw = LIM(3162300, 128800, 2511900, 257000),		\
	.tx_bias_mult = 2

static const struct cmis_image_case cmis_image_thresholds_cases[] = {
	{
		.desc = "400G SR4 thresholds, bias x1", .image = IMG_400G,
		.th = {
			IMG_TEMP_VCC,
			/* 31623/2188/25119/3467 x 100 nW */
			.tx_power_nw = LIM(3162300, 218800, 2511900, 346700),
			/* 7500/1000/6500/1500 x 2 uA */
			.tx_bias_ua = LIM(15000, 2000, 13000, 3000),
			/* 31623/1148/25119/1445 x 100 nW */
			.rx_power_nw = LIM(3162300, 114800, 2511900, 144500),
			.tx_bias_mult = 1,
		},
	},
	{
		.desc = "800G 2xDR4 thresholds, bias x2", .image = IMG_800G,
		.th = { IMG_DR_THRESHOLDS },
	},
	{
		.desc = "CMIS 4.0 thresholds, bias x4", .image = IMG_CMIS40,
		.th = {
			IMG_TEMP_VCC,
			.tx_power_nw = LIM(3162300, 141300, 2511900, 223900),
			/* 1625/250/1375/375 x 8 uA */
			.tx_bias_ua = LIM(13000, 2000, 11000, 3000),
			.rx_power_nw = LIM(3162300, 91200, 2511900, 144500),
			.tx_bias_mult = 4,
		},
	},
	{
		.desc = "passive copper: no thresholds", .image = IMG_CU,
		.ret = -EOPNOTSUPP,
	},
	{
		.desc = "OSFP-XD thresholds, bias x2", .image = IMG_XD,
		.th = { IMG_DR_THRESHOLDS },
	},
};

KUNIT_ARRAY_PARAM_DESC(cmis_image_thresholds, cmis_image_thresholds_cases,
		       desc);

static void cmis_image_thresholds_test(struct kunit *test)
{
	const struct cmis_image_case *c = test->param_value;
	const struct cmis_pages *p = cmis_t_image(test, c->image);
	struct cmis_thresholds got;

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_EQ(test, cmis_decode_thresholds(p, &got), c->ret);
	cmis_expect_thresholds(test, &got, &c->th);
}

static const struct cmis_image_case cmis_image_lane_cases[] = {
	{
		.desc = "400G SR4 lane 1", .image = IMG_400G, .lane = 1,
		.ln = {
			.lane = 1, .dp_state = 4, .rx_output_valid = true,
			.tx_output_valid = true, .monitors = 0x07,
			/* 3720 x 2 uA, 10471 and 7943 x 100 nW */
			.tx_bias_ua = 7440, .tx_power_nw = 1047100,
			.rx_power_nw = 794300, .config_status = 1,
			.active = DPC(1, 0, false), .has_controls = true,
			.staged = DPC(1, 0, false),
		},
	},
	{
		.desc = "400G SR4 lane 5: host lane without media lane",
		.image = IMG_400G, .lane = 5,
		.ln = {
			.lane = 5, .dp_state = 4, .rx_output_valid = true,
			.monitors = 0x07, .config_status = 1,
			.active = DPC(1, 0, false), .has_controls = true,
			.staged = DPC(1, 0, false),
		},
	},
	{
		.desc = "400G SR4 lane 9: -ERANGE", .image = IMG_400G,
		.lane = 9, .ret = -ERANGE,
	},
	{
		.desc = "800G 2xDR4 lane 5, data path 4", .image = IMG_800G,
		.lane = 5,
		.ln = {
			.lane = 5, .dp_state = 4, .rx_output_valid = true,
			.tx_output_valid = true, .monitors = 0x07,
			/* 13250 x 4 uA, 12882 and 7762 x 100 nW */
			.tx_bias_ua = 53000, .tx_power_nw = 1288200,
			.rx_power_nw = 776200, .config_status = 1,
			.active = DPC(1, 4, false), .has_controls = true,
			.staged = DPC(1, 4, false),
		},
	},
	{
		.desc = "CMIS 4.0 lane 8, bias x4", .image = IMG_CMIS40,
		.lane = 8,
		.ln = {
			.lane = 8, .dp_state = 4, .rx_output_valid = true,
			.tx_output_valid = true, .monitors = 0x07,
			/* 840 x 8 uA, 10233 and 7244 x 100 nW */
			.tx_bias_ua = 6720, .tx_power_nw = 1023300,
			.rx_power_nw = 724400, .config_status = 1,
			.active = DPC(1, 0, false), .has_controls = true,
			.staged = DPC(1, 0, false),
		},
	},
	{
		.desc = "passive copper lane 1: -EOPNOTSUPP", .image = IMG_CU,
		.lane = 1, .ret = -EOPNOTSUPP,
	},
	{
		.desc = "OSFP-XD lane 1", .image = IMG_XD, .lane = 1,
		.ln = {
			.lane = 1, .dp_state = 4, .rx_output_valid = true,
			.tx_output_valid = true, .monitors = 0x07,
			/* 12053 x 4 uA, 9137 and 7091 x 100 nW */
			.tx_bias_ua = 48212, .tx_power_nw = 913700,
			.rx_power_nw = 709100, .config_status = 1,
			.active = DPC(1, 0, false), .has_controls = true,
			.staged = DPC(1, 0, false),
		},
	},
	{
		.desc = "OSFP-XD lane 9, bank 1", .image = IMG_XD, .lane = 9,
		.ln = {
			.lane = 9, .bank = 1, .dp_state = 4,
			.rx_output_valid = true, .tx_output_valid = true,
			.monitors = 0x07,
			/* 12477 x 4 uA, 10233 and 7819 x 100 nW */
			.tx_bias_ua = 49908, .tx_power_nw = 1023300,
			.rx_power_nw = 781900, .config_status = 1,
			.active = DPC(2, 0, false), .has_controls = true,
			.staged = DPC(2, 0, false),
		},
	},
	{
		.desc = "OSFP-XD lane 16, bank 1", .image = IMG_XD, .lane = 16,
		.ln = {
			.lane = 16, .bank = 1, .dp_state = 4,
			.rx_output_valid = true, .tx_output_valid = true,
			.monitors = 0x07,
			/* 12848 x 4 uA, 11192 and 8456 x 100 nW */
			.tx_bias_ua = 51392, .tx_power_nw = 1119200,
			.rx_power_nw = 845600, .config_status = 1,
			.active = DPC(2, 4, false), .has_controls = true,
			.staged = DPC(2, 4, false),
		},
	},
};

KUNIT_ARRAY_PARAM_DESC(cmis_image_lane, cmis_image_lane_cases, desc);

static void cmis_image_lane_test(struct kunit *test)
{
	const struct cmis_image_case *c = test->param_value;
	const struct cmis_pages *p = cmis_t_image(test, c->image);
	struct cmis_lane got;

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_EQ(test, cmis_decode_lane(p, c->lane, &got), c->ret);
	cmis_expect_lane(test, &got, &c->ln);
}

static const struct cmis_image_case cmis_image_csum_cases[] = {
	{
		.desc = "400G SR4 checksums", .image = IMG_400G,
		.csum = { .checked = 7, .stored = { 0x82, 0x10, 0x3c },
			  .computed = { 0x82, 0x10, 0x3c } },
	},
	{
		.desc = "800G 2xDR4 checksums", .image = IMG_800G,
		.csum = { .checked = 7, .stored = { 0xed, 0xa7, 0xce },
			  .computed = { 0xed, 0xa7, 0xce } },
	},
	{
		.desc = "CMIS 4.0 checksums", .image = IMG_CMIS40,
		.csum = { .checked = 7, .stored = { 0x80, 0xff, 0xf7 },
			  .computed = { 0x80, 0xff, 0xf7 } },
	},
	{
		.desc = "passive copper checksum", .image = IMG_CU,
		.csum = { .checked = 1, .stored = { 0x0d, 0, 0 },
			  .computed = { 0x0d, 0, 0 } },
	},
	{
		.desc = "OSFP-XD checksums", .image = IMG_XD,
		.csum = { .checked = 7, .stored = { 0xda, 0x02, 0xce },
			  .computed = { 0xda, 0x02, 0xce } },
	},
};

KUNIT_ARRAY_PARAM_DESC(cmis_image_csum, cmis_image_csum_cases, desc);

static void cmis_image_csum_test(struct kunit *test)
{
	const struct cmis_image_case *c = test->param_value;
	const struct cmis_pages *p = cmis_t_image(test, c->image);
	struct cmis_csum_report got;

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_EQ(test, cmis_check_checksums(p, &got), c->ret);
	cmis_expect_csum(test, &got, &c->csum);
}

/* ---- SFF-8636 (sff8636_*) and the identifier's management interface ---- */

static void cmis_mgmt_test(struct kunit *test)
{
	static const u8 sff[] = { 0x0c, 0x0d, 0x11 };
	static const u8 cmis[] = { 0x18, 0x19, 0x1a, 0x1b, 0x1e, 0x1f, 0x20, 0x21 };
	static const u8 unknown[] = { 0x00, 0x03, 0x0e, 0x1c, 0x1d, 0x22, 0xff };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sff); i++)
		KUNIT_EXPECT_EQ(test, cmis_identifier_mgmt(sff[i]), CMIS_MGMT_SFF8636);
	for (i = 0; i < ARRAY_SIZE(cmis); i++)
		KUNIT_EXPECT_EQ(test, cmis_identifier_mgmt(cmis[i]), CMIS_MGMT_CMIS);
	for (i = 0; i < ARRAY_SIZE(unknown); i++)
		KUNIT_EXPECT_EQ(test, cmis_identifier_mgmt(unknown[i]), CMIS_MGMT_UNKNOWN);
}

static void sff8636_identity_test(struct kunit *test)
{
	u8 lo[CMIS_PAGE_SIZE] = { }, p0[CMIS_PAGE_SIZE] = { };
	struct cmis_pages p = { .lower = lo, .page00 = p0 };
	struct cmis_identity id;

	lo[0] = 0x11;
	lo[2] = 0x04;				/* flat memory */
	lo[39] = 0x12;				/* CMIS firmware offset: ignored */
	memcpy(&p0[148 - 128], "ACME OPTICS     ", 16);
	p0[165 - 128] = 0x00;
	p0[166 - 128] = 0x90;
	p0[167 - 128] = 0x65;
	memcpy(&p0[168 - 128], "QSFP28-SR4\0\0\0\0\0\0", 16);
	memcpy(&p0[184 - 128], "A ", 2);
	memcpy(&p0[196 - 128], "SN0001          ", 16);
	memcpy(&p0[212 - 128], "24123101", 8);
	p0[129 - 128] = 0x82;			/* bits 1-0 = 2: class 6, 4.5 W */
	p0[130 - 128] = 0x07;			/* LC */
	p0[186 - 128] = 0x42;			/* 0x4268 = 17000 x 0.05 nm */
	p0[187 - 128] = 0x68;

	KUNIT_ASSERT_EQ(test, sff8636_decode_identity(&p, &id), 0);
	KUNIT_EXPECT_EQ(test, id.identifier, 0x11);
	KUNIT_EXPECT_TRUE(test, id.flat_mem);
	KUNIT_EXPECT_STREQ(test, id.vendor_name, "ACME OPTICS");
	KUNIT_EXPECT_EQ(test, id.vendor_oui, 0x009065U);
	KUNIT_EXPECT_STREQ(test, id.part_number, "QSFP28-SR4");
	KUNIT_EXPECT_STREQ(test, id.revision, "A");
	KUNIT_EXPECT_STREQ(test, id.serial, "SN0001");
	KUNIT_EXPECT_STREQ(test, id.date_code, "24123101");
	KUNIT_EXPECT_EQ(test, id.date_year, 2024);
	KUNIT_EXPECT_EQ(test, id.date_month, 12);
	KUNIT_EXPECT_EQ(test, id.date_day, 31);
	KUNIT_EXPECT_STREQ(test, id.lot_code, "01");
	KUNIT_EXPECT_EQ(test, id.power_class, 6);
	KUNIT_EXPECT_EQ(test, id.max_power_mw, 4500U);
	KUNIT_EXPECT_EQ(test, id.connector, 0x07);
	KUNIT_EXPECT_EQ(test, id.wavelength_pm, 850000U);
	KUNIT_EXPECT_EQ(test, id.fw_active.major, 0);
	KUNIT_EXPECT_EQ(test, id.rev.major, 0);
	KUNIT_EXPECT_FALSE(test, id.has_page01);

	p0[129 - 128] = 0x40;			/* bits 7-6 = 1: class 2, 2.0 W */
	lo[2] = 0;
	KUNIT_ASSERT_EQ(test, sff8636_decode_identity(&p, &id), 0);
	KUNIT_EXPECT_EQ(test, id.power_class, 2);
	KUNIT_EXPECT_EQ(test, id.max_power_mw, 2000U);
	KUNIT_EXPECT_FALSE(test, id.flat_mem);
}

static void sff8636_caps_test(struct kunit *test)
{
	u8 lo[CMIS_PAGE_SIZE] = { }, p0[CMIS_PAGE_SIZE] = { };
	struct cmis_pages p = { .lower = lo, .page00 = p0 };
	struct cmis_caps caps;

	lo[0] = 0x0d;
	p0[195 - 128] = 0x40;			/* page 01h provided, not 02h */
	p0[220 - 128] = 0x28;			/* temperature; Rx power average */
	KUNIT_ASSERT_EQ(test, sff8636_decode_caps(&p, &caps), 0);
	KUNIT_EXPECT_FALSE(test, caps.flat_mem);
	KUNIT_EXPECT_EQ(test, caps.lanes, 4);
	KUNIT_EXPECT_EQ(test, caps.banks, 0);
	KUNIT_EXPECT_TRUE(test, caps.page03);
	KUNIT_EXPECT_TRUE(test, caps.sff_page01);
	KUNIT_EXPECT_FALSE(test, caps.sff_page02);
	KUNIT_EXPECT_TRUE(test, caps.temp_mon);
	KUNIT_EXPECT_FALSE(test, caps.vcc_mon);
	KUNIT_EXPECT_TRUE(test, caps.tx_bias_mon);
	KUNIT_EXPECT_TRUE(test, caps.rx_power_mon);
	KUNIT_EXPECT_FALSE(test, caps.tx_power_mon);
	KUNIT_EXPECT_TRUE(test, caps.rx_power_avg);
	KUNIT_EXPECT_EQ(test, caps.tx_bias_mult, 1);
	KUNIT_EXPECT_EQ(test, caps.cdb.instances, 0);
	KUNIT_EXPECT_FALSE(test, caps.tunable);

	lo[2] = 0x04;				/* flat: no page 01h, 02h, 03h */
	p0[195 - 128] = 0xc0;
	KUNIT_ASSERT_EQ(test, sff8636_decode_caps(&p, &caps), 0);
	KUNIT_EXPECT_TRUE(test, caps.flat_mem);
	KUNIT_EXPECT_FALSE(test, caps.page03);
	KUNIT_EXPECT_FALSE(test, caps.sff_page01);
	KUNIT_EXPECT_FALSE(test, caps.sff_page02);
}

static void sff8636_monitors_test(struct kunit *test)
{
	u8 lo[CMIS_PAGE_SIZE] = { };
	struct sff8636_monitors m;

	lo[22] = 0xff;				/* -128 / 256 degC = -500 mdegC */
	lo[23] = 0x80;
	lo[26] = 0x80;				/* 33000 x 100 uV = 3300 mV */
	lo[27] = 0xe8;
	lo[34] = 0x1d;				/* Rx 1: 7586 x 0.1 uW */
	lo[35] = 0xa2;
	lo[41] = 0x01;				/* Rx 4: 1 x 0.1 uW */
	lo[44] = 0x0d;				/* bias 2: 3400 x 2 uA */
	lo[45] = 0x48;
	lo[54] = 0xff;				/* Tx 3: 65535 x 0.1 uW */
	lo[55] = 0xff;

	KUNIT_ASSERT_EQ(test, sff8636_decode_monitors(lo, &m), 0);
	KUNIT_EXPECT_EQ(test, m.temp_mc, -500);
	KUNIT_EXPECT_EQ(test, m.vcc_mv, 3300U);
	KUNIT_EXPECT_EQ(test, m.rx_power_nw[0], 758600U);
	KUNIT_EXPECT_EQ(test, m.rx_power_nw[1], 0U);
	KUNIT_EXPECT_EQ(test, m.rx_power_nw[3], 100U);
	KUNIT_EXPECT_EQ(test, m.tx_bias_ua[0], 0U);
	KUNIT_EXPECT_EQ(test, m.tx_bias_ua[1], 6800U);
	KUNIT_EXPECT_EQ(test, m.tx_power_nw[2], 6553500U);
	KUNIT_EXPECT_EQ(test, m.tx_power_nw[3], 0U);
}

static void sff8636_thresholds_test(struct kunit *test)
{
	u8 p3[CMIS_PAGE_SIZE] = { };
	struct cmis_thresholds th;

	p3[128 - 128] = 0x4b;			/* 75 x 256: 75 degC */
	p3[130 - 128] = 0xfb;			/* -5 x 256: -5 degC */
	p3[144 - 128] = 0x8d;			/* 36300 x 100 uV */
	p3[145 - 128] = 0xcc;
	p3[176 - 128] = 0x55;			/* Rx high alarm 21878 x 0.1 uW */
	p3[177 - 128] = 0x76;
	p3[184 - 128] = 0x19;			/* bias high alarm 6500 x 2 uA */
	p3[185 - 128] = 0x64;
	p3[198 - 128] = 0x05;			/* Tx low warning 1445 x 0.1 uW */
	p3[199 - 128] = 0xa5;

	KUNIT_ASSERT_EQ(test, sff8636_decode_thresholds(p3, &th), 0);
	KUNIT_EXPECT_EQ(test, th.temp_mc.high_alarm, 75000);
	KUNIT_EXPECT_EQ(test, th.temp_mc.low_alarm, -5000);
	KUNIT_EXPECT_EQ(test, th.vcc_mv.high_alarm, 3630);
	KUNIT_EXPECT_EQ(test, th.rx_power_nw.high_alarm, 2187800);
	KUNIT_EXPECT_EQ(test, th.tx_bias_ua.high_alarm, 13000);
	KUNIT_EXPECT_EQ(test, th.tx_power_nw.low_warn, 144500);
	KUNIT_EXPECT_EQ(test, th.tx_power_nw.high_alarm, 0);
	KUNIT_EXPECT_EQ(test, th.tx_bias_mult, 1);
}

static void sff8636_csum_test(struct kunit *test)
{
	u8 p0[CMIS_PAGE_SIZE] = { };
	struct cmis_csum_report r;

	p0[128 - 128] = 0x11;
	p0[129 - 128] = 0xcc;
	p0[191 - 128] = 0xdd;			/* 0x11 + 0xcc */
	p0[192 - 128] = 0x02;
	p0[220 - 128] = 0x3c;
	p0[223 - 128] = 0x3e;			/* 0x02 + 0x3c */
	KUNIT_ASSERT_EQ(test, sff8636_check_checksums(p0, &r), 0);
	KUNIT_EXPECT_EQ(test, r.checked, CMIS_CSUM_PAGE00);
	KUNIT_EXPECT_EQ(test, r.failed, 0);
	KUNIT_EXPECT_EQ(test, r.stored[0], 0xdd);

	p0[223 - 128] = 0x3f;			/* CC_EXT alone fails */
	KUNIT_ASSERT_EQ(test, sff8636_check_checksums(p0, &r), 0);
	KUNIT_EXPECT_EQ(test, r.failed, CMIS_CSUM_PAGE00);
	KUNIT_EXPECT_EQ(test, r.stored[0], 0x3f);
	KUNIT_EXPECT_EQ(test, r.computed[0], 0x3e);

	p0[191 - 128] = 0x00;			/* both fail: CC_BASE reported */
	KUNIT_ASSERT_EQ(test, sff8636_check_checksums(p0, &r), 0);
	KUNIT_EXPECT_EQ(test, r.failed, CMIS_CSUM_PAGE00);
	KUNIT_EXPECT_EQ(test, r.stored[0], 0x00);
	KUNIT_EXPECT_EQ(test, r.computed[0], 0xdd);

	KUNIT_ASSERT_EQ(test, sff8636_check_checksums(NULL, &r), 0);
	KUNIT_EXPECT_EQ(test, r.checked, 0);
}

static void sff8636_null_args_test(struct kunit *test)
{
	u8 lo[CMIS_PAGE_SIZE] = { };
	struct cmis_pages none = { .lower = lo };
	struct cmis_identity id;
	struct cmis_caps caps;
	struct sff8636_monitors m;
	struct cmis_thresholds th;

	KUNIT_EXPECT_EQ(test, sff8636_decode_identity(NULL, &id), -EINVAL);
	KUNIT_EXPECT_EQ(test, sff8636_decode_identity(&none, &id), -ENODATA);
	KUNIT_EXPECT_EQ(test, sff8636_decode_caps(&none, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, sff8636_decode_caps(&none, &caps), -ENODATA);
	KUNIT_EXPECT_EQ(test, sff8636_decode_monitors(NULL, &m), -EINVAL);
	KUNIT_EXPECT_EQ(test, sff8636_decode_thresholds(NULL, &th), -ENODATA);
	KUNIT_EXPECT_EQ(test, sff8636_decode_thresholds(lo, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, sff8636_check_checksums(lo, NULL), -EINVAL);
}

/* TransmitterIsTunable (01h:155 bit 6) advertises pages 04h and 12h */
static void cmis_tunable_test(struct kunit *test)
{
	u8 lo[CMIS_PAGE_SIZE] = { }, p1[CMIS_PAGE_SIZE] = { };
	struct cmis_pages p = { .lower = lo, .page01 = p1 };
	struct cmis_caps caps;

	lo[0] = 0x19;
	p1[155 - 128] = 0x42;
	KUNIT_ASSERT_EQ(test, cmis_decode_caps(&p, &caps), 0);
	KUNIT_EXPECT_TRUE(test, caps.tunable);
	KUNIT_EXPECT_TRUE(test, caps.tx_disable);
	p1[155 - 128] = 0x02;
	KUNIT_ASSERT_EQ(test, cmis_decode_caps(&p, &caps), 0);
	KUNIT_EXPECT_FALSE(test, caps.tunable);
}

static struct kunit_case cmis_test_cases[] = {
	KUNIT_CASE_PARAM(cmis_identity_test, cmis_identity_gen_params),
	KUNIT_CASE_PARAM(cmis_caps_test, cmis_caps_gen_params),
	KUNIT_CASE_PARAM(cmis_apps_test, cmis_apps_gen_params),
	KUNIT_CASE_PARAM(cmis_module_test, cmis_module_gen_params),
	KUNIT_CASE_PARAM(cmis_thresholds_test, cmis_thresholds_gen_params),
	KUNIT_CASE_PARAM(cmis_lane_test, cmis_lane_gen_params),
	KUNIT_CASE_PARAM(cmis_csum_test, cmis_csum_gen_params),
	KUNIT_CASE_PARAM(cmis_name_test, cmis_name_gen_params),
	KUNIT_CASE(cmis_null_args_test),
	KUNIT_CASE_PARAM(cmis_image_identity_test,
			 cmis_image_identity_gen_params),
	KUNIT_CASE_PARAM(cmis_image_caps_test, cmis_image_caps_gen_params),
	KUNIT_CASE_PARAM(cmis_image_apps_test, cmis_image_apps_gen_params),
	KUNIT_CASE_PARAM(cmis_image_module_test, cmis_image_module_gen_params),
	KUNIT_CASE_PARAM(cmis_image_thresholds_test,
			 cmis_image_thresholds_gen_params),
	KUNIT_CASE_PARAM(cmis_image_lane_test, cmis_image_lane_gen_params),
	KUNIT_CASE_PARAM(cmis_image_csum_test, cmis_image_csum_gen_params),
	KUNIT_CASE(cmis_mgmt_test),
	KUNIT_CASE(sff8636_identity_test),
	KUNIT_CASE(sff8636_caps_test),
	KUNIT_CASE(sff8636_monitors_test),
	KUNIT_CASE(sff8636_thresholds_test),
	KUNIT_CASE(sff8636_csum_test),
	KUNIT_CASE(sff8636_null_args_test),
	KUNIT_CASE(cmis_tunable_test),
	{ }
};

static struct kunit_suite cmis_test_suite = {
	.name = "osfp_cmis",
	.test_cases = cmis_test_cases,
};

kunit_test_suite(cmis_test_suite);

MODULE_DESCRIPTION("KUnit tests for the OSFP CMIS decoder");
MODULE_LICENSE("GPL");
