// SPDX-License-Identifier: GPL-2.0
/*
 * osfp_emu: an emulated switch board with OSFP cages, for testing the osfp
 * driver without hardware.
 *
 * The board has a platform device "osfp-emu" as the parent of everything, a
 * board I2C adapter ("osfp-emu board") with the cage controller CPLD at
 * 0x60, an interrupt controller (an irq_domain with one level line, the
 * CPLD's), and per cage an I2C adapter ("osfp-emu port N") with an emulated
 * CMIS module at 0x50 (emu_module.c).  The cage controller client is
 * instantiated with a software node that describes the register layout and
 * the ports, as a board file or firmware would.  /sys/kernel/osfp_emu
 * (emu_ctl.c) controls it from user space.
 */

#include <linux/bits.h>
#include <linux/err.h>
#include <linux/firmware.h>
#include <linux/i2c.h>
#include <linux/irq.h>
#include <linux/irqdesc.h>
#include <linux/irqdomain.h>
#include <linux/kernel.h>
#include <linux/lockdep.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/property.h>
#include <linux/slab.h>

#include "emu_priv.h"

static unsigned int cages = 2;
module_param(cages, uint, 0444);
MODULE_PARM_DESC(cages, "number of OSFP cages (1-64, default 2)");

static char *image;
module_param(image, charp, 0444);
MODULE_PARM_DESC(image,
		 "module image (.cmis firmware file name) plugged into every cage at load");

static bool irq = true;
module_param(irq, bool, 0444);
MODULE_PARM_DESC(irq, "wire the CPLD's interrupt line (default 1; 0: a polled board)");

static bool present_line = true;
module_param_named(present, present_line, bool, 0444);
MODULE_PARM_DESC(present,
		 "describe the CPLD's PRESENT_N register (default 1; 0: cages without a present line)");

static bool reset_line = true;
module_param_named(reset, reset_line, bool, 0444);
MODULE_PARM_DESC(reset,
		 "describe the CPLD's RESET_N register (default 1; 0: cages without a reset line)");

static char *netdev_name;
module_param(netdev_name, charp, 0444);
MODULE_PARM_DESC(netdev_name,
		 "give each cage a \"netdev-name\" property: this prefix and the port number");

static struct emu_board *emu_board;

/* Bits of the ports that exist in register bank @bank. */
static u8 emu_valid(struct emu_board *b, unsigned int bank)
{
	unsigned int first = bank * 8;

	if (first >= b->nports)
		return 0;
	if (b->nports - first >= 8)
		return 0xff;
	return GENMASK(b->nports - first - 1, 0);
}

/* ---- interrupt line --------------------------------------------------- */

/* Recompute the CPLD interrupt line; raise it on a rising edge. */
static void emu_board_update_line(struct emu_board *b)
{
	bool asserted = false;
	unsigned long flags;
	unsigned int i;

	lockdep_assert_held(&b->lock);

	for (i = 0; i < EMU_REG_BANKS; i++)
		if (b->int_status[i] & ~b->int_mask[i])
			asserted = true;

	raw_spin_lock_irqsave(&b->irq_lock, flags);
	if (asserted && !b->line_asserted && !b->line_masked && !b->irq_dying)
		schedule_work(&b->irq_work);
	b->line_asserted = asserted;
	raw_spin_unlock_irqrestore(&b->irq_lock, flags);
}

/* Deliver the interrupt from process context while the line is asserted. */
static void emu_irq_work(struct work_struct *work)
{
	struct emu_board *b = container_of(work, struct emu_board, irq_work);
	unsigned long flags;
	bool fire;

	raw_spin_lock_irqsave(&b->irq_lock, flags);
	fire = b->line_asserted && !b->line_masked && !b->irq_dying;
	raw_spin_unlock_irqrestore(&b->irq_lock, flags);

	if (fire)
		generic_handle_irq_safe(b->virq);
}

static void emu_irq_mask(struct irq_data *d)
{
	struct emu_board *b = irq_data_get_irq_chip_data(d);
	unsigned long flags;

	raw_spin_lock_irqsave(&b->irq_lock, flags);
	b->line_masked = true;
	raw_spin_unlock_irqrestore(&b->irq_lock, flags);
}

