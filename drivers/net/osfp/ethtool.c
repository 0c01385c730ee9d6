// SPDX-License-Identifier: GPL-2.0
/*
 * ethtool adapter of the osfp driver.
 *
 * The kernel's module-EEPROM operations (ethtool -m, --show-module,
 * --set-module, --reset ... phy) of a cage are implemented once, on the
 * cage, and exported for the switch netdev driver that owns the port (see
 * include/linux/osfp.h). Where no such driver exists, the cage gets a
 * minimal netdev of its own, named after the cage label, that carries these
 * operations and nothing else: no traffic, carrier always off (as upstream
 * mlxsw_minimal does for boards without a switch driver). The module
 * parameter "netdev" turns these netdevs off.
 *
 * Everything here is a thin adapter: the protocol lives in core.c, which
 * takes the cage lock in every call. ethtool operations run under rtnl, so
 * the lock order is rtnl, then the cage lock. Here the cage lock is only
 * taken for a few reads of what the driver knows of the module (its
 * decoded pages are protected by it), never across a module access; rtnl
 * is only taken (by register_netdev() and unregister_netdev()) without it,
 * under osfp_netdev_lock.
 *
 * No sequence of module accesses holds the cage lock while an ethtool
 * caller waits for it under rtnl: each module access takes and drops the
 * lock (osfp_eeprom_read()), and so does each 128-byte part of a legacy
 * dump, which checks at its end that the module was not replaced
 * meanwhile. Holding the lock across a whole dump (640 bytes: five reads,
 * 645 transactions behind a byte-only adapter) would stall the state
 * machine, the interrupts and every other consumer for that long, and
 * buys nothing: a module pulled in between fails the next part anyway.
 *
 * The legacy ioctls (ETHTOOL_GMODULEINFO, ETHTOOL_GMODULEEEPROM, used by
 * "ethtool -m DEV hex on" and by the kernel's own fallback) see the module
 * as a linear buffer in the SFF-8636 layout, which is how ethtool's CMIS
 * code reads it (cmis_memory_map_init_buf(): page 01h right after page
 * 00h) and how the kernel maps a page request onto it (eeprom_fallback():
 * page N's upper half at 128 * (N + 1)):
 *
 *	  0-127	lower memory
 *	128-255	page 00h
 *	256-383	page 01h	(paged memory only)
 *	384-511	page 02h	(paged memory only)
 *	512-639	page 03h	(only when page 01h byte 142 advertises it)
 *
 * so the length is 256 for flat memory, 512 for paged memory (as mlxsw
 * reports for CMIS) and 640 with page 03h. Banked pages are netlink-only.
 */

#include <linux/device.h>
#include <linux/errno.h>
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/netlink.h>
#include <linux/skbuff.h>
#include <linux/string.h>

#include "osfp_compat.h"
#include "osfp_core.h"

static bool osfp_netdev_enabled = true;
module_param_named(netdev, osfp_netdev_enabled, bool, 0444);
MODULE_PARM_DESC(netdev,
		 "Register a minimal netdev per cage for ethtool (default: true)");

#define OSFP_HALF		ETH_MODULE_EEPROM_PAGE_LEN	/* 128 */
/* Legacy buffer: lower memory, then the upper halves of pages 00h-03h */
#define OSFP_LEGACY_FLAT_LEN	ETH_MODULE_SFF_8636_LEN		/* 256 */
#define OSFP_LEGACY_PAGED_LEN	(4 * OSFP_HALF)			/* 512 */
#define OSFP_LEGACY_MAX_LEN	ETH_MODULE_SFF_8636_MAX_LEN	/* 640 */
#define OSFP_PAGE_USER		0x03	/* the optional page of the layout */

/**
 * struct osfp_netdev - the minimal netdev of a cage
 * @ndev: the network device, named after the cage label
 * @cage: its cage; valid as long as @ndev is registered
 */
