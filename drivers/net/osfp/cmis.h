/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CMIS memory decoder: page bytes in, plain structures out.
 *
 * The decoder is pure: no I/O, no locks, no allocation, no global state,
 * and it includes nothing beyond <linux/types.h>, <linux/errno.h> and
 * <linux/bits.h>, so the same file builds in user space for fuzzing
 * (tests/fuzz/). Every function may be called from any context.
 *
 * Field facts follow OIF-CMIS 5.2 (section 8, "Module memory map") and
 * SFF-8024 rev 4.13 (identifier, connector and interface code tables).
 * Byte addresses in this file are absolute within the 256-byte window:
 * 0-127 is lower memory, 128-255 the selected upper page.
 *
 * Units: temperatures in millidegrees Celsius (signed), voltages in
 * millivolts, currents in microamperes, optical powers in nanowatts (the
 * module's 0.1 uW resolution is exactly 100 nW; cmis_nw_to_uw() gives the
 * hwmon unit), wavelengths in picometres, lengths in centimetres,
 * durations in milliseconds. Every unit conversion truncates toward zero.
 */
#ifndef _OSFP_CMIS_H
#define _OSFP_CMIS_H

#include <linux/types.h>
#include <linux/bits.h>

#define CMIS_PAGE_SIZE		128	/* bytes in lower memory or a page */
#define CMIS_LANES_PER_BANK	8
#define CMIS_MAX_BANKS		2	/* banks decoded: lanes 1-16 */
#define CMIS_MAX_LANES		(CMIS_MAX_BANKS * CMIS_LANES_PER_BANK)
#define CMIS_MAX_APPS		15	/* application descriptors 1-15 */

/**
 * struct cmis_pages - the module memory handed to the decoder
 * @lower: lower memory, bytes 0-127.
 * @page00: upper page 00h; byte 128 is at index 0.
 * @page01: upper page 01h (advertising).
 * @page02: upper page 02h (thresholds).
 * @page10: upper page 10h (lane controls) of bank 0 and bank 1.
 * @page11: upper page 11h (lane status) of bank 0 and bank 1.
 *
 * Every non-NULL pointer refers to exactly %CMIS_PAGE_SIZE bytes; NULL means
 * "not available" (not read, or not supported by the module). The decoder
 * reads nothing outside these arrays and writes nothing into them.
 *
 * A module with flat memory (lower byte 2 bit 7) has only lower memory and
 * page 00h: when @lower says so, the decoder ignores @page01, @page02,
 * @page10 and @page11 whatever they point to.
 */
struct cmis_pages {
	const u8 *lower;
	const u8 *page00;
	const u8 *page01;
	const u8 *page02;
	const u8 *page10[CMIS_MAX_BANKS];
	const u8 *page11[CMIS_MAX_BANKS];
};

/* Module states (lower byte 3 bits 3-1); 0, 6 and 7 are reserved. */
#define CMIS_MODULE_STATE_LOW_PWR	1
#define CMIS_MODULE_STATE_PWR_UP	2
#define CMIS_MODULE_STATE_READY		3
#define CMIS_MODULE_STATE_PWR_DN	4
#define CMIS_MODULE_STATE_FAULT		5

/* Data path states (page 11h bytes 128-131); 0 and 8-15 are reserved. */
#define CMIS_DP_STATE_DEACTIVATED	1
#define CMIS_DP_STATE_INIT		2
#define CMIS_DP_STATE_DEINIT		3
#define CMIS_DP_STATE_ACTIVATED		4
#define CMIS_DP_STATE_TX_TURN_ON	5
#define CMIS_DP_STATE_TX_TURN_OFF	6
#define CMIS_DP_STATE_INITIALIZED	7

/* CDB (CMIS 5.2 section 9): command page, and the first EPL page */
#define CMIS_CDB_PAGE			0x9f
#define CMIS_EPL_PAGE			0xa0

