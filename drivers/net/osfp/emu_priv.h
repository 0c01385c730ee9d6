/* SPDX-License-Identifier: GPL-2.0 */
/*
 * osfp_emu: emulated switch board with OSFP cages, internal definitions.
 *
 * Locking (the only locks of the emulator; lock order is top to bottom):
 *
 *   emu_port.lock    (mutex, one per port)  protects the emulated CMIS module
 *                    of that port: memory images, address pointer, selected
 *                    page/bank, module state machine, conditions, faults,
 *                    adapter kind, counters, image staging buffer and error
 *                    text, and the CDB state (struct emu_cdb: pages 9Fh and
 *                    A0h-AFh, the command in progress, the download buffer,
 *                    the A/B firmware images).  Taken by the port adapter's
 *                    transfer functions, by the state machine and CDB works
 *                    and by the control sysfs files.
 *   emu_board.lock   (mutex)  protects the CPLD register file, the CPLD
 *                    register pointer, the LPMODE and RESET_N assertion
 *                    counts and the INT_STATUS read fault.  May be taken with a port lock held
 *                    (port -> board), never the other way round: code that
 *                    changes RESET_N or LPMODE releases it before it tells
 *                    the ports.
 *   emu_board.irq_lock (raw spinlock, irqs off)  protects the state of the
 *                    board interrupt line (asserted, masked, dying); taken
 *                    from the irq_chip callbacks (which run under the irq
 *                    descriptor lock) and with emu_board.lock held.
 *
 * The i2c core's per-adapter bus locks are always outside all of these.
 */
#ifndef _OSFP_EMU_PRIV_H
#define _OSFP_EMU_PRIV_H

#include <linux/completion.h>
#include <linux/i2c.h>
#include <linux/kobject.h>
#include <linux/ktime.h>
#include <linux/mutex.h>
#include <linux/property.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#define EMU_MAX_PORTS		64
#define EMU_REG_BANKS		(EMU_MAX_PORTS / 8)
#define EMU_MAX_BANKS		8	/* CMIS banks 0-7: lanes 1-64 */
#define EMU_PAGE_SIZE		128
#define EMU_IMAGE_MAX		(256 * 1024)
#define EMU_ERR_LEN		160

#define EMU_CPLD_ADDR		0x60
#define EMU_MODULE_ADDR		0x50

/* CPLD register map (see the contract); port p: BASE + p / 8, bit p % 8. */
#define EMU_REG_VERSION		0x00
#define EMU_REG_PORT_COUNT	0x01
#define EMU_REG_PRESENT_N	0x10
#define EMU_REG_RESET_N		0x20
#define EMU_REG_LPMODE		0x30
#define EMU_REG_INT_N		0x40
#define EMU_REG_INT_STATUS	0x50
#define EMU_REG_INT_MASK	0x60
#define EMU_CPLD_VERSION	0x01

/* Lower memory and page offsets used by the emulator. */
#define CMIS_REV		1	/* major and minor nibbles */
#define CMIS_FLAT_MEM		2	/* bit 7 */
#define SFF8636_FLAT_MEM	2	/* bit 2 */
#define CMIS_STATE		3	/* bits 3-1 state, bit 0 IntL deasserted */
#define CMIS_FLAGS		8	/* 8-13 latched flags */
#define CMIS_NFLAGS		6
#define CMIS_TEMP		14
#define CMIS_VCC		16
#define CMIS_CONTROL		26
#define CMIS_CTRL_LP_ALLOW_HW	BIT(6)
#define CMIS_CTRL_LP_SW		BIT(4)
#define CMIS_CTRL_SW_RESET	BIT(3)
#define CMIS_MASKS		31	/* 31-36 masks for 8-13 */
#define CMIS_FAULT_CAUSE	41	/* ModuleFaultCause */
#define CMIS_FAULT_TEC		0x01	/* TEC runaway */
#define CMIS_BANK_SEL		126
#define CMIS_PAGE_SEL		127
#define CMIS_P01_BIAS_MULT	160	/* bits 4-3 */
#define CMIS_P01_DURATION	167	/* 7-4 power down, 3-0 power up */
#define CMIS_P01_FULL_READ	251	/* bit 4 */
#define CMIS_P10_DP_DEINIT	128	/* DPDeinit (CMIS 3.0: DataPathPwrUp) */
#define CMIS_P10_TX_DISABLE	130
#define CMIS_P10_MASKS		213	/* 213-232 masks for 11h 134-153 */
#define CMIS_P11_DP_STATE	128	/* 128-131, nibble per lane */
#define CMIS_P11_FLAGS		134	/* 134-153 latched lane flags */
#define CMIS_P11_NFLAGS		20
#define CMIS_P11_TX_POWER	154
#define CMIS_P11_TX_BIAS	170
#define CMIS_P11_RX_POWER	186