struct osfp_netdev {
	struct net_device *ndev;
	struct osfp_cage *cage;
};

static struct osfp_cage *osfp_ndev_cage(struct net_device *ndev)
{
	struct osfp_netdev *nd = netdev_priv(ndev);

	return nd->cage;
}

/*
 * Make sure a failed netlink operation carries a message: core.c sets one on
 * its own errors, this covers the rest (and a core path that did not).
 */
static int osfp_ethtool_err(struct netlink_ext_ack *extack, int err)
{
	if (!extack || extack->_msg)
		return err;

	switch (err) {
	case -ENODEV:
		NL_SET_ERR_MSG_MOD(extack, "no module in the cage");
		break;
	case -EAGAIN:
		NL_SET_ERR_MSG_MOD(extack, "module not identified yet, try again");
		break;
	case -EOPNOTSUPP:
		NL_SET_ERR_MSG_MOD(extack, "not supported by the module");
		break;
	case -EINVAL:
		NL_SET_ERR_MSG_MOD(extack, "invalid request");
		break;
	default:
		NL_SET_ERR_MSG_MOD(extack, "module management interface error");
		break;
	}
	return err;
}

/* Checks of a by-page request common to reads and writes */
static int osfp_check_page_request(const struct ethtool_module_eeprom *page,
				   struct netlink_ext_ack *extack)
{
	if (page->i2c_address != OSFP_MODULE_I2C_ADDR) {
		/* Not -EOPNOTSUPP: the kernel would retry through the legacy
		 * ioctls, which ignore the address.
		 */
		NL_SET_ERR_MSG_MOD(extack,
				   "a CMIS module answers at I2C address 0x50 only");
		return -EINVAL;
	}
	if (!page->length || page->length > OSFP_HALF ||
	    page->offset + page->length > 2 * OSFP_HALF ||
	    (page->offset < OSFP_HALF && page->offset + page->length > OSFP_HALF)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "request must stay within one 128-byte half of the page");
		return -EINVAL;
	}
	if (page->page && page->offset < OSFP_HALF) {
		NL_SET_ERR_MSG_MOD(extack, "lower memory is addressed as page 0");
		return -EINVAL;
	}
	return 0;
}

/**
 * osfp_cage_get_module_eeprom_by_page() - read a part of the module's memory
 * @cage: the cage
 * @page: the request, as &ethtool_ops.get_module_eeprom_by_page gets it:
 *	offset 0-127 reads lower memory, 128-255 the upper half of page
 *	@page->page in bank @page->bank; at most 128 bytes within one half;
 *	I2C address 0x50
 * @extack: netlink extended ack for the error message, or NULL
 *
 * The bytes come from the module, never from a cache.
 *
 * A page or bank the module does not advertise (or refuses) fails with
 * -ENXIO, not -EOPNOTSUPP: the kernel takes -EOPNOTSUPP from this operation
 * for "not implemented" and retries through the legacy layout, which
 * replaces the error and its message's meaning with -EINVAL.
 *
 * Context: process context, typically under rtnl; takes the cage lock, so it
 * must not be called with it held.
 * Return: the number of bytes read into @page->data, -ENODEV without a
 * module, -EAGAIN while it is being identified, -ENXIO for a page or bank
 * the module does not advertise, -EINVAL for a malformed request, or the
 * bus error.
 */
int osfp_cage_get_module_eeprom_by_page(struct osfp_cage *cage,
					const struct ethtool_module_eeprom *page,
					struct netlink_ext_ack *extack)
{
	int ret;

	ret = osfp_check_page_request(page, extack);
	if (ret)
		return ret;

	ret = osfp_eeprom_read(cage, page->bank, page->page, page->offset,
			       page->data, page->length, extack);
	if (ret == -EOPNOTSUPP)
		ret = -ENXIO;
	if (ret < 0)
		return osfp_ethtool_err(extack, ret);
	return ret;
}
EXPORT_SYMBOL_GPL(osfp_cage_get_module_eeprom_by_page);

