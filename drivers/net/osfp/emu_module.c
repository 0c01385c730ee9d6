// SPDX-License-Identifier: GPL-2.0
/*
 * osfp_emu: the emulated CMIS module behind each port adapter.
 *
 * The module answers at 0x50 on its port adapter with a 256-byte window:
 * lower memory at 0-127, the selected page (byte 127) and bank (byte 126)
 * at 128-255.  It follows the CMIS rules that a host can get wrong: page
 * select of unsupported pages reverts to 0, 8-byte write limit, 8-byte read
 * limit unless full-page reads are advertised, address pointer wrapping
 * inside each half, read-only bytes, clear-on-read latched flags, IntL, and
 * the module state machine with its timing.  An image that is not CMIS (an
 * SFF-8636 QSFP28, or an unknown identifier) is served as such a module
 * would: page select at byte 127, pages as in the image, no state machine,
 * nothing writable but the page select (see &emu_port.legacy).  Everything
 * here runs with the port's mutex held (see emu_priv.h for the lock order).
 */

#include <linux/bits.h>
#include <linux/delay.h>
#include <linux/i2c.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/lockdep.h>
#include <linux/math64.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "emu_priv.h"

#define EMU_MGMT_INIT_US	(20 * USEC_PER_MSEC)
#define EMU_SLOW_INIT_US	(10 * USEC_PER_SEC)
#define EMU_TIMEOUT_MS		25
#define EMU_BIT_NS		2500	/* one bit at 400 kHz */
#define EMU_MAX_WRITE		8	/* data bytes per write */
#define EMU_READ_DEFAULT	8	/* bytes per read without full-page */

static const char * const emu_state_names[] = {
	[EMU_ABSENT] = "absent",
	[EMU_RESET] = "reset",
	[EMU_INIT] = "init",
	[EMU_LOWPWR] = "lowpwr",
	[EMU_PWRUP] = "pwrup",
	[EMU_READY] = "ready",
	[EMU_PWRDN] = "pwrdn",
	[EMU_MODFAULT] = "fault",
};

/* CMIS module state codes (lower byte 3 bits 3-1) */
static const u8 emu_state_code[] = {
	[EMU_LOWPWR] = 1,
	[EMU_PWRUP] = 2,
	[EMU_READY] = 3,
	[EMU_PWRDN] = 4,
	[EMU_MODFAULT] = 5,
};

/* Upper bounds of the CMIS duration codes, in ms (code 13: >= 50 min). */
static const u32 emu_duration_ms[] = {
	1, 5, 10, 50, 100, 500, 1000, 5000, 10000, 60000, 300000, 600000,
	3000000, 3000000,
};

/**
 * emu_state_name() - name of a module state, as printed in `stats`
 * @state: the state
 *
 * Return: a static string.
 */
const char *emu_state_name(enum emu_state state)
{
	if (state >= ARRAY_SIZE(emu_state_names))
		return "unknown";
	return emu_state_names[state];
}

/**
 * emu_port_set_error() - record the text of a rejected command
 * @p: the port (lock held)
 * @fmt: printf format
 */
void emu_port_set_error(struct emu_port *p, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vsnprintf(p->error, sizeof(p->error), fmt, args);
	va_end(args);
}

/* ---- module memory ---------------------------------------------------- */

static u8 *emu_page(struct emu_port *p, u8 page, u8 bank)
{
	u8 *pg = emu_cdb_page(p, page, bank);

	return pg ? pg : emu_image_page(p->live, page, bank);
}

static bool emu_flat(struct emu_port *p)
{
	if (p->legacy)
		return p->live->lower[SFF8636_FLAT_MEM] & BIT(2);
	return p->live->lower[CMIS_FLAT_MEM] & BIT(7);
}

/* CMIS identifiers (SFF-8024): QSFP-DD, OSFP, SFP-DD, DSFP, 1Eh-21h */
static bool emu_cmis_id(u8 id)
{
	return id >= 0x18 && id <= 0x21 && id != 0x1c && id != 0x1d;
}

static bool emu_page_supported(struct emu_port *p, u8 page, u8 bank)
{
	if (emu_flat(p))
		return page == 0;
	if (page == 0)
		return true;
	return emu_page(p, page, bank);
}

static u8 emu_next_off(u8 off)
{
	return (off & 0x80) | ((off + 1) & 0x7f);
}

/* Duration of page 01h byte 167 nibble @shift, as 90% of its upper bound. */
static unsigned long emu_duration_us(struct emu_port *p, unsigned int shift)
{
	u8 *p01 = emu_flat(p) ? NULL : emu_page(p, 0x01, 0);
	u8 code = p01 ? (p01[CMIS_P01_DURATION - 128] >> shift) & 0xf : 0;

	if (code >= ARRAY_SIZE(emu_duration_ms))
		code = ARRAY_SIZE(emu_duration_ms) - 1;
	return (unsigned long)emu_duration_ms[code] * 900;
}

static unsigned int emu_read_limit(struct emu_port *p)
{
	u8 *p01 = emu_flat(p) || p->legacy ? NULL : emu_page(p, 0x01, 0);

	if (p->legacy)
		return EMU_PAGE_SIZE;
	if (p01 && (p01[CMIS_P01_FULL_READ - 128] & BIT(4)))
		return EMU_PAGE_SIZE;
	return EMU_READ_DEFAULT;
}

/* True if a latched flag is set whose mask bit is clear. */
static bool emu_flags_pending(struct emu_port *p)
{
	struct emu_image *img = p->live;
	unsigned int b, i;
	u8 *f, *m;

	if (p->legacy)
		return false;
	for (i = 0; i < CMIS_NFLAGS; i++)
		if (img->lower[CMIS_FLAGS + i] & ~img->lower[CMIS_MASKS + i])
			return true;
	if (emu_flat(p))
		return false;
	for (b = 0; b < EMU_MAX_BANKS; b++) {
		f = emu_page(p, 0x11, b);
		if (!f)
			continue;
		m = emu_page(p, 0x10, b);
		for (i = 0; i < CMIS_P11_NFLAGS; i++) {
			u8 mask = m ? m[CMIS_P10_MASKS - 128 + i] : 0;

			if (f[CMIS_P11_FLAGS - 128 + i] & ~mask)
				return true;
		}
	}
	return false;
}

