/* SPDX-License-Identifier: GPL-2.0 */
/*
 * osfp.ko private definitions shared by its files.
 */
#ifndef _OSFP_CORE_H
#define _OSFP_CORE_H

#include <linux/atomic.h>
#include <linux/device.h>
#include <linux/i2c.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include "cmis.h"

struct firmware;
struct netlink_ext_ack;

/*
 * The in-kernel API header. Included by path so that the same tree builds
 * in place in a kernel source tree and out of tree without extra flags.
 */
#include "../../../include/linux/osfp.h"

/* Management interface of a CMIS module: 7-bit address on the cage's bus */
#define OSFP_MODULE_I2C_ADDR	0x50

/* SFF-8024 identifier byte of the module (lower memory, byte 0) */
#define OSFP_ID_OFFSET		0

/**
 * enum osfp_gpio - cage signals, in the order of the controller's lines
 * @OSFP_GPIO_PRESENT: module present (input)
 * @OSFP_GPIO_RESET: module held in reset (output)
 * @OSFP_GPIO_LPMODE: low power requested (output)
 * @OSFP_GPIO_INT: module interrupt asserted (input)
 * @OSFP_GPIO_NUM: number of signals per cage; a cage controller exposes
 *	line ``port * OSFP_GPIO_NUM + signal``
 */
enum osfp_gpio {
	OSFP_GPIO_PRESENT,
	OSFP_GPIO_RESET,
	OSFP_GPIO_LPMODE,
	OSFP_GPIO_INT,
	OSFP_GPIO_NUM,
};

/**
 * enum osfp_sm_state - state of the cage's state machine
 * @OSFP_SM_ABSENT: no module in the cage
 * @OSFP_SM_WAIT_MGMT: module inserted, reset released, waiting for its
 *	management interface to answer (tMgmtInit, at most 2 s)
 * @OSFP_SM_IDENTIFY: reading and checking the module's static pages
 * @OSFP_SM_LOW_POWER: identified, held in low power (policy, budget or the
 *	lpmode request); the module is in ModuleLowPwr
 * @OSFP_SM_POWER_UP: identified, high power requested, waiting for
 *	ModuleReady within the advertised power-up time
 * @OSFP_SM_POWER_DOWN: low power requested, waiting for ModuleLowPwr
 * @OSFP_SM_READY: identified and in ModuleReady
 * @OSFP_SM_FAULT: the module reports ModuleFault, or did not reach the
 *	state it was asked for in time
 * @OSFP_SM_ERROR: the management interface failed; retried with backoff
 */
enum osfp_sm_state {
	OSFP_SM_ABSENT,
	OSFP_SM_WAIT_MGMT,
	OSFP_SM_IDENTIFY,
	OSFP_SM_LOW_POWER,
	OSFP_SM_POWER_UP,
	OSFP_SM_POWER_DOWN,
	OSFP_SM_READY,
	OSFP_SM_FAULT,
	OSFP_SM_ERROR,
};

/* Banks a module may advertise (01h:142 bits 1-0: 1, 2 or 4 banks) */
#define OSFP_MAX_BANKS		4
#define OSFP_MAX_LANES		(OSFP_MAX_BANKS * 8)
/* Latched lane flags: page 11h bytes 134-153 */
#define OSFP_LANE_FLAGS_FIRST	134
#define OSFP_LANE_FLAGS_NUM	20
/* Latched module flags: lower bytes 8-13 */
#define OSFP_MOD_FLAGS_FIRST	8
#define OSFP_MOD_FLAGS_NUM	6

/**
 * enum osfp_xfer - how the access layer talks to the module
 * @OSFP_XFER_I2C: plain I2C messages (offset write, repeated start, read)
 * @OSFP_XFER_SMBUS_BLOCK: SMBus I2C-block transfers, at most 32 bytes
 * @OSFP_XFER_SMBUS_BYTE: SMBus byte-data transfers, one byte each
 */
enum osfp_xfer {
	OSFP_XFER_I2C,
	OSFP_XFER_SMBUS_BLOCK,
	OSFP_XFER_SMBUS_BYTE,
};

