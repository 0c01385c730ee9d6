// SPDX-License-Identifier: GPL-2.0
/*
 * Sample switch netdev driver: the part of a switch driver that forwards
 * the module ethtool operations of its port netdevs to the osfp cages of
 * include/linux/osfp.h.
 *
 * Each port of the switch has a firmware node (here the "port@N" children
 * of the switch's node) with an "osfp-cage" reference to the node of its
 * cage: a port@N child of an osfp,cage-controller node, or an osfp,cage
 * node. The property name belongs to the switch's own binding, as "sfp"
 * does in ethernet-controller.yaml. Everything but the cage's attachment
 * and the ethtool forwarding is left out: the netdevs carry no traffic.
 *
 * Each port registers as the upstream of its cage, as a MAC does with its
 * SFP bus: osfp calls sw_cage_attach() when the cage is bound (at once if
 * it already is, and again after osfp is reloaded or the cage rebound) and
 * sw_cage_detach() before it goes, both under rtnl, so the ethtool
 * operations (which run under rtnl) see the cage or NULL, never a cage
 * that is going. While a port is attached, its cage has no minimal netdev
 * of its own: ethtool -m is the port's; the cage gets it back when the
 * port goes.
 *
 * It is written for Linux 6.11 and later (.set_module_eeprom_by_page, used
 * by the kernel's module firmware flashing, appeared in 6.11).
 *
 * tools/check-docs compiles this file against Debian's 6.12 kernel headers.
 */

#include <linux/err.h>
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/osfp.h>
#include <linux/platform_device.h>
#include <linux/property.h>
#include <linux/rtnetlink.h>

struct sw_port {
	struct net_device *ndev;
	struct osfp_upstream *up;	/* NULL: the port has no cage */
	struct osfp_cage *cage;		/* the attached cage or NULL, under rtnl */
};

/* Called under rtnl, as the ethtool operations: they see one or the other */
static void sw_cage_attach(void *upstream, struct osfp_cage *cage)
{
	struct sw_port *port = upstream;

	port->cage = cage;
}

static void sw_cage_detach(void *upstream, struct osfp_cage *cage)
{
	struct sw_port *port = upstream;

	port->cage = NULL;
}

static const struct osfp_upstream_ops sw_cage_ops = {
	.attach = sw_cage_attach,
	.detach = sw_cage_detach,
};

/* The attached cage; NULL while none is (osfp not bound to it) */
static struct osfp_cage *sw_cage(struct net_device *ndev)
{
	struct sw_port *port = netdev_priv(ndev);

	ASSERT_RTNL();
	return port->cage;
}

static int sw_get_module_info(struct net_device *ndev, struct ethtool_modinfo *modinfo)
{
	if (!sw_cage(ndev))
		return -ENODEV;
	return osfp_cage_get_module_info(sw_cage(ndev), modinfo);
}

static int sw_get_module_eeprom(struct net_device *ndev, struct ethtool_eeprom *ee,
				u8 *data)
{
	if (!sw_cage(ndev))
		return -ENODEV;
	return osfp_cage_get_module_eeprom(sw_cage(ndev), ee, data);
}

static int sw_get_module_eeprom_by_page(struct net_device *ndev,
					const struct ethtool_module_eeprom *page,
					struct netlink_ext_ack *extack)
{
	if (!sw_cage(ndev))
		return -ENODEV;
	return osfp_cage_get_module_eeprom_by_page(sw_cage(ndev), page, extack);
}

static int sw_set_module_eeprom_by_page(struct net_device *ndev,
					const struct ethtool_module_eeprom *page,
					struct netlink_ext_ack *extack)
{
	if (!sw_cage(ndev))
		return -ENODEV;
	return osfp_cage_set_module_eeprom_by_page(sw_cage(ndev), page, extack);
}

static int sw_get_module_power_mode(struct net_device *ndev,
				    struct ethtool_module_power_mode_params *params,
				    struct netlink_ext_ack *extack)
{
	if (!sw_cage(ndev))
		return -ENODEV;
	return osfp_cage_get_module_power_mode(sw_cage(ndev), params, extack);
}

