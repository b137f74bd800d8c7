// SPDX-License-Identifier: GPL-2.0
/*
 * ukcf_unimpl: loads and initialises normally, but one ioctl calls rtc_time64_to_tm, a real vmlinux export
 * (drivers/rtc/lib.c, CONFIG_RTC_LIB=y in Debian's 686 kernel) that the kernel bridge deliberately leaves
 * unimplemented: no device class the bridge models needs calendar arithmetic, and the function is pure, so on
 * a real kernel the ioctl gives a checkable answer. Under the bridge the call must produce a clear report naming
 * the function, the host must survive, and the PING ioctl must still work afterwards. With calendar_at_init=1 the
 * call happens in init, which then cannot complete: the bridge must undo the load.
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/rtc.h>
#include <linux/uaccess.h>

#include "ukcf_unimpl_ioctl.h"

static u32 pings;

static bool calendar_at_init;
module_param(calendar_at_init, bool, 0444);
MODULE_PARM_DESC(calendar_at_init, "Call rtc_time64_to_tm from init too, so that init cannot complete under the bridge");

static long calendar(struct ukcf_unimpl_calendar __user *user)
{
	struct ukcf_unimpl_calendar request;
	struct rtc_time tm;

	if (copy_from_user(&request, user, sizeof(request)))
		return -EFAULT;
	rtc_time64_to_tm(request.seconds, &tm);
	request.year = tm.tm_year;
	request.month = tm.tm_mon;
	request.day = tm.tm_mday;
	request.hour = tm.tm_hour;
	request.minute = tm.tm_min;
	request.second = tm.tm_sec;
	return copy_to_user(user, &request, sizeof(request)) ? -EFAULT : 0;
}

static long unimpl_ioctl(struct file *file, unsigned int command, unsigned long argument)
{
	switch (command) {
	case UKCF_UNIMPL_CALENDAR:
		return calendar((void __user *)argument);
	case UKCF_UNIMPL_PING:
		return put_user(0x600d0000u + ++pings, (u32 __user *)argument);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations unimpl_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = unimpl_ioctl,
};

static struct miscdevice unimpl_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = UKCF_UNIMPL_NAME,
	.fops = &unimpl_fops,
	.mode = 0666,
};

static int __init unimpl_init(void)
{
	int error;

	if (calendar_at_init) {
		struct rtc_time tm;

		rtc_time64_to_tm(0, &tm);
		pr_info("ukcf_unimpl: the epoch is in %d\n", tm.tm_year + 1900);
	}
	error = misc_register(&unimpl_misc);

	if (!error)
		pr_info("ukcf_unimpl: loaded\n");
	return error;
}

static void __exit unimpl_exit(void)
{
	misc_deregister(&unimpl_misc);
	pr_info("ukcf_unimpl: unloaded after %u pings\n", pings);
}

module_init(unimpl_init);
module_exit(unimpl_exit);
MODULE_LICENSE("GPL");
MODULE_AUTHOR("ukcf");
MODULE_DESCRIPTION("ukcf test driver: an ioctl that calls a kernel export the bridge does not implement");