/**
 * struct osfp_access - state of the access layer (access.c)
 * @xfer: transfer kind the adapter supports
 * @adapter_max_read: longest read the adapter can do in one transfer
 * @adapter_max_write: longest data write (offset excluded) the adapter can do
 * @module_max_read: longest read the module allows: 8 bytes, or 128 once
 *	page 01h advertised full-page reads
 * @sel_valid: @bank and @page are what the module has selected
 * @bank: selected bank (byte 126)
 * @page: selected page (byte 127)
 * @accepted: per bank (pages 00h-0Fh: bank 0), the pages whose selection
 *	the module was seen to accept: their selection is not read back again
 * @hold_off_until: end of the module's write hold-off (jiffies); a NACK
 *	before it is retried
 * @page_only: the module has no bank select (SFF-8636): a selection is
 *	one write of byte 127, byte 126 is never written
 *
 * Protected by &osfp_cage.lock.
 */
struct osfp_access {
	enum osfp_xfer xfer;
	u16 adapter_max_read;
	u16 adapter_max_write;
	u16 module_max_read;
	bool sel_valid;
	u8 bank;
	u8 page;
	DECLARE_BITMAP(accepted[OSFP_MAX_BANKS], 256);
	unsigned long hold_off_until;
	bool page_only;
};

/**
 * struct osfp_flag_dirty - a set of latched flag bits
 * @module: lower bytes 8-13
 * @lane: page 11h bytes 134-153 of each bank
 */
struct osfp_flag_dirty {
	u8 module[OSFP_MOD_FLAGS_NUM];
	u8 lane[OSFP_MAX_BANKS][OSFP_LANE_FLAGS_NUM];
};

/**
 * struct osfp_flags - the driver's copy of the module's latched flags
 * @module: lower bytes 8-13 as latched since the last refresh
 * @lane: page 11h bytes 134-153 of each bank, likewise
 * @lane_events: per lane (0-31) and flag (0-19): times the flag was seen
 *	rising since insertion
 * @module_events: per flag bit of @module: times seen rising
 * @dirty: bits of @module and @lane that changed since the last notification
 * @fresh: bits a consumer's read set since the driver's last refresh
 * @replace: the read in progress is the driver's own refresh: the cache
 *	becomes what is read instead of accumulating
 * @cdb_done: CdbCmdCompleteFlag bits (lower byte 8 bits 7-6) the driver's
 *	own refresh consumed: handed once to the next consumer read of byte 8
 *
 * Every read of a latched byte, by any consumer, is merged here (see
 * osfp_flags_merge()), so reading a flag through one interface never hides
 * an event from another. Protected by &osfp_cage.lock.
 */
struct osfp_flags {
	u8 module[OSFP_MOD_FLAGS_NUM];
	u8 lane[OSFP_MAX_BANKS][OSFP_LANE_FLAGS_NUM];
	u32 lane_events[OSFP_MAX_LANES][OSFP_LANE_FLAGS_NUM];
	u32 module_events[OSFP_MOD_FLAGS_NUM * 8];
	struct osfp_flag_dirty dirty;
	struct osfp_flag_dirty fresh;
	bool replace;
	u8 cdb_done;
};

/**
 * struct osfp_lane_status - page 11h data path status cached by sysfs.c
 * @valid: bit b: bank b was read, at @stamp[b]
 * @stamp: when each bank was read (jiffies)
 * @dp_state: page 11h bytes 128-131 of each bank (DPStateHostLane)
 * @dp_config: page 11h bytes 206-213 of each bank (active DPConfigLane)
 *
 * Part of &struct osfp_module, so it is forgotten with the module.
 */
struct osfp_lane_status {
	u8 valid;
	unsigned long stamp[OSFP_MAX_BANKS];
	u8 dp_state[OSFP_MAX_BANKS][4];
	u8 dp_config[OSFP_MAX_BANKS][8];
};

