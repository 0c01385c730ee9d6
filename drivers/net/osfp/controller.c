// SPDX-License-Identifier: GPL-2.0
/*
 * OSFP cage controller: the I2C register device (on most switches a CPLD or
 * an FPGA) that decodes the cages' present, reset, low-power and interrupt
 * signals into register banks.
 *
 * The register layout comes from device properties, so a new switch needs a
 * description, not code:
 *
 *   num-ports                   number of cages (1..256)
 *   version-reg                 register logged at probe (optional)
 *   present-reg, reset-reg,     first register of each bank; port p is in
 *   lpmode-reg, int-reg         register BASE + p / 8, bit p % 8 (bit
 *                               7 - p % 8 with bit-order-msb-first); a bank
 *                               may be absent
 *   irq-status-reg              per-port interrupt status, write 1 to clear
 *                               (read to clear with irq-status-clear-on-read)
 *   irq-mask-reg                per-port interrupt mask, 1 = masked
 *   present-active-low, reset-active-low, lpmode-active-low, int-active-low
 *                               polarity of the bank bits (boolean)
 *
 * The controller is a GPIO chip with four lines per port (line = port * 4 +
 * enum osfp_gpio: present and int are inputs, reset and lpmode outputs; the
 * line values are the raw register bits). When the I2C client has an
 * interrupt and the status and mask banks are described, the present and int
 * lines are interrupt capable (edge triggered, nested in the threaded
 * handler of the client's interrupt); otherwise the cage driver polls.
 *
 * One "osfp-cage" platform device is created per available child node (its
 * "reg" is the port), with the child as firmware node and a GPIO lookup table
 * that maps "present", "reset", "lpmode" and "int" to the port's lines.
 */

#include <linux/bitmap.h>
#include <linux/bitops.h>
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/gpio/driver.h>
#include <linux/gpio/machine.h>
#include <linux/i2c.h>
#include <linux/idr.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/irqdomain.h>
#include <linux/minmax.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/platform_device.h>
#include <linux/property.h>
#include <linux/regmap.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "osfp_compat.h"
#include "osfp_core.h"

#define OSFP_CTRL_MAX_PORTS	256
#define OSFP_CTRL_MAX_BYTES	(OSFP_CTRL_MAX_PORTS / BITS_PER_BYTE)
#define OSFP_CTRL_ERR_BACKOFF_MS	20	/* interrupt status unreadable */

/* Unique ids of the cage platform devices of all controllers */
static DEFINE_IDA(osfp_cage_ida);

static const char * const osfp_ctrl_bank_names[OSFP_GPIO_NUM] = {
	[OSFP_GPIO_PRESENT] = "present",
	[OSFP_GPIO_RESET] = "reset",
	[OSFP_GPIO_LPMODE] = "lpmode",
	[OSFP_GPIO_INT] = "int",
};

/**
 * struct osfp_ctrl - one cage controller
 * @dev: the I2C client's device
 * @regmap: register access; reset, lpmode and mask banks are cached
 * @gc: the GPIO chip (label: the client's device name)
 * @num_ports: number of ports
 * @nbytes: bytes per bank
 * @bank_reg: first register of each bank
 * @has_bank: the bank is described
 * @active_low: the bank's bits are active low
 * @status_reg: first interrupt status register
 * @mask_reg: first interrupt mask register
 * @version_reg: version register
 * @has_version: @version_reg is described
 * @msb_first: port 0 is bit 7 of a bank byte
 * @status_cor: the status bank clears on read
 * @has_irq: the GPIO chip has an irqchip
 * @irq_lock: the irqchip bus lock, held from irq_bus_lock to
 *	irq_bus_sync_unlock; protects @irq_enabled and the trigger bitmaps
 *	against concurrent irq configuration
 * @lock: protects @hw_enabled, @level, @scratch and the bank buffers; taken
 *	after @irq_lock; never held while nested handlers run
 * @irq_enabled: lines whose interrupt is unmasked (irqchip view)
 * @hw_enabled: @irq_enabled as last written to the mask bank
 * @trig_rise: lines that want rising edges
 * @trig_fall: lines that want falling edges
 * @level: last seen raw level of the interrupt capable lines
 * @scratch: temporary bitmap
 * @pending: lines to dispatch (interrupt thread only)
 * @status: status bank buffer
 * @bank: present and int bank buffers
 */
struct osfp_ctrl {
	struct device *dev;
	struct regmap *regmap;
	struct gpio_chip gc;
	u32 num_ports;
	unsigned int nbytes;
	u32 bank_reg[OSFP_GPIO_NUM];
	bool has_bank[OSFP_GPIO_NUM];
	bool active_low[OSFP_GPIO_NUM];
	u32 status_reg;
	u32 mask_reg;
	u32 version_reg;
	bool has_version;
	bool msb_first;
	bool status_cor;
	bool has_irq;