/**
 * osfp_cage_set_module_eeprom_by_page() - write a part of the module's memory
 * @cage: the cage
 * @page: the request, as &ethtool_ops.set_module_eeprom_by_page gets it
 *	(same addressing as osfp_cage_get_module_eeprom_by_page())
 * @extack: netlink extended ack for the error message, or NULL
 *
 * Only bytes that CMIS makes writable by the host are accepted (module
 * controls, flag masks, lane controls), never the bank and page select bytes.
 *
 * Context: process context, typically under rtnl; takes the cage lock.
 * Return: 0 (as &ethtool_ops.set_module_eeprom_by_page returns), or a
 * negative error as for osfp_cage_get_module_eeprom_by_page() (but
 * -EOPNOTSUPP for a page or bank the module does not advertise), -EPERM for
 * read-only bytes, -EBUSY for the CDB registers during the driver's own
 * firmware update.
 */
int osfp_cage_set_module_eeprom_by_page(struct osfp_cage *cage,
					const struct ethtool_module_eeprom *page,
					struct netlink_ext_ack *extack)
{
	int ret;

	ret = osfp_check_page_request(page, extack);
	if (ret)
		return ret;

	ret = osfp_eeprom_write(cage, page->bank, page->page, page->offset,
				page->data, page->length, extack);
	if (ret < 0)
		return osfp_ethtool_err(extack, ret);
	return 0;
}
EXPORT_SYMBOL_GPL(osfp_cage_set_module_eeprom_by_page);

/**
 * osfp_cage_get_module_info() - type and length of the legacy EEPROM buffer
 * @cage: the cage
 * @modinfo: filled with %ETH_MODULE_SFF_8636 and the length of the linear
 *	layout: 256 (lower memory, page 00h) for flat memory, 512 (then pages
 *	01h, 02h) for paged memory, 640 (then page 03h) when the module
 *	advertises page 03h; 128 (lower memory) for a module whose pages the
 *	driver does not know (an unknown identifier)
 *
 * ethtool recognizes CMIS from the identifier byte, whatever the type. An
 * SFF-8636 module (QSFP28 in an adapter) has this very layout: 640 bytes
 * on paged memory, 256 on flat memory. The length comes from the module's
 * decoded pages, read under the cage lock; the module is not accessed.
 *
 * Context: process context, typically under rtnl; takes the cage lock.
 * Return: 0, -ENODEV without a module or once the cage is unbound, -EAGAIN
 * while the module is being identified.
 */
int osfp_cage_get_module_info(struct osfp_cage *cage, struct ethtool_modinfo *modinfo)
{
	int ret = 0;

	mutex_lock(&cage->lock);
	if (cage->stopping || !cage->present)
		ret = -ENODEV;
	else if (!osfp_module_identified(cage))
		ret = -EAGAIN;
	else if (osfp_page_advertised(cage, 0, OSFP_PAGE_USER))
		modinfo->eeprom_len = OSFP_LEGACY_MAX_LEN;
	else if (!osfp_page_advertised(cage, 0, 0x00))
		modinfo->eeprom_len = OSFP_HALF;
	else if (!osfp_page_advertised(cage, 0, 0x01))
		modinfo->eeprom_len = OSFP_LEGACY_FLAT_LEN;
	else
		modinfo->eeprom_len = OSFP_LEGACY_PAGED_LEN;
	mutex_unlock(&cage->lock);
	if (!ret)
		modinfo->type = ETH_MODULE_SFF_8636;
	return ret;
}
EXPORT_SYMBOL_GPL(osfp_cage_get_module_info);

/* Modules seen inserted in the cage: a dump that saw it change is refused */
static unsigned int osfp_insertions(struct osfp_cage *cage)
{
	unsigned int n;

	mutex_lock(&cage->lock);
	n = cage->insertions;
	mutex_unlock(&cage->lock);
	return n;
}