/* A level interrupt unmasked while still asserted fires again. */
static void emu_irq_unmask(struct irq_data *d)
{
	struct emu_board *b = irq_data_get_irq_chip_data(d);
	unsigned long flags;

	raw_spin_lock_irqsave(&b->irq_lock, flags);
	b->line_masked = false;
	if (b->line_asserted && !b->irq_dying)
		schedule_work(&b->irq_work);
	raw_spin_unlock_irqrestore(&b->irq_lock, flags);
}

static const struct irq_chip emu_irq_chip = {
	.name = "osfp-emu",
	.irq_mask = emu_irq_mask,
	.irq_unmask = emu_irq_unmask,
	.flags = IRQCHIP_SKIP_SET_WAKE,
};

static int emu_irq_map(struct irq_domain *d, unsigned int virq,
		       irq_hw_number_t hw)
{
	irq_set_chip_data(virq, d->host_data);
	irq_set_chip_and_handler(virq, &emu_irq_chip, handle_level_irq);
	irq_set_status_flags(virq, IRQ_LEVEL);
	irq_set_noprobe(virq);
	return 0;
}

static const struct irq_domain_ops emu_irq_domain_ops = {
	.map = emu_irq_map,
	.xlate = irq_domain_xlate_onecell,
};

static int emu_board_irq_init(struct emu_board *b)
{
	b->irq_fwnode = irq_domain_alloc_named_fwnode("osfp-emu");
	if (!b->irq_fwnode)
		return -ENOMEM;
	b->domain = irq_domain_create_linear(b->irq_fwnode, 1,
					     &emu_irq_domain_ops, b);
	if (!b->domain)
		return -ENOMEM;
	b->virq = irq_create_mapping(b->domain, 0);
	if (!b->virq)
		return -ENXIO;
	return 0;
}

/* ---- CPLD ------------------------------------------------------------- */

static u8 emu_cpld_read(struct emu_board *b, u8 reg)
{
	unsigned int bank = reg & 0x0f;

	if (reg == EMU_REG_VERSION)
		return EMU_CPLD_VERSION;
	if (reg == EMU_REG_PORT_COUNT)
		return b->nports;
	if (bank >= EMU_REG_BANKS)
		return 0;
	switch (reg & 0xf0) {
	case EMU_REG_PRESENT_N:
		return b->present_n[bank];
	case EMU_REG_RESET_N:
		return b->reset_n[bank];
	case EMU_REG_LPMODE:
		return b->lpmode[bank];
	case EMU_REG_INT_N:
		return b->int_n[bank];
	case EMU_REG_INT_STATUS:
		return b->int_status[bank];
	case EMU_REG_INT_MASK:
		return b->int_mask[bank];
	}
	return 0;
}

/* Fault cpld-status-nack: the CPLD NACKs a read of INT_STATUS */
static bool emu_cpld_nack(struct emu_board *b, u8 reg)
{
	unsigned int bank = reg & 0x0f;

	return (reg & 0xf0) == EMU_REG_INT_STATUS && bank < EMU_REG_BANKS &&
	       (b->status_nack[bank] & b->int_status[bank]);
}

/* Write a register; ports whose RESET_N or LPMODE bit changed go in @changed */
static void emu_cpld_write(struct emu_board *b, u8 reg, u8 val, u64 *changed)
{
	unsigned int bank = reg & 0x0f, i;
	u8 valid, old, *r;

	if (bank >= EMU_REG_BANKS)
		return;
	valid = emu_valid(b, bank);
	switch (reg & 0xf0) {
	case EMU_REG_RESET_N:
		r = &b->reset_n[bank];
		break;
	case EMU_REG_LPMODE:
		r = &b->lpmode[bank];
		break;
	case EMU_REG_INT_STATUS:
		b->int_status[bank] &= ~(val & valid);		/* W1C */
		emu_board_update_line(b);
		return;
	case EMU_REG_INT_MASK:
		b->int_mask[bank] = (b->int_mask[bank] & ~valid) | (val & valid);
		emu_board_update_line(b);
		return;
	default:
		return;		/* read-only or unmapped */
	}
	old = *r;
	*r = (old & ~valid) | (val & valid);
	*changed |= (u64)(old ^ *r) << (bank * 8);
	/* Count assertions: RESET_N 1 -> 0, LPMODE 0 -> 1 */
	for (i = 0; i < 8; i++) {
		if (!(valid & BIT(i)))
			continue;
		if (r == b->reset_n && (old & BIT(i)) && !(*r & BIT(i)))
			b->reset_asserts[bank * 8 + i]++;
		if (r == b->lpmode && !(old & BIT(i)) && (*r & BIT(i)))
			b->lpmode_asserts[bank * 8 + i]++;
	}
}