	struct mutex irq_lock;		/* irqchip bus lock, see above */
	struct mutex lock;		/* see above */
	unsigned long *irq_enabled;
	unsigned long *hw_enabled;
	unsigned long *trig_rise;
	unsigned long *trig_fall;
	unsigned long *level;
	unsigned long *scratch;
	unsigned long *pending;
	u8 status[OSFP_CTRL_MAX_BYTES];
	u8 bank[OSFP_GPIO_NUM][OSFP_CTRL_MAX_BYTES];
};

/**
 * struct osfp_ctrl_cage - a cage platform device created by a controller
 * @pdev: the platform device
 * @fwnode: its firmware node (reference held)
 * @id: platform device id, from osfp_cage_ida
 * @dev_id: the device name, for the lookup table
 * @lookup: GPIO lookup table of the cage
 */
struct osfp_ctrl_cage {
	struct platform_device *pdev;
	struct fwnode_handle *fwnode;
	int id;
	char dev_id[32];
	struct gpiod_lookup_table *lookup;
};

static inline unsigned int osfp_ctrl_func(unsigned int line)
{
	return line % OSFP_GPIO_NUM;
}

static inline unsigned int osfp_ctrl_port(unsigned int line)
{
	return line / OSFP_GPIO_NUM;
}

static inline u8 osfp_ctrl_bit(const struct osfp_ctrl *ctrl, unsigned int port)
{
	return ctrl->msb_first ? BIT(7 - port % 8) : BIT(port % 8);
}

static bool osfp_ctrl_line_is_input(unsigned int line)
{
	unsigned int func = osfp_ctrl_func(line);

	return func == OSFP_GPIO_PRESENT || func == OSFP_GPIO_INT;
}

/* ---- regmap ---- */

static bool osfp_ctrl_in_bank(const struct osfp_ctrl *ctrl, u32 base, unsigned int reg)
{
	return reg >= base && reg < base + ctrl->nbytes;
}

static bool osfp_ctrl_reg_cached(const struct osfp_ctrl *ctrl, unsigned int reg)
{
	return (ctrl->has_bank[OSFP_GPIO_RESET] &&
		osfp_ctrl_in_bank(ctrl, ctrl->bank_reg[OSFP_GPIO_RESET], reg)) ||
	       (ctrl->has_bank[OSFP_GPIO_LPMODE] &&
		osfp_ctrl_in_bank(ctrl, ctrl->bank_reg[OSFP_GPIO_LPMODE], reg)) ||
	       (ctrl->has_irq && osfp_ctrl_in_bank(ctrl, ctrl->mask_reg, reg));
}

static bool osfp_ctrl_readable_reg(struct device *dev, unsigned int reg)
{
	struct osfp_ctrl *ctrl = dev_get_drvdata(dev);
	unsigned int func;

	if (ctrl->has_version && reg == ctrl->version_reg)
		return true;
	for (func = 0; func < OSFP_GPIO_NUM; func++)
		if (ctrl->has_bank[func] && osfp_ctrl_in_bank(ctrl, ctrl->bank_reg[func], reg))
			return true;
	return ctrl->has_irq && (osfp_ctrl_in_bank(ctrl, ctrl->status_reg, reg) ||
				 osfp_ctrl_in_bank(ctrl, ctrl->mask_reg, reg));
}

static bool osfp_ctrl_volatile_reg(struct device *dev, unsigned int reg)
{
	return !osfp_ctrl_reg_cached(dev_get_drvdata(dev), reg);
}

static bool osfp_ctrl_writeable_reg(struct device *dev, unsigned int reg)
{
	struct osfp_ctrl *ctrl = dev_get_drvdata(dev);

	return osfp_ctrl_reg_cached(ctrl, reg) ||
	       (ctrl->has_irq && !ctrl->status_cor &&
		osfp_ctrl_in_bank(ctrl, ctrl->status_reg, reg));
}

static bool osfp_ctrl_precious_reg(struct device *dev, unsigned int reg)
{
	struct osfp_ctrl *ctrl = dev_get_drvdata(dev);

	return ctrl->status_cor && osfp_ctrl_in_bank(ctrl, ctrl->status_reg, reg);
}

