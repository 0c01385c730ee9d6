/* SPDX-License-Identifier: GPL-2.0 */
/*
 * In-kernel API of the OSFP cage driver (osfp.ko).
 *
 * A switch's netdev driver that owns a port looks up the port's cage by the
 * firmware node of the cage (the node the cage platform device is bound to,
 * e.g. the "port@N" child of a cage controller) and keeps a reference while
 * it uses the cage. The cage itself is opaque to other drivers.
 */
#ifndef _LINUX_OSFP_H
#define _LINUX_OSFP_H

#include <linux/types.h>

struct fwnode_handle;

/*
 * struct osfp_cage - one OSFP cage (opaque). Obtained with
 * osfp_cage_get_by_fwnode(), released with osfp_cage_put(); a reference
 * keeps the structure valid after the cage's device is unbound.
 */
struct osfp_cage;

struct osfp_cage *osfp_cage_get_by_fwnode(const struct fwnode_handle *fwnode);
void osfp_cage_put(struct osfp_cage *cage);

/* ---- users of a cage: attach and detach (drivers/net/osfp/core.c) ---- */

/*
 * A cage's device can be unbound and bound again at any time (a driver
 * upgrade, a rebind through sysfs): each binding is a new &struct osfp_cage.
 * Once its device is being unbound, a cage is dead: every function of this
 * header then fails with -ENODEV, and the structure stays valid as long as
 * a reference is held.
 *
 * A user that forwards its port's ethtool operations to the cage (a switch
 * netdev driver) registers as the cage's upstream, as a MAC does with an SFP
 * bus (sfp_bus_add_upstream()): it is told through @attach when the cage of
 * its port is bound (at once if it already is, and again after every
 * rebind) and through @detach before the cage dies. While an upstream is
 * attached, the cage has no netdev of its own: ethtool -m is the
 * upstream's. Both callbacks are called under rtnl, as &sfp_upstream_ops
 * are, so ethtool operations (which run under rtnl) never see a cage
 * between its @detach and the next @attach.
 */

/**
 * struct osfp_upstream_ops - how a cage's user learns of the cage
 * @attach: the cage of the user's port is bound: @cage may be used until
 *	@detach returns (the upstream holds a reference meanwhile)
 * @detach: @cage is being unbound: from now on its functions fail with
 *	-ENODEV; the user drops its pointer before returning
 *
 * Called under rtnl; they must not register or unregister an upstream.
 */
struct osfp_upstream_ops {
	void (*attach)(void *upstream, struct osfp_cage *cage);
	void (*detach)(void *upstream, struct osfp_cage *cage);
};

struct osfp_upstream;

struct osfp_upstream *osfp_upstream_register(struct fwnode_handle *fwnode,
					     const struct osfp_upstream_ops *ops,
					     void *upstream);
void osfp_upstream_unregister(struct osfp_upstream *up);

/* ---- ethtool module operations (drivers/net/osfp/ethtool.c) ---- */

/*
 * The cage's implementation of the module-EEPROM &struct ethtool_ops, for the
 * netdev driver that owns the port: its ethtool operations forward to these
 * with the cage of the port. Each takes the cage's lock and no other, so it
 * may be called under rtnl (as ethtool operations are) but not from atomic
 * context. Reads go to the module and fail (-ENODEV) once it is pulled, so
 * no stale bytes are ever returned; every operation fails with -ENODEV once
 * the cage is dead. Documented in full at their definitions.
 *
 * osfp_cage_get_module_info() and osfp_cage_get_module_eeprom() serve the
 * legacy ioctls with a linear buffer: lower memory, then the upper halves
 * of pages 00h, 01h, 02h and 03h (256 bytes for flat memory, 512 for paged
 * memory, 640 when page 03h is advertised). The by-page operations address
 * any advertised page and bank at I2C address 0x50. The power mode policy
 * belongs to the cage and survives module changes; osfp_cage_reset()
 * handles %ETH_RESET_PHY only.
 */
struct ethtool_eeprom;
struct ethtool_modinfo;
struct ethtool_module_eeprom;
struct ethtool_module_power_mode_params;
struct netlink_ext_ack;

int osfp_cage_get_module_info(struct osfp_cage *cage, struct ethtool_modinfo *modinfo);
int osfp_cage_get_module_eeprom(struct osfp_cage *cage, struct ethtool_eeprom *ee,
				u8 *data);
int osfp_cage_get_module_eeprom_by_page(struct osfp_cage *cage,
					const struct ethtool_module_eeprom *page,
					struct netlink_ext_ack *extack);
int osfp_cage_set_module_eeprom_by_page(struct osfp_cage *cage,
					const struct ethtool_module_eeprom *page,
					struct netlink_ext_ack *extack);
int osfp_cage_get_module_power_mode(struct osfp_cage *cage,
				    struct ethtool_module_power_mode_params *params,
				    struct netlink_ext_ack *extack);
int osfp_cage_set_module_power_mode(struct osfp_cage *cage,
				    const struct ethtool_module_power_mode_params *params,
				    struct netlink_ext_ack *extack);
int osfp_cage_reset(struct osfp_cage *cage, u32 *flags);

/* ---- end of the ethtool module operations ---- */

/*
 * The administrative state of the netdevs using the cage's module, the
 * input of the "auto" power mode policy: each such netdev calls
 * osfp_cage_port_up() from its ndo_open and osfp_cage_port_down() from its
 * ndo_stop (drivers/net/osfp/core.c).
 */
int osfp_cage_port_up(struct osfp_cage *cage);
int osfp_cage_port_down(struct osfp_cage *cage);

#endif /* _LINUX_OSFP_H */