/* Recompute IntL: lower byte 3 bit 0 from the flags, and the pin (the
 * CPLD's INT_N), which the intl-stuck fault holds asserted while a module
 * is in the cage.
 */
static void emu_update_intl(struct emu_port *p)
{
	bool intl = p->state >= EMU_LOWPWR && emu_flags_pending(p);
	bool pin = intl || (((p->faults & EMU_FAULT_INTL_STUCK) || p->flap_level) &&
			    p->state != EMU_ABSENT);

	if (p->live && !p->legacy) {
		if (intl)
			p->live->lower[CMIS_STATE] &= ~BIT(0);
		else
			p->live->lower[CMIS_STATE] |= BIT(0);
	}
	if (pin != p->intl) {
		p->intl = pin;
		emu_board_set_intl(p->board, p->index, pin);
	}
}

/* Data path state of every lane of every bank with a page 11h: Activated
 * when the module is Ready and the lane's Tx is neither disabled nor its
 * data path down, else Deactivated. Page 10h byte 128 brings the data path
 * down as the module's CMIS revision (lower byte 1) defines it: DPDeinit
 * from CMIS 4.0 on (1 = deinitialize), DataPathPwrUp before (CMIS 3.0:
 * 1 = power up, 0 = powered down).
 * DataPathStateChanged is not latched by this (it is under the
 * test's control: `set lane N dp-state-changed 1`), so that a module coming
 * up does not raise IntL through flags the test did not ask for.
 */
static void emu_update_dp(struct emu_port *p)
{
	bool pwrup = p->live->lower[CMIS_REV] < 0x40;
	unsigned int b, l, shift;
	u8 *p10, *p11, *byte, nib, down;

	if (emu_flat(p) || p->legacy)
		return;
	for (b = 0; b < EMU_MAX_BANKS; b++) {
		p11 = emu_page(p, 0x11, b);
		if (!p11)
			continue;
		p10 = emu_page(p, 0x10, b);
		down = p10 ? p10[CMIS_P10_DP_DEINIT - 128] : 0;
		if (p10 && pwrup)
			down = ~down;
		for (l = 0; l < 8; l++) {
			bool dis = p10 && ((p10[CMIS_P10_TX_DISABLE - 128] | down) & BIT(l));

			nib = p->state == EMU_READY && !dis ? 4 : 1;
			if (nib != 4 && (p->dp_active[b] & BIT(l)))
				p->stats.dp_deactivations++;
			if (nib == 4)
				p->dp_active[b] |= BIT(l);
			else
				p->dp_active[b] &= ~BIT(l);
			byte = &p11[CMIS_P11_DP_STATE - 128 + l / 2];
			shift = (l & 1) * 4;
			*byte = (*byte & ~(0xf << shift)) | nib << shift;
		}
	}
}

/* Latch every active condition into the live memory. */
static void emu_relatch(struct emu_port *p)
{
	unsigned int b, i;
	u8 *f;

	for (i = 0; i < CMIS_NFLAGS; i++)
		p->live->lower[CMIS_FLAGS + i] |= p->cond_lower[i];
	for (b = 0; b < EMU_MAX_BANKS; b++) {
		f = emu_page(p, 0x11, b);
		if (!f)
			continue;
		for (i = 0; i < CMIS_P11_NFLAGS; i++)
			f[CMIS_P11_FLAGS - 128 + i] |= p->cond_lane[b][i];
	}
}

/**
 * emu_port_latch() - latch flag bits of lower memory and update IntL
 * @p: the port (lock held), module answering
 * @off: flag byte (8-13)
 * @bits: bits to set
 */
void emu_port_latch(struct emu_port *p, u8 off, u8 bits)
{
	p->live->lower[off] |= bits;
	emu_update_intl(p);
}

/* ---- state machine ---------------------------------------------------- */

/* A module that does not answer has no data path up */
static void emu_dp_down(struct emu_port *p)
{
	unsigned int b;

	for (b = 0; b < EMU_MAX_BANKS; b++) {
		p->stats.dp_deactivations += hweight8(p->dp_active[b]);
		p->dp_active[b] = 0;
	}
}

static void emu_enter(struct emu_port *p, enum emu_state state)
{
	u8 *lower;

	if (state != p->state)
		p->stats.state_changes++;
	p->state = state;
	if (state < EMU_LOWPWR)
		emu_dp_down(p);
	if (state >= EMU_LOWPWR && !p->legacy) {
		lower = p->live->lower;
		lower[CMIS_STATE] = (lower[CMIS_STATE] & ~0x0e) |
				    emu_state_code[state] << 1;
		lower[CMIS_FLAGS] |= BIT(0);	/* ModuleStateChanged */
		emu_update_dp(p);
	}
	emu_update_intl(p);
}

static void emu_arm(struct emu_port *p, unsigned long us)
{
	unsigned long delay = usecs_to_jiffies(us);

	p->sm_due = jiffies + delay;
	if (!p->dying)
		mod_delayed_work(system_wq, &p->sm_work, delay);
}

/* Fault "module-fault": ModuleFault (TEC runaway) until a reset or unplug. */
static void emu_enter_fault(struct emu_port *p)
{
	cancel_delayed_work(&p->sm_work);
	p->live->lower[CMIS_FAULT_CAUSE] = CMIS_FAULT_TEC;
	emu_enter(p, EMU_MODFAULT);
}

static bool emu_lp_requested(struct emu_port *p)
{
	u8 ctrl = p->live->lower[CMIS_CONTROL];
	bool reset, lp_hw;

	emu_board_port_inputs(p->board, p->index, &reset, &lp_hw);
	return (lp_hw && (ctrl & CMIS_CTRL_LP_ALLOW_HW)) ||
	       (ctrl & CMIS_CTRL_LP_SW);
}

static unsigned long emu_init_us(struct emu_port *p)
{
	return p->faults & EMU_FAULT_SLOW ? EMU_SLOW_INIT_US : EMU_MGMT_INIT_US;
}