/* Module states; values >= EMU_LOWPWR are CMIS states, the module answers. */
enum emu_state {
	EMU_ABSENT,	/* no module in the cage (unplugged or no image) */
	EMU_RESET,	/* held in reset by RESET_N */
	EMU_INIT,	/* management interface initialising: NACKs */
	EMU_LOWPWR,
	EMU_PWRUP,
	EMU_READY,
	EMU_PWRDN,
	EMU_MODFAULT,	/* ModuleFault: until a reset or an unplug */
};

enum emu_adapter_kind {
	EMU_ADAP_FULL,		/* I2C transfers (+ SMBus emulated by the core) */
	EMU_ADAP_SMBUS,		/* SMBus byte, byte data, 32-byte I2C block */
	EMU_ADAP_BYTE,		/* SMBus byte data only */
};

#define EMU_FAULT_NACK		BIT(0)
#define EMU_FAULT_TIMEOUT	BIT(1)
#define EMU_FAULT_STUCK_PAGE	BIT(2)
#define EMU_FAULT_CORRUPT_CSUM	BIT(3)
#define EMU_FAULT_SLOW		BIT(4)
#define EMU_FAULT_NACK_DATA	BIT(5)
#define EMU_FAULT_MODULE_FAULT	BIT(6)
#define EMU_FAULT_STUCK_PWRUP	BIT(7)
#define EMU_FAULT_INTL_STUCK	BIT(8)
#define EMU_FAULT_INTL_FLAP	BIT(9)
#define EMU_FAULT_CDB_CHKCODE	BIT(10)
#define EMU_FAULT_CDB_BUSY	BIT(11)
#define EMU_FAULT_CDB_NACK	BIT(12)
#define EMU_FAULT_NACK_ONCE	BIT(13)
#define EMU_FAULT_CDB_NACK_BUSY	BIT(14)
#define EMU_FAULT_CPLD_STATUS_NACK	BIT(15)
#define EMU_FAULT_CDB_STALE	BIT(16)

/* CDB: page 9Fh and the EPL pages A0h-AFh (bank 0), see emu_cdb.c */
#define EMU_CDB_PAGE		0x9f
#define EMU_CDB_EPL_PAGE	0xa0
#define EMU_CDB_EPL_MAX		16
#define EMU_CDB_NPAGES		17	/* 9Fh and the EPL pages */
#define EMU_CDB_LPL_MAX		120	/* bytes 136-255 */
#define EMU_CDB_FW_MAX		(1024 * 1024)	/* firmware body */
#define EMU_CDB_FW_HDR		32

/**
 * struct emu_image - memory of an emulated CMIS module
 * @lower: lower memory, bytes 0-127
 * @idx: for each bank and page, 0 if the page is absent, else 1 + its slot
 *	in @data (pages 00h-0Fh are always stored in bank 0)
 * @npages: number of slots in @data
 * @data: the upper pages present in the image
 * @flags_one_shot: "flags one-shot": the image's latched condition flags
 *	latch once (until read); else they are conditions that persist
 */
struct emu_image {
	u8 lower[EMU_PAGE_SIZE];
	u16 idx[EMU_MAX_BANKS][256];
	unsigned int npages;
	u8 (*data)[EMU_PAGE_SIZE];
	bool flags_one_shot;
};

/**
 * struct emu_stats - bus accounting of one port (see the contract)
 * @transactions: i2c_transfer() calls and SMBus calls
 * @bytes: bytes on the wire, address bytes included
 * @page_selects: write messages that touched byte 127
 * @bus_time_ns: time on the wire at 400 kHz
 * @reads: read messages
 * @writes: write messages
 * @nacks: transactions that ended with a NACK
 * @violations: transactions that broke the CMIS read or write size limits
 * @mem_writes: data bytes the host wrote to the module's memory, every
 *	byte but the page select (127) counted, writes the module ignores
 *	(read-only bytes) included
 * @state_changes: module state transitions (reset, init and absent
 *	included)
 * @control_writes: write messages that wrote lower byte 26
 * @dp_deactivations: lanes whose data path went from Activated to not
 * @irq_thread_transactions: transactions made from an interrupt thread
 */