/**
 * struct osfp_module - what the driver knows of the plugged module
 * @lower: lower memory as read at identification (live bytes go stale)
 * @page00: page 00h (static)
 * @page01: page 01h (static; zero on flat memory)
 * @page02: page 02h (static; zero on flat memory)
 * @page03: SFF-8636 only: page 03h, the thresholds (static; zero on flat
 *	memory)
 * @mgmt: the management interface of the module's identifier: a module
 *	that is not %CMIS_MGMT_CMIS is only read, never written
 * @pages: the page pointers handed to the decoder (into the arrays above)
 * @id: decoded identity
 * @caps: decoded capabilities
 * @thresholds: decoded thresholds
 * @csum: checksum report; a failed page makes @trusted false
 * @trusted: all checksums passed
 * @banks: banks of pages 10h-FFh the module advertises (1, 2 or 4)
 * @lanes: lanes (8 per advertised bank)
 * @state: CMIS module state (lower byte 3 bits 3-1) as last read
 * @intl: the module reported its interrupt asserted (lower byte 3 bit 0
 *	clear) at the driver's last flag read
 * @fault_cause: ModuleFaultCause (lower byte 41) as last read
 * @cdb_masked: identification masked the CDB completion flags (lower byte
 *	31 bits 7-6); @cdb_mask_was holds those bits as the module had them
 * @cdb_mask_was: see @cdb_masked
 * @powerup_deadline: end of the wait for ModuleReady or ModuleLowPwr
 * @state_flag_expected: a host (the driver, or a consumer through byte 26)
 *	changed the module's state since the driver's last flag read in a
 *	steady state: the next ModuleStateChanged flag is that change's
 * @state_flag_seen: the driver's last flag read in a steady state saw
 *	ModuleStateChanged set
 * @moved_until: until then (jiffies), a change of power mode is a
 *	consumer's request through byte 26, not the module's own doing
 * @lane_status: page 11h data path status as sysfs.c last read it
 *
 * Valid from %OSFP_SM_LOW_POWER on. Protected by &osfp_cage.lock.
 */
struct osfp_module {
	u8 lower[CMIS_PAGE_SIZE];
	u8 page00[CMIS_PAGE_SIZE];
	u8 page01[CMIS_PAGE_SIZE];
	u8 page02[CMIS_PAGE_SIZE];
	u8 page03[CMIS_PAGE_SIZE];
	enum cmis_mgmt mgmt;
	struct cmis_pages pages;
	struct cmis_identity id;
	struct cmis_caps caps;
	struct cmis_thresholds thresholds;
	struct cmis_csum_report csum;
	bool trusted;
	u8 banks;
	u8 lanes;
	u8 state;
	bool intl;
	u8 fault_cause;
	bool cdb_masked;
	u8 cdb_mask_was;
	unsigned long powerup_deadline;
	bool state_flag_expected;
	bool state_flag_seen;
	unsigned long moved_until;
	struct osfp_lane_status lane_status;
};

/**
 * enum osfp_power_policy - when the driver lets a module draw high power
 * @OSFP_POWER_AUTO: while a netdev using the module is administratively up
 *	(ethtool's %ETHTOOL_MODULE_POWER_MODE_POLICY_AUTO; see
 *	osfp_cage_port_up())
 * @OSFP_POWER_HIGH: always (%ETHTOOL_MODULE_POWER_MODE_POLICY_HIGH); the
 *	default
 *
 * Under either policy, the lpmode request (&osfp_cage.lp_request) and a
 * module whose maximum power exceeds the cage's budget
 * ("maximum-power-milliwatt") hold the module in low power.
 */
enum osfp_power_policy {
	OSFP_POWER_AUTO,
	OSFP_POWER_HIGH,
};

/**
 * enum osfp_fw_state - phase of a firmware update (fw.c)
 * @OSFP_FW_IDLE: none was started since the cage was probed
 * @OSFP_FW_PREPARING: bringing the data path down, asking the module's
 *	firmware management features
 * @OSFP_FW_DOWNLOADING: writing the image
 * @OSFP_FW_COMPLETING: the module checks the image
 * @OSFP_FW_ACTIVATING: the module resets into the new image
 * @OSFP_FW_COMMITTING: committing the new image, resetting into it
 * @OSFP_FW_DONE: the last update succeeded
 * @OSFP_FW_FAILED: the last update failed, see &osfp_fw.error
 */