/* Media types (lower byte 85), selecting the media interface ID table. */
#define CMIS_MEDIA_TYPE_UNDEFINED	0
#define CMIS_MEDIA_TYPE_MMF		1
#define CMIS_MEDIA_TYPE_SMF		2
#define CMIS_MEDIA_TYPE_PASSIVE_CU	3
#define CMIS_MEDIA_TYPE_ACTIVE_CABLE	4
#define CMIS_MEDIA_TYPE_BASE_T		5

#define CMIS_APP_END			0xff	/* host interface ID ending the list */

/**
 * struct cmis_version - a major.minor version pair
 * @major: major number.
 * @minor: minor number.
 */
struct cmis_version {
	u8 major;
	u8 minor;
};

#define CMIS_VENDOR_NAME_LEN	16
#define CMIS_PART_NUMBER_LEN	16
#define CMIS_REVISION_LEN	2
#define CMIS_SERIAL_LEN		16
#define CMIS_DATE_CODE_LEN	8
#define CMIS_LOT_CODE_LEN	2
#define CMIS_CLEI_LEN		10

/**
 * struct cmis_identity - who the module is (lower memory, pages 00h and 01h)
 * @identifier: SFF-8024 identifier (lower byte 0), see cmis_identifier_name().
 * @rev: CMIS revision (lower byte 1, major and minor nibbles).
 * @flat_mem: lower byte 2 bit 7: only lower memory and page 00h exist.
 * @media_type: lower byte 85, see cmis_media_type_name().
 * @fw_active: active firmware version (lower bytes 39-40).
 * @vendor_name: 00h:129-144.
 * @vendor_oui: 00h:145-147 as a 24-bit number (byte 145 most significant).
 * @part_number: 00h:148-163.
 * @revision: 00h:164-165.
 * @serial: 00h:166-181.
 * @date_code: 00h:182-189 as text (YYMMDDLL).
 * @date_year: 2000 + YY when both digits are decimal, else 0.
 * @date_month: MM when decimal and 1-12, else 0.
 * @date_day: DD when decimal and 1-31, else 0.
 * @lot_code: the LL part of the date code.
 * @clei: 00h:190-199.
 * @power_class: 00h:200 bits 7-5 plus one (1-8).
 * @max_power_mw: 00h:201 in 0.25 W units, in mW.
 * @cable_length_cm: 00h:202 (base times 0.1/1/10/100 m); 0 = undefined.
 * @connector: 00h:203, see cmis_connector_name().
 * @media_tech: 00h:212, see cmis_media_tech_name().
 * @has_page01: the fields below were decoded from page 01h; when false
 *	(flat memory, or page 01h not available) they are 0.
 * @fw_inactive: inactive firmware version (01h:128-129).
 * @hw: hardware version (01h:130-131).
 * @wavelength_pm: nominal wavelength (01h:138-139, 0.05 nm units), in pm.
 * @wavelength_tol_pm: wavelength tolerance (01h:140-141, 0.005 nm units),
 *	in pm.
 *
 * Text fields are NUL-terminated. Trailing spaces and NUL bytes are trimmed;
 * every remaining byte outside printable ASCII (0x20-0x7e), NUL included,
 * is replaced by '?', so the strings can go to sysfs or a log as they are.
 */
struct cmis_identity {
	u8 identifier;
	struct cmis_version rev;
	bool flat_mem;
	u8 media_type;
	struct cmis_version fw_active;
	char vendor_name[CMIS_VENDOR_NAME_LEN + 1];
	u32 vendor_oui;
	char part_number[CMIS_PART_NUMBER_LEN + 1];
	char revision[CMIS_REVISION_LEN + 1];
	char serial[CMIS_SERIAL_LEN + 1];
	char date_code[CMIS_DATE_CODE_LEN + 1];
	u16 date_year;
	u8 date_month;
	u8 date_day;
	char lot_code[CMIS_LOT_CODE_LEN + 1];
	char clei[CMIS_CLEI_LEN + 1];
	u8 power_class;
	u32 max_power_mw;
	u32 cable_length_cm;
	u8 connector;
	u8 media_tech;
	bool has_page01;
	struct cmis_version fw_inactive;
	struct cmis_version hw;
	u32 wavelength_pm;
	u32 wavelength_tol_pm;
};

