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

/* ---- ethtool module operations (drivers/net/osfp/ethtool.c) ---- */

/*
 * The cage's implementation of the module-EEPROM &struct ethtool_ops, for the
 * netdev driver that owns the port: its ethtool operations forward to these
 * with the cage of the port. Each takes the cage's lock and no other, so it
 * may be called under rtnl (as ethtool operations are) but not from atomic
 * context. Reads go to the module and fail (-ENODEV) once it is pulled, so
 * no stale bytes are ever returned. Documented in full at their definitions.
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