/* Power on / reset: memory back to the image, management init. */
static void emu_start_init(struct emu_port *p)
{
	u8 *lower = p->live->lower;

	emu_image_copy(p->live, p->pristine);
	emu_cdb_boot(p);
	if (!p->legacy) {
		lower[CMIS_CONTROL] &= ~CMIS_CTRL_SW_RESET;
		lower[CMIS_BANK_SEL] = 0;
	}
	lower[CMIS_PAGE_SEL] = 0;
	p->cur_page = 0;
	p->cur_bank = 0;
	p->ptr = 0;
	emu_relatch(p);
	emu_enter(p, EMU_INIT);
	emu_update_dp(p);
	p->init_start = jiffies;
	emu_arm(p, emu_init_us(p));
}

/**
 * emu_port_reset() - reset the module: memory back to the image, management
 *	init (the module NACKs until it is over)
 * @p: the port (lock held), module out of reset and present
 */
void emu_port_reset(struct emu_port *p)
{
	emu_start_init(p);
}

/**
 * emu_port_glitch() - the module leaves its state by itself
 * @p: the port (lock held)
 * @kind: "reset": it resets (memory back to the image, management init), as
 *	after a power glitch or a watchdog; "lowpwr": from ModuleReady it
 *	powers down and, nothing requesting low power, up again
 *
 * Return: 0, or -EINVAL (with the error text set) for a bad kind or a
 * module not in a state to do it.
 */
int emu_port_glitch(struct emu_port *p, const char *kind)
{
	lockdep_assert_held(&p->lock);

	if (!strcmp(kind, "reset")) {
		if (p->state < EMU_INIT) {
			emu_port_set_error(p, "glitch reset: no module out of reset");
			return -EINVAL;
		}
		cancel_delayed_work(&p->sm_work);
		emu_enter(p, EMU_RESET);
		emu_start_init(p);
		return 0;
	}
	if (!strcmp(kind, "lowpwr")) {
		if (p->state != EMU_READY) {
			emu_port_set_error(p, "glitch lowpwr: module not in ModuleReady");
			return -EINVAL;
		}
		emu_enter(p, EMU_PWRDN);
		emu_arm(p, emu_duration_us(p, 4));
		return 0;
	}
	emu_port_set_error(p, "glitch: unknown kind '%s' (reset, lowpwr)", kind);
	return -EINVAL;
}

/* Timed state over: move on. */
static void emu_sm_timeout(struct emu_port *p)
{
	bool lp = emu_lp_requested(p);

	if (p->faults & EMU_FAULT_MODULE_FAULT) {
		emu_enter_fault(p);
		return;
	}
	if (p->legacy) {
		/* No module state machine: ready once it answers */
		if (p->state == EMU_INIT)
			emu_enter(p, EMU_READY);
		return;
	}
	switch (p->state) {
	case EMU_INIT:
	case EMU_PWRDN:
		if (lp) {
			emu_enter(p, EMU_LOWPWR);
		} else {
			emu_enter(p, EMU_PWRUP);
			emu_arm(p, emu_duration_us(p, 0));
		}
		break;
	case EMU_PWRUP:
		if (p->faults & EMU_FAULT_STUCK_PWRUP)
			break;		/* stays in PwrUp, see faults_changed */
		if (lp) {
			emu_enter(p, EMU_PWRDN);
			emu_arm(p, emu_duration_us(p, 4));
		} else {
			emu_enter(p, EMU_READY);
		}
		break;
	default:
		break;
	}
}

static void emu_sm_work(struct work_struct *work)
{
	struct emu_port *p = container_of(to_delayed_work(work),
					  struct emu_port, sm_work);

	mutex_lock(&p->lock);
	if (!p->dying && (p->state == EMU_INIT || p->state == EMU_PWRUP ||
			  p->state == EMU_PWRDN)) {
		if (time_before(jiffies, p->sm_due))
			mod_delayed_work(system_wq, &p->sm_work,
					 p->sm_due - jiffies);
		else
			emu_sm_timeout(p);
	}
	mutex_unlock(&p->lock);
}

/* Re-evaluate the module after a change of its inputs: presence, RESET_N,
 * LPMODE, LowPwrRequestSW / LowPwrAllowRequestHW.
 */
static void emu_eval(struct emu_port *p)
{
	bool present = p->plugged && p->pristine;
	bool reset, lp_hw;

	lockdep_assert_held(&p->lock);

	if (present != p->present) {
		p->present = present;
		emu_board_set_present(p->board, p->index, present);
	}
	if (!present) {
		if (p->state != EMU_ABSENT) {
			cancel_delayed_work(&p->sm_work);
			emu_cdb_stop(p);
			emu_enter(p, EMU_ABSENT);
		}
		return;
	}
	emu_board_port_inputs(p->board, p->index, &reset, &lp_hw);
	if (reset) {
		if (p->state != EMU_RESET) {
			cancel_delayed_work(&p->sm_work);
			emu_cdb_stop(p);
			emu_enter(p, EMU_RESET);
		}
		return;
	}
	if (p->state == EMU_ABSENT || p->state == EMU_RESET) {
		emu_start_init(p);
		return;
	}
	if (p->legacy)
		return;
	if (p->state == EMU_LOWPWR && !emu_lp_requested(p)) {
		emu_enter(p, EMU_PWRUP);
		emu_arm(p, emu_duration_us(p, 0));
	} else if (p->state == EMU_READY && emu_lp_requested(p)) {
		emu_enter(p, EMU_PWRDN);
		emu_arm(p, emu_duration_us(p, 4));
	}
}

/* Fault "intl-flap": the IntL pin toggles every tick, flags or not. */
static void emu_flap_work(struct work_struct *work)
{
	struct emu_port *p = container_of(to_delayed_work(work),
					  struct emu_port, flap_work);

	mutex_lock(&p->lock);
	p->flap_level = (p->faults & EMU_FAULT_INTL_FLAP) && !p->flap_level;
	emu_update_intl(p);
	if ((p->faults & EMU_FAULT_INTL_FLAP) && !p->dying)
		mod_delayed_work(system_wq, &p->flap_work, 1);
	mutex_unlock(&p->lock);
}