/**
 * osfp_cage_get_module_eeprom() - read the legacy linear EEPROM buffer
 * @cage: the cage
 * @ee: @ee->offset and @ee->len select the bytes of the layout that
 *	osfp_cage_get_module_info() describes
 * @data: where the bytes go
 *
 * Each 128-byte part is one module read, so it is never a mix of two pages.
 * The cage lock is taken for each part, not across the dump (see the top of
 * this file); a module pulled during the dump fails the call, and so does
 * one replaced between two parts (-EAGAIN), so the dump is always one
 * module's. The optional pages 01h and 02h of an SFF-8636 module that does
 * not advertise them read as zeros, as page 03h follows them in the layout;
 * a page the module refuses although advertised fails the call.
 *
 * Context: process context, typically under rtnl; takes the cage lock.
 * Return: 0, -EINVAL beyond the layout, -EAGAIN when the module was
 * replaced during the dump, or a negative error as for
 * osfp_cage_get_module_eeprom_by_page() (-EOPNOTSUPP for a page the module
 * does not advertise).
 */
int osfp_cage_get_module_eeprom(struct osfp_cage *cage, struct ethtool_eeprom *ee,
				u8 *data)
{
	unsigned int insertions = osfp_insertions(cage);
	u32 pos = ee->offset;
	u32 end;
	int ret;

	if (ee->offset >= OSFP_LEGACY_MAX_LEN || ee->len > OSFP_LEGACY_MAX_LEN - ee->offset)
		return -EINVAL;
	end = ee->offset + ee->len;

	while (pos < end) {
		u32 part = pos / OSFP_HALF;
		u32 off = pos % OSFP_HALF;
		u32 n = min(end - pos, OSFP_HALF - off);

		if (part == 0)
			ret = osfp_eeprom_read(cage, 0, 0, off, data, n, NULL);
		else
			ret = osfp_eeprom_read(cage, 0, part - 1, OSFP_HALF + off,
					       data, n, NULL);
		if (ret == -EOPNOTSUPP && (part == 2 || part == 3)) {
			mutex_lock(&cage->lock);
			if (!osfp_page_advertised(cage, 0, part - 1)) {
				memset(data, 0, n);
				ret = n;
			}
			mutex_unlock(&cage->lock);
		}
		if (ret < 0)
			return ret;
		if ((u32)ret != n)
			return -EIO;
		data += n;
		pos += n;
	}
	return osfp_insertions(cage) == insertions ? 0 : -EAGAIN;
}
EXPORT_SYMBOL_GPL(osfp_cage_get_module_eeprom);

/**
 * osfp_cage_get_module_power_mode() - power mode policy and operating mode
 * @cage: the cage
 * @params: filled with the cage's policy (%ETHTOOL_MODULE_POWER_MODE_POLICY_HIGH
 *	or %ETHTOOL_MODULE_POWER_MODE_POLICY_AUTO) and, once a module with
 *	power modes is identified, its mode (%ETHTOOL_MODULE_POWER_MODE_LOW
 *	while in or going to low power, else %ETHTOOL_MODULE_POWER_MODE_HIGH);
 *	without one, or for a flat-memory module (no power modes), the mode is
 *	left 0, not reported
 * @extack: netlink extended ack for the error message, or NULL
 *
 * The policy belongs to the cage, so it is reported (and can be set, which
 * the kernel does after a get) with an empty cage too.
 *
 * Context: process context, typically under rtnl; takes the cage lock.
 * Return: 0 or a negative error.
 */
int osfp_cage_get_module_power_mode(struct osfp_cage *cage,
				    struct ethtool_module_power_mode_params *params,
				    struct netlink_ext_ack *extack)
{
	enum osfp_power_policy policy = OSFP_POWER_HIGH;
	bool low_power = true;
	int ret;

