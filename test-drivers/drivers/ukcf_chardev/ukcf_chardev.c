// SPDX-License-Identifier: GPL-2.0
/*
 * ukcf_chardev: a misc character device over one kmalloc'd buffer, written to exercise every file operation the
 * kernel bridge models: read, write, llseek (SEEK_SET/CUR/END), unlocked_ioctl (_IO/_IOR/_IOW/_IOWR), mmap,
 * poll, open/release, plus module parameters of three kinds and printk at several levels.
 *
 * The buffer holds `data_length` valid bytes out of `buffer_size`; it starts holding the greeting parameter.
 * mmap maps the buffer itself with remap_pfn_range: the buffer is a whole number of pages from kzalloc (page
 * aligned for such sizes), and virt_to_phys on i386 lowmem is plain arithmetic (virt - PAGE_OFFSET), so the
 * bridge only has to model one import and the linear kernel mapping.
 */
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include "ukcf_chardev_ioctl.h"

static int buffer_size = 4096;
module_param(buffer_size, int, 0444);
MODULE_PARM_DESC(buffer_size, "Size of the device buffer in bytes, rounded up to whole pages (default 4096)");

static char *greeting = "hello from ukcf_chardev";
module_param(greeting, charp, 0444);
MODULE_PARM_DESC(greeting, "Initial contents of the buffer");

static bool verbose;
module_param(verbose, bool, 0644);
MODULE_PARM_DESC(verbose, "Log every read and write at KERN_DEBUG");

static struct {
	struct mutex lock;
	wait_queue_head_t readable;
	char *buffer;
	size_t size;
	size_t data_length;
	u32 opens;
	u32 roundtrips;
} dev;

static int chardev_open(struct inode *inode, struct file *file)
{
	mutex_lock(&dev.lock);
	dev.opens++;
	mutex_unlock(&dev.lock);
	printk(KERN_DEBUG "ukcf_chardev: open #%u\n", dev.opens);
	return 0;
}

static int chardev_release(struct inode *inode, struct file *file)
{
	printk(KERN_DEBUG "ukcf_chardev: release\n");
	return 0;
}

static ssize_t chardev_read(struct file *file, char __user *to, size_t count, loff_t *pos)
{
	loff_t start = *pos;
	ssize_t done;

	mutex_lock(&dev.lock);
	if (*pos >= dev.data_length) {
		done = 0;
	} else {
		done = min_t(size_t, count, dev.data_length - *pos);
		if (copy_to_user(to, dev.buffer + *pos, done))
			done = -EFAULT;
		else
			*pos += done;
	}
	mutex_unlock(&dev.lock);
	if (verbose)
		printk(KERN_DEBUG "ukcf_chardev: read %zu at %lld -> %zd\n", count, start, done);
	return done;
}

static ssize_t chardev_write(struct file *file, const char __user *from, size_t count, loff_t *pos)
{
	loff_t start = *pos;
	ssize_t done;

	mutex_lock(&dev.lock);
	if (*pos >= dev.size) {
		done = -ENOSPC;
	} else {
		done = min_t(size_t, count, dev.size - *pos);
		if (copy_from_user(dev.buffer + *pos, from, done)) {
			done = -EFAULT;
		} else {
			*pos += done;
			if (*pos > dev.data_length)
				dev.data_length = *pos;
		}
	}
	mutex_unlock(&dev.lock);
	if (done > 0)
		wake_up_interruptible(&dev.readable);
	if (verbose)
		printk(KERN_DEBUG "ukcf_chardev: write %zu at %lld -> %zd\n", count, start, done);
	return done;
}

/* Positions run from 0 to the buffer size inclusive; SEEK_END is relative to the valid data. */
static loff_t chardev_llseek(struct file *file, loff_t offset, int whence)
{
	loff_t base;

	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = file->f_pos;
		break;
	case SEEK_END:
		base = dev.data_length;
		break;
	default:
		return -EINVAL;
	}
	if (base + offset < 0 || base + offset > dev.size)
		return -EINVAL;
	file->f_pos = base + offset;
	return file->f_pos;
}

static long roundtrip(struct ukcf_chardev_roundtrip __user *user)
{
	struct ukcf_chardev_roundtrip message;
	size_t length, i;

	if (copy_from_user(&message, user, sizeof(message)))
		return -EFAULT;
	message.text[sizeof(message.text) - 1] = '\0';
	length = strlen(message.text);
	for (i = 0; i < length / 2; i++)
		swap(message.text[i], message.text[length - 1 - i]);
	message.sum = message.a + message.b;
	message.calls = ++dev.roundtrips;
	printk(KERN_INFO "ukcf_chardev: roundtrip a=%u b=%u sum=%u hex=%x text=%s head=%*ph\n",
	       message.a, message.b, message.sum, message.sum, message.text, 4, message.text);
	return copy_to_user(user, &message, sizeof(message)) ? -EFAULT : 0;
}

