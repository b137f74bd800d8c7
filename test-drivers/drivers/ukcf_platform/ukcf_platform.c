// SPDX-License-Identifier: GPL-2.0
/*
 * ukcf_platform: the platform bus path. Init registers a platform driver and then a platform device of the same
 * name, so the bus matches them and calls probe; probe allocates its state with devm_kzalloc (freed when the device
 * unbinds) and registers a misc device whose read tells who probed it. Exit unregisters the device (remove runs)
 * and then the driver.
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>

struct platform_state {
	struct miscdevice misc;
	char line[64];
	int length;
};

static struct platform_device *device;

static ssize_t platform_read(struct file *file, char __user *to, size_t count, loff_t *pos)
{
	struct platform_state *state = container_of(file->private_data, struct platform_state, misc);

	return simple_read_from_buffer(to, count, pos, state->line, state->length);
}

static const struct file_operations platform_fops = {
	.owner = THIS_MODULE,
	.read = platform_read,
	.llseek = default_llseek,
};

static int ukcf_platform_probe(struct platform_device *pdev)
{
	struct platform_state *state = devm_kzalloc(&pdev->dev, sizeof(*state), GFP_KERNEL);
	int error;

	if (!state)
		return -ENOMEM;
	state->length = scnprintf(state->line, sizeof(state->line), "probed %s (id %d)\n", dev_name(&pdev->dev), pdev->id);
	state->misc.minor = MISC_DYNAMIC_MINOR;
	state->misc.name = "ukcf_platform";
	state->misc.fops = &platform_fops;
	state->misc.mode = 0444;
	error = misc_register(&state->misc);
	if (error)
		return error;
	platform_set_drvdata(pdev, state);
	dev_info(&pdev->dev, "probed, driver %s\n", pdev->dev.driver ? pdev->dev.driver->name : "(none)");
	return 0;
}

static int ukcf_platform_remove(struct platform_device *pdev)
{
	struct platform_state *state = platform_get_drvdata(pdev);

	misc_deregister(&state->misc);
	dev_info(&pdev->dev, "removed\n");
	return 0;
}

static struct platform_driver ukcf_platform_driver = {
	.probe = ukcf_platform_probe,
	.remove = ukcf_platform_remove,
	.driver = {
		.name = "ukcf_platform",
	},
};

static int __init ukcf_platform_init(void)
{
	int error = platform_driver_register(&ukcf_platform_driver);

	if (error)
		return error;
	device = platform_device_register_simple("ukcf_platform", PLATFORM_DEVID_NONE, NULL, 0);
	if (IS_ERR(device)) {
		platform_driver_unregister(&ukcf_platform_driver);
		return PTR_ERR(device);
	}
	pr_info("ukcf_platform: device and driver registered\n");
	return 0;
}

static void __exit ukcf_platform_exit(void)
{
	platform_device_unregister(device);
	platform_driver_unregister(&ukcf_platform_driver);
	pr_info("ukcf_platform: unregistered\n");
}

module_init(ukcf_platform_init);
module_exit(ukcf_platform_exit);
MODULE_LICENSE("GPL");
MODULE_AUTHOR("ukcf");
MODULE_DESCRIPTION("ukcf test driver: a platform driver whose probe registers a misc device");
