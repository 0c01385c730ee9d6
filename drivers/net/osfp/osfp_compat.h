/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel compatibility for osfp.ko and osfp_emu.ko.
 *
 * Every difference between the kernels the project supports (Debian's 6.1
 * and 6.12 LTS kernels, and the newest kernel in Debian unstable) lives in
 * this header, so that the driver files read like in-tree code for the
 * newest kernel. Nothing here compares kernel versions: stable kernels
 * backport features, so each difference is detected in the target kernel's
 * headers at build time by osfp_compat.sh, which drivers/net/osfp/Kbuild
 * runs and whose -DOSFP_HAVE_<FEATURE> flags this header turns into code.
 */
#ifndef _OSFP_COMPAT_H
#define _OSFP_COMPAT_H

#include <linux/device.h>
#include <linux/err.h>
#include <linux/fwnode.h>
#include <linux/i2c.h>
#include <linux/module.h>

/*
 * Any makefile that builds these files (Kbuild here, or a copy of the files
 * in a kernel tree) must add the flags of
 *   $(CONFIG_SHELL) osfp_compat.sh $(srctree)
 * to ccflags-y, as drivers/net/osfp/Kbuild does.
 */
#ifndef OSFP_COMPAT_PROBED
#error "osfp: kernel features not probed: add the output of osfp_compat.sh to ccflags-y"
#endif

/* ---- cage driver and cage controller (core.c, controller.c) ---- */

/*
 * class_create() lost its owner argument in 6.4.
 */
static inline struct class *osfp_class_create(const char *name)
{
#ifdef OSFP_HAVE_CLASS_CREATE_NO_OWNER
	return class_create(name);
#else
	return class_create(THIS_MODULE, name);
#endif
}

/*
 * struct i2c_driver: 6.3 made .probe take the client only; before that the
 * one-argument callback is .probe_new (which 6.6 removed).
 */
#ifdef OSFP_HAVE_I2C_PROBE_NO_ID
#define OSFP_I2C_PROBE_MEMBER	probe
#else
#define OSFP_I2C_PROBE_MEMBER	probe_new
#endif

/*
 * struct gpio_chip .set returns an error code since 6.17 (6.15 and 6.16
 * have it as .set_rv); before, it returns nothing. A driver implements
 * int <prefix>_write(gc, offset, value) and OSFP_DEFINE_GPIO_SET(<prefix>)
 * defines <prefix>_set() with the signature the kernel wants.
 */
#ifdef OSFP_HAVE_GPIO_SET_INT
#define OSFP_DEFINE_GPIO_SET(prefix)					\
static int prefix##_set(struct gpio_chip *gc, unsigned int offset, int value) \
{									\
	return prefix##_write(gc, offset, value);			\
}
#else
#define OSFP_DEFINE_GPIO_SET(prefix)					\
static void prefix##_set(struct gpio_chip *gc, unsigned int offset, int value) \
{									\
	prefix##_write(gc, offset, value);				\
}
#endif

/*
 * i2c_get_adapter_by_fwnode() is in 6.8 and was backported to the 6.1
 * stable series (Debian's 6.1.0-56, stable 6.1.192, has it). Elsewhere,
 * walk the I2C bus the way the i2c core does: an adapter matches when its
 * own firmware node or its parent's is @fwnode.
 */
#ifdef OSFP_HAVE_I2C_GET_ADAPTER_BY_FWNODE
static inline struct i2c_adapter *
osfp_i2c_get_adapter_by_fwnode(struct fwnode_handle *fwnode)
{
	return i2c_get_adapter_by_fwnode(fwnode);
}
#else
struct osfp_i2c_adapter_match {
	struct fwnode_handle *fwnode;
	struct i2c_adapter *adapter;
};

static inline int osfp_i2c_adapter_match(struct device *dev, void *data)
{
	struct osfp_i2c_adapter_match *m = data;
	struct i2c_adapter *adapter = i2c_verify_adapter(dev);

	if (!adapter)
		return 0;
	if (dev_fwnode(dev) != m->fwnode &&
	    (!dev->parent || dev_fwnode(dev->parent) != m->fwnode))
		return 0;
	get_device(dev);
	m->adapter = adapter;
	return 1;
}

static inline struct i2c_adapter *
osfp_i2c_get_adapter_by_fwnode(struct fwnode_handle *fwnode)
{
	struct osfp_i2c_adapter_match m = { .fwnode = fwnode };

	if (!fwnode)
		return NULL;
	i2c_for_each_dev(&m, osfp_i2c_adapter_match);
	if (!m.adapter)
		return NULL;
	if (!try_module_get(m.adapter->owner)) {
		put_device(&m.adapter->dev);
		return NULL;
	}
	return m.adapter;
}
#endif

/* ---- ethtool adapter (ethtool.c) ---- */

/*
 * struct ethtool_ops gained .set_module_eeprom_by_page in 6.11 (for the
 * kernel's CMIS firmware flashing): ethtool.c tests
 * OSFP_HAVE_SET_MODULE_EEPROM_BY_PAGE, set by the probe.
 */

/* ---- end of the ethtool adapter section ---- */

/* ---- sysfs adapter (sysfs.c) ---- */

/*
 * Since 6.16 the callbacks of struct bin_attribute take a const attribute
 * and struct attribute_group.bin_attrs lists const attributes. Declare the
 * callbacks' attribute and the list with OSFP_BIN_ATTR_CONST.
 */
#if defined(OSFP_HAVE_BIN_ATTR_READ_CONST) != defined(OSFP_HAVE_BIN_ATTRS_CONST)
#error "osfp: the const bin_attribute callbacks and lists must go together"
#elif defined(OSFP_HAVE_BIN_ATTR_READ_CONST)
#define OSFP_BIN_ATTR_CONST	const
#else
#define OSFP_BIN_ATTR_CONST
#endif

/* ---- end of the sysfs adapter section ---- */

#endif /* _OSFP_COMPAT_H */