/* Upper bound of the longest durations: code 13 (>= 50 min) and reserved. */
#define CMIS_DURATION_UNBOUNDED	0xffffffffU

/**
 * struct cmis_duration - an advertised maximum state duration
 * @code: the 4-bit code (CMIS 5.2 table 8-43); 14 and 15 are reserved.
 * @max_ms: exclusive upper bound in ms (code 0: 1, 1: 5, 2: 10, 3: 50,
 *	4: 100, 5: 500, 6: 1000, 7: 5000, 8: 10000, 9: 60000, 10: 300000,
 *	11: 600000, 12: 3000000); %CMIS_DURATION_UNBOUNDED for code 13
 *	(50 min or more) and for the reserved codes.
 */
struct cmis_duration {
	u8 code;
	u32 max_ms;
};

/**
 * struct cmis_cdb_caps - CDB messaging advertisement (01h:163-166)
 * @instances: CDB instances supported (0-2; 3 is reserved and kept as 3).
 * @background: background mode supported (163 bit 5).
 * @auto_paging: auto paging supported (163 bit 4).
 * @epl_pages_code: CdbMaxPagesEPL code (163 bits 3-0), undecoded.
 * @epl_pages: EPL pages from A0h on: 0-4 for codes 0-4, then 8 (A0h-A7h),
 *	12 (A0h-ABh) and 16 (A0h-AFh) for codes 5-7; 0 for reserved codes.
 * @rw_len_ext: CdbReadWriteLengthExtension (164).
 * @max_rw_len: bytes allowed in one access to a CDB page,
 *	8 * (1 + min(@rw_len_ext, 15)).
 * @trigger_mci: CdbCommandTriggerMethod (165 bit 7).
 * @max_busy_ms: maximum CDB busy time: min(80, 166 bits 6-0) ms, or when
 *	166 bit 7 is set, max(1, 165 bits 4-0) * 160 ms.
 */
struct cmis_cdb_caps {
	u8 instances;
	bool background;
	bool auto_paging;
	u8 epl_pages_code;
	u8 epl_pages;
	u8 rw_len_ext;
	u16 max_rw_len;
	bool trigger_mci;
	u32 max_busy_ms;
};