/* The CPLD at 0x60: a write sets the register pointer (first byte) and
 * writes registers (following bytes); reads return registers; both
 * auto-increment.
 */
static int emu_board_xfer(struct i2c_adapter *adap, struct i2c_msg *msgs,
			  int num)
{
	struct emu_board *b = i2c_get_adapdata(adap);
	u64 changed = 0;
	int i, ret = num;
	u16 j;

	mutex_lock(&b->lock);
	for (i = 0; i < num; i++) {
		struct i2c_msg *m = &msgs[i];

		if (m->flags & (I2C_M_TEN | I2C_M_RECV_LEN)) {
			ret = -EOPNOTSUPP;
			break;
		}
		if (m->addr != EMU_CPLD_ADDR) {
			ret = -ENXIO;
			break;
		}
		if (m->flags & I2C_M_RD) {
			for (j = 0; j < m->len && ret == num; j++) {
				if (emu_cpld_nack(b, b->ptr))
					ret = -ENXIO;
				else
					m->buf[j] = emu_cpld_read(b, b->ptr++);
			}
			if (ret != num)
				break;
		} else if (m->len) {
			b->ptr = m->buf[0];
			for (j = 1; j < m->len; j++)
				emu_cpld_write(b, b->ptr++, m->buf[j], &changed);
		}
	}
	mutex_unlock(&b->lock);

	/* lock order: port before board, so tell the ports now */
	for (i = 0; i < b->nports; i++)
		if (changed & BIT_ULL(i))
			emu_port_inputs_changed(&b->ports[i]);
	return ret;
}

static u32 emu_board_functionality(struct i2c_adapter *adap)
{
	return I2C_FUNC_I2C | I2C_FUNC_SMBUS_EMUL;
}

static const struct i2c_algorithm emu_board_algo = {
	.master_xfer = emu_board_xfer,
	.functionality = emu_board_functionality,
};

/**
 * emu_board_set_present() - a module appeared or disappeared
 * @b: the board
 * @port: port number
 * @present: new presence
 *
 * Updates PRESENT_N and sets the port's INT_STATUS bit.
 */
void emu_board_set_present(struct emu_board *b, unsigned int port,
			   bool present)
{
	unsigned int bank = port / 8;
	u8 bit = BIT(port % 8);

	mutex_lock(&b->lock);
	if (present)
		b->present_n[bank] &= ~bit;
	else
		b->present_n[bank] |= bit;
	b->int_status[bank] |= bit;
	emu_board_update_line(b);
	mutex_unlock(&b->lock);
}

/**
 * emu_board_set_intl() - the module's IntL changed
 * @b: the board
 * @port: port number
 * @asserted: IntL asserted
 *
 * Updates INT_N; an assertion sets the port's INT_STATUS bit.
 */
void emu_board_set_intl(struct emu_board *b, unsigned int port, bool asserted)
{
	unsigned int bank = port / 8;
	u8 bit = BIT(port % 8);

	mutex_lock(&b->lock);
	if (asserted) {
		b->int_n[bank] &= ~bit;
		b->int_status[bank] |= bit;
	} else {
		b->int_n[bank] |= bit;
	}
	emu_board_update_line(b);
	mutex_unlock(&b->lock);
}

/**
 * emu_board_flag_status() - set the port's INT_STATUS bit
 * @b: the board
 * @port: port number
 */
void emu_board_flag_status(struct emu_board *b, unsigned int port)
{
	mutex_lock(&b->lock);
	b->int_status[port / 8] |= BIT(port % 8);
	emu_board_update_line(b);
	mutex_unlock(&b->lock);
}

/**
 * emu_board_port_inputs() - the CPLD's outputs to a module
 * @b: the board
 * @port: port number
 * @reset: set to true if RESET_N holds the module in reset
 * @lpmode: set to true if LPMODE requests low power
 */
void emu_board_port_inputs(struct emu_board *b, unsigned int port,
			   bool *reset, bool *lpmode)
{
	unsigned int bank = port / 8;
	u8 bit = BIT(port % 8);

	mutex_lock(&b->lock);
	*reset = !(b->reset_n[bank] & bit);
	*lpmode = b->lpmode[bank] & bit;
	mutex_unlock(&b->lock);
}

/**
 * emu_board_status_nack() - set or clear the cpld-status-nack fault of a port
 * @b: the board
 * @port: port number
 * @on: reads of INT_STATUS fail while the port's status bit is set
 */
