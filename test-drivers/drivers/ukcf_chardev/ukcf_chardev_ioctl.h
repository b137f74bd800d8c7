/* ioctl interface of ukcf_chardev, shared by the driver and test-drivers/programs/chardev-app.c. */
#ifndef UKCF_CHARDEV_IOCTL_H
#define UKCF_CHARDEV_IOCTL_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define UKCF_CHARDEV_NAME "ukcf_chardev"
#define UKCF_CHARDEV_IOC_MAGIC 'u'

/* A struct that crosses the user/kernel boundary both ways: the driver adds a and b, reverses text. */
struct ukcf_chardev_roundtrip {
	__u32 a;
	__u32 b;
	__u32 sum;        /* out: a + b */
	__u32 calls;      /* out: how many round trips so far, this one included */
	char text[16];    /* in: NUL-terminated; out: reversed */
};

/* What the driver was loaded with and holds now: proves module parameters reached the driver. */
struct ukcf_chardev_info {
	__u32 buffer_size;
	__u32 data_length;
	__u32 verbose;
	__u32 opens;
	char greeting[32];
};

#define UKCF_CHARDEV_GET_SIZE   _IOR(UKCF_CHARDEV_IOC_MAGIC, 1, __u32)
#define UKCF_CHARDEV_CLEAR      _IO(UKCF_CHARDEV_IOC_MAGIC, 2)
#define UKCF_CHARDEV_FILL       _IOW(UKCF_CHARDEV_IOC_MAGIC, 3, __u32)
#define UKCF_CHARDEV_ROUNDTRIP  _IOWR(UKCF_CHARDEV_IOC_MAGIC, 4, struct ukcf_chardev_roundtrip)
#define UKCF_CHARDEV_GET_INFO   _IOR(UKCF_CHARDEV_IOC_MAGIC, 5, struct ukcf_chardev_info)

#endif