/**
 * struct cmis_caps - module capabilities (lower byte 2 and page 01h)
 * @flat_mem: flat memory; every other field is then 0 or false.
 * @banks_code: 01h:142 bits 1-0 (0: bank 0, 1: banks 0-1, 2: banks 0-3,
 *	3: reserved).
 * @banks: banks the module has: 1, 2 or 4 (reserved code 3 counts as 1).
 * @lanes: lanes the decoder serves, 8 * @banks capped at %CMIS_MAX_LANES.
 * @page03: user page 03h supported (142 bit 2).
 * @page05: page 05h supported (142 bit 3).
 * @diag_pages: banked pages 13h-14h supported (142 bit 5).
 * @vdm_pages: VDM pages 20h-2Fh supported (142 bit 6).
 * @np_pages: network path pages supported (142 bit 7).
 * @tx_controls: 01h:155, supported Tx controls.
 * @rx_controls: 01h:156, supported Rx controls.
 * @tx_flags: 01h:157, supported Tx flags.
 * @rx_flags: 01h:158, supported Rx flags.
 * @module_monitors: 01h:159, supported module monitors.
 * @tx_disable: OutputDisableTx supported (155 bit 1).
 * @rx_disable: OutputDisableRx supported (156 bit 1).
 * @temp_mon: temperature monitor supported (159 bit 0).
 * @vcc_mon: supply voltage monitor supported (159 bit 1).
 * @tx_bias_mon: Tx bias monitor supported (160 bit 0).
 * @tx_power_mon: Tx power monitor supported (160 bit 1).
 * @rx_power_mon: Rx power monitor supported (160 bit 2).
 * @tx_bias_mult_code: 01h:160 bits 4-3.
 * @tx_bias_mult: Tx bias multiplier 1, 2 or 4; 0 for the reserved code 3.
 * @rx_power_avg: Rx power is average power, not OMA (151 bit 4).
 * @full_page_read: 128-byte reads supported (01h:251 bit 4); otherwise a
 *	read must not exceed 8 bytes.
 * @dp_deinit: max DPDeinit duration (144 bits 7-4).
 * @dp_init: max DPInit duration (144 bits 3-0).
 * @module_pwr_down: max ModulePwrDn duration (167 bits 7-4).
 * @module_pwr_up: max ModulePwrUp duration (167 bits 3-0).
 * @tx_turn_off: max DPTxTurnOff duration (168 bits 7-4).
 * @tx_turn_on: max DPTxTurnOn duration (168 bits 3-0).
 * @cdb: CDB advertisement.
 * @tunable: TransmitterIsTunable (01h:155 bit 6): pages 04h and 12h
 *	supported.
 * @sff_page01: SFF-8636 only: page 01h (AST table) provided (00h:195 bit 6).
 * @sff_page02: SFF-8636 only: page 02h (user EEPROM) provided (00h:195
 *	bit 7).
 */
struct cmis_caps {
	bool flat_mem;
	u8 banks_code;
	u8 banks;
	u8 lanes;
	bool page03;
	bool page05;
	bool diag_pages;
	bool vdm_pages;
	bool np_pages;
	u8 tx_controls;
	u8 rx_controls;
	u8 tx_flags;
	u8 rx_flags;
	u8 module_monitors;
	bool tx_disable;
	bool rx_disable;
	bool temp_mon;
	bool vcc_mon;
	bool tx_bias_mon;
	bool tx_power_mon;
	bool rx_power_mon;
	u8 tx_bias_mult_code;
	u8 tx_bias_mult;
	bool rx_power_avg;
	bool full_page_read;
	struct cmis_duration dp_deinit;
	struct cmis_duration dp_init;
	struct cmis_duration module_pwr_down;
	struct cmis_duration module_pwr_up;
	struct cmis_duration tx_turn_off;
	struct cmis_duration tx_turn_on;
	struct cmis_cdb_caps cdb;
	bool tunable;
	bool sff_page01;
	bool sff_page02;
};

/**
 * struct cmis_app - one application descriptor
 * @appsel: its AppSel code, 1-15 (its position in the list).
 * @host_id: host electrical interface ID, see cmis_host_if_name().
 * @media_id: media interface ID, see cmis_media_if_name().
 * @host_lanes: host lane count code (bits 7-4 of the third byte): 1-8
 *	lanes, 0 = given by the interface ID, 9-15 reserved.
 * @media_lanes: media lane count code (bits 3-0), same coding.
 * @host_lane_mask: host lane assignment options (bit n: may start at
 *	host lane n + 1).
 * @media_lane_mask: media lane assignment options (01h:176-190); 0 when
 *	page 01h is not available.
 */
struct cmis_app {
	u8 appsel;
	u8 host_id;
	u8 media_id;
	u8 host_lanes;
	u8 media_lanes;
	u8 host_lane_mask;
	u8 media_lane_mask;
};

/**
 * struct cmis_apps - the application advertisement
 * @media_type: lower byte 85, which selects the media interface ID table.
 * @count: descriptors decoded (0-15), ended by host ID %CMIS_APP_END.
 * @complete: the whole list was decoded; false when descriptors 1-8 are
 *	all in use, the memory is paged and page 01h (descriptors 9-15) was
 *	not available.
 * @app: the descriptors; @app[i] has AppSel i + 1.
 */