/**
 * emu_port_faults_changed() - apply a change of the port's faults
 * @p: the port (lock held)
 *
 * A management init in progress is re-timed for `slow`; an answering module
 * enters ModuleFault on `module-fault` (one that does not answer yet does
 * when its init ends); a module left in PwrUp by `stuck-pwrup` starts its
 * power-up duration again when that fault goes; IntL follows `intl-stuck`,
 * and toggles every tick while `intl-flap` is set.
 */
void emu_port_faults_changed(struct emu_port *p)
{
	unsigned int cleared = p->faults_prev & ~p->faults;
	unsigned long due;

	lockdep_assert_held(&p->lock);

	p->faults_prev = p->faults;
	emu_board_status_nack(p->board, p->index,
			      p->faults & EMU_FAULT_CPLD_STATUS_NACK);
	if (p->dying)
		return;
	if (p->faults & EMU_FAULT_INTL_FLAP)
		mod_delayed_work(system_wq, &p->flap_work, 0);
	else
		p->flap_level = false;
	if (p->state == EMU_INIT) {
		due = p->init_start + usecs_to_jiffies(emu_init_us(p));
		p->sm_due = due;
		mod_delayed_work(system_wq, &p->sm_work,
				 time_after(due, jiffies) ? due - jiffies : 0);
	} else if (p->state >= EMU_LOWPWR && p->state != EMU_MODFAULT &&
		   (p->faults & EMU_FAULT_MODULE_FAULT)) {
		emu_enter_fault(p);
	} else if (p->state == EMU_PWRUP &&
		   (cleared & EMU_FAULT_STUCK_PWRUP)) {
		emu_arm(p, emu_duration_us(p, 0));
	}
	emu_update_intl(p);
}

/**
 * emu_port_inputs_changed() - RESET_N or LPMODE of the port changed
 * @p: the port (lock not held)
 */
void emu_port_inputs_changed(struct emu_port *p)
{
	mutex_lock(&p->lock);
	if (!p->dying)
		emu_eval(p);
	mutex_unlock(&p->lock);
}

/* ---- bus side --------------------------------------------------------- */

static u8 emu_read_byte(struct emu_port *p, u8 off, bool *cleared)
{
	u8 *lower = p->live->lower;
	u8 *pg, v;

	if (off < 128) {
		v = lower[off];
		if (!p->legacy && off >= CMIS_FLAGS && off < CMIS_FLAGS + CMIS_NFLAGS) {
			lower[off] = p->cond_lower[off - CMIS_FLAGS];
			*cleared |= v != lower[off];
		}
		return v;
	}

	pg = emu_page(p, p->cur_page, p->cur_bank);
	if (!pg)
		return 0;
	v = pg[off - 128];
	if (p->cur_page == 0x11 && off >= CMIS_P11_FLAGS &&
	    off < CMIS_P11_FLAGS + CMIS_P11_NFLAGS) {
		pg[off - 128] = p->cond_lane[p->cur_bank][off - CMIS_P11_FLAGS];
		*cleared |= v != pg[off - 128];
	}
	if ((p->faults & EMU_FAULT_CORRUPT_CSUM) &&
	    ((p->cur_page == 0x00 && off == 222) ||
	     ((p->cur_page == 0x01 || p->cur_page == 0x02) && off == 255)))
		v ^= 0xff;
	return v;
}

static void emu_select(struct emu_port *p)
{
	u8 *lower = p->live->lower;
	u8 page = lower[CMIS_PAGE_SEL];
	u8 bank = p->legacy ? 0 : lower[CMIS_BANK_SEL];

	if (!emu_page_supported(p, page, bank)) {
		lower[CMIS_PAGE_SEL] = 0;
		if (!p->legacy)
			lower[CMIS_BANK_SEL] = 0;
		page = 0;
		bank = 0;
	}
	p->cur_page = page;
	p->cur_bank = bank;
}

#define EMU_EFF_SELECT	BIT(0)
#define EMU_EFF_CONTROL	BIT(1)
#define EMU_EFF_LANES	BIT(2)
#define EMU_EFF_CDB	BIT(3)

static void emu_write_byte(struct emu_port *p, u8 off, u8 val,
			   unsigned int *eff)
{
	u8 *lower = p->live->lower;
	u8 *pg;

	if (off != CMIS_PAGE_SEL)
		p->stats.mem_writes++;
	if (p->legacy) {
		/* Only the page select is writable */
		if (off == CMIS_PAGE_SEL) {
			*eff |= EMU_EFF_SELECT;
			if (!(p->faults & EMU_FAULT_STUCK_PAGE))
				lower[off] = val;
		}
		return;
	}
	if (off == CMIS_BANK_SEL || off == CMIS_PAGE_SEL) {
		if (off == CMIS_PAGE_SEL)
			*eff |= EMU_EFF_SELECT;
		if (!(p->faults & EMU_FAULT_STUCK_PAGE))
			lower[off] = val;
	} else if (off == CMIS_CONTROL) {
		lower[off] = val;
		*eff |= EMU_EFF_CONTROL;
		p->stats.control_writes++;
	} else if ((off >= CMIS_MASKS && off < CMIS_MASKS + CMIS_NFLAGS) ||
		   (off >= 118 && off < 128)) {
		lower[off] = val;
	} else if (off >= 128 && p->cur_page == 0x10) {
		pg = emu_page(p, 0x10, p->cur_bank);
		if (pg) {
			pg[off - 128] = val;
			*eff |= EMU_EFF_LANES;
		}
	} else if (off >= 128) {
		pg = emu_cdb_page(p, p->cur_page, p->cur_bank);
		if (pg) {
			pg[off - 128] = val;
			if (p->cur_page == EMU_CDB_PAGE && off == 129)
				*eff |= EMU_EFF_CDB;	/* CMDID written */
		}
	}
	/* anything else is read-only: the write is ignored */
}