enum osfp_fw_state {
	OSFP_FW_IDLE,
	OSFP_FW_PREPARING,
	OSFP_FW_DOWNLOADING,
	OSFP_FW_COMPLETING,
	OSFP_FW_ACTIVATING,
	OSFP_FW_COMMITTING,
	OSFP_FW_DONE,
	OSFP_FW_FAILED,
};

#define OSFP_FW_ERROR_LEN	160
/* Unbinding: an update and what it undoes end within this (ms) */
#define OSFP_FW_STOP_MS		1000

/**
 * struct osfp_fw - the driver's firmware update of a cage (fw.c)
 * @work: runs the update
 * @image: the firmware file, held while @busy
 * @busy: an update was accepted and has not ended
 * @state: its phase
 * @progress: percent of the image the module acknowledged
 * @error: why it failed, or empty
 * @insertions: &osfp_cage.insertions when it started: the same module
 * @other_host_until: another CDB host wrote the CDB registers: the driver
 *	does not start an update before this time (jiffies)
 * @busy_ms: the module's longest CDB busy time (01h:165-166), during
 *	which it may NACK
 * @started: 0101h succeeded and 0107h did not: abort on failure
 * @unwinding: the work undoes a failed update, even while the cage stops
 * @epl: write the image through EPL pages, not the LPL
 * @block: bytes of image per write command
 * @block_us: when a write command is first polled, us after it, learnt
 *	from the commands before
 * @start_len: bytes of the image carried by 0101h
 * @t_start: longest duration of 0101h, ms
 * @t_write: of 0103h and 0104h
 * @t_complete: of 0107h
 * @t_abort: of 0102h
 * @cdb_done: CdbCmdCompleteFlag1 was seen set since the command was sent,
 *	by the update's read of byte 8 or any other (osfp_flags_merge())
 * @stop_until: the cage stops: the update and what it undoes end by this
 *	time (jiffies), whatever the module still does
 * @banks: banks whose data path the update brought down
 * @dp_saved: bit b: @dp_deinit[b] holds page 10h byte 128 of bank b as it
 *	was before the update
 * @dp_deinit: see @dp_saved
 *
 * Protected by &osfp_cage.lock; the work reads the fields it set up
 * (@image, @block, the durations) without it.
 */
struct osfp_fw {
	struct work_struct work;
	const struct firmware *image;
	bool busy;
	enum osfp_fw_state state;
	u8 progress;
	char error[OSFP_FW_ERROR_LEN];
	unsigned int insertions;
	unsigned long other_host_until;
	u32 busy_ms;
	bool started;
	bool unwinding;
	bool epl;
	u32 block;
	u32 block_us;
	u8 start_len;
	u32 t_start;
	u32 t_write;
	u32 t_complete;
	u32 t_abort;
	bool cdb_done;
	unsigned long stop_until;
	u8 banks;
	u8 dp_saved;
	u8 dp_deinit[OSFP_MAX_BANKS];
};

struct osfp_netdev;
struct osfp_hwmon;
struct platform_device;