struct cmis_apps {
	u8 media_type;
	u8 count;
	bool complete;
	struct cmis_app app[CMIS_MAX_APPS];
};

/*
 * Module flags (struct cmis_module.flags): bit 8 * (n - 8) + b is bit b of
 * lower byte n, for the latched (clear-on-read) bytes 8-11.
 */
#define CMIS_MOD_F_STATE_CHANGED	BIT(0)
#define CMIS_MOD_F_FW_ERROR		BIT(1)
#define CMIS_MOD_F_DP_FW_ERROR		BIT(2)
#define CMIS_MOD_F_CDB1_COMPLETE	BIT(6)
#define CMIS_MOD_F_CDB2_COMPLETE	BIT(7)
#define CMIS_MOD_F_TEMP_HIGH_ALARM	BIT(8)
#define CMIS_MOD_F_TEMP_LOW_ALARM	BIT(9)
#define CMIS_MOD_F_TEMP_HIGH_WARN	BIT(10)
#define CMIS_MOD_F_TEMP_LOW_WARN	BIT(11)
#define CMIS_MOD_F_VCC_HIGH_ALARM	BIT(12)
#define CMIS_MOD_F_VCC_LOW_ALARM	BIT(13)
#define CMIS_MOD_F_VCC_HIGH_WARN	BIT(14)
#define CMIS_MOD_F_VCC_LOW_WARN		BIT(15)
#define CMIS_MOD_F_AUX1_SHIFT		16	/* aux1 16-19, aux2 20-23 */
#define CMIS_MOD_F_AUX3_SHIFT		24	/* aux3 24-27, custom 28-31 */

/**
 * struct cmis_module - module-level status (lower memory only)
 * @state: module state (byte 3 bits 3-1), %CMIS_MODULE_STATE_LOW_PWR...;
 *	reserved values are kept as they are.
 * @intl_asserted: the module asserts its interrupt (byte 3 bit 0 clear).
 * @bank_flags: per-bank lane flag summary (bytes 4-7, banks 0-3), raw.
 * @flags: latched module flags (bytes 8-11), see %CMIS_MOD_F_STATE_CHANGED.
 * @temp_mc: module temperature (bytes 14-15, s16 in 1/256 degC), in mdegC.
 * @vcc_mv: supply voltage (bytes 16-17, u16 in 100 uV), in mV.
 * @controls: module controls (byte 26), raw.
 * @low_pwr_request_sw: LowPwrRequestSW (byte 26 bit 4).
 * @low_pwr_allow_hw: LowPwrAllowRequestHW (byte 26 bit 6).
 * @cdb_status: CDB status of instances 1 and 2 (bytes 37-38), raw.
 * @fault_cause: ModuleFaultCause (byte 41), see cmis_fault_cause_name().
 *
 * The monitors are meaningful only when the module advertises them
 * (struct cmis_caps.temp_mon and .vcc_mon).
 */
struct cmis_module {
	u8 state;
	bool intl_asserted;
	u8 bank_flags[4];
	u32 flags;
	s32 temp_mc;
	u32 vcc_mv;
	u8 controls;
	bool low_pwr_request_sw;
	bool low_pwr_allow_hw;
	u8 cdb_status[2];
	u8 fault_cause;
};

/**
 * struct cmis_limits - one group of thresholds
 * @high_alarm: high alarm threshold.
 * @low_alarm: low alarm threshold.
 * @high_warn: high warning threshold.
 * @low_warn: low warning threshold.
 */
struct cmis_limits {
	s32 high_alarm;
	s32 low_alarm;
	s32 high_warn;
	s32 low_warn;
};

