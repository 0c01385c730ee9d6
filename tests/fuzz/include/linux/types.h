/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space stand-in for <linux/types.h>, enough to build the pure CMIS
 * decoder (drivers/net/osfp/cmis.c) outside the kernel for fuzzing: the
 * UAPI fixed-width types under their in-kernel names, and bool.
 */
#ifndef _OSFP_FUZZ_LINUX_TYPES_H
#define _OSFP_FUZZ_LINUX_TYPES_H

#include <asm/types.h>
#include <stdbool.h>
#include <stddef.h>

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
typedef __s8 s8;
typedef __s16 s16;
typedef __s32 s32;
typedef __s64 s64;

#endif /* _OSFP_FUZZ_LINUX_TYPES_H */