static int sw_set_module_power_mode(struct net_device *ndev,
				    const struct ethtool_module_power_mode_params *params,
				    struct netlink_ext_ack *extack)
{
	if (!sw_cage(ndev))
		return -ENODEV;
	return osfp_cage_set_module_power_mode(sw_cage(ndev), params, extack);
}

static int sw_reset(struct net_device *ndev, u32 *flags)
{
	/* The cage handles ETH_RESET_PHY and clears it; the rest is ours */
	if (!(*flags & ETH_RESET_PHY))
		return -EOPNOTSUPP;
	if (!sw_cage(ndev))
		return -ENODEV;
	return osfp_cage_reset(sw_cage(ndev), flags);
}

static const struct ethtool_ops sw_ethtool_ops = {
	.get_link			= ethtool_op_get_link,
	.reset				= sw_reset,
	.get_module_info		= sw_get_module_info,
	.get_module_eeprom		= sw_get_module_eeprom,
	.get_module_eeprom_by_page	= sw_get_module_eeprom_by_page,
	.set_module_eeprom_by_page	= sw_set_module_eeprom_by_page,
	.get_module_power_mode		= sw_get_module_power_mode,
	.set_module_power_mode		= sw_set_module_power_mode,
};

static netdev_tx_t sw_start_xmit(struct sk_buff *skb, struct net_device *ndev)
{
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

static const struct net_device_ops sw_netdev_ops = {
	.ndo_start_xmit		= sw_start_xmit,
};

/* Attach to the port's cage, now or whenever osfp binds it */
static int sw_port_attach(struct sw_port *port, struct fwnode_handle *fwnode)
{
	struct fwnode_handle *cage_node;
	struct osfp_upstream *up;

	cage_node = fwnode_find_reference(fwnode, "osfp-cage", 0);
	if (IS_ERR(cage_node))
		return 0;			/* a port without a cage */
	up = osfp_upstream_register(cage_node, &sw_cage_ops, port);
	fwnode_handle_put(cage_node);
	if (IS_ERR(up))
		return PTR_ERR(up);
	port->up = up;
	return 0;
}

static void sw_port_remove(void *data)
{
	struct sw_port *port = data;
	struct net_device *ndev = port->ndev;

	osfp_upstream_unregister(port->up);	/* NULL is fine; detaches */
	unregister_netdev(ndev);		/* waits for running ethtool ops */
	free_netdev(ndev);
}

static int sw_port_add(struct device *dev, struct fwnode_handle *fwnode)
{
	struct net_device *ndev;
	struct sw_port *port;
	int ret;

	ndev = alloc_etherdev(sizeof(*port));
	if (!ndev)
		return -ENOMEM;
	port = netdev_priv(ndev);
	port->ndev = ndev;

	SET_NETDEV_DEV(ndev, dev);
	ndev->netdev_ops = &sw_netdev_ops;
	ndev->ethtool_ops = &sw_ethtool_ops;
	eth_hw_addr_random(ndev);
	ret = register_netdev(ndev);
	if (ret) {
		free_netdev(ndev);
		return ret;
	}
	ret = sw_port_attach(port, fwnode);
	if (ret) {
		unregister_netdev(ndev);
		free_netdev(ndev);
		return ret;
	}
	return devm_add_action_or_reset(dev, sw_port_remove, port);
}

static int sw_probe(struct platform_device *pdev)
{
	struct fwnode_handle *child;
	int ret;

	device_for_each_child_node(&pdev->dev, child) {
		ret = sw_port_add(&pdev->dev, child);
		if (ret) {
			fwnode_handle_put(child);
			return ret;
		}
	}
	return 0;
}

static const struct of_device_id sw_of_match[] = {
	{ .compatible = "example,osfp-switch" },
	{ }
};
MODULE_DEVICE_TABLE(of, sw_of_match);

static struct platform_driver sw_driver = {
	.driver = {
		.name = "osfp-sample-switch",
		.of_match_table = sw_of_match,
	},
	.probe = sw_probe,
};
module_platform_driver(sw_driver);

MODULE_DESCRIPTION("Sample switch driver forwarding module ethtool ops to osfp");
MODULE_LICENSE("GPL");
