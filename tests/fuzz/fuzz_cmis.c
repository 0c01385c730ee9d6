// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the pure CMIS decoder (drivers/net/osfp/cmis.c),
 * built in user space with the stand-in headers of tests/fuzz/include.
 *
 * Input layout:
 *   byte 0      which pages exist: bit 0 lower memory, 1 page 00h, 2 page
 *               01h, 3 page 02h, 4 page 10h bank 0, 5 page 10h bank 1,
 *               6 page 11h bank 0, 7 page 11h bank 1;
 *   byte 1      an extra lane number handed to cmis_decode_lane();
 *   then        128 bytes for each page whose bit is set, in bit order.
 * A page whose 128 bytes are not all there is absent (NULL): truncated
 * input. Each page is copied into its own 128-byte heap block, so that
 * AddressSanitizer reports any read past a page.
 *
 * Every entry point runs on every input (the SFF-8636 ones on the same
 * pages, the page 02h slot standing for page 03h), and the results are checked
 * against the properties cmis.h documents (error codes, ranges, printable
 * NUL-terminated strings); a violation aborts, which libFuzzer reports
 * as a crash like a sanitizer error.
 */

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmis.h"

#define CHECK(cond)					\
	do {						\
		if (!(cond))				\
			abort();			\
	} while (0)

static void check_str(const char *s, size_t size)
{
	size_t i;

	for (i = 0; i < size && s[i]; i++)
		CHECK(s[i] >= 0x20 && s[i] <= 0x7e);
	CHECK(i < size);
	CHECK(!i || s[i - 1] != ' ');
}

#define CHECK_STR(s)	check_str((s), sizeof(s))

static void check_name(const char *name)
{
	if (name)
		CHECK(strlen(name) > 0);
}

static int check_mgmt(enum cmis_mgmt mgmt)
{
	return mgmt == CMIS_MGMT_CMIS || mgmt == CMIS_MGMT_SFF8636 ||
	       mgmt == CMIS_MGMT_UNKNOWN;
}

static void check_duration(const struct cmis_duration *d)
{
	CHECK(d->code < 16);
	CHECK(d->max_ms > 0);
	CHECK((d->code < 13) == (d->max_ms != CMIS_DURATION_UNBOUNDED));
}

static void fuzz_identity(const struct cmis_pages *p)
{
	struct cmis_identity id;
	int ret = cmis_decode_identity(p, &id);

	CHECK(ret == 0 || ret == -ENODATA);
	CHECK(!ret || (!p->lower || !p->page00));
	if (ret)
		return;
	CHECK_STR(id.vendor_name);
	CHECK_STR(id.part_number);
	CHECK_STR(id.revision);
	CHECK_STR(id.serial);
	CHECK_STR(id.date_code);
	CHECK_STR(id.lot_code);
	CHECK_STR(id.clei);
	CHECK(id.power_class >= 1 && id.power_class <= 8);
	CHECK(id.max_power_mw <= 255 * 250);
	CHECK(id.cable_length_cm <= 63 * 10000);
	CHECK(id.vendor_oui < (1U << 24));
	CHECK(!id.date_year || (id.date_year >= 2000 && id.date_year <= 2099));
	CHECK(id.date_month <= 12 && id.date_day <= 31);
	CHECK(!id.has_page01 || (p->page01 && !id.flat_mem));
	check_name(cmis_identifier_name(id.identifier));
	check_name(cmis_connector_name(id.connector));
	check_name(cmis_media_type_name(id.media_type));
	check_name(cmis_media_tech_name(id.media_tech));
}

static void fuzz_caps(const struct cmis_pages *p)
{
	struct cmis_caps caps;
	int ret = cmis_decode_caps(p, &caps);

	CHECK(ret == 0 || ret == -ENODATA);
	if (ret)
		return;
	if (caps.flat_mem) {
		CHECK(!caps.banks && !caps.lanes);
		return;
	}
	CHECK(caps.banks == 1 || caps.banks == 2 || caps.banks == 4);
	CHECK(caps.lanes == 8 || caps.lanes == 16);
	CHECK(caps.tx_bias_mult <= 4 && caps.tx_bias_mult != 3);
	CHECK(caps.cdb.max_rw_len >= 8 && caps.cdb.max_rw_len <= 128);
	CHECK(caps.cdb.max_busy_ms <= 31 * 160);
	check_duration(&caps.dp_deinit);
	check_duration(&caps.dp_init);
	check_duration(&caps.module_pwr_down);
	check_duration(&caps.module_pwr_up);
	check_duration(&caps.tx_turn_off);
	check_duration(&caps.tx_turn_on);
}

