/* ioctl interface of ukcf_oops, shared by the driver and test-drivers/programs/kdrv-faults.c. */
#ifndef UKCF_OOPS_IOCTL_H
#define UKCF_OOPS_IOCTL_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define UKCF_OOPS_NAME "ukcf_oops"

/* Loads a 32-bit word from the wild_address module parameter (default 0xdead0000, unmapped kernel space). */
#define UKCF_OOPS_READ_WILD  _IOR('O', 1, __u32)
/* Stores 0x0bad to wild_address. */
#define UKCF_OOPS_WRITE_WILD _IO('O', 2)
/* Works everywhere: returns 0x600d0000 + the number of calls so far. */
#define UKCF_OOPS_PING       _IOR('O', 3, __u32)

#endif