struct emu_stats {
	u64 transactions;
	u64 bytes;
	u64 page_selects;
	u64 bus_time_ns;
	u64 reads;
	u64 writes;
	u64 nacks;
	u64 violations;
	u64 mem_writes;
	u64 state_changes;
	u64 control_writes;
	u64 dp_deactivations;
	u64 irq_thread_transactions;
};

/**
 * struct emu_cdb - the CDB (one instance) and firmware images of a module
 * @pages: page 9Fh (slot 0) and the EPL pages A0h-AFh (slots 1-16), bank 0;
 *	present when 01h:163 advertises CDB, zeroed by every reset
 * @work: completes a busy command and carries out a pending Run
 * @busy: a command is executing (status 0x83)
 * @stuck: the busy command never completes (fault cdb-busy)
 * @bad_chk: the busy command's CdbChkCode was wrong (or fault cdb-chkcode)
 * @cmd: CMDID of the last command triggered
 * @epl_len: its EPL length (130-131)
 * @lpl_len: its LPL length (132)
 * @lpl: its LPL, captured at the trigger
 * @due: when the busy command completes (ktime: busy times of 1 ms are
 *	shorter than a jiffy)
 * @status: the CDB status byte (lower 37)
 * @stale: fault cdb-stale: lower 37 still shows the previous command's
 *	status until @stale_until
 * @stale_until: see @stale
 * @commands: commands triggered since the image was loaded
 * @busy_arrivals: of them, triggered while another was busy (its stale
 *	status time included): a host that did not wait for the completion
 * @run_pending: a Run command resets the module at @run_due
 * @run_target: image (0 = A, 1 = B) that Run boots
 * @run_due: jiffies of that reset
 * @boot_next: image that the next management init boots, or -1 for the
 *	committed one
 * @fw: the download buffer (vmalloc, the body), or NULL when no download is
 *	in progress
 * @fw_len: body length announced by Start Firmware Download
 * @fw_rcvd: body bytes received so far
 * @fw_hdr: the 32-byte header of the Start command
 * @ver: version of images A and B (major << 8 | minor)
 * @valid: image A or B holds firmware
 * @running: the running image (0 = A, 1 = B)
 * @committed: the committed image, booted by a reset or a plug
 */
struct emu_cdb {
	u8 pages[EMU_CDB_NPAGES][EMU_PAGE_SIZE];
	struct delayed_work work;
	bool busy;
	bool stuck;
	bool bad_chk;
	u16 cmd;
	u16 epl_len;
	u8 lpl_len;
	u8 lpl[EMU_CDB_LPL_MAX];
	ktime_t due;
	u8 status;
	bool stale;
	ktime_t stale_until;
	u64 commands;
	u64 busy_arrivals;
	bool run_pending;
	u8 run_target;
	unsigned long run_due;
	int boot_next;
	u8 *fw;
	u32 fw_len;
	u32 fw_rcvd;
	u8 fw_hdr[EMU_CDB_FW_HDR];
	u16 ver[2];
	bool valid[2];
	u8 running;
	u8 committed;
};

struct emu_board;

