// SPDX-License-Identifier: GPL-2.0
/*
 * osfp_emu: control files, /sys/kernel/osfp_emu/port<N>/
 *
 *   command  write-only, one command per write (see
 *            Documentation/networking/osfp-emulator.rst); -EINVAL on a bad
 *            command, with the reason in `error`
 *   image    write-only binary file, staging buffer for a .cmis image
 *            (a write at offset 0 starts a new image); `load` uses it
 *   stats    "key value" lines: bus accounting and module state
 *   error    text of the last rejected command or image
 */

#include <linux/kernel.h>
#include <linux/kobject.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <linux/vmalloc.h>

#include "osfp_compat.h"
#include "emu_priv.h"

#define EMU_CMD_MAX	256
#define EMU_CMD_ARGS	8

/* Indexed by the bit number of the EMU_FAULT_* flag */
static const char * const emu_fault_names[] = {
	"nack", "timeout", "stuck-page", "corrupt-checksum", "slow",
	"nack-data", "module-fault", "stuck-pwrup", "intl-stuck", "intl-flap",
	"cdb-chkcode", "cdb-busy", "cdb-nack", "nack-once", "cdb-nack-busy",
	"cpld-status-nack", "cdb-stale",
};

static const char * const emu_adapter_names[] = {
	[EMU_ADAP_FULL] = "full",
	[EMU_ADAP_SMBUS] = "smbus",
	[EMU_ADAP_BYTE] = "byte",
};

static struct emu_port *emu_kobj_to_port(struct kobject *kobj)
{
	return container_of(kobj, struct emu_port, kobj);
}

static int emu_ctl_load(struct emu_port *p)
{
	struct emu_image *img;

	if (!p->staging_len) {
		emu_port_set_error(p, "load: no image staged");
		return -EINVAL;
	}
	img = emu_image_parse(p->staging, p->staging_len, p->error,
			      sizeof(p->error));
	/* each load consumes the staged text */
	vfree(p->staging);
	p->staging = NULL;
	p->staging_len = 0;
	if (IS_ERR(img))
		return PTR_ERR(img);
	return emu_port_load(p, img);
}

static int emu_ctl_fault(struct emu_port *p, const char *kind)
{
	unsigned int i;

	BUILD_BUG_ON(BIT(ARRAY_SIZE(emu_fault_names) - 1) !=
		     EMU_FAULT_CDB_STALE);
	if (!strcmp(kind, "clear")) {
		p->faults = 0;
		emu_port_faults_changed(p);
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(emu_fault_names); i++) {
		if (!strcmp(kind, emu_fault_names[i])) {
			p->faults |= BIT(i);
			emu_port_faults_changed(p);
			return 0;
		}
	}
	emu_port_set_error(p, "fault: unknown kind '%s'", kind);
	return -EINVAL;
}

static int emu_ctl_adapter(struct emu_port *p, const char *kind)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(emu_adapter_names); i++) {
		if (!strcmp(kind, emu_adapter_names[i])) {
			WRITE_ONCE(p->kind, i);
			return 0;
		}
	}
	emu_port_set_error(p, "adapter: unknown kind '%s' (full, smbus, byte)",
			   kind);
	return -EINVAL;
}

static int emu_ctl_command(struct emu_port *p, int argc, char **argv)
{
	const char *cmd = argv[0];

	lockdep_assert_held(&p->lock);

	if (!strcmp(cmd, "set"))
		return emu_port_set(p, argc, argv);
	if (!strcmp(cmd, "fault") && argc == 2)
		return emu_ctl_fault(p, argv[1]);
	if (!strcmp(cmd, "adapter") && argc == 2)
		return emu_ctl_adapter(p, argv[1]);
	if (!strcmp(cmd, "glitch") && argc == 2)
		return emu_port_glitch(p, argv[1]);
	if (argc == 1) {
		if (!strcmp(cmd, "load"))
			return emu_ctl_load(p);
		if (!strcmp(cmd, "plug"))
			return emu_port_plug(p, true);
		if (!strcmp(cmd, "unplug"))
			return emu_port_plug(p, false);
		if (!strcmp(cmd, "irq")) {
			emu_board_flag_status(p->board, p->index);
			return 0;
		}
		if (!strcmp(cmd, "stats-reset")) {
			u32 lp, rst;

			memset(&p->stats, 0, sizeof(p->stats));
			emu_board_line_counts(p->board, p->index, true, &lp, &rst);
			return 0;
		}
	}
	if (!strcmp(cmd, "load") || !strcmp(cmd, "plug") ||
	    !strcmp(cmd, "unplug") || !strcmp(cmd, "irq") ||
	    !strcmp(cmd, "stats-reset") || !strcmp(cmd, "fault") ||
	    !strcmp(cmd, "adapter") || !strcmp(cmd, "glitch"))
		emu_port_set_error(p, "%s: wrong number of arguments", cmd);
	else
		emu_port_set_error(p, "unknown command '%s'", cmd);
	return -EINVAL;
}

