package ukcf.user.syscall;

import static ukcf.user.syscall.Arg.HEX;
import static ukcf.user.syscall.Arg.INT;
import static ukcf.user.syscall.Arg.POINTER;
import static ukcf.user.syscall.Arg.UNSIGNED;

import java.time.Instant;
import ukcf.user.abi.StructLayout;
import ukcf.user.process.GuestProcess;

/** Clocks and random bytes. */
final class TimeSyscalls {
    private TimeSyscalls() { }

    private static final int CLOCK_REALTIME = 0, CLOCK_MONOTONIC = 1, CLOCK_PROCESS_CPUTIME_ID = 2,
            CLOCK_THREAD_CPUTIME_ID = 3, CLOCK_MONOTONIC_RAW = 4, CLOCK_REALTIME_COARSE = 5,
            CLOCK_MONOTONIC_COARSE = 6, CLOCK_BOOTTIME = 7;
    private static final long START_NANOS = System.nanoTime();

    /** A clock's reading in nanoseconds. */
    static long read(int clock) {
        return switch (clock) {
            case CLOCK_REALTIME, CLOCK_REALTIME_COARSE -> {
                Instant now = Instant.now();
                yield now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }
            case CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW, CLOCK_MONOTONIC_COARSE, CLOCK_BOOTTIME -> System.nanoTime();
            case CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID -> System.nanoTime() - START_NANOS;
            default -> throw new SyscallError(Errno.EINVAL);
        };
    }

    @Syscall(name = "clock_gettime", args = {Arg.CLOCK, POINTER})
    static int clockGettime(GuestProcess p, int clock, int timespec) {
        long nanos = read(clock);
        p.writeBytes(timespec, StructLayout.of("timespec32").newBuffer().put("tv_sec", nanos / 1_000_000_000L)
                .put("tv_nsec", nanos % 1_000_000_000L).bytes());
        return 0;
    }

    @Syscall(name = "clock_gettime64", args = {Arg.CLOCK, POINTER})
    static int clockGettime64(GuestProcess p, int clock, int timespec) {
        long nanos = read(clock);
        p.writeBytes(timespec, StructLayout.of("__kernel_timespec").newBuffer()
                .put("tv_sec", nanos / 1_000_000_000L).put("tv_nsec", nanos % 1_000_000_000L).bytes());
        return 0;
    }

    @Syscall(name = "clock_getres", args = {Arg.CLOCK, POINTER})
    static int clockGetres(GuestProcess p, int clock, int timespec) {
        read(clock);
        if (timespec != 0) {
            p.writeBytes(timespec, StructLayout.of("timespec32").newBuffer().put("tv_sec", 0).put("tv_nsec", 1).bytes());
        }
        return 0;
    }

    @Syscall(name = "clock_getres_time64", args = {Arg.CLOCK, POINTER})
    static int clockGetres64(GuestProcess p, int clock, int timespec) {
        read(clock);
        if (timespec != 0) {
            p.writeBytes(timespec, StructLayout.of("__kernel_timespec").newBuffer().put("tv_sec", 0).put("tv_nsec", 1).bytes());
        }
        return 0;
    }

    @Syscall(name = "gettimeofday", args = {POINTER, POINTER})
    static int gettimeofday(GuestProcess p, int timeval, int timezone) {
        long nanos = read(CLOCK_REALTIME);
        if (timeval != 0) {
            p.writeBytes(timeval, StructLayout.of("__kernel_old_timeval").newBuffer()
                    .put("tv_sec", nanos / 1_000_000_000L).put("tv_usec", nanos % 1_000_000_000L / 1000).bytes());
        }
        if (timezone != 0) p.write64(timezone, 0);
        return 0;
    }

    @Syscall(name = "time", args = {POINTER})
    static int time(GuestProcess p, int result) {
        int seconds = (int) (read(CLOCK_REALTIME) / 1_000_000_000L);
        if (result != 0) p.write32(result, seconds);
        return seconds;
    }

    @Syscall(name = "nanosleep", args = {POINTER, POINTER})
    static int nanosleep(GuestProcess p, int request, int remaining) {
        StructLayout layout = StructLayout.of("timespec32");
        var t = layout.wrap(p.readBytes(request, layout.size()));
        sleep(p, t.getInt("tv_sec"), t.getInt("tv_nsec"), remaining, layout);
        return 0;
    }