/**
 * struct osfp_cage - state of one cage
 * @dev: the cage platform device
 * @cdev: the class device /sys/class/osfp/<label>; owns the structure:
 *	the structure is freed when the last reference to @cdev is dropped
 * @label: port name (the "label" property, default the device name)
 * @i2c: adapter of the module's management interface (reference held)
 * @max_power_mw: "maximum-power-milliwatt", 0 for no limit
 * @gpio: present, reset, lpmode and int lines, each may be NULL
 * @present_irq: interrupt of the present line, 0 when presence is polled
 * @int_irq: interrupt of the int line, 0 when flags are polled
 * @nd: the cage's minimal netdev, or NULL (ethtool.c); registered and
 *	unregistered under the upstream lock (core.c)
 * @up: the attached upstream user (include/linux/osfp.h), or NULL;
 *	protected by the upstream lock
 * @attachable: probe is done and the cage not dead: an upstream may attach;
 *	protected by the upstream lock
 * @lock: the cage lock: protects every field below it and is held across
 *	every module transfer, page selection included (see core.c)
 * @present: module physically present, as last seen by the presence
 *	detection (present GPIO, or an I2C probe read without one)
 * @insertions: modules seen inserted since probe
 * @state: state machine state
 * @identifier: SFF-8024 identifier; valid from %OSFP_SM_IDENTIFY on
 * @deadline: end of the management-ready wait (jiffies)
 * @backoff: current retry delay in %OSFP_SM_ERROR (jiffies)
 * @stopping: set on removal: the cage is dead, no work may be queued any
 *	more and every consumer entry (osfp.h, sysfs) fails with -ENODEV
 * @state_changed: @state changed since the last notification
 * @i2c_probe_ok: the access layer was set up for presence probing
 * @probe_fails: presence probe reads failed in a row (no present GPIO)
 * @probe_fail_since: when the first of them failed (jiffies)
 * @policy: power policy (ethtool power-mode-policy, sysfs power_policy)
 * @ports_up: netdevs using the module that are administratively up (the
 *	input of %OSFP_POWER_AUTO, osfp_cage_port_up())
 * @lp_request: low power requested by the user (sysfs lpmode): holds the
 *	module in low power whatever @policy
 * @budget_logged: the "held in low power" reason was logged for this module
 * @mgmt_logged: @insertions when a module that is not CMIS was last logged
 *	as such: the line is printed once per inserted module
 * @int_stuck: the int line stays asserted while the module reports no
 *	interrupt: flags are polled until the line is seen released
 * @irq_throttled: module interrupts came in a storm: they are ignored and
 *	the flags polled until @irq_quiet_until
 * @irq_quiet_until: end of the storm throttling (jiffies)
 * @irq_window: start of the current one-second interrupt count (jiffies)
 * @irq_count: module interrupts since @irq_window
 * @ee_bank_240: the eeprom file lays out banks 240 pages apart (the first
 *	optoe bank patch) instead of 256 (sonic_xcvr; sysfs.c)
 * @acc: access layer state
 * @mod: the identified module
 * @flags: latched flag cache
 * @sm_work: runs the state machine
 * @poll_work: polls presence when there is no presence interrupt
 * @flag_work: polls the module's flags when there is no module interrupt,
 *	and re-checks set cached flags until they clear
 * @fw: firmware update (fw.c)
 * @hw: the module's hwmon device (hwmon.c), or NULL; set and cleared by
 *	osfp_hwmon_sync() only, read under @lock
 * @hw_parent: the platform device "osfp_hwmon.N" the hwmon devices of the
 *	cage hang from, or NULL (hwmon.c; created and removed by
 *	osfp_hwmon_sync() only, under its own lock)
 * @irqs: module interrupts not yet seen by @flag_work (atomic: counted by
 *	the interrupt thread, which takes no lock)
 */
struct osfp_cage {
	struct device *dev;
	struct device cdev;
	const char *label;
	struct i2c_adapter *i2c;
	u32 max_power_mw;
	struct gpio_desc *gpio[OSFP_GPIO_NUM];
	int present_irq;
	int int_irq;
	struct osfp_netdev *nd;
	struct osfp_upstream *up;
	bool attachable;

	struct mutex lock;		/* see core.c */
	bool present;
	unsigned int insertions;
	enum osfp_sm_state state;
	u8 identifier;
	unsigned long deadline;
	unsigned long backoff;
	bool stopping;
	bool state_changed;
	bool i2c_probe_ok;
	unsigned int probe_fails;
	unsigned long probe_fail_since;
	enum osfp_power_policy policy;
	unsigned int ports_up;
	bool lp_request;
	bool budget_logged;
	unsigned int mgmt_logged;
	bool int_stuck;
	bool irq_throttled;
	unsigned long irq_quiet_until;
	unsigned long irq_window;
	unsigned int irq_count;
	bool ee_bank_240;
	struct osfp_access acc;
	struct osfp_module mod;
	struct osfp_flags flags;
	struct delayed_work sm_work;
	struct delayed_work poll_work;
	struct delayed_work flag_work;
	struct osfp_fw fw;
	/* hwmon.c */
	struct osfp_hwmon *hw;
	struct platform_device *hw_parent;
	atomic_t irqs;
};

