package ukcf.cpu.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import ukcf.cpu.fault.GuestFault;

/**
 * The TLB fast path of {@link PagedMemory} (a byte[] per page, TLB entry = tag + the page's array) against one flat
 * store of guest RAM with TLB entry = tag + addend (QEMU's scheme), on a heap byte[] and on a direct ByteBuffer.
 * Working set 1 MiB (256 pages, fits every TLB); 4-byte accesses, sequential or random.
 *
 * <p>Build: {@code mvn -pl cpu-sim -Pjmh test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * -Dmdep.includeScope=test}; then in cpu-sim, with {@code CP=target/classes:target/test-classes:$(cat target/cp.txt)}:
 * {@code java -cp $CP org.openjdk.jmh.Main MemoryAccessBenchmark} (JMH, wall time), or on a machine shared with
 * other work {@code java -cp $CP ukcf.cpu.memory.MemoryAccessBenchmark REPRESENTATION} (best of 40 rounds of
 * thread CPU time, one representation per JVM so the call site stays monomorphic). Figures: see
 * {@link PagedMemory}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class MemoryAccessBenchmark {
    private static final int BASE = 0x0804_8000;
    private static final int WORKING_SET = 1 << 20;
    private static final int BATCH = 1024;

    @Param({"pagedMemory", "flatArray", "flatBuffer"})
    public String representation;

    private Memory memory;
    private int[] sequential;
    private int[] random;
    private int cursor;

    @Setup(Level.Trial)
    public void setUp() {
        switch (representation) {
            case "pagedMemory": {
                AddressSpace space = new AddressSpace();
                space.map(BASE, WORKING_SET, Protection.USER_READ_WRITE);
                memory = space.newView(Privilege.USER);
                break;
            }
            case "flatArray": memory = new FlatArrayMemory(BASE, WORKING_SET); break;
            case "flatBuffer": memory = new FlatBufferMemory(BASE, WORKING_SET); break;
            default: throw new IllegalArgumentException(representation);
        }
        int count = WORKING_SET / 4;
        sequential = new int[count];
        random = new int[count];
        SplittableRandom rng = new SplittableRandom(42);
        for (int i = 0; i < count; i++) {
            sequential[i] = BASE + 4 * i;
            random[i] = BASE + 4 * rng.nextInt(count);
        }
        for (int address = BASE; address < BASE + WORKING_SET; address += 4) memory.write32(address, address);
    }

    private int nextBatch() {
        int start = cursor;
        cursor = (cursor + BATCH) & (sequential.length - 1);
        return start;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int read32Sequential() { return readAll(sequential); }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int read32Random() { return readAll(random); }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void write32Sequential() { writeAll(sequential); }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void write32Random() { writeAll(random); }

    private int readAll(int[] addresses) {
        int start = nextBatch();
        int sum = 0;
        for (int i = start; i < start + BATCH; i++) sum += memory.read32(addresses[i]);
        return sum;
    }

    private void writeAll(int[] addresses) {
        int start = nextBatch();
        for (int i = start; i < start + BATCH; i++) memory.write32(addresses[i], i);
    }

    /**
     * Common part of the alternatives: guest pages are 4 KiB slices of one flat store laid out contiguously, a TLB
     * entry holds the slice's offset minus the page's address (QEMU's addend). The miss path is out of line and as
     * large as a real one (a page-table walk and a permission check), so that, as in {@link PagedMemory}, the JIT
     * keeps it as a call rather than inlining it into the caller's loop; an inlined miss path lets the JIT hoist
     * the TLB arrays out of the benchmark loop and flatters the representation (a first version did, and showed
     * the flat array twice as fast). Only read32/write32 are implemented.
     */
    abstract static class FlatMemory implements Memory {
        static final int TLB_SIZE = PagedMemory.TLB_SIZE;
        final int[] readTag = new int[TLB_SIZE];
        final int[] readAddend = new int[TLB_SIZE];
        final int[] writeTag = new int[TLB_SIZE];
        final int[] writeAddend = new int[TLB_SIZE];
        private final int base;
        private final byte[] pagePermissions;

        FlatMemory(int base, int size) {
            this.base = base;
            pagePermissions = new byte[size >>> AddressSpace.PAGE_SHIFT];
            Arrays.fill(pagePermissions, (byte) Protection.USER_READ_WRITE);
            Arrays.fill(readTag, -1);
            Arrays.fill(writeTag, -1);
        }

        /** TLB miss: walk, check, fill; returns the store index of {@code address}. */
        final int miss(int address, Access access, int[] tags, int[] addends) {
            int page = address >>> AddressSpace.PAGE_SHIFT;
            int index = page - (base >>> AddressSpace.PAGE_SHIFT);
            if (index < 0 || index >= pagePermissions.length) {
                throw GuestFault.pageFault(address, access.errorCodeBit | GuestFault.PF_USER);
            }
            if (!Privilege.USER.permits(pagePermissions[index], access)) {
                throw GuestFault.pageFault(address, GuestFault.PF_PRESENT | access.errorCodeBit | GuestFault.PF_USER);
            }
            int slot = page & (TLB_SIZE - 1);
            tags[slot] = page;
            addends[slot] = -base;
            return address - base;
        }

        @Override public int read8(int address) { throw new UnsupportedOperationException(); }
        @Override public int read16(int address) { throw new UnsupportedOperationException(); }
        @Override public long read64(int address) { throw new UnsupportedOperationException(); }
        @Override public void write8(int address, int value) { throw new UnsupportedOperationException(); }
        @Override public void write16(int address, int value) { throw new UnsupportedOperationException(); }
        @Override public void write64(int address, long value) { throw new UnsupportedOperationException(); }
        @Override public void read(int address, byte[] destination, int offset, int length) { throw new UnsupportedOperationException(); }
        @Override public void write(int address, byte[] source, int offset, int length) { throw new UnsupportedOperationException(); }
        @Override public int fetch8(int address) { throw new UnsupportedOperationException(); }
    }

    static final class FlatArrayMemory extends FlatMemory {
        private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
        private final byte[] ram;

        FlatArrayMemory(int base, int size) {
            super(base, size);
            ram = new byte[size];
        }

        @Override
        public int read32(int address) {
            int page = address >>> AddressSpace.PAGE_SHIFT;
            int slot = page & (TLB_SIZE - 1);
            if (readTag[slot] == page && (address & AddressSpace.PAGE_OFFSET_MASK) <= AddressSpace.PAGE_SIZE - 4) {
                return (int) INT.get(ram, address + readAddend[slot]);
            }
            return (int) INT.get(ram, miss(address, Access.READ, readTag, readAddend));
        }

        @Override
        public void write32(int address, int value) {
            int page = address >>> AddressSpace.PAGE_SHIFT;
            int slot = page & (TLB_SIZE - 1);
            if (writeTag[slot] == page && (address & AddressSpace.PAGE_OFFSET_MASK) <= AddressSpace.PAGE_SIZE - 4) {
                INT.set(ram, address + writeAddend[slot], value);
            } else {
                INT.set(ram, miss(address, Access.WRITE, writeTag, writeAddend), value);
            }
        }
    }

    static final class FlatBufferMemory extends FlatMemory {
        private final ByteBuffer ram;

        FlatBufferMemory(int base, int size) {
            super(base, size);
            ram = ByteBuffer.allocateDirect(size).order(ByteOrder.LITTLE_ENDIAN);
        }

        @Override
        public int read32(int address) {
            int page = address >>> AddressSpace.PAGE_SHIFT;
            int slot = page & (TLB_SIZE - 1);
            if (readTag[slot] == page && (address & AddressSpace.PAGE_OFFSET_MASK) <= AddressSpace.PAGE_SIZE - 4) {
                return ram.getInt(address + readAddend[slot]);
            }
            return ram.getInt(miss(address, Access.READ, readTag, readAddend));
        }

        @Override
        public void write32(int address, int value) {
            int page = address >>> AddressSpace.PAGE_SHIFT;
            int slot = page & (TLB_SIZE - 1);
            if (writeTag[slot] == page && (address & AddressSpace.PAGE_OFFSET_MASK) <= AddressSpace.PAGE_SIZE - 4) {
                ram.putInt(address + writeAddend[slot], value);
            } else {
                ram.putInt(miss(address, Access.WRITE, writeTag, writeAddend), value);
            }
        }
    }

    /** Best-of-rounds thread CPU time per access for one representation; robust against a busy machine. */
    public static void main(String[] args) {
        MemoryAccessBenchmark benchmark = new MemoryAccessBenchmark();
        benchmark.representation = args[0];
        benchmark.setUp();
        java.lang.management.ThreadMXBean clock = java.lang.management.ManagementFactory.getThreadMXBean();
        int batches = 2000;
        double bestRead = Double.MAX_VALUE;
        double bestWrite = Double.MAX_VALUE;
        int sink = 0;
        for (int round = 0; round < 40; round++) {
            long start = clock.getCurrentThreadCpuTime();
            for (int b = 0; b < batches; b++) sink += benchmark.read32Random();
            long afterReads = clock.getCurrentThreadCpuTime();
            for (int b = 0; b < batches; b++) benchmark.write32Random();
            long afterWrites = clock.getCurrentThreadCpuTime();
            bestRead = Math.min(bestRead, (afterReads - start) / (double) (batches * BATCH));
            bestWrite = Math.min(bestWrite, (afterWrites - afterReads) / (double) (batches * BATCH));
        }
        System.out.printf("%-12s read32Random %.2f ns  write32Random %.2f ns  (%d)%n", args[0], bestRead, bestWrite, sink & 1);
    }
}