void emu_board_status_nack(struct emu_board *b, unsigned int port, bool on)
{
	mutex_lock(&b->lock);
	if (on)
		b->status_nack[port / 8] |= BIT(port % 8);
	else
		b->status_nack[port / 8] &= ~BIT(port % 8);
	mutex_unlock(&b->lock);
}

/**
 * emu_board_line_counts() - how often the CPLD asserted a port's outputs
 * @b: the board
 * @port: port number
 * @clear: zero the counts after reading them
 * @lpmode_asserts: set to the writes that set the port's LPMODE bit
 * @reset_asserts: set to the writes that cleared the port's RESET_N bit
 */
void emu_board_line_counts(struct emu_board *b, unsigned int port, bool clear,
			   u32 *lpmode_asserts, u32 *reset_asserts)
{
	mutex_lock(&b->lock);
	*lpmode_asserts = b->lpmode_asserts[port];
	*reset_asserts = b->reset_asserts[port];
	if (clear) {
		b->lpmode_asserts[port] = 0;
		b->reset_asserts[port] = 0;
	}
	mutex_unlock(&b->lock);
}

/* ---- software nodes --------------------------------------------------- */

/* The controller node, one "osfp-emu-portN-i2c" node per port adapter and
 * the controller's "port@N" children.  All property arrays live in the
 * board and port structures: PROPERTY_ENTRY_REF() would point to a compound
 * literal on the stack here, so the reference uses a per-port
 * software_node_ref_args through PROPERTY_ENTRY_REF_ARRAY_LEN().
 */
static int emu_board_nodes(struct emu_board *b)
{
	struct property_entry *pe = b->ctrl_props;
	unsigned int i, n = 0;
	int ret;

	b->node_group = kcalloc(2 * b->nports + 2, sizeof(*b->node_group),
				GFP_KERNEL);
	if (!b->node_group)
		return -ENOMEM;

	pe[n++] = PROPERTY_ENTRY_STRING("compatible", "osfp,cage-controller");
	pe[n++] = PROPERTY_ENTRY_U32("num-ports", b->nports);
	pe[n++] = PROPERTY_ENTRY_U32("version-reg", EMU_REG_VERSION);
	/* Without it the cages probe the module over I2C for presence */
	if (present_line)
		pe[n++] = PROPERTY_ENTRY_U32("present-reg", EMU_REG_PRESENT_N);
	/* Without it the register still works, but no cage knows about it */
	if (reset_line)
		pe[n++] = PROPERTY_ENTRY_U32("reset-reg", EMU_REG_RESET_N);
	pe[n++] = PROPERTY_ENTRY_U32("lpmode-reg", EMU_REG_LPMODE);
	pe[n++] = PROPERTY_ENTRY_U32("int-reg", EMU_REG_INT_N);
	if (irq) {
		pe[n++] = PROPERTY_ENTRY_U32("irq-status-reg", EMU_REG_INT_STATUS);
		pe[n++] = PROPERTY_ENTRY_U32("irq-mask-reg", EMU_REG_INT_MASK);
	}
	if (present_line)
		pe[n++] = PROPERTY_ENTRY_BOOL("present-active-low");
	if (reset_line)
		pe[n++] = PROPERTY_ENTRY_BOOL("reset-active-low");
	pe[n++] = PROPERTY_ENTRY_BOOL("int-active-low");
	/* the rest of ctrl_props is zeroed: the terminator */
	BUILD_BUG_ON(ARRAY_SIZE(b->ctrl_props) < 13);

	b->ctrl_node.name = "osfp-emu-cage-ctrl";
	b->ctrl_node.properties = b->ctrl_props;
	b->node_group[0] = &b->ctrl_node;

	for (i = 0; i < b->nports; i++) {
		struct emu_port *p = &b->ports[i];

		snprintf(p->i2c_node_name, sizeof(p->i2c_node_name),
			 "osfp-emu-port%u-i2c", i);
		snprintf(p->port_node_name, sizeof(p->port_node_name),
			 "port@%u", i);
		snprintf(p->label, sizeof(p->label), "osfp%u", i);

		p->i2c_node.name = p->i2c_node_name;

		p->bus_ref = SOFTWARE_NODE_REFERENCE(&p->i2c_node);
		p->props[0] = PROPERTY_ENTRY_U32("reg", i);
		p->props[1] = PROPERTY_ENTRY_STRING("label", p->label);
		p->props[2] = PROPERTY_ENTRY_REF_ARRAY_LEN("i2c-bus",
							   &p->bus_ref, 1);
		p->props[3] = PROPERTY_ENTRY_U32("maximum-power-milliwatt",
						 25000);
		if (netdev_name) {
			snprintf(p->netdev_name, sizeof(p->netdev_name), "%s%u",
				 netdev_name, i);
			p->props[4] = PROPERTY_ENTRY_STRING("netdev-name",
							    p->netdev_name);
		}
		/* The entry after the last one stays zeroed: the terminator */
		p->port_node.name = p->port_node_name;
		p->port_node.parent = &b->ctrl_node;
		p->port_node.properties = p->props;

		b->node_group[1 + i] = &p->i2c_node;
		b->node_group[1 + b->nports + i] = &p->port_node;
	}

	ret = software_node_register_node_group(b->node_group);
	if (ret)
		return ret;
	b->nodes_registered = true;
	return 0;
}