/* access.c: every function is called with cage->lock held */

void osfp_access_init(struct osfp_cage *cage);
void osfp_access_invalidate(struct osfp_cage *cage);
int osfp_access_read(struct osfp_cage *cage, u8 bank, u8 page, u8 offset,
		     u8 *buf, size_t len);
int osfp_access_write(struct osfp_cage *cage, u8 bank, u8 page, u8 offset,
		      const u8 *buf, size_t len);

/* core.c: services for the consumer adapters (ethtool.c, hwmon.c, sysfs.c) */
void osfp_flags_merge(struct osfp_cage *cage, u8 bank, u8 page, u8 offset,
		      u8 *buf, size_t len);
const char *osfp_sm_state_name(enum osfp_sm_state state);
bool osfp_module_identified(const struct osfp_cage *cage);
bool osfp_page_advertised(const struct osfp_cage *cage, u8 bank, u8 page);
int osfp_eeprom_read(struct osfp_cage *cage, u8 bank, u8 page, u8 offset,
		     u8 *buf, size_t len, struct netlink_ext_ack *extack);
void osfp_log_access_err(struct osfp_cage *cage, const char *what, u8 bank, int page,
			 int err);
int osfp_eeprom_write(struct osfp_cage *cage, u8 bank, u8 page, u8 offset,
		      const u8 *buf, size_t len, struct netlink_ext_ack *extack);
int osfp_set_power_policy(struct osfp_cage *cage, enum osfp_power_policy policy,
			  struct netlink_ext_ack *extack);
int osfp_get_power_mode(struct osfp_cage *cage, enum osfp_power_policy *policy,
			bool *low_power, struct netlink_ext_ack *extack);
int osfp_module_reset(struct osfp_cage *cage, struct netlink_ext_ack *extack);
int osfp_module_reset_request(struct osfp_cage *cage, struct netlink_ext_ack *extack);
int osfp_module_reset_locked(struct osfp_cage *cage, struct netlink_ext_ack *extack);
int osfp_set_lp_request(struct osfp_cage *cage, bool lp_request,
			struct netlink_ext_ack *extack);
void osfp_module_reinit(struct osfp_cage *cage, unsigned int settle_ms);

/* fw.c */
extern const struct attribute_group osfp_fw_group;
void osfp_fw_init(struct osfp_cage *cage);
void osfp_fw_stop(struct osfp_cage *cage);
int osfp_fw_consumer_write(struct osfp_cage *cage, u8 page, u8 offset, const u8 *buf,
			   size_t len, struct netlink_ext_ack *extack);
void osfp_fw_consumer_wrote(struct osfp_cage *cage, u8 page, u8 offset, const u8 *buf,
			    size_t len);
#if IS_ENABLED(CONFIG_OSFP_STRESS_KUNIT_TEST)
extern int (*osfp_fw_request_hook)(const struct firmware **image, const char *name,
				   struct device *dev);
#endif

/* sysfs.c */
extern const struct attribute_group *osfp_cage_groups[];
void osfp_sysfs_notify_flags(struct osfp_cage *cage, const struct osfp_flag_dirty *dirty);
void osfp_sysfs_sync(struct osfp_cage *cage);

/* ethtool.c */
int osfp_netdev_register(struct osfp_cage *cage);
void osfp_netdev_unregister(struct osfp_cage *cage);

/* hwmon.c */
void osfp_hwmon_sync(struct osfp_cage *cage);

extern struct i2c_driver osfp_ctrl_driver;

#endif /* _OSFP_CORE_H */