static long chardev_ioctl(struct file *file, unsigned int command, unsigned long argument)
{
	void __user *user = (void __user *)argument;
	struct ukcf_chardev_info info;
	u32 value;

	switch (command) {
	case UKCF_CHARDEV_GET_SIZE:
		return put_user((u32)dev.size, (u32 __user *)user);
	case UKCF_CHARDEV_CLEAR:
		mutex_lock(&dev.lock);
		memset(dev.buffer, 0, dev.size);
		dev.data_length = 0;
		mutex_unlock(&dev.lock);
		printk(KERN_NOTICE "ukcf_chardev: cleared\n");
		return 0;
	case UKCF_CHARDEV_FILL:
		if (get_user(value, (u32 __user *)user))
			return -EFAULT;
		if (value > 0xff)
			return -EINVAL;
		mutex_lock(&dev.lock);
		memset(dev.buffer, value, dev.size);
		dev.data_length = dev.size;
		mutex_unlock(&dev.lock);
		wake_up_interruptible(&dev.readable);
		return 0;
	case UKCF_CHARDEV_ROUNDTRIP:
		return roundtrip(user);
	case UKCF_CHARDEV_GET_INFO:
		memset(&info, 0, sizeof(info));
		info.buffer_size = dev.size;
		info.data_length = dev.data_length;
		info.verbose = verbose;
		info.opens = dev.opens;
		strscpy(info.greeting, greeting, sizeof(info.greeting));
		return copy_to_user(user, &info, sizeof(info)) ? -EFAULT : 0;
	default:
		printk(KERN_WARNING "ukcf_chardev: unknown ioctl %#x\n", command);
		return -ENOTTY;
	}
}

static int chardev_mmap(struct file *file, struct vm_area_struct *vma)
{
	unsigned long length = vma->vm_end - vma->vm_start;

	if (vma->vm_pgoff != 0 || length > dev.size)
		return -EINVAL;
	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(dev.buffer) >> PAGE_SHIFT, length,
			       vma->vm_page_prot);
}

static __poll_t chardev_poll(struct file *file, poll_table *wait)
{
	__poll_t mask = 0;

	poll_wait(file, &dev.readable, wait);
	if (file->f_pos < dev.data_length)
		mask |= EPOLLIN | EPOLLRDNORM;
	if (dev.data_length < dev.size)
		mask |= EPOLLOUT | EPOLLWRNORM;
	return mask;
}

static const struct file_operations chardev_fops = {
	.owner = THIS_MODULE,
	.open = chardev_open,
	.release = chardev_release,
	.read = chardev_read,
	.write = chardev_write,
	.llseek = chardev_llseek,
	.unlocked_ioctl = chardev_ioctl,
	.mmap = chardev_mmap,
	.poll = chardev_poll,
};

static struct miscdevice chardev_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = UKCF_CHARDEV_NAME,
	.fops = &chardev_fops,
	.mode = 0666,
};

static int __init chardev_init(void)
{
	int error;

	if (buffer_size <= 0 || buffer_size > 16 * PAGE_SIZE) {
		printk(KERN_ERR "ukcf_chardev: buffer_size %d out of range 1..%lu\n", buffer_size, 16 * PAGE_SIZE);
		return -EINVAL;
	}
	mutex_init(&dev.lock);
	init_waitqueue_head(&dev.readable);
	dev.size = PAGE_ALIGN(buffer_size);
	dev.buffer = kzalloc(dev.size, GFP_KERNEL);
	if (!dev.buffer)
		return -ENOMEM;
	if (offset_in_page(dev.buffer)) {
		printk(KERN_ERR "ukcf_chardev: buffer %p is not page aligned\n", dev.buffer);
		kfree(dev.buffer);
		return -EINVAL;
	}
	dev.data_length = strscpy(dev.buffer, greeting, dev.size);
	if ((ssize_t)dev.data_length < 0)
		dev.data_length = dev.size - 1;
	error = misc_register(&chardev_misc);
	if (error) {
		kfree(dev.buffer);
		return error;
	}
	printk(KERN_INFO "ukcf_chardev: loaded, %zu byte buffer at %p, greeting \"%s\", verbose %d, minor %d\n",
	       dev.size, dev.buffer, greeting, verbose, chardev_misc.minor);
	return 0;
}

static void __exit chardev_exit(void)
{
	misc_deregister(&chardev_misc);
	kfree(dev.buffer);
	printk(KERN_INFO "ukcf_chardev: unloaded after %u opens\n", dev.opens);
}

module_init(chardev_init);
module_exit(chardev_exit);
MODULE_LICENSE("GPL");
MODULE_AUTHOR("ukcf");
MODULE_DESCRIPTION("ukcf test driver: misc character device with read/write/llseek/ioctl/mmap/poll");
