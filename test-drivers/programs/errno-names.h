/* The errno names our i386 test programs print (one table for all, so outputs read alike). */
#ifndef UKCF_ERRNO_NAMES_H
#define UKCF_ERRNO_NAMES_H

#include <errno.h>
#include <stdio.h>

static const struct {
	int number;
	const char *name;
} error_names[] = {
	{EPERM, "EPERM"}, {ENOENT, "ENOENT"}, {EIO, "EIO"}, {ENXIO, "ENXIO"}, {EBADF, "EBADF"},
	{EAGAIN, "EAGAIN"}, {ENOMEM, "ENOMEM"}, {EACCES, "EACCES"}, {EFAULT, "EFAULT"}, {EBUSY, "EBUSY"},
	{ENODEV, "ENODEV"}, {EINVAL, "EINVAL"}, {ENOTTY, "ENOTTY"}, {ENOSYS, "ENOSYS"}, {EBADMSG, "EBADMSG"},
	{EOPNOTSUPP, "EOPNOTSUPP"}, {EAFNOSUPPORT, "EAFNOSUPPORT"}, {ENOKEY, "ENOKEY"}, {ENOSPC, "ENOSPC"},
};

/* The name of errno value {@code number}, or "errnoN" for one not in the table. */
static const char *error_name(int number)
{
	static char unknown[32];
	for (size_t i = 0; i < sizeof(error_names) / sizeof(error_names[0]); i++)
		if (error_names[i].number == number)
			return error_names[i].name;
	snprintf(unknown, sizeof(unknown), "errno%d", number);
	return unknown;
}

#endif