static void emu_write_msg(struct emu_port *p, const u8 *buf, u16 len)
{
	unsigned int eff = 0;
	u16 i;

	p->ptr = buf[0];
	for (i = 1; i < len; i++) {
		emu_write_byte(p, p->ptr, buf[i], &eff);
		p->ptr = emu_next_off(p->ptr);
	}

	if (eff & EMU_EFF_SELECT) {
		p->stats.page_selects++;
		if (!(p->faults & EMU_FAULT_STUCK_PAGE))
			emu_select(p);
	}
	if (eff & EMU_EFF_CONTROL) {
		if (p->live->lower[CMIS_CONTROL] & CMIS_CTRL_SW_RESET) {
			emu_start_init(p);	/* SoftwareReset */
			return;
		}
		emu_eval(p);
	}
	if (eff & EMU_EFF_LANES)
		emu_update_dp(p);
	if (eff & EMU_EFF_CDB)
		emu_cdb_trigger(p);
	emu_update_intl(p);
}

static bool emu_responding(struct emu_port *p)
{
	return p->state >= EMU_LOWPWR && !(p->faults & EMU_FAULT_NACK) &&
	       !emu_cdb_nacking(p);
}

/* Data bytes a write message starting at @off may carry. */
static unsigned int emu_write_limit(struct emu_port *p, u8 off)
{
	return off >= 128 ? emu_cdb_rw_limit(p) : EMU_MAX_WRITE;
}

/* Bytes a read message may carry: CDB pages allow the CDB length. */
static unsigned int emu_read_max(struct emu_port *p)
{
	unsigned int max = emu_read_limit(p);

	if (p->ptr >= 128)
		max = max_t(unsigned int, max, emu_cdb_rw_limit(p));
	return max;
}

/* One transaction (an i2c_transfer() or an SMBus call) on the port bus.
 * Accounting: 1 bit per (repeated) START, 9 bits per byte on the wire
 * (address bytes included), 1 bit for the STOP; a NACKed byte is on the
 * wire, the bytes after it are not.
 */
static int emu_xfer_locked(struct emu_port *p, struct i2c_msg *msgs, int num)
{
	struct emu_stats *st = &p->stats;
	u64 bits = 1;		/* STOP */
	bool cleared = false;
	unsigned int wmax;
	int i, ret = num;
	u16 j;

	lockdep_assert_held(&p->lock);

	if (p->state >= EMU_LOWPWR)
		emu_cdb_poll(p);	/* a busy time or a Run that is over */
	st->transactions++;
	/* A threaded interrupt handler's kthread is named "irq/<n>-<name>" */
	if ((current->flags & PF_KTHREAD) && !strncmp(current->comm, "irq/", 4))
		st->irq_thread_transactions++;
	for (i = 0; i < num; i++) {
		struct i2c_msg *m = &msgs[i];
		bool rd = m->flags & I2C_M_RD;

		bits += 1 + 9;	/* START and address byte */
		st->bytes++;
		if (rd)
			st->reads++;
		else
			st->writes++;
		wmax = !rd && m->len ? emu_write_limit(p, m->buf[0]) : 0;
		if (m->addr != EMU_MODULE_ADDR || !emu_responding(p) ||
		    (p->faults & EMU_FAULT_NACK_ONCE)) {
			/* nack-once: this transaction, then the fault is gone */
			p->faults &= ~EMU_FAULT_NACK_ONCE;
			p->faults_prev = p->faults;
			st->nacks++;
			ret = -ENXIO;
			break;
		}
		if (!rd && m->len && (p->faults & EMU_FAULT_NACK_DATA)) {
			/* address ACKed, first data byte (the offset) NACKed */
			st->bytes++;
			bits += 9;
			st->nacks++;
			ret = -EIO;
			break;
		}
		if (rd) {
			if (m->len > emu_read_max(p)) {
				st->violations++;
				st->nacks++;
				ret = -EREMOTEIO;
				break;
			}
			for (j = 0; j < m->len; j++) {
				m->buf[j] = emu_read_byte(p, p->ptr, &cleared);
				p->ptr = emu_next_off(p->ptr);
			}
		} else if (m->len > 1 + wmax) {
			/* offset and wmax bytes ACKed, the next data byte NACKed */
			st->bytes += 2 + wmax;
			bits += 9 * (2 + wmax);
			st->violations++;
			st->nacks++;
			ret = -EREMOTEIO;
			break;
		} else if (m->len) {
			emu_write_msg(p, m->buf, m->len);
		}
		st->bytes += m->len;
		bits += 9 * m->len;
	}
	st->bus_time_ns += bits * EMU_BIT_NS;
	if (cleared)
		emu_update_intl(p);
	return ret;
}

/* Fault "timeout": the bus is held, the transaction times out. */
static int emu_timeout_locked(struct emu_port *p)
{
	p->stats.transactions++;
	p->stats.bytes++;
	p->stats.bus_time_ns += EMU_TIMEOUT_MS * NSEC_PER_MSEC;
	return -ETIMEDOUT;
}

static int emu_port_master_xfer(struct i2c_adapter *adap,
				struct i2c_msg *msgs, int num)
{
	struct emu_port *p = i2c_get_adapdata(adap);
	int i, ret;

	for (i = 0; i < num; i++)
		if (msgs[i].flags & (I2C_M_TEN | I2C_M_RECV_LEN))
			return -EOPNOTSUPP;

	mutex_lock(&p->lock);
	if (p->kind != EMU_ADAP_FULL)
		ret = -EOPNOTSUPP;
	else if (p->faults & EMU_FAULT_TIMEOUT)
		ret = emu_timeout_locked(p);
	else
		ret = emu_xfer_locked(p, msgs, num);
	mutex_unlock(&p->lock);

	if (ret == -ETIMEDOUT)
		msleep(EMU_TIMEOUT_MS);
	return ret;
}

static bool emu_smbus_allowed(enum emu_adapter_kind kind, int size)
{
	switch (kind) {
	case EMU_ADAP_SMBUS:
		return size == I2C_SMBUS_QUICK || size == I2C_SMBUS_BYTE ||
		       size == I2C_SMBUS_BYTE_DATA ||
		       size == I2C_SMBUS_I2C_BLOCK_DATA ||
		       size == I2C_SMBUS_I2C_BLOCK_BROKEN;
	case EMU_ADAP_BYTE:
		return size == I2C_SMBUS_BYTE_DATA;
	default:
		/* full: -EOPNOTSUPP makes the i2c core emulate SMBus */
		return false;
	}
}

