// SPDX-License-Identifier: GPL-2.0
/*
 * Sample board file: describe a switch's OSFP cage controller and its cages
 * with software nodes, for a machine whose firmware does not describe them
 * (an x86 switch whose ACPI tables stop at the SMBus controller, say).
 *
 * The CPLD is at 0x60 on I2C bus "ctrl_bus", its interrupt is Linux irq
 * "ctrl_irq" (0: not wired, the driver polls), and the management bus of
 * cage N is I2C bus "port_bus[N]", an adapter without a firmware node of its
 * own (an SMBus controller, or a channel of an I2C multiplexer instantiated
 * by the platform's scripts). The software node of each cage's bus is
 * attached to that adapter, so that the cage's "i2c-bus" reference finds it.
 *
 * The properties are those of
 * Documentation/devicetree/bindings/net/osfp,cage-controller.yaml; the
 * register map is the emulator's (Documentation/networking/osfp-emulator.rst),
 * whose drivers/net/osfp/emu_board.c builds the same description at run time.
 *
 * tools/check-docs compiles this file against Debian's 6.12 kernel headers.
 */

#include <linux/i2c.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/property.h>

#define BOARD_PORTS	4

static int ctrl_bus = -1;
module_param(ctrl_bus, int, 0444);
MODULE_PARM_DESC(ctrl_bus, "I2C bus number of the cage controller");

static int ctrl_irq;
module_param(ctrl_irq, int, 0444);
MODULE_PARM_DESC(ctrl_irq, "Linux irq of the cage controller (0: polled)");

static int port_bus[BOARD_PORTS] = { -1, -1, -1, -1 };
module_param_array(port_bus, int, NULL, 0444);
MODULE_PARM_DESC(port_bus, "I2C bus number of each cage's module");

/* The modules' management buses, attached to the port adapters at load */
static const struct software_node board_port_i2c[BOARD_PORTS] = {
	{ .name = "board-osfp0-i2c" },
	{ .name = "board-osfp1-i2c" },
	{ .name = "board-osfp2-i2c" },
	{ .name = "board-osfp3-i2c" },
};

/* The cage controller: the register layout of the CPLD */
static const struct property_entry board_ctrl_props[] = {
	PROPERTY_ENTRY_U32("num-ports", BOARD_PORTS),
	PROPERTY_ENTRY_U32("version-reg", 0x00),
	PROPERTY_ENTRY_U32("present-reg", 0x10),
	PROPERTY_ENTRY_BOOL("present-active-low"),
	PROPERTY_ENTRY_U32("reset-reg", 0x20),
	PROPERTY_ENTRY_BOOL("reset-active-low"),
	PROPERTY_ENTRY_U32("lpmode-reg", 0x30),
	PROPERTY_ENTRY_U32("int-reg", 0x40),
	PROPERTY_ENTRY_BOOL("int-active-low"),
	PROPERTY_ENTRY_U32("irq-status-reg", 0x50),
	PROPERTY_ENTRY_U32("irq-mask-reg", 0x60),
	{ }
};

static const struct software_node board_ctrl = {
	.name = "board-osfp-ctrl",
	.properties = board_ctrl_props,
};

/* One child per cage: its port number, name, bus and power budget */
static const struct property_entry board_port0_props[] = {
	PROPERTY_ENTRY_U32("reg", 0),
	PROPERTY_ENTRY_STRING("label", "osfp0"),
	PROPERTY_ENTRY_REF("i2c-bus", &board_port_i2c[0]),
	PROPERTY_ENTRY_U32("maximum-power-milliwatt", 25000),
	{ }
};

/*
 * Where the switch's own netdev of a port has the label's name, the cage's
 * netdev is named apart (without it, the cage just has no netdev)
 */
static const struct property_entry board_port1_props[] = {
	PROPERTY_ENTRY_U32("reg", 1),
	PROPERTY_ENTRY_STRING("label", "osfp1"),
	PROPERTY_ENTRY_STRING("netdev-name", "cage1"),
	PROPERTY_ENTRY_REF("i2c-bus", &board_port_i2c[1]),
	PROPERTY_ENTRY_U32("maximum-power-milliwatt", 25000),
	{ }
};