static const struct regmap_config osfp_ctrl_regmap_config = {
	.reg_bits = 8,
	.val_bits = 8,
	.max_register = 0xff,
	.readable_reg = osfp_ctrl_readable_reg,
	.writeable_reg = osfp_ctrl_writeable_reg,
	.volatile_reg = osfp_ctrl_volatile_reg,
	.precious_reg = osfp_ctrl_precious_reg,
	.cache_type = REGCACHE_RBTREE,
};

/* ---- GPIO lines ---- */

static void osfp_ctrl_locate(const struct osfp_ctrl *ctrl, unsigned int line,
			     unsigned int *reg, u8 *mask)
{
	unsigned int port = osfp_ctrl_port(line);

	*reg = ctrl->bank_reg[osfp_ctrl_func(line)] + port / 8;
	*mask = osfp_ctrl_bit(ctrl, port);
}

static int osfp_ctrl_gpio_get(struct gpio_chip *gc, unsigned int offset)
{
	struct osfp_ctrl *ctrl = gpiochip_get_data(gc);
	unsigned int reg, val;
	u8 mask;
	int ret;

	osfp_ctrl_locate(ctrl, offset, &reg, &mask);
	ret = regmap_read(ctrl->regmap, reg, &val);
	if (ret)
		return ret;
	return !!(val & mask);
}

static int osfp_ctrl_gpio_write(struct gpio_chip *gc, unsigned int offset, int value)
{
	struct osfp_ctrl *ctrl = gpiochip_get_data(gc);
	unsigned int reg;
	u8 mask;

	if (osfp_ctrl_line_is_input(offset))
		return -EPERM;
	osfp_ctrl_locate(ctrl, offset, &reg, &mask);
	return regmap_update_bits(ctrl->regmap, reg, mask, value ? mask : 0);
}

OSFP_DEFINE_GPIO_SET(osfp_ctrl_gpio)

static int osfp_ctrl_gpio_get_direction(struct gpio_chip *gc, unsigned int offset)
{
	return osfp_ctrl_line_is_input(offset) ? GPIO_LINE_DIRECTION_IN :
						 GPIO_LINE_DIRECTION_OUT;
}

static int osfp_ctrl_gpio_direction_input(struct gpio_chip *gc, unsigned int offset)
{
	return osfp_ctrl_line_is_input(offset) ? 0 : -EPERM;
}

static int osfp_ctrl_gpio_direction_output(struct gpio_chip *gc, unsigned int offset,
					   int value)
{
	return osfp_ctrl_gpio_write(gc, offset, value);
}

static int osfp_ctrl_init_valid_mask(struct gpio_chip *gc, unsigned long *valid_mask,
				     unsigned int ngpios)
{
	struct osfp_ctrl *ctrl = gpiochip_get_data(gc);
	unsigned int line;

	for (line = 0; line < ngpios; line++)
		assign_bit(line, valid_mask, ctrl->has_bank[osfp_ctrl_func(line)]);
	return 0;
}

/* ---- interrupts ---- */

static bool osfp_ctrl_line_irq_capable(const struct osfp_ctrl *ctrl, unsigned int line)
{
	return osfp_ctrl_line_is_input(line) && ctrl->has_bank[osfp_ctrl_func(line)];
}

static void osfp_ctrl_irq_init_valid_mask(struct gpio_chip *gc, unsigned long *valid_mask,
					  unsigned int ngpios)
{
	struct osfp_ctrl *ctrl = gpiochip_get_data(gc);
	unsigned int line;

	for (line = 0; line < ngpios; line++)
		assign_bit(line, valid_mask, osfp_ctrl_line_irq_capable(ctrl, line));
}

/* Read the present and int banks into ctrl->bank. Called with ctrl->lock held. */
static int osfp_ctrl_read_levels(struct osfp_ctrl *ctrl)
{
	static const unsigned int funcs[] = { OSFP_GPIO_PRESENT, OSFP_GPIO_INT };
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(funcs); i++) {
		if (!ctrl->has_bank[funcs[i]])
			continue;
		ret = regmap_bulk_read(ctrl->regmap, ctrl->bank_reg[funcs[i]],
				       ctrl->bank[funcs[i]], ctrl->nbytes);
		if (ret)
			return ret;
	}
	return 0;
}

static bool osfp_ctrl_bank_level(const struct osfp_ctrl *ctrl, unsigned int line)
{
	unsigned int port = osfp_ctrl_port(line);

	return ctrl->bank[osfp_ctrl_func(line)][port / 8] & osfp_ctrl_bit(ctrl, port);
}

/*
 * Write the mask bank from ctrl->irq_enabled: a port is unmasked while its
 * present or int line has an enabled interrupt. Lines that become enabled
 * get their level sampled first, so an edge is measured from the moment the
 * interrupt was enabled. Called with ctrl->lock held.
 */