/**
 * struct cmis_thresholds - page 02h thresholds in hwmon-friendly units
 * @temp_mc: temperature (128-135), mdegC.
 * @vcc_mv: supply voltage (136-143), mV.
 * @tx_power_nw: Tx power (176-183), nW.
 * @tx_bias_ua: Tx bias (184-191), uA: 2 uA times the multiplier; 0 when
 *	the multiplier code is reserved.
 * @rx_power_nw: Rx power (192-199), nW.
 * @tx_bias_mult: the Tx bias multiplier applied (1, 2, 4; 0 if reserved).
 */
struct cmis_thresholds {
	struct cmis_limits temp_mc;
	struct cmis_limits vcc_mv;
	struct cmis_limits tx_power_nw;
	struct cmis_limits tx_bias_ua;
	struct cmis_limits rx_power_nw;
	u8 tx_bias_mult;
};

/*
 * Lane flags (struct cmis_lane.flags): bit n is the lane's bit of latched
 * byte 134 + n of page 11h.
 */
#define CMIS_LANE_F_DP_STATE_CHANGED	BIT(0)	/* 134 */
#define CMIS_LANE_F_TX_FAULT		BIT(1)	/* 135 */
#define CMIS_LANE_F_TX_LOS		BIT(2)	/* 136 */
#define CMIS_LANE_F_TX_CDR_LOL		BIT(3)	/* 137 */
#define CMIS_LANE_F_TX_ADAPT_EQ_FAIL	BIT(4)	/* 138 */
#define CMIS_LANE_F_TX_POWER_HIGH_ALARM	BIT(5)	/* 139 */
#define CMIS_LANE_F_TX_POWER_LOW_ALARM	BIT(6)	/* 140 */
#define CMIS_LANE_F_TX_POWER_HIGH_WARN	BIT(7)	/* 141 */
#define CMIS_LANE_F_TX_POWER_LOW_WARN	BIT(8)	/* 142 */
#define CMIS_LANE_F_TX_BIAS_HIGH_ALARM	BIT(9)	/* 143 */
#define CMIS_LANE_F_TX_BIAS_LOW_ALARM	BIT(10)	/* 144 */
#define CMIS_LANE_F_TX_BIAS_HIGH_WARN	BIT(11)	/* 145 */
#define CMIS_LANE_F_TX_BIAS_LOW_WARN	BIT(12)	/* 146 */
#define CMIS_LANE_F_RX_LOS		BIT(13)	/* 147 */
#define CMIS_LANE_F_RX_CDR_LOL		BIT(14)	/* 148 */
#define CMIS_LANE_F_RX_POWER_HIGH_ALARM	BIT(15)	/* 149 */
#define CMIS_LANE_F_RX_POWER_LOW_ALARM	BIT(16)	/* 150 */
#define CMIS_LANE_F_RX_POWER_HIGH_WARN	BIT(17)	/* 151 */
#define CMIS_LANE_F_RX_POWER_LOW_WARN	BIT(18)	/* 152 */
#define CMIS_LANE_F_RX_OUTPUT_CHANGED	BIT(19)	/* 153 */
#define CMIS_LANE_F_COUNT		20

/* Lane controls (struct cmis_lane.controls): the lane's bit of page 10h. */
#define CMIS_LANE_C_DP_DEINIT		BIT(0)	/* 128 */
#define CMIS_LANE_C_TX_POLARITY_FLIP	BIT(1)	/* 129 */
#define CMIS_LANE_C_TX_DISABLE		BIT(2)	/* 130 */
#define CMIS_LANE_C_TX_SQUELCH_DISABLE	BIT(3)	/* 131 */
#define CMIS_LANE_C_TX_FORCE_SQUELCH	BIT(4)	/* 132 */
#define CMIS_LANE_C_RX_POLARITY_FLIP	BIT(5)	/* 137 */
#define CMIS_LANE_C_RX_DISABLE		BIT(6)	/* 138 */
#define CMIS_LANE_C_RX_SQUELCH_DISABLE	BIT(7)	/* 139 */
#define CMIS_LANE_C_APPLY_DP_INIT	BIT(8)	/* 143, staged set 0 */

