#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Kernel feature probe for osfp_compat.h.
#
# Usage: osfp_compat.sh SRCTREE
#
# Looks in the headers of the kernel the driver is built for (SRCTREE is
# kbuild's $(srctree): a kernel source tree, or the common part of Debian's
# headers) for the declarations osfp_compat.h depends on, and prints the
# compiler flags that describe them on one line: -DOSFP_HAVE_<FEATURE> for
# each feature found, and -DOSFP_COMPAT_PROBED when every header was read.
# drivers/net/osfp/Kbuild adds them to ccflags-y. A header is searched with
# its whitespace (newlines included) squeezed to single spaces, so that a
# declaration wrapped over lines still matches.
#
# Every kernel difference the driver handles is a line of the table below
# and a block of osfp_compat.h; no other file looks at kernel versions or
# at these flags.

srctree=${1:?usage: osfp_compat.sh SRCTREE}
flags=
failed=

# probe FEATURE HEADER EXTENDED-REGEX
probe() {
	hdr=$srctree/include/linux/$2
	if [ ! -r "$hdr" ]; then
		echo "osfp_compat.sh: $hdr: not found" >&2
		failed=1
		return
	fi
	if tr '\t\n' '  ' <"$hdr" | tr -s ' ' | grep -Eq -e "$3"; then
		flags="$flags -DOSFP_HAVE_$1"
	fi
}

# class_create() without the owner argument (6.4)
probe CLASS_CREATE_NO_OWNER device/class.h \
	'class_create\(const char \*name\)'
# struct i2c_driver .probe without the i2c_device_id argument (6.3)
probe I2C_PROBE_NO_ID i2c.h \
	'int \(\*probe\)\(struct i2c_client \*client\);'
# i2c_get_adapter_by_fwnode() (6.8; backported to 6.1.192)
probe I2C_GET_ADAPTER_BY_FWNODE i2c.h \
	'i2c_get_adapter_by_fwnode\(struct fwnode_handle \*fwnode\)'
# struct gpio_chip .set returns an error code (6.17)
probe GPIO_SET_INT gpio/driver.h \
	'int \(\*set\)\(struct gpio_chip \*'
# struct ethtool_ops .set_module_eeprom_by_page (6.11)
probe SET_MODULE_EEPROM_BY_PAGE ethtool.h \
	'\(\*set_module_eeprom_by_page\)\('
# const struct bin_attribute in the callbacks and in
# struct attribute_group .bin_attrs (6.16): both, or the old API
probe BIN_ATTR_READ_CONST sysfs.h \
	'\(\*read\)\(struct file \*, struct kobject \*, const struct bin_attribute \*'
probe BIN_ATTRS_CONST sysfs.h \
	'const struct bin_attribute \*const \*bin_attrs;'

[ -z "$failed" ] && flags="-DOSFP_COMPAT_PROBED$flags"
echo "$flags"