/**
 * struct emu_port - one cage of the emulated board and its module
 * @board: the board
 * @index: port number N (0-based)
 * @lock: see the locking comment at the top of this file
 * @pristine: the loaded image: what the module holds at power on / reset
 * @live: the module's current memory (same layout as @pristine)
 * @state: module state
 * @plugged: the user's plug state (a module is present when plugged and an
 *	image is loaded)
 * @present: presence as last reported to the CPLD
 * @intl: the IntL pin as last reported to the CPLD (the flags, or held
 *	asserted by the intl-stuck fault)
 * @dying: set on teardown, no more state machine work is queued
 * @legacy: the loaded image is not a CMIS module (SFF-8024 identifier
 *	other than 18h-21h): an SFF-8636 module (QSFP28 in an adapter) or an
 *	unknown one. It has no module state machine (it is ready as soon as
 *	its management interface is), a page select at byte 127 only (no
 *	bank), full 128-byte reads, and no writable byte but the page select;
 *	the emulator changes none of its bytes
 * @ptr: the module's address pointer (0-255)
 * @cur_page: page in the upper half
 * @cur_bank: bank in the upper half
 * @init_start: jiffies when the last management init started
 * @sm_due: jiffies when the current timed state (INIT, PWRUP, PWRDN) ends
 * @sm_work: state machine timer
 * @faults: EMU_FAULT_* bits
 * @faults_prev: @faults as of the last emu_port_faults_changed()
 * @flap_work: toggles @flap_level for the intl-flap fault
 * @flap_level: the intl-flap fault's current pin level (asserted)
 * @dp_active: per bank, the lanes whose data path is Activated (counts
 *	&emu_stats.dp_deactivations)
 * @kind: adapter kind
 * @stats: bus accounting
 * @cond_lower: active conditions for lower bytes 8-13
 * @cond_lane: active conditions for page 11h bytes 134-153, per bank
 * @staging: image staging buffer (vmalloc, EMU_IMAGE_MAX), or NULL
 * @staging_len: bytes staged
 * @error: last rejected command or image
 * @cdb: CDB and firmware images
 * @adap: the port's I2C adapter
 * @adap_added: @adap is registered
 * @kobj_added: @kobj is in sysfs
 * @kobj: /sys/kernel/osfp_emu/port<N>
 * @kobj_released: completed by the release of @kobj
 * @i2c_node: software node of @adap
 * @port_node: child "port@N" of the controller node
 * @i2c_node_name: name of @i2c_node
 * @port_node_name: name of @port_node
 * @label: "osfpN"
 * @netdev_name: the "netdev-name" property (module parameter netdev_name)
 * @bus_ref: target of the "i2c-bus" reference (@i2c_node)
 * @props: properties of @port_node
 */
struct emu_port {
	struct emu_board *board;
	unsigned int index;
	struct mutex lock;		/* see the top of this file */

	struct emu_image *pristine;
	struct emu_image *live;
	enum emu_state state;
	bool plugged;
	bool present;
	bool intl;
	bool dying;
	bool legacy;
	u8 ptr;
	u8 cur_page;
	u8 cur_bank;
	unsigned long init_start;
	unsigned long sm_due;
	struct delayed_work sm_work;
	unsigned int faults;
	unsigned int faults_prev;
	struct delayed_work flap_work;
	bool flap_level;
	u8 dp_active[EMU_MAX_BANKS];
	enum emu_adapter_kind kind;
	struct emu_stats stats;
	u8 cond_lower[CMIS_NFLAGS];
	u8 cond_lane[EMU_MAX_BANKS][CMIS_P11_NFLAGS];
	char *staging;
	size_t staging_len;
	char error[EMU_ERR_LEN];
	struct emu_cdb cdb;

	struct i2c_adapter adap;
	bool adap_added;
	bool kobj_added;
	struct kobject kobj;
	struct completion kobj_released;

	struct software_node i2c_node;
	struct software_node port_node;
	char i2c_node_name[32];
	char port_node_name[16];
	char label[16];
	char netdev_name[16];
	struct software_node_ref_args bus_ref;
	struct property_entry props[6];
};

/**
 * struct emu_board - the emulated switch board
 * @pdev: parent device of the adapters
 * @nports: number of cages
 * @ports: the cages
 * @lock: CPLD register file (see the locking comment)
 * @ptr: CPLD register pointer
 * @present_n: PRESENT_N registers
 * @reset_n: RESET_N registers
 * @lpmode: LPMODE registers
 * @int_n: INT_N registers
 * @int_status: INT_STATUS registers
 * @int_mask: INT_MASK registers
 * @lpmode_asserts: per port, writes that set its LPMODE bit (0 to 1)
 * @reset_asserts: per port, writes that cleared its RESET_N bit (1 to 0)
 * @status_nack: ports with the cpld-status-nack fault: a read of their
 *	INT_STATUS register is NACKed while one of their status bits is set
 * @irq_lock: protects @line_asserted, @line_masked, @irq_dying
 * @line_asserted: (INT_STATUS & ~INT_MASK) != 0
 * @line_masked: the irq_chip has masked the line
 * @irq_dying: teardown: do not raise the line any more
 * @irq_work: raises the board interrupt from process context
 * @irq_fwnode: fwnode of @domain
 * @domain: the board's interrupt controller
 * @virq: Linux irq of the CPLD line
 * @adap: the board I2C adapter
 * @adap_added: @adap is registered
 * @client: the cage controller client at 0x60
 * @ctrl_node: software node of the cage controller
 * @ctrl_props: its properties
 * @node_group: NULL terminated list of all software nodes
 * @nodes_registered: @node_group is registered
 * @ctl_root: /sys/kernel/osfp_emu
 */