/* Lane monitors the module advertises (struct cmis_lane.monitors). */
#define CMIS_LANE_MON_TX_BIAS		BIT(0)
#define CMIS_LANE_MON_TX_POWER		BIT(1)
#define CMIS_LANE_MON_RX_POWER		BIT(2)

/**
 * struct cmis_dp_config - a DPConfigLane byte
 * @appsel: AppSel code (bits 7-4); 0 = lane not used.
 * @dp_id: data path ID (bits 3-1), the first lane of the data path - 1.
 * @explicit_control: ExplicitControl (bit 0).
 */
struct cmis_dp_config {
	u8 appsel;
	u8 dp_id;
	bool explicit_control;
};

/**
 * struct cmis_lane - one lane's status (page 11h) and controls (page 10h)
 * @lane: lane number, 1-16.
 * @bank: its bank, (lane - 1) / 8.
 * @dp_state: data path state, %CMIS_DP_STATE_DEACTIVATED...; reserved
 *	values are kept as they are.
 * @rx_output_valid: OutputStatusRx (11h:132).
 * @tx_output_valid: OutputStatusTx (11h:133).
 * @flags: latched lane flags, see %CMIS_LANE_F_DP_STATE_CHANGED.
 * @monitors: monitors the module advertises (01h:160), see
 *	%CMIS_LANE_MON_TX_BIAS; Tx bias is left out when the multiplier code
 *	is reserved.
 * @tx_bias_ua: Tx bias (11h:170-185), 2 uA times the multiplier, in uA;
 *	0 when the multiplier code is reserved.
 * @tx_power_nw: Tx power (11h:154-169, 0.1 uW units), in nW.
 * @rx_power_nw: Rx power (11h:186-201, 0.1 uW units), in nW.
 * @config_status: configuration status (11h:202-205), see
 *	cmis_config_status_name().
 * @active: active DPConfigLane (11h:206-213).
 * @dp_init_pending: DPInitPending (11h:235).
 * @has_controls: page 10h of the lane's bank was available and the two
 *	fields below are decoded; otherwise they are 0.
 * @controls: lane controls, see %CMIS_LANE_C_TX_DISABLE.
 * @staged: staged set 0 DPConfigLane (10h:145-152).
 */
struct cmis_lane {
	u8 lane;
	u8 bank;
	u8 dp_state;
	bool rx_output_valid;
	bool tx_output_valid;
	u32 flags;
	u8 monitors;
	u32 tx_bias_ua;
	u32 tx_power_nw;
	u32 rx_power_nw;
	u8 config_status;
	struct cmis_dp_config active;
	bool dp_init_pending;
	bool has_controls;
	u32 controls;
	struct cmis_dp_config staged;
};

/* Pages whose checksum struct cmis_csum_report covers. */
#define CMIS_CSUM_PAGE00	BIT(0)	/* byte 222 = sum of 128-221 */
#define CMIS_CSUM_PAGE01	BIT(1)	/* byte 255 = sum of 130-254 */
#define CMIS_CSUM_PAGE02	BIT(2)	/* byte 255 = sum of 128-254 */

/**
 * struct cmis_csum_report - result of the page checksum checks
 * @checked: pages checked (%CMIS_CSUM_PAGE00...): those available.
 * @failed: pages whose stored checksum differs from the computed one.
 * @stored: stored checksum of page 00h, 01h and 02h (index 0-2).
 * @computed: computed checksum of page 00h, 01h and 02h (index 0-2).
 */
struct cmis_csum_report {
	u8 checked;
	u8 failed;
	u8 stored[3];
	u8 computed[3];
};

