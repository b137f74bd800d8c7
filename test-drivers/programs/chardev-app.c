/*
 * chardev-app: drives /dev/ukcf_chardev (test-drivers/drivers/ukcf_chardev) through every file operation it
 * implements and prints each result with its errno name, so that a run under the kernel bridge can be compared
 * line for line with a run on a real kernel. Expects a freshly loaded module with default parameters unless the
 * caller knows better (GET_INFO prints what the module was given).
 *   chardev-app [DEVICE]     (default /dev/ukcf_chardev)
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../drivers/ukcf_chardev/ukcf_chardev_ioctl.h"

#include "errno-names.h"

/* Prints "what = result" and, for a failure, the errno name. Returns the result. */
static long show(const char *what, long result)
{
	if (result < 0)
		printf("%s = -1 %s\n", what, error_name(errno));
	else
		printf("%s = %ld\n", what, result);
	return result;
}

static void show_bytes(const char *what, const char *data, long length)
{
	printf("%s: \"", what);
	for (long i = 0; i < length; i++)
		putchar(data[i] >= 32 && data[i] < 127 ? data[i] : '.');
	printf("\"\n");
}

static void show_poll(int fd)
{
	struct pollfd entry = {.fd = fd, .events = POLLIN | POLLOUT};
	int ready = poll(&entry, 1, 0);
	if (ready < 0) {
		show("poll", ready);
		return;
	}
	printf("poll = %d revents%s%s%s\n", ready, entry.revents & POLLIN ? " POLLIN" : "",
	       entry.revents & POLLOUT ? " POLLOUT" : "", entry.revents & ~(POLLIN | POLLOUT) ? " other" : "");
}

static void show_info(int fd)
{
	struct ukcf_chardev_info info;
	if (show("ioctl(GET_INFO)", ioctl(fd, UKCF_CHARDEV_GET_INFO, &info)) == 0)
		printf("  buffer_size %u data_length %u verbose %u opens %u greeting \"%.31s\"\n", info.buffer_size,
		       info.data_length, info.verbose, info.opens, info.greeting);
}

static void seeks(int fd, uint32_t size)
{
	char what[64];
	static const struct {
		const char *name;
		int whence;
		long offset;
	} steps[] = {
		{"SEEK_SET", SEEK_SET, 0}, {"SEEK_CUR", SEEK_CUR, 6}, {"SEEK_CUR", SEEK_CUR, -2},
		{"SEEK_END", SEEK_END, 0}, {"SEEK_END", SEEK_END, -5}, {"SEEK_CUR", SEEK_CUR, -1000000},
		{"SEEK_SET", SEEK_SET, -1}, {"whence 7", 7, 0},
	};
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		snprintf(what, sizeof(what), "lseek(%ld, %s)", steps[i].offset, steps[i].name);
		show(what, lseek(fd, steps[i].offset, steps[i].whence));
	}
	snprintf(what, sizeof(what), "lseek(size, SEEK_SET)");
	show(what, lseek(fd, size, SEEK_SET));
	snprintf(what, sizeof(what), "lseek(size + 1, SEEK_SET)");
	show(what, lseek(fd, (off_t)size + 1, SEEK_SET));
}