static void osfp_ctrl_sync_mask(struct osfp_ctrl *ctrl)
{
	unsigned int ngpio = ctrl->gc.ngpio;
	unsigned int line, i, port;
	u8 mask[OSFP_CTRL_MAX_BYTES];
	int ret;

	bitmap_andnot(ctrl->scratch, ctrl->irq_enabled, ctrl->hw_enabled, ngpio);
	if (!bitmap_empty(ctrl->scratch, ngpio)) {
		ret = osfp_ctrl_read_levels(ctrl);
		if (ret)
			dev_err_ratelimited(ctrl->dev, "reading levels failed: %pe\n",
					    ERR_PTR(ret));
		else
			for_each_set_bit(line, ctrl->scratch, ngpio)
				assign_bit(line, ctrl->level,
					   osfp_ctrl_bank_level(ctrl, line));
	}

	memset(mask, 0xff, ctrl->nbytes);
	for (port = 0; port < ctrl->num_ports; port++) {
		line = port * OSFP_GPIO_NUM;
		if (test_bit(line + OSFP_GPIO_PRESENT, ctrl->irq_enabled) ||
		    test_bit(line + OSFP_GPIO_INT, ctrl->irq_enabled))
			mask[port / 8] &= ~osfp_ctrl_bit(ctrl, port);
	}

	for (i = 0; i < ctrl->nbytes; i++) {
		ret = regmap_update_bits(ctrl->regmap, ctrl->mask_reg + i, 0xff, mask[i]);
		if (ret) {
			dev_err_ratelimited(ctrl->dev, "writing irq mask failed: %pe\n",
					    ERR_PTR(ret));
			return;
		}
	}
	bitmap_copy(ctrl->hw_enabled, ctrl->irq_enabled, ngpio);
}

static void osfp_ctrl_irq_mask(struct irq_data *d)
{
	struct gpio_chip *gc = irq_data_get_irq_chip_data(d);
	struct osfp_ctrl *ctrl = gpiochip_get_data(gc);
	irq_hw_number_t hwirq = irqd_to_hwirq(d);

	clear_bit(hwirq, ctrl->irq_enabled);
	gpiochip_disable_irq(gc, hwirq);
}

static void osfp_ctrl_irq_unmask(struct irq_data *d)
{
	struct gpio_chip *gc = irq_data_get_irq_chip_data(d);
	struct osfp_ctrl *ctrl = gpiochip_get_data(gc);
	irq_hw_number_t hwirq = irqd_to_hwirq(d);

	gpiochip_enable_irq(gc, hwirq);
	set_bit(hwirq, ctrl->irq_enabled);
}

static int osfp_ctrl_irq_set_type(struct irq_data *d, unsigned int type)
{
	struct gpio_chip *gc = irq_data_get_irq_chip_data(d);
	struct osfp_ctrl *ctrl = gpiochip_get_data(gc);
	irq_hw_number_t hwirq = irqd_to_hwirq(d);

	if (!(type & IRQ_TYPE_EDGE_BOTH) || (type & IRQ_TYPE_LEVEL_MASK))
		return -EINVAL;

	assign_bit(hwirq, ctrl->trig_rise, type & IRQ_TYPE_EDGE_RISING);
	assign_bit(hwirq, ctrl->trig_fall, type & IRQ_TYPE_EDGE_FALLING);
	return 0;
}

static void osfp_ctrl_irq_bus_lock(struct irq_data *d)
{
	struct gpio_chip *gc = irq_data_get_irq_chip_data(d);
	struct osfp_ctrl *ctrl = gpiochip_get_data(gc);

	mutex_lock(&ctrl->irq_lock);
}

static void osfp_ctrl_irq_bus_sync_unlock(struct irq_data *d)
{
	struct gpio_chip *gc = irq_data_get_irq_chip_data(d);
	struct osfp_ctrl *ctrl = gpiochip_get_data(gc);

	mutex_lock(&ctrl->lock);
	osfp_ctrl_sync_mask(ctrl);
	mutex_unlock(&ctrl->lock);
	mutex_unlock(&ctrl->irq_lock);
}

static void osfp_ctrl_irq_print_chip(struct irq_data *d, struct seq_file *p)
{
	struct gpio_chip *gc = irq_data_get_irq_chip_data(d);

	seq_puts(p, gc->label);
}