static void fuzz_apps(const struct cmis_pages *p)
{
	struct cmis_apps apps;
	unsigned int i;
	int ret = cmis_decode_apps(p, &apps);

	CHECK(ret == 0 || ret == -ENODATA);
	if (ret)
		return;
	CHECK(apps.count <= CMIS_MAX_APPS);
	for (i = 0; i < apps.count; i++) {
		CHECK(apps.app[i].appsel == i + 1);
		CHECK(apps.app[i].host_id != CMIS_APP_END);
		CHECK(apps.app[i].host_lanes < 16);
		CHECK(apps.app[i].media_lanes < 16);
		check_name(cmis_host_if_name(apps.app[i].host_id));
		check_name(cmis_media_if_name(apps.media_type,
					      apps.app[i].media_id));
	}
	for (; i < CMIS_MAX_APPS; i++)
		CHECK(!apps.app[i].appsel);
}

static void fuzz_module(const struct cmis_pages *p)
{
	struct cmis_module mod;
	int ret = cmis_decode_module(p, &mod);

	CHECK(ret == 0 || ret == -ENODATA);
	if (ret)
		return;
	CHECK(mod.state <= 7);
	CHECK(mod.temp_mc >= -128000 && mod.temp_mc <= 127996);
	CHECK(mod.vcc_mv <= 6553);
	check_name(cmis_module_state_name(mod.state));
	check_name(cmis_fault_cause_name(mod.fault_cause));
}

static void fuzz_thresholds(const struct cmis_pages *p)
{
	struct cmis_thresholds th;
	int ret = cmis_decode_thresholds(p, &th);

	CHECK(ret == 0 || ret == -ENODATA || ret == -EOPNOTSUPP);
	if (ret)
		return;
	CHECK(th.tx_bias_mult <= 4 && th.tx_bias_mult != 3);
	CHECK(th.tx_bias_ua.high_alarm >= 0 &&
	      th.tx_bias_ua.high_alarm <= 65535 * 2 * 4);
	CHECK(th.rx_power_nw.low_warn >= 0 &&
	      th.rx_power_nw.low_warn <= 65535 * 100);
}

static void fuzz_lane(const struct cmis_pages *p, unsigned int lane)
{
	struct cmis_lane ln;
	int ret = cmis_decode_lane(p, lane, &ln);

	CHECK(ret == 0 || ret == -EINVAL || ret == -ENODATA ||
	      ret == -EOPNOTSUPP || ret == -ERANGE);
	CHECK(ret != -EINVAL || lane < 1 || lane > CMIS_MAX_LANES);
	if (ret)
		return;
	CHECK(lane >= 1 && lane <= CMIS_MAX_LANES);
	CHECK(ln.lane == lane && ln.bank == (lane - 1) / 8);
	CHECK(p->page11[ln.bank]);
	CHECK(ln.dp_state < 16 && ln.config_status < 16);
	CHECK(ln.flags < (1U << CMIS_LANE_F_COUNT));
	CHECK(ln.controls < (1U << 9));
	CHECK(ln.has_controls == !!p->page10[ln.bank]);
	CHECK(ln.tx_bias_ua <= 65535 * 2 * 4);
	CHECK(ln.tx_power_nw <= 65535 * 100 && ln.rx_power_nw <= 65535 * 100);
	check_name(cmis_dp_state_name(ln.dp_state));
	check_name(cmis_config_status_name(ln.config_status));
}

static void fuzz_checksums(const struct cmis_pages *p)
{
	struct cmis_csum_report r;
	int ret = cmis_check_checksums(p, &r);

	CHECK(ret == 0 || ret == -EBADMSG);
	CHECK((r.failed & ~r.checked) == 0);
	CHECK((ret == -EBADMSG) == (r.failed != 0));
	CHECK(!!(r.checked & CMIS_CSUM_PAGE00) == !!p->page00);
}