static const struct property_entry board_port2_props[] = {
	PROPERTY_ENTRY_U32("reg", 2),
	PROPERTY_ENTRY_STRING("label", "osfp2"),
	PROPERTY_ENTRY_REF("i2c-bus", &board_port_i2c[2]),
	PROPERTY_ENTRY_U32("maximum-power-milliwatt", 25000),
	{ }
};

static const struct property_entry board_port3_props[] = {
	PROPERTY_ENTRY_U32("reg", 3),
	PROPERTY_ENTRY_STRING("label", "osfp3"),
	PROPERTY_ENTRY_REF("i2c-bus", &board_port_i2c[3]),
	PROPERTY_ENTRY_U32("maximum-power-milliwatt", 25000),
	{ }
};

static const struct software_node board_ports[BOARD_PORTS] = {
	{
		.name = "port@0",
		.parent = &board_ctrl,
		.properties = board_port0_props,
	},
	{
		.name = "port@1",
		.parent = &board_ctrl,
		.properties = board_port1_props,
	},
	{
		.name = "port@2",
		.parent = &board_ctrl,
		.properties = board_port2_props,
	},
	{
		.name = "port@3",
		.parent = &board_ctrl,
		.properties = board_port3_props,
	},
};

/* Parents before children */
static const struct software_node *board_nodes[] = {
	&board_ctrl,
	&board_port_i2c[0], &board_port_i2c[1],
	&board_port_i2c[2], &board_port_i2c[3],
	&board_ports[0], &board_ports[1], &board_ports[2], &board_ports[3],
	NULL
};

static struct i2c_adapter *board_port_adap[BOARD_PORTS];
static struct i2c_client *board_ctrl_client;

static void board_release_ports(void)
{
	unsigned int i;

	for (i = 0; i < BOARD_PORTS; i++) {
		if (!board_port_adap[i])
			continue;
		device_remove_software_node(&board_port_adap[i]->dev);
		i2c_put_adapter(board_port_adap[i]);
		board_port_adap[i] = NULL;
	}
}

static int __init board_init(void)
{
	struct i2c_board_info info = {
		I2C_BOARD_INFO("osfp-cage-ctrl", 0x60),
		.swnode = &board_ctrl,
	};
	struct i2c_adapter *bus;
	unsigned int i;
	int ret;

	ret = software_node_register_node_group(board_nodes);
	if (ret)
		return ret;

	for (i = 0; i < BOARD_PORTS; i++) {
		board_port_adap[i] = i2c_get_adapter(port_bus[i]);
		if (!board_port_adap[i]) {
			ret = -ENODEV;
			goto err;
		}
		/* The adapter must not have a firmware node already */
		ret = device_add_software_node(&board_port_adap[i]->dev,
					       &board_port_i2c[i]);
		if (ret) {
			i2c_put_adapter(board_port_adap[i]);
			board_port_adap[i] = NULL;
			goto err;
		}
	}

	bus = i2c_get_adapter(ctrl_bus);
	if (!bus) {
		ret = -ENODEV;
		goto err;
	}
	info.irq = ctrl_irq;
	/* Bound by osfp.ko through its I2C device id "osfp-cage-ctrl" */
	board_ctrl_client = i2c_new_client_device(bus, &info);
	i2c_put_adapter(bus);
	if (IS_ERR(board_ctrl_client)) {
		ret = PTR_ERR(board_ctrl_client);
		goto err;
	}
	return 0;

err:
	board_release_ports();
	software_node_unregister_node_group(board_nodes);
	return ret;
}

static void __exit board_exit(void)
{
	/* The controller first: osfp then releases the cages and their buses */
	i2c_unregister_device(board_ctrl_client);
	board_release_ports();
	software_node_unregister_node_group(board_nodes);
}

module_init(board_init);
module_exit(board_exit);

MODULE_DESCRIPTION("Sample board file: OSFP cages described by software nodes");
MODULE_LICENSE("GPL");
