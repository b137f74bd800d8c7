package ukcf.user.syscall;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The host machine's uptime, load and memory, for sysinfo: from /proc/uptime, /proc/loadavg and /proc/meminfo on a
 * Linux host, else from what the JVM knows (no load, no shared or buffer memory).
 *
 * @param loads the 1, 5 and 15 minute load averages scaled by 2^16, as struct sysinfo carries them
 */
record HostSystem(long uptimeSeconds, long[] loads, long totalRam, long freeRam, long sharedRam, long bufferRam,
                  long totalSwap, long freeSwap) {
    private static final int SI_LOAD_SHIFT = 16;

    static HostSystem read() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime() / 1000;
        long[] loads = new long[3];
        Map<String, Long> meminfo = new HashMap<>();
        try {
            String text = Files.readString(Path.of("/proc/uptime"));
            uptime = (long) Double.parseDouble(text.substring(0, text.indexOf(' ')));
            String[] load = Files.readString(Path.of("/proc/loadavg")).split(" ");
            for (int i = 0; i < 3; i++) loads[i] = Math.round(Double.parseDouble(load[i]) * (1 << SI_LOAD_SHIFT));
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                String[] f = line.split(":?\\s+");
                if (f.length >= 2) meminfo.put(f[0], Long.parseLong(f[1]) * 1024); // kB
            }
        } catch (IOException | RuntimeException notLinux) {
            // the JVM's view below stands in
        }
        return new HostSystem(uptime, loads,
                meminfo.getOrDefault("MemTotal", os.getTotalMemorySize()),
                meminfo.getOrDefault("MemFree", os.getFreeMemorySize()),
                meminfo.getOrDefault("Shmem", 0L), meminfo.getOrDefault("Buffers", 0L),
                meminfo.getOrDefault("SwapTotal", os.getTotalSwapSpaceSize()),
                meminfo.getOrDefault("SwapFree", os.getFreeSwapSpaceSize()));
    }
}