/*
 * The SFF-8636 decoders on the same memory: page 00h as SFF-8636 page 00h,
 * the page 02h slot as page 03h (any 128 bytes will do).
 */
static void fuzz_sff8636(const struct cmis_pages *p)
{
	static const u32 class_mw[8] = { 0, 1500, 2000, 2500, 3500, 4000, 4500, 5000 };
	struct sff8636_monitors m;
	struct cmis_thresholds th;
	struct cmis_csum_report r;
	struct cmis_identity id;
	struct cmis_caps caps;
	unsigned int i;
	int ret;

	ret = sff8636_decode_identity(p, &id);
	CHECK(ret == ((p->lower && p->page00) ? 0 : -ENODATA));
	if (!ret) {
		CHECK_STR(id.vendor_name);
		CHECK_STR(id.part_number);
		CHECK_STR(id.revision);
		CHECK_STR(id.serial);
		CHECK_STR(id.date_code);
		CHECK(id.power_class >= 1 && id.power_class <= 7);
		CHECK(id.max_power_mw == class_mw[id.power_class]);
		CHECK(id.vendor_oui <= 0xffffff);
		CHECK(!id.has_page01);
	}
	ret = sff8636_decode_caps(p, &caps);
	CHECK(ret == ((p->lower && p->page00) ? 0 : -ENODATA));
	if (!ret) {
		CHECK(caps.lanes == SFF8636_LANES && caps.banks == 0);
		CHECK(caps.page03 == !caps.flat_mem);
		CHECK(!caps.flat_mem || (!caps.sff_page01 && !caps.sff_page02));
		CHECK(caps.tx_bias_mult == 1 && !caps.cdb.instances);
	}
	if (p->lower) {
		CHECK(sff8636_decode_monitors(p->lower, &m) == 0);
		CHECK(m.temp_mc >= -128000 && m.temp_mc < 128000);
		CHECK(m.vcc_mv <= 6553);
		for (i = 0; i < SFF8636_LANES; i++)
			CHECK(m.tx_bias_ua[i] <= 131070 && m.rx_power_nw[i] <= 6553500 &&
			      m.tx_power_nw[i] <= 6553500);
	}
	ret = sff8636_decode_thresholds(p->page02, &th);
	CHECK(ret == (p->page02 ? 0 : -ENODATA));
	CHECK(sff8636_check_checksums(p->page00, &r) == 0);
	CHECK(r.checked == (p->page00 ? CMIS_CSUM_PAGE00 : 0));
	CHECK((r.failed & ~r.checked) == 0);
	CHECK(check_mgmt(cmis_identifier_mgmt(p->lower ? p->lower[0] : 0)));
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	u8 *page[8] = { NULL };
	struct cmis_pages p;
	size_t off = 2;
	unsigned int i, lane;

	if (size < 2)
		return 0;
	for (i = 0; i < 8; i++) {
		if (!(data[0] & (1U << i)) || size - off < CMIS_PAGE_SIZE)
			continue;
		page[i] = malloc(CMIS_PAGE_SIZE);
		if (!page[i])
			abort();
		memcpy(page[i], data + off, CMIS_PAGE_SIZE);
		off += CMIS_PAGE_SIZE;
	}
	p.lower = page[0];
	p.page00 = page[1];
	p.page01 = page[2];
	p.page02 = page[3];
	p.page10[0] = page[4];
	p.page10[1] = page[5];
	p.page11[0] = page[6];
	p.page11[1] = page[7];

	fuzz_identity(&p);
	fuzz_caps(&p);
	fuzz_apps(&p);
	fuzz_module(&p);
	fuzz_thresholds(&p);
	for (lane = 0; lane <= CMIS_MAX_LANES + 1; lane++)
		fuzz_lane(&p, lane);
	fuzz_lane(&p, data[1]);
	fuzz_lane(&p, 0x80000000U | data[1]);
	fuzz_checksums(&p);
	fuzz_sff8636(&p);

	/* name tables on arbitrary codes */
	check_name(cmis_host_if_name(data[1]));
	check_name(cmis_media_if_name(data[0], data[1]));
	check_name(cmis_media_if_name(data[1] & 7, data[1]));

	for (i = 0; i < 8; i++)
		free(page[i]);
	return 0;
}
