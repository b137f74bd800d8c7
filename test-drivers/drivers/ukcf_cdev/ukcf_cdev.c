// SPDX-License-Identifier: GPL-2.0
/*
 * ukcf_cdev: the other character device registration path (ukcf_chardev uses misc_register):
 * alloc_chrdev_region + cdev_init/cdev_add + class_create + device_create, which is how udev would name the node
 * /dev/ukcf_cdev0. Reading returns one line counting the bytes written so far; writes are counted and dropped.
 */
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/uaccess.h>

static dev_t first;
static struct cdev cdev;
static struct class *class;
static struct device *device;
static atomic_t bytes_written = ATOMIC_INIT(0);

static ssize_t cdev_read(struct file *file, char __user *to, size_t count, loff_t *pos)
{
	char line[64];
	int length = scnprintf(line, sizeof(line), "ukcf_cdev minor %u written %d\n",
			       iminor(file->f_inode), atomic_read(&bytes_written));

	return simple_read_from_buffer(to, count, pos, line, length);
}

static ssize_t cdev_write(struct file *file, const char __user *from, size_t count, loff_t *pos)
{
	atomic_add(count, &bytes_written);
	return count;
}

static const struct file_operations cdev_fops = {
	.owner = THIS_MODULE,
	.read = cdev_read,
	.write = cdev_write,
	.llseek = default_llseek,
};

static int __init cdev_module_init(void)
{
	int error = alloc_chrdev_region(&first, 0, 1, "ukcf_cdev");

	if (error)
		return error;
	cdev_init(&cdev, &cdev_fops);
	cdev.owner = THIS_MODULE;
	error = cdev_add(&cdev, first, 1);
	if (error)
		goto unregister;
	class = class_create(THIS_MODULE, "ukcf_cdev");
	if (IS_ERR(class)) {
		error = PTR_ERR(class);
		goto delete;
	}
	device = device_create(class, NULL, first, NULL, "ukcf_cdev%d", 0);
	if (IS_ERR(device)) {
		error = PTR_ERR(device);
		goto destroy_class;
	}
	pr_info("ukcf_cdev: registered major %d minor %d\n", MAJOR(first), MINOR(first));
	return 0;

destroy_class:
	class_destroy(class);
delete:
	cdev_del(&cdev);
unregister:
	unregister_chrdev_region(first, 1);
	pr_err("ukcf_cdev: registration failed: %d\n", error);
	return error;
}

static void __exit cdev_module_exit(void)
{
	device_destroy(class, first);
	class_destroy(class);
	cdev_del(&cdev);
	unregister_chrdev_region(first, 1);
	pr_info("ukcf_cdev: unregistered\n");
}

module_init(cdev_module_init);
module_exit(cdev_module_exit);
MODULE_LICENSE("GPL");
MODULE_AUTHOR("ukcf");
MODULE_DESCRIPTION("ukcf test driver: cdev + class + device registration path");