struct emu_board {
	struct platform_device *pdev;
	unsigned int nports;
	struct emu_port *ports;

	struct mutex lock;		/* CPLD registers: see the top */
	u8 ptr;
	u8 present_n[EMU_REG_BANKS];
	u8 reset_n[EMU_REG_BANKS];
	u8 lpmode[EMU_REG_BANKS];
	u8 int_n[EMU_REG_BANKS];
	u8 int_status[EMU_REG_BANKS];
	u8 int_mask[EMU_REG_BANKS];
	u32 lpmode_asserts[EMU_MAX_PORTS];
	u32 reset_asserts[EMU_MAX_PORTS];
	u8 status_nack[EMU_REG_BANKS];

	raw_spinlock_t irq_lock;	/* irq line state: see the top */
	bool line_asserted;
	bool line_masked;
	bool irq_dying;
	struct work_struct irq_work;
	struct fwnode_handle *irq_fwnode;
	struct irq_domain *domain;
	unsigned int virq;

	struct i2c_adapter adap;
	bool adap_added;
	struct i2c_client *client;
	struct software_node ctrl_node;
	struct property_entry ctrl_props[16];
	const struct software_node **node_group;
	bool nodes_registered;
	struct kobject *ctl_root;
};

/* emu_board.c */
void emu_board_set_present(struct emu_board *b, unsigned int port, bool present);
void emu_board_set_intl(struct emu_board *b, unsigned int port, bool asserted);
void emu_board_flag_status(struct emu_board *b, unsigned int port);
void emu_board_port_inputs(struct emu_board *b, unsigned int port,
			   bool *reset, bool *lpmode);
void emu_board_status_nack(struct emu_board *b, unsigned int port, bool on);
void emu_board_line_counts(struct emu_board *b, unsigned int port, bool clear,
			   u32 *lpmode_asserts, u32 *reset_asserts);

/* emu_module.c */
extern const struct i2c_algorithm emu_port_algo;
void emu_port_init(struct emu_port *p, struct emu_board *b, unsigned int index);
void emu_port_destroy(struct emu_port *p);
void emu_port_inputs_changed(struct emu_port *p);
void emu_port_faults_changed(struct emu_port *p);
void emu_port_set_error(struct emu_port *p, const char *fmt, ...) __printf(2, 3);
int emu_port_load(struct emu_port *p, struct emu_image *img);
int emu_port_plug(struct emu_port *p, bool plug);
int emu_port_set(struct emu_port *p, int argc, char **argv);
const char *emu_state_name(enum emu_state state);
void emu_port_latch(struct emu_port *p, u8 off, u8 bits);
void emu_port_reset(struct emu_port *p);
int emu_port_glitch(struct emu_port *p, const char *kind);

/* emu_cdb.c */
void emu_cdb_init(struct emu_port *p);
void emu_cdb_destroy(struct emu_port *p);
void emu_cdb_load(struct emu_port *p);
void emu_cdb_stop(struct emu_port *p);
void emu_cdb_boot(struct emu_port *p);
u8 *emu_cdb_page(struct emu_port *p, u8 page, u8 bank);
unsigned int emu_cdb_rw_limit(struct emu_port *p);
void emu_cdb_trigger(struct emu_port *p);
void emu_cdb_poll(struct emu_port *p);
bool emu_cdb_nacking(struct emu_port *p);
int emu_cdb_stats(struct emu_port *p, char *buf, size_t size);

/* emu_image.c */
struct emu_image *emu_image_parse(const char *text, size_t len,
				  char *err, size_t errlen);
struct emu_image *emu_image_dup(const struct emu_image *src);
void emu_image_copy(struct emu_image *dst, const struct emu_image *src);
void emu_image_free(struct emu_image *img);
u8 *emu_image_page(struct emu_image *img, u8 page, u8 bank);

/* emu_ctl.c */
int emu_ctl_add(struct emu_board *b);
void emu_ctl_remove(struct emu_board *b);

#endif /* _OSFP_EMU_PRIV_H */