/* ---- adapters --------------------------------------------------------- */

static int emu_board_adapters(struct emu_board *b)
{
	struct i2c_adapter *a;
	unsigned int i;
	int ret;

	for (i = 0; i < b->nports; i++) {
		struct emu_port *p = &b->ports[i];

		a = &p->adap;
		/*
		 * No owner: the cage driver holds these adapters for as long
		 * as a cage is bound, and an owner would pin this module, so
		 * that the board could not be removed under the driver.
		 * Removal unregisters the controller (and so the cages)
		 * first; i2c_del_adapter() then waits for any other user,
		 * like an i2c-mux channel does.
		 */
		a->algo = &emu_port_algo;
		a->dev.parent = &b->pdev->dev;
		a->dev.fwnode = software_node_fwnode(&p->i2c_node);
		snprintf(a->name, sizeof(a->name), "osfp-emu port %u", i);
		i2c_set_adapdata(a, p);
		ret = i2c_add_adapter(a);
		if (ret)
			return ret;
		p->adap_added = true;
	}

	a = &b->adap;
	a->owner = THIS_MODULE;
	a->algo = &emu_board_algo;
	a->dev.parent = &b->pdev->dev;
	strscpy(a->name, "osfp-emu board", sizeof(a->name));
	i2c_set_adapdata(a, b);
	ret = i2c_add_adapter(a);
	if (ret)
		return ret;
	b->adap_added = true;
	return 0;
}

/* ---- modules plugged at load ------------------------------------------ */

/*
 * The "image" parameter: a board that powers up with a module in every
 * cage. The image is a firmware file, so that it is found like any other
 * (the firmware_class.path parameter names a directory of images).
 */
static int emu_board_plug_all(struct emu_board *b)
{
	const struct firmware *fw;
	struct emu_image *img, *copy;
	char err[EMU_ERR_LEN] = "";
	unsigned int i;
	int ret;

	if (!image || !*image)
		return 0;
	ret = request_firmware_direct(&fw, image, &b->pdev->dev);
	if (ret)
		return ret;
	img = emu_image_parse(fw->data, fw->size, err, sizeof(err));
	release_firmware(fw);
	if (IS_ERR(img)) {
		pr_err("osfp_emu: %s: %s\n", image, err);
		return PTR_ERR(img);
	}

	for (i = 0; i < b->nports; i++) {
		struct emu_port *p = &b->ports[i];

		copy = i + 1 < b->nports ? emu_image_dup(img) : img;
		if (!copy) {
			ret = -ENOMEM;
			break;
		}
		mutex_lock(&p->lock);
		ret = emu_port_load(p, copy);
		if (!ret)
			ret = emu_port_plug(p, true);
		mutex_unlock(&p->lock);
		if (ret)
			break;
	}
	if (i + 1 < b->nports)
		emu_image_free(img);
	return ret;
}

/* ---- module ----------------------------------------------------------- */