static ssize_t command_store(struct kobject *kobj, struct kobj_attribute *attr,
			     const char *buf, size_t count)
{
	struct emu_port *p = emu_kobj_to_port(kobj);
	char line[EMU_CMD_MAX], *s, *tok, *argv[EMU_CMD_ARGS];
	int argc = 0, ret = 0;

	mutex_lock(&p->lock);
	if (count >= sizeof(line)) {
		emu_port_set_error(p, "command too long");
		ret = -EINVAL;
		goto out;
	}
	memcpy(line, buf, count);
	line[count] = '\0';
	s = line;
	while ((tok = strsep(&s, " \t\r\n"))) {
		if (!*tok)
			continue;
		if (argc == EMU_CMD_ARGS) {
			emu_port_set_error(p, "too many arguments");
			ret = -EINVAL;
			goto out;
		}
		argv[argc++] = tok;
	}
	if (!argc) {
		emu_port_set_error(p, "empty command");
		ret = -EINVAL;
		goto out;
	}
	ret = emu_ctl_command(p, argc, argv);
out:
	mutex_unlock(&p->lock);
	return ret ? ret : count;
}

static ssize_t stats_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	struct emu_port *p = emu_kobj_to_port(kobj);
	char faults[192] = "", cdb[192];
	struct emu_stats st;
	enum emu_state state;
	u32 lp_asserts, reset_asserts;
	bool present, intl;
	unsigned int i;
	u8 page, bank;
	int kind;

	mutex_lock(&p->lock);
	st = p->stats;
	state = p->state;
	page = p->cur_page;
	bank = p->cur_bank;
	present = p->present;
	intl = p->intl;
	kind = p->kind;
	for (i = 0; i < ARRAY_SIZE(emu_fault_names); i++) {
		if (!(p->faults & BIT(i)))
			continue;
		if (faults[0])
			strlcat(faults, ",", sizeof(faults));
		strlcat(faults, emu_fault_names[i], sizeof(faults));
	}
	emu_cdb_stats(p, cdb, sizeof(cdb));
	emu_board_line_counts(p->board, p->index, false, &lp_asserts, &reset_asserts);
	mutex_unlock(&p->lock);

	return sysfs_emit(buf,
			  "transactions %llu\n"
			  "bytes %llu\n"
			  "page_selects %llu\n"
			  "bus_time_us %llu\n"
			  "reads %llu\n"
			  "writes %llu\n"
			  "nacks %llu\n"
			  "violations %llu\n"
			  "mem_writes %llu\n"
			  "state %s\n"
			  "page 0x%02x\n"
			  "bank %u\n"
			  "plugged %d\n"
			  "intl %d\n"
			  "adapter %s\n"
			  "faults %s\n"
			  "state_changes %llu\n"
			  "control_writes %llu\n"
			  "dp_deactivations %llu\n"
			  "lpmode_asserts %u\n"
			  "reset_asserts %u\n"
			  "irq_thread_transactions %llu\n"
			  "%s",
			  st.transactions, st.bytes, st.page_selects,
			  DIV_ROUND_CLOSEST_ULL(st.bus_time_ns, 1000),
			  st.reads, st.writes, st.nacks, st.violations, st.mem_writes,
			  emu_state_name(state), page, bank, present, intl,
			  emu_adapter_names[kind], faults[0] ? faults : "none",
			  st.state_changes, st.control_writes, st.dp_deactivations,
			  lp_asserts, reset_asserts, st.irq_thread_transactions, cdb);
}