static const struct irq_chip osfp_ctrl_irq_chip = {
	.irq_mask = osfp_ctrl_irq_mask,
	.irq_unmask = osfp_ctrl_irq_unmask,
	.irq_set_type = osfp_ctrl_irq_set_type,
	.irq_bus_lock = osfp_ctrl_irq_bus_lock,
	.irq_bus_sync_unlock = osfp_ctrl_irq_bus_sync_unlock,
	.irq_print_chip = osfp_ctrl_irq_print_chip,
	.flags = IRQCHIP_IMMUTABLE | IRQCHIP_SKIP_SET_WAKE,
	GPIOCHIP_IRQ_RESOURCE_HELPERS,
};

/*
 * The client's interrupt: read and acknowledge the status bank, then compare
 * the present and int levels with the last ones seen and run the nested
 * handlers of the lines that changed in a direction they asked for. The
 * status is acknowledged before the levels are read, so a change after the
 * read raises the interrupt again.
 */
static irqreturn_t osfp_ctrl_irq_thread(int irq, void *data)
{
	struct osfp_ctrl *ctrl = data;
	unsigned int ngpio = ctrl->gc.ngpio;
	unsigned int line, port, i;
	bool any = false;
	int ret;

	mutex_lock(&ctrl->lock);
	ret = regmap_bulk_read(ctrl->regmap, ctrl->status_reg, ctrl->status, ctrl->nbytes);
	if (ret)
		goto err;
	for (i = 0; i < ctrl->nbytes; i++)
		any |= ctrl->status[i];
	if (!any) {
		mutex_unlock(&ctrl->lock);
		return IRQ_NONE;
	}
	if (!ctrl->status_cor) {
		ret = regmap_bulk_write(ctrl->regmap, ctrl->status_reg, ctrl->status,
					ctrl->nbytes);
		if (ret)
			goto err;
	}
	ret = osfp_ctrl_read_levels(ctrl);
	if (ret)
		goto err;

	bitmap_zero(ctrl->pending, ngpio);
	for (port = 0; port < ctrl->num_ports; port++) {
		bool event = ctrl->status[port / 8] & osfp_ctrl_bit(ctrl, port);

		for (i = OSFP_GPIO_PRESENT; i < OSFP_GPIO_NUM; i++) {
			bool old, new;

			line = port * OSFP_GPIO_NUM + i;
			if (!osfp_ctrl_line_irq_capable(ctrl, line))
				continue;
			old = test_bit(line, ctrl->level);
			new = osfp_ctrl_bank_level(ctrl, line);
			/*
			 * The status bit says the port had an event, but the
			 * line may have left and re-entered its active level
			 * between two reads (IntL released when the module's
			 * flags were read, then asserted again): that is an
			 * edge into the active level we did not see.
			 */
			if (old == new &&
			    !(event && (i == OSFP_GPIO_PRESENT || new == !ctrl->active_low[i])))
				continue;
			assign_bit(line, ctrl->level, new);
			if (test_bit(line, ctrl->irq_enabled) &&
			    test_bit(line, new ? ctrl->trig_rise : ctrl->trig_fall))
				set_bit(line, ctrl->pending);
		}
	}
	mutex_unlock(&ctrl->lock);

	for_each_set_bit(line, ctrl->pending, ngpio) {
		unsigned int virq = irq_find_mapping(ctrl->gc.irq.domain, line);

		if (virq)
			handle_nested_irq(virq);
	}
	return IRQ_HANDLED;

err:
	mutex_unlock(&ctrl->lock);
	dev_err_ratelimited(ctrl->dev, "interrupt status: %pe\n", ERR_PTR(ret));
	/*
	 * The interrupt is ours, the bus failed: IRQ_NONE would have the
	 * spurious interrupt detector disable it for every cage. The status
	 * stays set in the controller, so the line fires again; wait a little
	 * before that, so that a bus that stays down does not spin this thread.
	 */
	msleep(OSFP_CTRL_ERR_BACKOFF_MS);
	return IRQ_HANDLED;
}

/*
 * Mask every port, acknowledge stale status and sample the levels, before
 * the irqchip is registered.
 */
static int osfp_ctrl_irq_hw_init(struct osfp_ctrl *ctrl)
{
	u8 buf[OSFP_CTRL_MAX_BYTES];
	unsigned int line;
	int ret;

	memset(buf, 0xff, ctrl->nbytes);
	ret = regmap_bulk_write(ctrl->regmap, ctrl->mask_reg, buf, ctrl->nbytes);
	if (ret)
		return ret;
	ret = regmap_bulk_read(ctrl->regmap, ctrl->status_reg, buf, ctrl->nbytes);
	if (ret)
		return ret;
	if (!ctrl->status_cor) {
		ret = regmap_bulk_write(ctrl->regmap, ctrl->status_reg, buf, ctrl->nbytes);
		if (ret)
			return ret;
	}
	ret = osfp_ctrl_read_levels(ctrl);
	if (ret)
		return ret;
	for (line = 0; line < ctrl->gc.ngpio; line++) {
		if (!osfp_ctrl_line_irq_capable(ctrl, line))
			continue;
		assign_bit(line, ctrl->level, osfp_ctrl_bank_level(ctrl, line));
		/* A consumer that asks for no trigger type gets both edges */
		set_bit(line, ctrl->trig_rise);
		set_bit(line, ctrl->trig_fall);
	}
	return 0;
}

