/* ioctl interface of ukcf_unimpl, shared by the driver and test-drivers/programs/kdrv-faults.c. */
#ifndef UKCF_UNIMPL_IOCTL_H
#define UKCF_UNIMPL_IOCTL_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define UKCF_UNIMPL_NAME "ukcf_unimpl"

/* Seconds since the epoch in, the calendar fields rtc_time64_to_tm computes out. */
struct ukcf_unimpl_calendar {
	__s64 seconds;
	__s32 year;       /* years since 1900, as struct rtc_time */
	__s32 month;      /* 0..11 */
	__s32 day;
	__s32 hour;
	__s32 minute;
	__s32 second;
};

/* Calls the one kernel export the bridge deliberately does not implement. */
#define UKCF_UNIMPL_CALENDAR _IOWR('x', 1, struct ukcf_unimpl_calendar)
/* Works everywhere: returns 0x600d0000 + the number of calls so far. */
#define UKCF_UNIMPL_PING     _IOR('x', 2, __u32)

#endif
