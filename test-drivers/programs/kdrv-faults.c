/*
 * kdrv-faults: exercises the failure paths of the kernel bridge with our two faulty drivers. Each faulting call
 * runs in a child process: on a real kernel a driver oops kills the calling task, under the bridge the call must
 * come back with a clear report and an error; either way the parent prints how the call ended, then proves that
 * the device still answers a normal call.
 *   /dev/ukcf_unimpl  CALENDAR calls rtc_time64_to_tm, a kernel export the bridge leaves unimplemented
 *   /dev/ukcf_oops    READ_WILD and WRITE_WILD dereference an unmapped kernel address
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../drivers/ukcf_oops/ukcf_oops_ioctl.h"
#include "../drivers/ukcf_unimpl/ukcf_unimpl_ioctl.h"

#include "errno-names.h"

static int open_device(const char *name)
{
	char path[64];
	snprintf(path, sizeof(path), "/dev/%s", name);
	int fd = open(path, O_RDWR);
	if (fd < 0)
		printf("open(%s) = -1 %s\n", path, error_name(errno));
	return fd;
}

static void ping(int fd, unsigned long command, const char *device)
{
	uint32_t answer = 0;
	if (ioctl(fd, command, &answer) < 0)
		printf("%s PING = -1 %s\n", device, error_name(errno));
	else
		printf("%s PING = 0 answer %#x\n", device, answer);
}

static void calendar(int fd)
{
	struct ukcf_unimpl_calendar request = {.seconds = 1000000000};
	if (ioctl(fd, UKCF_UNIMPL_CALENDAR, &request) < 0)
		printf("ukcf_unimpl CALENDAR = -1 %s\n", error_name(errno));
	else
		printf("ukcf_unimpl CALENDAR = 0 %04d-%02d-%02d %02d:%02d:%02d\n", request.year + 1900, request.month + 1,
		       request.day, request.hour, request.minute, request.second);
}

static void read_wild(int fd)
{
	uint32_t value = 0;
	if (ioctl(fd, UKCF_OOPS_READ_WILD, &value) < 0)
		printf("ukcf_oops READ_WILD = -1 %s\n", error_name(errno));
	else
		printf("ukcf_oops READ_WILD = 0 value %#x\n", value);
}

static void write_wild(int fd)
{
	if (ioctl(fd, UKCF_OOPS_WRITE_WILD) < 0)
		printf("ukcf_oops WRITE_WILD = -1 %s\n", error_name(errno));
	else
		printf("ukcf_oops WRITE_WILD = 0\n");
}

/* Runs call(fd) in a child and reports how the child ended. */
static void in_child(const char *what, void (*call)(int), int fd)
{
	fflush(stdout);
	pid_t child = fork();
	if (child < 0) {
		printf("fork = -1 %s\n", error_name(errno));
		return;
	}
	if (child == 0) {
		call(fd);
		fflush(stdout);
		_exit(0);
	}
	int status;
	if (waitpid(child, &status, 0) < 0)
		printf("waitpid = -1 %s\n", error_name(errno));
	else if (WIFSIGNALED(status))
		printf("%s: the calling process was killed by signal %d\n", what, WTERMSIG(status));
	else
		printf("%s: the calling process exited with status %d\n", what, WEXITSTATUS(status));
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	int unimpl = open_device(UKCF_UNIMPL_NAME);
	if (unimpl >= 0) {
		ping(unimpl, UKCF_UNIMPL_PING, "ukcf_unimpl");
		in_child("CALENDAR", calendar, unimpl);
		ping(unimpl, UKCF_UNIMPL_PING, "ukcf_unimpl");
		close(unimpl);
	}
	int oops = open_device(UKCF_OOPS_NAME);
	if (oops >= 0) {
		ping(oops, UKCF_OOPS_PING, "ukcf_oops");
		in_child("READ_WILD", read_wild, oops);
		ping(oops, UKCF_OOPS_PING, "ukcf_oops");
		in_child("WRITE_WILD", write_wild, oops);
		ping(oops, UKCF_OOPS_PING, "ukcf_oops");
		close(oops);
	}
	return unimpl >= 0 && oops >= 0 ? 0 : 1;
}