static void mappings(int fd, uint32_t size)
{
	char text[16];
	char *map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED) {
		show("mmap(size)", -1);
		return;
	}
	printf("mmap(size) = ok\n");
	show_bytes("mapped bytes 0..7", map, 8);
	memcpy(map, "mapped!", 7);
	/* the driver has no fsync, so Linux answers msync(MS_SYNC) on its shared mapping with EINVAL */
	show("msync", msync(map, size, MS_SYNC));
	show("lseek(0, SEEK_SET)", lseek(fd, 0, SEEK_SET));
	long got = show("read(8) after a store through the mapping", read(fd, text, 8));
	if (got > 0)
		show_bytes("  data", text, got);
	show("munmap", munmap(map, size));

	map = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 4096);
	show("mmap(4096 at page offset 1)", map == MAP_FAILED ? -1 : 0);
	if (map != MAP_FAILED)
		munmap(map, 4096);
	map = mmap(NULL, size + 4096, PROT_READ, MAP_SHARED, fd, 0);
	show("mmap(size + 4096)", map == MAP_FAILED ? -1 : 0);
	if (map != MAP_FAILED)
		munmap(map, size + 4096);
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/dev/" UKCF_CHARDEV_NAME;
	char text[128];
	uint32_t size = 0, byte;
	long got;

	setvbuf(stdout, NULL, _IOLBF, 0);
	int fd = open(path, O_RDWR);
	if (fd < 0) {
		printf("open(%s) = -1 %s\n", path, error_name(errno));
		return 1;
	}
	printf("open(%s) = ok\n", path);
	show_info(fd);
	show_poll(fd);

	got = show("read(128)", read(fd, text, sizeof(text)));
	if (got > 0)
		show_bytes("  data", text, got);
	show("read(128) at the end", read(fd, text, sizeof(text)));
	show_poll(fd);

	show("ioctl(GET_SIZE)", ioctl(fd, UKCF_CHARDEV_GET_SIZE, &size));
	printf("  size %u\n", size);
	seeks(fd, size);

	show("lseek(0, SEEK_SET)", lseek(fd, 0, SEEK_SET));
	show("write(\"ukcf!\")", write(fd, "ukcf!", 5));
	show("lseek(0, SEEK_SET)", lseek(fd, 0, SEEK_SET));
	got = show("read(10)", read(fd, text, 10));
	if (got > 0)
		show_bytes("  data", text, got);
	show("pwrite(\"tail\", size - 2)", pwrite(fd, "tail", 4, size - 2));
	show("pwrite(\"x\", size)", pwrite(fd, "x", 1, size));
	show("lseek(0, SEEK_SET)", lseek(fd, 0, SEEK_SET));
	char *volatile unmapped = (char *)16;
	show("read into an unmapped buffer", read(fd, unmapped, 4));
	show("write from a kernel address", write(fd, (void *)0xc0001000, 4));

	byte = 'A';
	show("ioctl(FILL, 'A')", ioctl(fd, UKCF_CHARDEV_FILL, &byte));
	byte = 0x100;
	show("ioctl(FILL, 0x100)", ioctl(fd, UKCF_CHARDEV_FILL, &byte));
	got = show("pread(8, 100)", pread(fd, text, 8, 100));
	if (got > 0)
		show_bytes("  data", text, got);

	for (int round = 0; round < 2; round++) {
		struct ukcf_chardev_roundtrip message = {.a = 40 + round, .b = 2};
		strcpy(message.text, round == 0 ? "chardev" : "ukcf");
		if (show("ioctl(ROUNDTRIP)", ioctl(fd, UKCF_CHARDEV_ROUNDTRIP, &message)) == 0)
			printf("  a %u b %u sum %u calls %u text \"%s\"\n", message.a, message.b, message.sum,
			       message.calls, message.text);
	}
	show("ioctl(GET_SIZE, NULL)", ioctl(fd, UKCF_CHARDEV_GET_SIZE, NULL));
	show("ioctl(ROUNDTRIP, kernel address)", ioctl(fd, UKCF_CHARDEV_ROUNDTRIP, (void *)0xc0000000));
	show("ioctl(unknown _IO('u', 99))", ioctl(fd, _IO(UKCF_CHARDEV_IOC_MAGIC, 99)));

	mappings(fd, size);

	int second = open(path, O_RDONLY);
	show("second open", second < 0 ? -1 : 0);
	show_info(fd);
	if (second >= 0)
		show("close(second)", close(second));

	show("ioctl(CLEAR)", ioctl(fd, UKCF_CHARDEV_CLEAR));
	show("lseek(0, SEEK_SET)", lseek(fd, 0, SEEK_SET));
	show_poll(fd);
	show("read(128) after CLEAR", read(fd, text, sizeof(text)));
	show_info(fd);
	show("close", close(fd));
	return 0;
}