/**
 * enum cmis_mgmt - the management interface an identifier implies
 * @CMIS_MGMT_CMIS: CMIS (SFF-8024 identifiers 18h-21h except 1Ch-1Dh)
 * @CMIS_MGMT_SFF8636: SFF-8636 (0Ch QSFP, 0Dh QSFP+, 11h QSFP28): lower
 *	memory and pages 00h-03h, page select at byte 127, no banks, no
 *	module state machine
 * @CMIS_MGMT_UNKNOWN: anything else: only the identifier is known
 */
enum cmis_mgmt {
	CMIS_MGMT_CMIS,
	CMIS_MGMT_SFF8636,
	CMIS_MGMT_UNKNOWN,
};

#define SFF8636_LANES		4

/**
 * struct sff8636_monitors - live monitors of an SFF-8636 module
 * @temp_mc: temperature (lower 22-23, s16 in 1/256 degC), in mdegC.
 * @vcc_mv: supply voltage (lower 26-27, u16 in 100 uV), in mV.
 * @rx_power_nw: Rx power of lanes 1-4 (lower 34-41, 0.1 uW), in nW.
 * @tx_bias_ua: Tx bias of lanes 1-4 (lower 42-49, 2 uA), in uA.
 * @tx_power_nw: Tx power of lanes 1-4 (lower 50-57, 0.1 uW), in nW.
 */
struct sff8636_monitors {
	s32 temp_mc;
	u32 vcc_mv;
	u32 rx_power_nw[SFF8636_LANES];
	u32 tx_bias_ua[SFF8636_LANES];
	u32 tx_power_nw[SFF8636_LANES];
};

enum cmis_mgmt cmis_identifier_mgmt(u8 id);
int sff8636_decode_identity(const struct cmis_pages *p, struct cmis_identity *id);
int sff8636_decode_caps(const struct cmis_pages *p, struct cmis_caps *caps);
int sff8636_decode_monitors(const u8 *lower, struct sff8636_monitors *m);
int sff8636_decode_thresholds(const u8 *page03, struct cmis_thresholds *th);
int sff8636_check_checksums(const u8 *page00, struct cmis_csum_report *r);

int cmis_decode_identity(const struct cmis_pages *p, struct cmis_identity *id);
int cmis_decode_caps(const struct cmis_pages *p, struct cmis_caps *caps);
int cmis_decode_apps(const struct cmis_pages *p, struct cmis_apps *apps);
int cmis_decode_module(const struct cmis_pages *p, struct cmis_module *mod);
int cmis_decode_thresholds(const struct cmis_pages *p,
			   struct cmis_thresholds *th);
int cmis_decode_lane(const struct cmis_pages *p, unsigned int lane,
		     struct cmis_lane *ln);
int cmis_check_checksums(const struct cmis_pages *p,
			 struct cmis_csum_report *r);

const char *cmis_identifier_name(u8 id);
const char *cmis_connector_name(u8 connector);
const char *cmis_media_type_name(u8 media_type);
const char *cmis_media_tech_name(u8 tech);
const char *cmis_host_if_name(u8 host_id);
const char *cmis_media_if_name(u8 media_type, u8 media_id);
const char *cmis_module_state_name(u8 state);
const char *cmis_fault_cause_name(u8 cause);
const char *cmis_dp_state_name(u8 state);
const char *cmis_config_status_name(u8 status);

/**
 * cmis_nw_to_uw() - convert nanowatts to microwatts (the hwmon unit)
 * @nw: power in nW.
 *
 * Return: @nw / 1000, truncated.
 */
static inline u32 cmis_nw_to_uw(u32 nw)
{
	return nw / 1000;
}

/**
 * cmis_lane_bank() - the bank holding a lane's bits
 * @lane: lane number, 1-based.
 *
 * Return: (@lane - 1) / 8; meaningless for @lane 0.
 */
static inline unsigned int cmis_lane_bank(unsigned int lane)
{
	return (lane - 1) / CMIS_LANES_PER_BANK;
}

#endif /* _OSFP_CMIS_H */