static int osfp_ctrl_irq_setup(struct osfp_ctrl *ctrl)
{
	struct device *dev = ctrl->dev;
	unsigned int ngpio = ctrl->gc.ngpio;
	struct gpio_irq_chip *girq;
	int ret;

	ret = devm_mutex_init(dev, &ctrl->irq_lock);
	if (ret)
		return ret;
	ctrl->irq_enabled = devm_bitmap_zalloc(dev, ngpio, GFP_KERNEL);
	ctrl->hw_enabled = devm_bitmap_zalloc(dev, ngpio, GFP_KERNEL);
	ctrl->trig_rise = devm_bitmap_zalloc(dev, ngpio, GFP_KERNEL);
	ctrl->trig_fall = devm_bitmap_zalloc(dev, ngpio, GFP_KERNEL);
	ctrl->level = devm_bitmap_zalloc(dev, ngpio, GFP_KERNEL);
	ctrl->scratch = devm_bitmap_zalloc(dev, ngpio, GFP_KERNEL);
	ctrl->pending = devm_bitmap_zalloc(dev, ngpio, GFP_KERNEL);
	if (!ctrl->irq_enabled || !ctrl->hw_enabled || !ctrl->trig_rise ||
	    !ctrl->trig_fall || !ctrl->level || !ctrl->scratch || !ctrl->pending)
		return -ENOMEM;

	ret = osfp_ctrl_irq_hw_init(ctrl);
	if (ret)
		return dev_err_probe(dev, ret, "initialising interrupt registers\n");

	girq = &ctrl->gc.irq;
	gpio_irq_chip_set_chip(girq, &osfp_ctrl_irq_chip);
	girq->parent_handler = NULL;
	girq->num_parents = 0;
	girq->parents = NULL;
	girq->default_type = IRQ_TYPE_NONE;
	girq->handler = handle_simple_irq;
	girq->threaded = true;
	girq->init_valid_mask = osfp_ctrl_irq_init_valid_mask;
	return 0;
}

/* ---- cage devices ---- */

static void osfp_ctrl_cage_remove(void *data)
{
	struct osfp_ctrl_cage *cage = data;

	platform_device_unregister(cage->pdev);
	gpiod_remove_lookup_table(cage->lookup);
	fwnode_handle_put(cage->fwnode);
	ida_free(&osfp_cage_ida, cage->id);
}

static int osfp_ctrl_add_cage(struct osfp_ctrl *ctrl, struct fwnode_handle *child, u32 port)
{
	struct platform_device_info info = { };
	struct device *dev = ctrl->dev;
	struct osfp_ctrl_cage *cage;
	unsigned int func, n = 0;
	int ret;

	cage = devm_kzalloc(dev, sizeof(*cage), GFP_KERNEL);
	if (!cage)
		return -ENOMEM;
	cage->lookup = devm_kzalloc(dev, struct_size(cage->lookup, table, OSFP_GPIO_NUM + 1),
				    GFP_KERNEL);
	if (!cage->lookup)
		return -ENOMEM;

	ret = ida_alloc(&osfp_cage_ida, GFP_KERNEL);
	if (ret < 0)
		return ret;
	cage->id = ret;
	cage->fwnode = fwnode_handle_get(child);
	snprintf(cage->dev_id, sizeof(cage->dev_id), "osfp-cage.%d", cage->id);

	cage->lookup->dev_id = cage->dev_id;
	for (func = 0; func < OSFP_GPIO_NUM; func++) {
		if (!ctrl->has_bank[func])
			continue;
		cage->lookup->table[n++] =
			GPIO_LOOKUP(ctrl->gc.label, port * OSFP_GPIO_NUM + func,
				    osfp_ctrl_bank_names[func],
				    ctrl->active_low[func] ? GPIO_ACTIVE_LOW : GPIO_ACTIVE_HIGH);
	}
	gpiod_add_lookup_table(cage->lookup);

	info.parent = dev;
	info.fwnode = child;
	info.name = "osfp-cage";
	info.id = cage->id;
	cage->pdev = platform_device_register_full(&info);
	if (IS_ERR(cage->pdev)) {
		ret = PTR_ERR(cage->pdev);
		gpiod_remove_lookup_table(cage->lookup);
		fwnode_handle_put(cage->fwnode);
		ida_free(&osfp_cage_ida, cage->id);
		return ret;
	}

	return devm_add_action_or_reset(dev, osfp_ctrl_cage_remove, cage);
}