	/* No extack: an empty cage is no error here, not even a warning */
	ret = osfp_get_power_mode(cage, &policy, &low_power, NULL);
	if (ret == -ESHUTDOWN)
		return -ENODEV;		/* a dead cage, not an empty one */
	if (ret && ret != -ENODEV && ret != -EAGAIN && ret != -EOPNOTSUPP)
		return osfp_ethtool_err(extack, ret);

	params->policy = policy == OSFP_POWER_HIGH ?
			 ETHTOOL_MODULE_POWER_MODE_POLICY_HIGH :
			 ETHTOOL_MODULE_POWER_MODE_POLICY_AUTO;
	if (!ret)
		params->mode = low_power ? ETHTOOL_MODULE_POWER_MODE_LOW :
					   ETHTOOL_MODULE_POWER_MODE_HIGH;
	return 0;
}
EXPORT_SYMBOL_GPL(osfp_cage_get_module_power_mode);

/**
 * osfp_cage_set_module_power_mode() - set the power mode policy
 * @cage: the cage
 * @params: @params->policy: %ETHTOOL_MODULE_POWER_MODE_POLICY_HIGH keeps the
 *	module in high power, %ETHTOOL_MODULE_POWER_MODE_POLICY_AUTO only
 *	while a netdev using it is administratively up (osfp_cage_port_up())
 * @extack: netlink extended ack for the error message, or NULL
 *
 * The policy belongs to the cage: set without a module, it applies to the
 * next one. The lpmode request (sysfs) and the cage's power budget hold the
 * module in low power whatever the policy: the policy is set all the same,
 * and @extack carries the reason as a warning.
 *
 * Context: process context, typically under rtnl; takes the cage lock.
 * Return: 0, -EOPNOTSUPP for an unknown policy, -EBUSY during a firmware
 * update, or the error applying it.
 */
int osfp_cage_set_module_power_mode(struct osfp_cage *cage,
				    const struct ethtool_module_power_mode_params *params,
				    struct netlink_ext_ack *extack)
{
	enum osfp_power_policy policy;
	int ret;

	switch (params->policy) {
	case ETHTOOL_MODULE_POWER_MODE_POLICY_HIGH:
		policy = OSFP_POWER_HIGH;
		break;
	case ETHTOOL_MODULE_POWER_MODE_POLICY_AUTO:
		policy = OSFP_POWER_AUTO;
		break;
	default:
		NL_SET_ERR_MSG_MOD(extack, "unsupported power mode policy");
		return -EOPNOTSUPP;
	}

	ret = osfp_set_power_policy(cage, policy, extack);
	if (ret)
		return osfp_ethtool_err(extack, ret);
	return 0;
}
EXPORT_SYMBOL_GPL(osfp_cage_set_module_power_mode);

/**
 * osfp_cage_reset() - reset the module, as &ethtool_ops.reset
 * @cage: the cage
 * @flags: ETH_RESET_* components to reset; %ETH_RESET_PHY (the
 *	transceiver) is the one handled here and is cleared once the module
 *	was reset; other bits are left for the caller
 *
 * Refused while the driver's firmware update runs on the module. The
 * ioctl has no extended ack: the reason of a failure is logged (rate
 * limited).
 *
 * Context: process context, typically under rtnl; takes the cage lock.
 * Return: 0, -ENODEV without a module, -EBUSY during a firmware update, or
 * the error resetting it.
 */
int osfp_cage_reset(struct osfp_cage *cage, u32 *flags)
{
	struct netlink_ext_ack extack = { };
	int ret;

	if (!(*flags & ETH_RESET_PHY))
		return 0;

	ret = osfp_module_reset_request(cage, &extack);
	if (ret) {
		dev_warn_ratelimited(cage->dev, "%s: module reset failed: %s: %pe\n",
				     cage->label, extack._msg ?: "error", ERR_PTR(ret));
		return ret;
	}
	*flags &= ~ETH_RESET_PHY;
	return 0;
}
EXPORT_SYMBOL_GPL(osfp_cage_reset);

