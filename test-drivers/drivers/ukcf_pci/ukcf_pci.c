// SPDX-License-Identifier: GPL-2.0
/*
 * ukcf_pci: the PCI bus path. Registers a PCI driver for QEMU's standard VGA (1234:1111, at 00:02.0 in QEMU's
 * i386 "pc" machine, which no driver of the reference kernel's initramfs claims); probe enables the device and
 * reports what the PCI core and the device's configuration header say about it, remove disables it again.
 */
#include <linux/module.h>
#include <linux/pci.h>

static const struct pci_device_id ukcf_pci_ids[] = {
	{ PCI_DEVICE(0x1234, 0x1111) },
	{ }
};
MODULE_DEVICE_TABLE(pci, ukcf_pci_ids);

static int ukcf_pci_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	u16 vendor = 0, command = 0;
	u8 header = 0, pin = 0;
	int error = pci_enable_device(pdev);

	if (error)
		return error;
	pci_read_config_word(pdev, PCI_VENDOR_ID, &vendor);
	pci_read_config_word(pdev, PCI_COMMAND, &command);
	pci_read_config_byte(pdev, PCI_HEADER_TYPE, &header);
	pci_read_config_byte(pdev, PCI_INTERRUPT_PIN, &pin);
	dev_info(&pdev->dev, "probed %04x:%04x class %06x rev %02x subsystem %04x:%04x slot %02x.%x\n",
		 pdev->vendor, pdev->device, pdev->class, pdev->revision, pdev->subsystem_vendor,
		 pdev->subsystem_device, PCI_SLOT(pdev->devfn), PCI_FUNC(pdev->devfn));
	dev_info(&pdev->dev, "config: vendor %04x command %04x header %02x pin %u; matched id %04x:%04x\n",
		 vendor, command, header, pin, id->vendor, id->device);
	return 0;
}

static void ukcf_pci_remove(struct pci_dev *pdev)
{
	pci_disable_device(pdev);
	dev_info(&pdev->dev, "removed\n");
}

static struct pci_driver ukcf_pci_driver = {
	.name = "ukcf_pci",
	.id_table = ukcf_pci_ids,
	.probe = ukcf_pci_probe,
	.remove = ukcf_pci_remove,
};

module_pci_driver(ukcf_pci_driver);
MODULE_LICENSE("GPL");
MODULE_AUTHOR("ukcf");
MODULE_DESCRIPTION("ukcf test driver: a PCI driver for QEMU's standard VGA that reports what probe sees");