    @Syscall(name = "clock_nanosleep_time64", args = {Arg.CLOCK, HEX, POINTER, POINTER})
    static int clockNanosleep64(GuestProcess p, int clock, int flags, int request, int remaining) {
        StructLayout layout = StructLayout.of("__kernel_timespec");
        var t = layout.wrap(p.readBytes(request, layout.size()));
        long seconds = t.get("tv_sec"), nanos = t.get("tv_nsec");
        boolean absolute = (flags & 1) != 0; // TIMER_ABSTIME
        if (absolute) {
            long delta = seconds * 1_000_000_000L + nanos - read(clock);
            seconds = Math.max(0, delta) / 1_000_000_000L;
            nanos = Math.max(0, delta) % 1_000_000_000L;
        }
        sleep(p, seconds, nanos, absolute ? 0 : remaining, layout);
        return 0;
    }

    @Syscall(name = "clock_nanosleep", args = {Arg.CLOCK, HEX, POINTER, POINTER})
    static int clockNanosleep(GuestProcess p, int clock, int flags, int request, int remaining) {
        StructLayout layout = StructLayout.of("timespec32");
        var t = layout.wrap(p.readBytes(request, layout.size()));
        long seconds = t.getInt("tv_sec"), nanos = t.getInt("tv_nsec");
        boolean absolute = (flags & 1) != 0;
        if (absolute) {
            long delta = seconds * 1_000_000_000L + nanos - read(clock);
            seconds = Math.max(0, delta) / 1_000_000_000L;
            nanos = Math.max(0, delta) % 1_000_000_000L;
        }
        sleep(p, seconds, nanos, absolute ? 0 : remaining, layout);
        return 0;
    }

    /**
     * Sleeps unless a signal comes first: EINTR, with the time left stored at {@code remaining} (a timespec of
     * {@code layout}) when that is not NULL. Parks, so that a post wakes it without a lost wake-up.
     */
    private static void sleep(GuestProcess p, long seconds, long nanos, int remaining, StructLayout layout) {
        if (seconds < 0 || nanos < 0 || nanos >= 1_000_000_000L) throw new SyscallError(Errno.EINVAL);
        long total = seconds > Long.MAX_VALUE / 1_000_000_000L - 1 ? Long.MAX_VALUE / 2 : seconds * 1_000_000_000L + nanos;
        long left = p.signals().sleep(total);
        if (left <= 0) return;
        if (remaining != 0) {
            p.writeBytes(remaining, layout.newBuffer().put("tv_sec", left / 1_000_000_000L)
                    .put("tv_nsec", left % 1_000_000_000L).bytes());
        }
        throw new SyscallError(Errno.EINTR);
    }

    @Syscall(name = "getrandom", args = {POINTER, UNSIGNED, HEX})
    static int getrandom(GuestProcess p, int buffer, int length, int flags) {
        if ((flags & ~7) != 0 || length < 0) throw new SyscallError(Errno.EINVAL);
        byte[] bytes = new byte[Math.min(length, 1 << 25)];
        p.random().nextBytes(bytes);
        p.writeBytes(buffer, bytes);
        return bytes.length;
    }

    /**
     * sysinfo: uptime, load and memory as a 32-bit process on a 64-bit Linux sees them (kernel/sys.c
     * compat_sysinfo: when a size overflows 32 bits, mem_unit grows up to the page size and sizes shrink to match).
     * Read from the host's /proc where it has one, else from the JVM's view of the machine.
     */
    @Syscall(name = "sysinfo", args = {POINTER})
    static int sysinfo(GuestProcess p, int info) {
        HostSystem host = HostSystem.read();
        int unitShift = 0;
        while (Math.max(host.totalRam(), host.totalSwap()) >>> unitShift > 0xFFFFFFFFL && unitShift < 12) unitShift++;
        var buffer = StructLayout.of("sysinfo").newBuffer().put("uptime", host.uptimeSeconds())
                .put("totalram", host.totalRam() >>> unitShift).put("freeram", host.freeRam() >>> unitShift)
                .put("sharedram", host.sharedRam() >>> unitShift).put("bufferram", host.bufferRam() >>> unitShift)
                .put("totalswap", host.totalSwap() >>> unitShift).put("freeswap", host.freeSwap() >>> unitShift)
                .put("procs", p.processes().all().size()).put("mem_unit", 1L << unitShift);
        byte[] bytes = buffer.bytes();
        int loads = StructLayout.of("sysinfo").offset("loads");
        for (int i = 0; i < 3; i++) {
            long load = host.loads()[i];
            for (int b = 0; b < 4; b++) bytes[loads + 4 * i + b] = (byte) (load >>> (8 * b));
        }
        p.writeBytes(info, bytes);
        return 0;
    }
}