static int emu_port_smbus_xfer(struct i2c_adapter *adap, u16 addr,
			       unsigned short flags, char read_write,
			       u8 command, int size,
			       union i2c_smbus_data *data)
{
	struct emu_port *p = i2c_get_adapdata(adap);
	bool rd = read_write == I2C_SMBUS_READ;
	u8 buf[1 + I2C_SMBUS_BLOCK_MAX];
	struct i2c_msg msgs[2] = {
		{ .addr = addr, .buf = buf },
		{ .addr = addr, .flags = I2C_M_RD },
	};
	int num = 1, len, ret;

	buf[0] = command;
	switch (size) {
	case I2C_SMBUS_QUICK:
		msgs[0].flags = rd ? I2C_M_RD : 0;
		msgs[0].len = 0;
		break;
	case I2C_SMBUS_BYTE:
		msgs[0].len = 1;
		if (rd) {
			msgs[0].flags = I2C_M_RD;
			msgs[0].buf = &data->byte;
		}
		break;
	case I2C_SMBUS_BYTE_DATA:
		if (rd) {
			msgs[0].len = 1;
			msgs[1].len = 1;
			msgs[1].buf = &data->byte;
			num = 2;
		} else {
			buf[1] = data->byte;
			msgs[0].len = 2;
		}
		break;
	case I2C_SMBUS_I2C_BLOCK_BROKEN:
	case I2C_SMBUS_I2C_BLOCK_DATA:
		len = data->block[0];
		if (!len || len > I2C_SMBUS_BLOCK_MAX)
			return -EINVAL;
		if (rd) {
			msgs[0].len = 1;
			msgs[1].len = len;
			msgs[1].buf = &data->block[1];
			num = 2;
		} else {
			memcpy(&buf[1], &data->block[1], len);
			msgs[0].len = 1 + len;
		}
		break;
	default:
		return -EOPNOTSUPP;
	}

	mutex_lock(&p->lock);
	if (!emu_smbus_allowed(p->kind, size))
		ret = -EOPNOTSUPP;
	else if (p->faults & EMU_FAULT_TIMEOUT)
		ret = emu_timeout_locked(p);
	else
		ret = emu_xfer_locked(p, msgs, num);
	mutex_unlock(&p->lock);

	if (ret == -ETIMEDOUT)
		msleep(EMU_TIMEOUT_MS);
	return ret < 0 ? ret : 0;
}

static u32 emu_port_functionality(struct i2c_adapter *adap)
{
	struct emu_port *p = i2c_get_adapdata(adap);

	switch (READ_ONCE(p->kind)) {
	case EMU_ADAP_FULL:
		return I2C_FUNC_I2C | I2C_FUNC_SMBUS_EMUL;
	case EMU_ADAP_SMBUS:
		return I2C_FUNC_SMBUS_QUICK | I2C_FUNC_SMBUS_BYTE |
		       I2C_FUNC_SMBUS_BYTE_DATA | I2C_FUNC_SMBUS_I2C_BLOCK;
	default:
		return I2C_FUNC_SMBUS_BYTE_DATA;
	}
}

const struct i2c_algorithm emu_port_algo = {
	.master_xfer = emu_port_master_xfer,
	.smbus_xfer = emu_port_smbus_xfer,
	.functionality = emu_port_functionality,
};

/* ---- control ---------------------------------------------------------- */

/**
 * emu_port_init() - initialise a port: empty cage, plugged, full adapter
 * @p: the port
 * @b: its board
 * @index: port number
 */
void emu_port_init(struct emu_port *p, struct emu_board *b, unsigned int index)
{
	p->board = b;
	p->index = index;
	mutex_init(&p->lock);
	INIT_DELAYED_WORK(&p->sm_work, emu_sm_work);
	INIT_DELAYED_WORK(&p->flap_work, emu_flap_work);
	emu_cdb_init(p);
	init_completion(&p->kobj_released);
	p->state = EMU_ABSENT;
	p->plugged = true;
	p->kind = EMU_ADAP_FULL;
}

/**
 * emu_port_destroy() - stop the port's state machine and free its memory
 * @p: the port; its adapter and control files are gone
 */
void emu_port_destroy(struct emu_port *p)
{
	mutex_lock(&p->lock);
	p->dying = true;
	mutex_unlock(&p->lock);
	cancel_delayed_work_sync(&p->sm_work);
	cancel_delayed_work_sync(&p->flap_work);
	emu_cdb_destroy(p);

	emu_image_free(p->live);
	emu_image_free(p->pristine);
	vfree(p->staging);
	mutex_destroy(&p->lock);
}

/* Latched flags that report a condition, not an event: byte 8 bits 1-2
 * (module and data path firmware errors), bytes 9-13 (alarms and warnings)
 * and page 11h 135-152 (not 134, DPStateChanged, nor 153, Rx output status
 * changed).
 */
#define EMU_COND_LOWER8		0x06
#define EMU_COND_P11_FIRST	1
#define EMU_COND_P11_LAST	18

/*
 * The conditions of a new module: the condition flags latched in its image,
 * as on the module the image was dumped from (Rx LOS latched with no light
 * latches again after every read), unless the image says "flags one-shot".
 */
static void emu_load_conditions(struct emu_port *p)
{
	struct emu_image *img = p->pristine;
	unsigned int b, i;
	u8 *f;

	memset(p->cond_lower, 0, sizeof(p->cond_lower));
	memset(p->cond_lane, 0, sizeof(p->cond_lane));
	/* An SFF-8636 module's bytes 8-13 are not CMIS flags */
	if (img->flags_one_shot || p->legacy)
		return;
	for (i = 0; i < CMIS_NFLAGS; i++)
		p->cond_lower[i] = img->lower[CMIS_FLAGS + i] & (i ? 0xff : EMU_COND_LOWER8);
	if (img->lower[CMIS_FLAT_MEM] & BIT(7))
		return;
	for (b = 0; b < EMU_MAX_BANKS; b++) {
		f = emu_image_page(img, 0x11, b);
		if (!f)
			continue;
		for (i = EMU_COND_P11_FIRST; i <= EMU_COND_P11_LAST; i++)
			p->cond_lane[b][i] = f[CMIS_P11_FLAGS - 128 + i];
	}
}

