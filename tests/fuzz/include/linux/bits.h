/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for <linux/bits.h>. */
#ifndef _OSFP_FUZZ_LINUX_BITS_H
#define _OSFP_FUZZ_LINUX_BITS_H

#define BIT(nr)		(1UL << (nr))

#endif /* _OSFP_FUZZ_LINUX_BITS_H */
