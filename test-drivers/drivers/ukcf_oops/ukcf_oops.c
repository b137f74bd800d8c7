// SPDX-License-Identifier: GPL-2.0
/*
 * ukcf_oops: two ioctls fault in kernel mode (a load and a store through a wild pointer) and one works. On a real
 * kernel the faulting ioctls oops and kill the caller; under the kernel bridge each must give a clear report
 * (faulting EIP inside the module, the address), the host must survive, and PING must work afterwards. The
 * address is a module parameter so that the compiler cannot see through it.
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/uaccess.h>

#include "ukcf_oops_ioctl.h"

static ulong wild_address = 0xdead0000;
module_param(wild_address, ulong, 0444);
MODULE_PARM_DESC(wild_address, "Address the faulting ioctls dereference (default 0xdead0000)");

static u32 pings;

static long wild_ioctl(struct file *file, unsigned int command, unsigned long argument)
{
	volatile u32 *wild = (volatile u32 *)wild_address;

	switch (command) {
	case UKCF_OOPS_READ_WILD:
		return put_user(*wild, (u32 __user *)argument);
	case UKCF_OOPS_WRITE_WILD:
		*wild = 0x0bad;
		return 0;
	case UKCF_OOPS_PING:
		return put_user(0x600d0000u + ++pings, (u32 __user *)argument);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations wild_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = wild_ioctl,
};

static struct miscdevice wild_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = UKCF_OOPS_NAME,
	.fops = &wild_fops,
	.mode = 0666,
};

static int __init wild_module_init(void)
{
	int error = misc_register(&wild_misc);

	if (!error)
		pr_info("ukcf_oops: loaded, wild address %#lx\n", wild_address);
	return error;
}

static void __exit wild_module_exit(void)
{
	misc_deregister(&wild_misc);
	pr_info("ukcf_oops: unloaded after %u pings\n", pings);
}

module_init(wild_module_init);
module_exit(wild_module_exit);
MODULE_LICENSE("GPL");
MODULE_AUTHOR("ukcf");
MODULE_DESCRIPTION("ukcf test driver: ioctls that dereference a wild pointer, and one that works");
