package ukcf.user.fs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ukcf.cpu.semantics.CpuidTable;

/**
 * /proc/cpuinfo for the guest CPU, generated from our CPUID table ({@link CpuidTable}) in the fields and order of
 * Linux 6.1's arch/x86/kernel/cpu/proc.c show_cpuinfo for a 32-bit SMP kernel with one processor. The flags line
 * names exactly the advertised feature bits ({@code cpuinfo-flags.tsv}).
 */
public final class ProcCpuinfo {
    /** A nominal clock: ukcf has no frequency, and Linux prints cpu MHz whenever the TSC is advertised. */
    static final int NOMINAL_KHZ = 1_000_000;
    private static final int FEATURE_TSC = 1 << 4, FEATURE_CLFLUSH = 1 << 19, FEATURE_PAE = 1 << 6,
            FEATURE_PSE36 = 1 << 17, FEATURE_FPU = 1;
    /** Leaf-2 descriptors of an L2 or L3 cache (SDM vol. 2 table 3-12): size in KB, as Linux's x86_cache_size. */
    private static final Map<Integer, Integer> CACHE_DESCRIPTORS = Map.of(0x7D, 2048, 0x7C, 1024, 0x7B, 512,
            0x7A, 256, 0x49, 4096, 0x48, 3072, 0x45, 2048, 0x44, 1024, 0x43, 512, 0x42, 256);

    /** One flag: which CPUID register bit, and Linux's name for it. */
    record Flag(int leaf, boolean edx, int bit, String name) { }

    static final List<Flag> FLAGS = loadFlags();

    private ProcCpuinfo() { }

    public static byte[] contents() { return text(CpuidTable.standard()).getBytes(StandardCharsets.US_ASCII); }

    static String text(CpuidTable cpuid) {
        CpuidTable.Leaf basic = cpuid.query(0), one = cpuid.query(1);
        int signature = one.eax();
        int family = (signature >>> 8) & 0xF, model = (signature >>> 4) & 0xF, stepping = signature & 0xF;
        if (family == 0xF) family += (signature >>> 20) & 0xFF;
        if (family >= 6) model += ((signature >>> 16) & 0xF) << 4;
        int edx = one.edx();
        StringBuilder s = new StringBuilder();
        s.append("processor\t: 0\n");
        s.append("vendor_id\t: ").append(registersText(basic.ebx(), basic.edx(), basic.ecx())).append('\n');
        s.append("cpu family\t: ").append(family).append('\n');
        s.append("model\t\t: ").append(model).append('\n');
        s.append("model name\t: ").append(brand(cpuid)).append('\n');
        s.append("stepping\t: ").append(stepping).append('\n');
        if ((edx & FEATURE_TSC) != 0) {
            s.append(String.format("cpu MHz\t\t: %d.%03d\n", NOMINAL_KHZ / 1000, NOMINAL_KHZ % 1000));
        }
        int cacheKb = cacheSize(cpuid);
        if (cacheKb != 0) s.append("cache size\t: ").append(cacheKb).append(" KB\n");
        s.append("physical id\t: 0\nsiblings\t: 1\ncore id\t\t: 0\ncpu cores\t: 1\napicid\t\t: 0\ninitial apicid\t: 0\n");
        String fpu = (edx & FEATURE_FPU) != 0 ? "yes" : "no";
        s.append("fdiv_bug\t: no\nf00f_bug\t: no\ncoma_bug\t: no\n");
        s.append("fpu\t\t: ").append(fpu).append("\nfpu_exception\t: ").append(fpu).append('\n');
        s.append("cpuid level\t: ").append(basic.eax()).append('\n');
        s.append("wp\t\t: yes\n");
        s.append("flags\t\t:");
        for (String name : flagNames(cpuid)) s.append(' ').append(name);
        s.append("\nbugs\t\t:\n");
        int bogomips = NOMINAL_KHZ * 2 / 1000; // calibrated from the TSC: two loops a cycle
        s.append(String.format("bogomips\t: %d.%02d\n", bogomips, 0));
        int clflush = (edx & FEATURE_CLFLUSH) != 0 ? ((one.ebx() >>> 8) & 0xFF) * 8 : 32;
        s.append("clflush size\t: ").append(clflush).append('\n');
        s.append("cache_alignment\t: ").append(clflush).append('\n');
        int physical = (edx & (FEATURE_PAE | FEATURE_PSE36)) != 0 ? 36 : 32;
        s.append("address sizes\t: ").append(physical).append(" bits physical, 32 bits virtual\n");
        s.append("power management:\n\n");
        return s.toString();
    }

    /** The advertised features' names, in Linux's order. */
    static List<String> flagNames(CpuidTable cpuid) {
        List<String> names = new ArrayList<>();
        for (Flag f : FLAGS) {
            CpuidTable.Leaf leaf = cpuid.query(f.leaf());
            if (f.leaf() < 0 && Integer.compareUnsigned(cpuid.highestExtendedLeaf(), f.leaf()) < 0) continue;
            int register = f.edx() ? leaf.edx() : leaf.ecx();
            if ((register & (1 << f.bit())) != 0) names.add(f.name());
        }
        return names;
    }

    private static int cacheSize(CpuidTable cpuid) {
        if (cpuid.query(0).eax() < 2) return 0;
        CpuidTable.Leaf two = cpuid.query(2);
        int size = 0;
        for (int register : new int[] {two.eax() & ~0xFF, two.ebx(), two.ecx(), two.edx()}) {
            if (register < 0) continue; // bit 31 set: the register holds no descriptors
            for (int i = 0; i < 4; i++) size = Math.max(size, CACHE_DESCRIPTORS.getOrDefault((register >>> (8 * i)) & 0xFF, 0));
        }
        return size;
    }

    private static String brand(CpuidTable cpuid) {
        if (Integer.compareUnsigned(cpuid.highestExtendedLeaf(), 0x80000004) < 0) return "unknown";
        StringBuilder s = new StringBuilder();
        for (int leaf = 0x80000002; leaf <= 0x80000004; leaf++) {
            CpuidTable.Leaf l = cpuid.query(leaf);
            s.append(registersText(l.eax(), l.ebx(), l.ecx(), l.edx()));
        }
        return s.toString().strip();
    }

    /** CPUID registers as the little-endian ASCII they hold, up to the first NUL. */
    private static String registersText(int... registers) {
        StringBuilder s = new StringBuilder();
        for (int r : registers) {
            for (int i = 0; i < 4; i++) {
                char c = (char) ((r >>> (8 * i)) & 0xFF);
                if (c == 0) return s.toString();
                s.append(c);
            }
        }
        return s.toString();
    }

    private static List<Flag> loadFlags() {
        try (InputStream in = ProcCpuinfo.class.getResourceAsStream("cpuinfo-flags.tsv")) {
            if (in == null) throw new IllegalStateException("missing resource cpuinfo-flags.tsv");
            List<Flag> flags = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split("\t");
                flags.add(new Flag(Integer.parseUnsignedInt(f[0].substring(2), 16), f[1].equals("edx"),
                        Integer.parseInt(f[2]), f[3]));
            }
            return List.copyOf(flags);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