static int osfp_ctrl_add_cages(struct osfp_ctrl *ctrl)
{
	struct device *dev = ctrl->dev;
	struct fwnode_handle *child;
	unsigned long *seen;
	u32 port;
	int ret;

	seen = bitmap_zalloc(ctrl->num_ports, GFP_KERNEL);
	if (!seen)
		return -ENOMEM;

	fwnode_for_each_available_child_node(dev_fwnode(dev), child) {
		ret = fwnode_property_read_u32(child, "reg", &port);
		if (ret) {
			dev_err_probe(dev, ret, "%pfwP: no \"reg\"\n", child);
			goto err;
		}
		if (port >= ctrl->num_ports || test_and_set_bit(port, seen)) {
			ret = dev_err_probe(dev, -EINVAL, "%pfwP: bad or duplicate port %u\n",
					    child, port);
			goto err;
		}
		ret = osfp_ctrl_add_cage(ctrl, child, port);
		if (ret) {
			dev_err_probe(dev, ret, "%pfwP: adding cage\n", child);
			goto err;
		}
	}
	bitmap_free(seen);
	return 0;

err:
	fwnode_handle_put(child);
	bitmap_free(seen);
	return ret;
}

/* ---- probe ---- */

static int osfp_ctrl_read_props(struct osfp_ctrl *ctrl)
{
	static const char * const reg_props[OSFP_GPIO_NUM] = {
		[OSFP_GPIO_PRESENT] = "present-reg",
		[OSFP_GPIO_RESET] = "reset-reg",
		[OSFP_GPIO_LPMODE] = "lpmode-reg",
		[OSFP_GPIO_INT] = "int-reg",
	};
	static const char * const polarity_props[OSFP_GPIO_NUM] = {
		[OSFP_GPIO_PRESENT] = "present-active-low",
		[OSFP_GPIO_RESET] = "reset-active-low",
		[OSFP_GPIO_LPMODE] = "lpmode-active-low",
		[OSFP_GPIO_INT] = "int-active-low",
	};
	struct device *dev = ctrl->dev;
	unsigned int func;
	u32 last;
	int ret;

	ret = device_property_read_u32(dev, "num-ports", &ctrl->num_ports);
	if (ret)
		return dev_err_probe(dev, ret, "no \"num-ports\"\n");
	if (!ctrl->num_ports || ctrl->num_ports > OSFP_CTRL_MAX_PORTS)
		return dev_err_probe(dev, -EINVAL, "num-ports %u out of range 1..%u\n",
				     ctrl->num_ports, OSFP_CTRL_MAX_PORTS);
	ctrl->nbytes = DIV_ROUND_UP(ctrl->num_ports, 8);

	for (func = 0; func < OSFP_GPIO_NUM; func++) {
		ctrl->has_bank[func] = !device_property_read_u32(dev, reg_props[func],
								 &ctrl->bank_reg[func]);
		ctrl->active_low[func] = device_property_read_bool(dev, polarity_props[func]);
	}
	ctrl->has_irq = !device_property_read_u32(dev, "irq-status-reg", &ctrl->status_reg) &&
			!device_property_read_u32(dev, "irq-mask-reg", &ctrl->mask_reg);
	ctrl->has_version = !device_property_read_u32(dev, "version-reg", &ctrl->version_reg);
	ctrl->msb_first = device_property_read_bool(dev, "bit-order-msb-first");
	ctrl->status_cor = device_property_read_bool(dev, "irq-status-clear-on-read");

	/* Register addresses are 8 bits */
	last = ctrl->has_version ? ctrl->version_reg : 0;
	for (func = 0; func < OSFP_GPIO_NUM; func++)
		if (ctrl->has_bank[func])
			last = max(last, ctrl->bank_reg[func] + ctrl->nbytes - 1);
	if (ctrl->has_irq)
		last = max3(last, ctrl->status_reg + ctrl->nbytes - 1,
			    ctrl->mask_reg + ctrl->nbytes - 1);
	if (last > 0xff)
		return dev_err_probe(dev, -EINVAL, "register 0x%x beyond 0xff\n", last);
	return 0;
}