/**
 * emu_port_load() - replace the module with a new image
 * @p: the port (lock held)
 * @img: the parsed image; ownership passes to the port
 *
 * If the cage is plugged, this behaves like the insertion of a fresh module.
 *
 * Return: 0, or -ENOMEM (nothing changed).
 */
int emu_port_load(struct emu_port *p, struct emu_image *img)
{
	struct emu_image *live;
	bool was_present = p->present;

	lockdep_assert_held(&p->lock);

	live = emu_image_dup(img);
	if (!live) {
		emu_image_free(img);
		emu_port_set_error(p, "out of memory");
		return -ENOMEM;
	}

	cancel_delayed_work(&p->sm_work);
	if (p->state != EMU_ABSENT)
		emu_enter(p, EMU_ABSENT);	/* the old module is gone */
	emu_image_free(p->live);
	emu_image_free(p->pristine);
	p->pristine = img;
	p->live = live;
	p->legacy = !emu_cmis_id(img->lower[0]);
	emu_load_conditions(p);
	p->ptr = 0;
	p->cur_page = 0;
	p->cur_bank = 0;
	emu_cdb_load(p);

	emu_eval(p);
	/* a module swapped for another: report it as a present change */
	if (was_present && p->present)
		emu_board_flag_status(p->board, p->index);
	return 0;
}

/**
 * emu_port_plug() - plug or unplug the module
 * @p: the port (lock held)
 * @plug: true to plug
 *
 * Return: 0, or -EINVAL when plugging a port without an image.
 */
int emu_port_plug(struct emu_port *p, bool plug)
{
	lockdep_assert_held(&p->lock);

	if (plug && !p->pristine) {
		emu_port_set_error(p, "plug: no image loaded");
		return -EINVAL;
	}
	p->plugged = plug;
	emu_eval(p);
	return 0;
}

/* ---- "set" ------------------------------------------------------------ */

struct emu_flag_name {
	const char *name;
	u8 offset;
	u8 bit;
};

static const struct emu_flag_name emu_module_flags[] = {
	{ "state-changed", 8, 0 },
	{ "temp-high-alarm", 9, 0 },
	{ "temp-low-alarm", 9, 1 },
	{ "temp-high-warn", 9, 2 },
	{ "temp-low-warn", 9, 3 },
	{ "vcc-high-alarm", 9, 4 },
	{ "vcc-low-alarm", 9, 5 },
	{ "vcc-high-warn", 9, 6 },
	{ "vcc-low-warn", 9, 7 },
};

static const struct emu_flag_name emu_lane_flags[] = {
	{ "dp-state-changed", 134 },
	{ "tx-fault", 135 },
	{ "tx-los", 136 },
	{ "tx-cdr-lol", 137 },
	{ "tx-adapt-eq-fail", 138 },
	{ "tx-power-high-alarm", 139 },
	{ "tx-power-low-alarm", 140 },
	{ "tx-power-high-warn", 141 },
	{ "tx-power-low-warn", 142 },
	{ "tx-bias-high-alarm", 143 },
	{ "tx-bias-low-alarm", 144 },
	{ "tx-bias-high-warn", 145 },
	{ "tx-bias-low-warn", 146 },
	{ "rx-los", 147 },
	{ "rx-cdr-lol", 148 },
	{ "rx-power-high-alarm", 149 },
	{ "rx-power-low-alarm", 150 },
	{ "rx-power-high-warn", 151 },
	{ "rx-power-low-warn", 152 },
	{ "rx-output-changed", 153 },
};

static const struct emu_flag_name *emu_find_flag(const struct emu_flag_name *t,
						 size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(t[i].name, name))
			return &t[i];
	return NULL;
}

static int emu_parse_bool(struct emu_port *p, const char *s, bool *on)
{
	if (!strcmp(s, "0") || !strcmp(s, "1")) {
		*on = s[0] == '1';
		return 0;
	}
	emu_port_set_error(p, "set: expected 0 or 1, got '%s'", s);
	return -EINVAL;
}

/* Write a raw byte into the module and into its image (survives reset). */
static int emu_poke(struct emu_port *p, int page, u8 bank, u8 off, u8 val)
{
	u8 *live, *orig;

	if (page < 0) {
		p->live->lower[off] = val;
		p->pristine->lower[off] = val;
		return 0;
	}
	live = emu_image_page(p->live, page, bank);
	orig = emu_image_page(p->pristine, page, bank);
	if (!live || !orig) {
		if (page < 0x10)
			emu_port_set_error(p, "set: page %02x not in image",
					   page);
		else
			emu_port_set_error(p, "set: page %02x bank %u not in image",
					   page, bank);
		return -EINVAL;
	}
	live[off - 128] = val;
	orig[off - 128] = val;
	return 0;
}

static int emu_poke16(struct emu_port *p, int page, u8 bank, u8 off, u16 val)
{
	int ret;

	ret = emu_poke(p, page, bank, off, val >> 8);
	if (!ret)
		ret = emu_poke(p, page, bank, off + 1, val & 0xff);
	return ret;
}