/* ---- the minimal netdev ---- */

/* Up and down feed the "auto" power mode policy of the cage */
static int osfp_ndo_open(struct net_device *ndev)
{
	netif_carrier_off(ndev);
	osfp_cage_port_up(osfp_ndev_cage(ndev));
	return 0;
}

static int osfp_ndo_stop(struct net_device *ndev)
{
	netif_carrier_off(ndev);
	osfp_cage_port_down(osfp_ndev_cage(ndev));
	return 0;
}

static netdev_tx_t osfp_ndo_start_xmit(struct sk_buff *skb, struct net_device *ndev)
{
	dev_core_stats_tx_dropped_inc(ndev);
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

static const struct net_device_ops osfp_netdev_ops = {
	.ndo_open		= osfp_ndo_open,
	.ndo_stop		= osfp_ndo_stop,
	.ndo_start_xmit		= osfp_ndo_start_xmit,
	.ndo_validate_addr	= eth_validate_addr,
	.ndo_set_mac_address	= eth_mac_addr,
};

static void osfp_get_drvinfo(struct net_device *ndev, struct ethtool_drvinfo *info)
{
	struct osfp_cage *cage = osfp_ndev_cage(ndev);

	strscpy(info->driver, KBUILD_MODNAME, sizeof(info->driver));
	strscpy(info->bus_info, dev_name(cage->dev), sizeof(info->bus_info));
}

static int osfp_get_module_info(struct net_device *ndev, struct ethtool_modinfo *modinfo)
{
	return osfp_cage_get_module_info(osfp_ndev_cage(ndev), modinfo);
}

static int osfp_get_module_eeprom(struct net_device *ndev, struct ethtool_eeprom *ee,
				  u8 *data)
{
	return osfp_cage_get_module_eeprom(osfp_ndev_cage(ndev), ee, data);
}

static int osfp_get_module_eeprom_by_page(struct net_device *ndev,
					  const struct ethtool_module_eeprom *page,
					  struct netlink_ext_ack *extack)
{
	return osfp_cage_get_module_eeprom_by_page(osfp_ndev_cage(ndev), page, extack);
}

#ifdef OSFP_HAVE_SET_MODULE_EEPROM_BY_PAGE
static int osfp_set_module_eeprom_by_page(struct net_device *ndev,
					  const struct ethtool_module_eeprom *page,
					  struct netlink_ext_ack *extack)
{
	return osfp_cage_set_module_eeprom_by_page(osfp_ndev_cage(ndev), page, extack);
}
#endif

static int osfp_get_module_power_mode(struct net_device *ndev,
				      struct ethtool_module_power_mode_params *params,
				      struct netlink_ext_ack *extack)
{
	return osfp_cage_get_module_power_mode(osfp_ndev_cage(ndev), params, extack);
}

static int osfp_set_module_power_mode(struct net_device *ndev,
				      const struct ethtool_module_power_mode_params *params,
				      struct netlink_ext_ack *extack)
{
	return osfp_cage_set_module_power_mode(osfp_ndev_cage(ndev), params, extack);
}

static int osfp_reset(struct net_device *ndev, u32 *flags)
{
	return osfp_cage_reset(osfp_ndev_cage(ndev), flags);
}

static const struct ethtool_ops osfp_ethtool_ops = {
	.get_drvinfo			= osfp_get_drvinfo,
	.get_link			= ethtool_op_get_link,
	.reset				= osfp_reset,
	.get_module_info		= osfp_get_module_info,
	.get_module_eeprom		= osfp_get_module_eeprom,
	.get_module_eeprom_by_page	= osfp_get_module_eeprom_by_page,
#ifdef OSFP_HAVE_SET_MODULE_EEPROM_BY_PAGE
	.set_module_eeprom_by_page	= osfp_set_module_eeprom_by_page,
#endif
	.get_module_power_mode		= osfp_get_module_power_mode,
	.set_module_power_mode		= osfp_set_module_power_mode,
};

/**
 * osfp_netdev_unregister() - unregister the minimal netdev of a cage, if any
 * @cage: the cage
 *
 * For the cage's removal, and for a switch driver that takes the cage over
 * (core.c, under its upstream lock, which serializes the registration of
 * the cage netdevs). If it was up, its ndo_stop reports it down to the
 * "auto" power mode policy: a switch netdev that is up calls
 * osfp_cage_port_up() first, so that the module stays in high power.
 * osfp_netdev_register() brings it back.
 *
 * Context: process context, the upstream lock held, without rtnl or the
 * cage lock (waits for the netdev's ethtool operations, which take them).
 */
void osfp_netdev_unregister(struct osfp_cage *cage)
{
	struct osfp_netdev *nd = cage->nd;

	if (!nd)
		return;
	/* Waits for every ethtool operation on it: none runs after this */
	unregister_netdev(nd->ndev);
	cage->nd = NULL;
	free_netdev(nd->ndev);
}

/*
 * The name of the cage's netdev: the "netdev-name" property, else the cage
 * label; "osfp%d" when that is not a valid interface name. A name may be a
 * template with one "%d", as alloc_netdev() takes it.
 */
static const char *osfp_netdev_name(struct osfp_cage *cage)
{
	const char *name, *pct;

	if (device_property_read_string(cage->dev, "netdev-name", &name))
		name = cage->label;
	pct = strchr(name, '%');
	if (dev_valid_name(name) && (!pct || (pct[1] == 'd' && !strchr(pct + 2, '%'))))
		return name;
	dev_warn(cage->dev, "%s: %s: not a valid interface name, the netdev is osfp%%d\n",
		 cage->label, name);
	return "osfp%d";
}

/**
 * osfp_netdev_register() - register the minimal netdev of a cage
 * @cage: the cage, its class device registered
 *
 * Unless the module parameter "netdev" is off or the cage has its netdev
 * already, registers a netdev named by osfp_netdev_name() with a random MAC
 * address, no traffic and the module ethtool operations, and sets
 * @cage->nd; osfp_netdev_unregister() undoes it. A name already taken (the
 * switch's own netdev for the port, say) is no error: the cage works
 * without its netdev, and says so once. Used at probe and when a switch
 * netdev driver hands the port back.
 *
 * Context: process context, the upstream lock held (core.c), without rtnl
 * or the cage lock (takes rtnl).
 * Return: 0, also when the netdev is off or its name is taken, or a
 * negative error.
 */
int osfp_netdev_register(struct osfp_cage *cage)
{
	struct net_device *ndev;
	struct osfp_netdev *nd;
	const char *name;
	int ret;

	if (!osfp_netdev_enabled)
		return 0;

	if (cage->nd)
		return 0;
	name = osfp_netdev_name(cage);
	ndev = alloc_netdev(sizeof(*nd), name, NET_NAME_PREDICTABLE, ether_setup);
	if (!ndev)
		return -ENOMEM;
	nd = netdev_priv(ndev);
	nd->ndev = ndev;
	nd->cage = cage;

	SET_NETDEV_DEV(ndev, cage->dev);
	ndev->netdev_ops = &osfp_netdev_ops;
	ndev->ethtool_ops = &osfp_ethtool_ops;
	ndev->priv_flags |= IFF_NO_QUEUE;
	eth_hw_addr_random(ndev);
	netif_carrier_off(ndev);

	ret = register_netdev(ndev);
	if (ret) {
		free_netdev(ndev);
		if (ret == -EEXIST) {
			dev_warn(cage->dev,
				 "%s: netdev name %s is taken: the cage works without its netdev (ethtool -m through the port's own netdev, or name it with the \"netdev-name\" property)\n",
				 cage->label, name);
			ret = 0;
		}
		return ret;
	}
	cage->nd = nd;
	return 0;
}