static int osfp_ctrl_probe(struct i2c_client *client)
{
	struct device *dev = &client->dev;
	struct osfp_ctrl *ctrl;
	struct gpio_chip *gc;
	unsigned int version;
	int ret;

	ctrl = devm_kzalloc(dev, sizeof(*ctrl), GFP_KERNEL);
	if (!ctrl)
		return -ENOMEM;
	ctrl->dev = dev;
	i2c_set_clientdata(client, ctrl);
	ret = devm_mutex_init(dev, &ctrl->lock);
	if (ret)
		return ret;

	ret = osfp_ctrl_read_props(ctrl);
	if (ret)
		return ret;
	/* Interrupts need the client's irq and a present or int bank */
	if (client->irq <= 0 ||
	    !(ctrl->has_bank[OSFP_GPIO_PRESENT] || ctrl->has_bank[OSFP_GPIO_INT]))
		ctrl->has_irq = false;

	ctrl->regmap = devm_regmap_init_i2c(client, &osfp_ctrl_regmap_config);
	if (IS_ERR(ctrl->regmap))
		return dev_err_probe(dev, PTR_ERR(ctrl->regmap), "regmap\n");

	if (ctrl->has_version) {
		ret = regmap_read(ctrl->regmap, ctrl->version_reg, &version);
		if (ret)
			return dev_err_probe(dev, ret, "reading version register\n");
	}

	gc = &ctrl->gc;
	gc->label = dev_name(dev);
	/*
	 * No gc->parent and no gc->owner: gpiolib pins the module of the
	 * parent's driver (else gc->owner) for every requested line and
	 * interrupt, and the consumers are this module's own cages, so
	 * osfp.ko could never be unloaded. The chip still belongs to the
	 * controller: it has the controller's firmware node and label, and
	 * it is removed with the controller, after the cages.
	 */
	gc->fwnode = dev_fwnode(dev);
	gc->base = -1;
	gc->ngpio = ctrl->num_ports * OSFP_GPIO_NUM;
	gc->can_sleep = true;
	gc->init_valid_mask = osfp_ctrl_init_valid_mask;
	gc->get_direction = osfp_ctrl_gpio_get_direction;
	gc->direction_input = osfp_ctrl_gpio_direction_input;
	gc->direction_output = osfp_ctrl_gpio_direction_output;
	gc->get = osfp_ctrl_gpio_get;
	gc->set = osfp_ctrl_gpio_set;

	if (ctrl->has_irq) {
		ret = osfp_ctrl_irq_setup(ctrl);
		if (ret)
			return ret;
	}

	ret = devm_gpiochip_add_data(dev, gc, ctrl);
	if (ret)
		return dev_err_probe(dev, ret, "adding GPIO chip\n");

	if (ctrl->has_irq) {
		ret = devm_request_threaded_irq(dev, client->irq, NULL, osfp_ctrl_irq_thread,
						IRQF_ONESHOT, dev_name(dev), ctrl);
		if (ret)
			return dev_err_probe(dev, ret, "requesting irq %d\n", client->irq);
	}

	if (ctrl->has_version)
		dev_info(dev, "cage controller version 0x%02x, %u ports, %s\n",
			 version, ctrl->num_ports, ctrl->has_irq ? "interrupts" : "polled");
	else
		dev_info(dev, "cage controller, %u ports, %s\n",
			 ctrl->num_ports, ctrl->has_irq ? "interrupts" : "polled");

	return osfp_ctrl_add_cages(ctrl);
}

static const struct i2c_device_id osfp_ctrl_id[] = {
	{ "osfp-cage-ctrl" },
	{ }
};
MODULE_DEVICE_TABLE(i2c, osfp_ctrl_id);

/*
 * No acpi_device_id table: the project has no registered ACPI vendor ID to
 * make a _HID of, and a made-up one could collide with another vendor's
 * device. ACPI firmware describes the controller with _HID "PRP0001" and a
 * _DSD "compatible" property "osfp,cage-controller": the ACPI core matches
 * it against this table, and the modalias it gives such a device,
 * "of:N<name>TCosfp,cage-controller", matches this table's "of:" alias,
 * so the module loads by itself. (An acpi_device_id entry "PRP0001" would
 * match every PRP0001 device.)
 */
static const struct of_device_id osfp_ctrl_of_match[] = {
	{ .compatible = "osfp,cage-controller" },
	{ }
};
MODULE_DEVICE_TABLE(of, osfp_ctrl_of_match);

struct i2c_driver osfp_ctrl_driver = {
	.driver = {
		.name = "osfp-cage-ctrl",
		.of_match_table = osfp_ctrl_of_match,
	},
	.OSFP_I2C_PROBE_MEMBER = osfp_ctrl_probe,
	.id_table = osfp_ctrl_id,
};