static ssize_t error_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	struct emu_port *p = emu_kobj_to_port(kobj);
	ssize_t ret;

	mutex_lock(&p->lock);
	ret = p->error[0] ? sysfs_emit(buf, "%s\n", p->error) : 0;
	mutex_unlock(&p->lock);
	return ret;
}

static ssize_t image_write(struct file *filp, struct kobject *kobj,
			   OSFP_BIN_ATTR_CONST struct bin_attribute *attr,
			   char *buf, loff_t off, size_t count)
{
	struct emu_port *p = emu_kobj_to_port(kobj);
	ssize_t ret = count;

	mutex_lock(&p->lock);
	if (!off)
		p->staging_len = 0;
	if (off > p->staging_len || off + count > EMU_IMAGE_MAX) {
		ret = off >= EMU_IMAGE_MAX ? -EFBIG : -EINVAL;
		goto out;
	}
	if (!p->staging) {
		p->staging = vmalloc(EMU_IMAGE_MAX);
		if (!p->staging) {
			ret = -ENOMEM;
			goto out;
		}
	}
	memcpy(p->staging + off, buf, count);
	p->staging_len = max_t(size_t, p->staging_len, off + count);
out:
	mutex_unlock(&p->lock);
	return ret;
}

static struct kobj_attribute emu_attr_command = __ATTR_WO(command);
static struct kobj_attribute emu_attr_stats = __ATTR_RO(stats);
static struct kobj_attribute emu_attr_error = __ATTR_RO(error);
static BIN_ATTR_WO(image, EMU_IMAGE_MAX);

static struct attribute *emu_port_attrs[] = {
	&emu_attr_command.attr,
	&emu_attr_stats.attr,
	&emu_attr_error.attr,
	NULL,
};

static OSFP_BIN_ATTR_CONST struct bin_attribute *OSFP_BIN_ATTR_CONST emu_port_bin_attrs[] = {
	&bin_attr_image,
	NULL,
};

static const struct attribute_group emu_port_group = {
	.attrs = emu_port_attrs,
	.bin_attrs = emu_port_bin_attrs,
};

static const struct attribute_group *emu_port_groups[] = {
	&emu_port_group,
	NULL,
};

/* The port structure outlives its kobject: release only signals. */
static void emu_port_kobj_release(struct kobject *kobj)
{
	complete(&emu_kobj_to_port(kobj)->kobj_released);
}

static const struct kobj_type emu_port_ktype = {
	.release = emu_port_kobj_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = emu_port_groups,
};

/**
 * emu_ctl_add() - create /sys/kernel/osfp_emu/port<N>/
 * @b: the board
 *
 * Return: 0 or a negative errno; emu_ctl_remove() cleans up either way.
 */
int emu_ctl_add(struct emu_board *b)
{
	unsigned int i;
	int ret;

	b->ctl_root = kobject_create_and_add("osfp_emu", kernel_kobj);
	if (!b->ctl_root)
		return -ENOMEM;

	for (i = 0; i < b->nports; i++) {
		struct emu_port *p = &b->ports[i];

		ret = kobject_init_and_add(&p->kobj, &emu_port_ktype,
					   b->ctl_root, "port%u", i);
		if (ret) {
			kobject_put(&p->kobj);
			wait_for_completion(&p->kobj_released);
			return ret;
		}
		p->kobj_added = true;
	}
	return 0;
}

/**
 * emu_ctl_remove() - remove the control files, waiting for their users
 * @b: the board
 */
void emu_ctl_remove(struct emu_board *b)
{
	unsigned int i;

	for (i = 0; i < b->nports; i++) {
		struct emu_port *p = &b->ports[i];

		if (!p->kobj_added)
			continue;
		kobject_del(&p->kobj);
		kobject_put(&p->kobj);
		wait_for_completion(&p->kobj_released);
		p->kobj_added = false;
	}
	kobject_put(b->ctl_root);
	b->ctl_root = NULL;
}