static void emu_board_destroy(struct emu_board *b)
{
	unsigned long flags;
	unsigned int i;

	/* the controller (and with it the cages) first */
	if (b->client)
		i2c_unregister_device(b->client);
	emu_ctl_remove(b);
	for (i = 0; i < b->nports; i++)
		if (b->ports[i].adap_added)
			i2c_del_adapter(&b->ports[i].adap);
	if (b->adap_added)
		i2c_del_adapter(&b->adap);
	for (i = 0; i < b->nports; i++)
		emu_port_destroy(&b->ports[i]);

	raw_spin_lock_irqsave(&b->irq_lock, flags);
	b->irq_dying = true;
	raw_spin_unlock_irqrestore(&b->irq_lock, flags);
	cancel_work_sync(&b->irq_work);

	if (b->nodes_registered)
		software_node_unregister_node_group(b->node_group);
	kfree(b->node_group);
	if (b->virq)
		irq_dispose_mapping(b->virq);
	if (b->domain)
		irq_domain_remove(b->domain);
	if (b->irq_fwnode)
		irq_domain_free_fwnode(b->irq_fwnode);
	if (b->pdev)
		platform_device_unregister(b->pdev);
	mutex_destroy(&b->lock);
	kfree(b->ports);
	kfree(b);
}

static int emu_board_create(struct emu_board *b)
{
	struct i2c_board_info info = {
		I2C_BOARD_INFO("osfp-cage-ctrl", EMU_CPLD_ADDR),
	};
	int ret;

	b->pdev = platform_device_register_simple("osfp-emu",
						  PLATFORM_DEVID_NONE, NULL, 0);
	if (IS_ERR(b->pdev)) {
		ret = PTR_ERR(b->pdev);
		b->pdev = NULL;
		pr_err("osfp_emu: platform device: %pe\n", ERR_PTR(ret));
		return ret;
	}

	ret = emu_board_irq_init(b);
	if (ret) {
		pr_err("osfp_emu: irq domain: %pe\n", ERR_PTR(ret));
		return ret;
	}

	ret = emu_board_nodes(b);
	if (ret) {
		pr_err("osfp_emu: software nodes: %pe\n", ERR_PTR(ret));
		return ret;
	}

	ret = emu_board_adapters(b);
	if (ret) {
		pr_err("osfp_emu: i2c adapters: %pe\n", ERR_PTR(ret));
		return ret;
	}

	ret = emu_ctl_add(b);
	if (ret) {
		pr_err("osfp_emu: control files: %pe\n", ERR_PTR(ret));
		return ret;
	}

	ret = emu_board_plug_all(b);
	if (ret) {
		pr_err("osfp_emu: image %s: %pe\n", image, ERR_PTR(ret));
		return ret;
	}

	/* Without its interrupt line wired, the controller polls */
	info.irq = irq ? b->virq : 0;
	info.swnode = &b->ctrl_node;
	b->client = i2c_new_client_device(&b->adap, &info);
	if (IS_ERR(b->client)) {
		ret = PTR_ERR(b->client);
		b->client = NULL;
		pr_err("osfp_emu: cage controller: %pe\n", ERR_PTR(ret));
		return ret;
	}
	return 0;
}

static int __init osfp_emu_init(void)
{
	struct emu_board *b;
	unsigned int i;
	int ret;

	if (cages < 1 || cages > EMU_MAX_PORTS) {
		pr_err("osfp_emu: cages=%u out of range (1-%u)\n", cages,
		       EMU_MAX_PORTS);
		return -EINVAL;
	}

	b = kzalloc(sizeof(*b), GFP_KERNEL);
	if (!b)
		return -ENOMEM;
	b->ports = kcalloc(cages, sizeof(*b->ports), GFP_KERNEL);
	if (!b->ports) {
		kfree(b);
		return -ENOMEM;
	}
	b->nports = cages;

	mutex_init(&b->lock);
	raw_spin_lock_init(&b->irq_lock);
	INIT_WORK(&b->irq_work, emu_irq_work);
	b->line_masked = true;	/* a new irq descriptor starts masked */
	for (i = 0; i < EMU_REG_BANKS; i++) {
		/* nothing present, reset released, low power requested */
		b->present_n[i] = 0xff;
		b->reset_n[i] = 0xff;
		b->lpmode[i] = 0xff;
		b->int_n[i] = 0xff;
		b->int_status[i] = 0;
		b->int_mask[i] = 0xff;
	}
	for (i = 0; i < b->nports; i++)
		emu_port_init(&b->ports[i], b, i);

	ret = emu_board_create(b);
	if (ret) {
		emu_board_destroy(b);
		return ret;
	}
	emu_board = b;
	return 0;
}

static void __exit osfp_emu_exit(void)
{
	emu_board_destroy(emu_board);
}

module_init(osfp_emu_init);
module_exit(osfp_emu_exit);

MODULE_DESCRIPTION("Emulated switch board with OSFP cages and CMIS modules");
MODULE_LICENSE("GPL");