static int emu_set_byte(struct emu_port *p, const char *where,
			const char *offset, const char *value)
{
	char buf[16], *dot;
	int page = -1;
	u8 bank = 0, val;
	unsigned int off;

	if (strcmp(where, "lower")) {
		if (strscpy(buf, where, sizeof(buf)) < 0)
			goto bad_page;
		dot = strchr(buf, '.');
		if (dot) {
			*dot = '\0';
			if (kstrtou8(dot + 1, 0, &bank) || bank >= EMU_MAX_BANKS)
				goto bad_page;
		}
		if (kstrtou8(buf, 16, &val))
			goto bad_page;
		page = val;
	}
	if (kstrtouint(offset, 0, &off) || off > 255 ||
	    (page < 0 && off >= 128) || (page >= 0 && off < 128)) {
		emu_port_set_error(p, "set byte: bad offset '%s' (%s)", offset,
				   page < 0 ? "0-127 for lower" : "128-255 for a page");
		return -EINVAL;
	}
	if (kstrtou8(value, 0, &val)) {
		emu_port_set_error(p, "set byte: bad value '%s'", value);
		return -EINVAL;
	}
	return emu_poke(p, page, bank, off, val);

bad_page:
	emu_port_set_error(p, "set byte: bad page '%s' (lower, <hex> or <hex>.<bank>)",
			   where);
	return -EINVAL;
}

static int emu_set_cond(struct emu_port *p, u8 *latched, u8 *cond, u8 bit,
			bool on)
{
	if (on) {
		*cond |= BIT(bit);
		*latched |= BIT(bit);
	} else {
		*cond &= ~BIT(bit);	/* the latched bit stays until read */
	}
	emu_update_intl(p);
	return 0;
}

static int emu_set_lane(struct emu_port *p, const char *lane,
			const char *what, const char *value)
{
	const struct emu_flag_name *f;
	unsigned int n, bank, l, uw, ua, mult;
	u8 *p11, *p01;
	bool on;

	if (kstrtouint(lane, 0, &n) || n < 1 || n > 8 * EMU_MAX_BANKS) {
		emu_port_set_error(p, "set lane: bad lane '%s' (1-%u)", lane,
				   8 * EMU_MAX_BANKS);
		return -EINVAL;
	}
	bank = (n - 1) / 8;
	l = (n - 1) % 8;
	p11 = emu_flat(p) ? NULL : emu_page(p, 0x11, bank);
	if (!p11) {
		emu_port_set_error(p, "set lane: page 11 bank %u not in image",
				   bank);
		return -EINVAL;
	}

	if (!strcmp(what, "tx-power") || !strcmp(what, "rx-power")) {
		if (kstrtouint(value, 0, &uw) || uw > 6553) {
			emu_port_set_error(p, "set lane: bad power '%s' (0-6553 uW)",
					   value);
			return -EINVAL;
		}
		return emu_poke16(p, 0x11, bank, 2 * l +
				  (what[0] == 't' ? CMIS_P11_TX_POWER :
						    CMIS_P11_RX_POWER),
				  uw * 10);
	}
	if (!strcmp(what, "tx-bias")) {
		p01 = emu_page(p, 0x01, 0);
		mult = p01 ? 1 << ((p01[CMIS_P01_BIAS_MULT - 128] >> 3) & 3) : 1;
		if (kstrtouint(value, 0, &ua) ||
		    DIV_ROUND_CLOSEST(ua, 2 * mult) > 0xffff) {
			emu_port_set_error(p, "set lane: bad bias '%s' (0-%u uA)",
					   value, 0xffff * 2 * mult);
			return -EINVAL;
		}
		return emu_poke16(p, 0x11, bank, CMIS_P11_TX_BIAS + 2 * l,
				  DIV_ROUND_CLOSEST(ua, 2 * mult));
	}

	f = emu_find_flag(emu_lane_flags, ARRAY_SIZE(emu_lane_flags), what);
	if (!f) {
		emu_port_set_error(p, "set lane: unknown '%s'", what);
		return -EINVAL;
	}
	if (emu_parse_bool(p, value, &on))
		return -EINVAL;
	return emu_set_cond(p, &p11[f->offset - 128],
			    &p->cond_lane[bank][f->offset - CMIS_P11_FLAGS],
			    l, on);
}

static int emu_do_set(struct emu_port *p, int argc, char **argv)
{
	const struct emu_flag_name *f;
	long long v;
	bool on;

	if (argc == 3 && !strcmp(argv[1], "temp")) {
		if (kstrtoll(argv[2], 0, &v) || v < -128000 || v > 127996) {
			emu_port_set_error(p, "set temp: bad value '%s' (mdegC)",
					   argv[2]);
			return -EINVAL;
		}
		v = DIV_ROUND_CLOSEST(v * 256, 1000);
		return emu_poke16(p, -1, 0, CMIS_TEMP, (u16)(s16)v);
	}
	if (argc == 3 && !strcmp(argv[1], "vcc")) {
		if (kstrtoll(argv[2], 0, &v) || v < 0 || v > 6553) {
			emu_port_set_error(p, "set vcc: bad value '%s' (0-6553 mV)",
					   argv[2]);
			return -EINVAL;
		}
		return emu_poke16(p, -1, 0, CMIS_VCC, v * 10);
	}
	if (argc == 5 && !strcmp(argv[1], "byte"))
		return emu_set_byte(p, argv[2], argv[3], argv[4]);
	if (argc == 5 && !strcmp(argv[1], "lane"))
		return emu_set_lane(p, argv[2], argv[3], argv[4]);
	if (argc == 3) {
		f = emu_find_flag(emu_module_flags,
				  ARRAY_SIZE(emu_module_flags), argv[1]);
		if (f) {
			if (emu_parse_bool(p, argv[2], &on))
				return -EINVAL;
			return emu_set_cond(p, &p->live->lower[f->offset],
					    &p->cond_lower[f->offset - CMIS_FLAGS],
					    f->bit, on);
		}
	}
	emu_port_set_error(p, "set: bad arguments (temp, vcc, byte, lane or a module flag)");
	return -EINVAL;
}

/**
 * emu_port_set() - the `set` command
 * @p: the port (lock held)
 * @argc: number of words
 * @argv: the words, argv[0] is "set"
 *
 * Return: 0, or -EINVAL with the error text set.
 */
int emu_port_set(struct emu_port *p, int argc, char **argv)
{
	int ret;

	lockdep_assert_held(&p->lock);

	if (!p->pristine) {
		emu_port_set_error(p, "set: no image loaded");
		return -EINVAL;
	}
	ret = emu_do_set(p, argc, argv);
	if (!ret)
		emu_update_intl(p);	/* a poke may have changed flags or masks */
	return ret;
}
