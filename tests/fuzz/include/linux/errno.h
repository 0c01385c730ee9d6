/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space stand-in for <linux/errno.h>: the kernel's error numbers as
 * the C library exports them (what the UAPI <linux/errno.h> does too).
 */
#ifndef _OSFP_FUZZ_LINUX_ERRNO_H
#define _OSFP_FUZZ_LINUX_ERRNO_H

#include <asm/errno.h>

#endif /* _OSFP_FUZZ_LINUX_ERRNO_H */
