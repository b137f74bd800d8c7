package ukcf.user.elf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ukcf.cpu.memory.AddressSpace;

/**
 * Builds a new program's stack as Linux's {@code execve} does (fs/exec.c copy_strings, then
 * fs/binfmt_elf.c create_elf_tables). From the top of the stack down:
 * <pre>
 *   4 zero bytes (end marker)          the executable's path (AT_EXECFN)
 *   environment strings                argument strings
 *   "i686" (AT_PLATFORM)               16 random bytes (AT_RANDOM)
 *   padding to 16 bytes
 *   auxv pairs ending with AT_NULL     NULL   envp[]   NULL   argv[]   argc   &lt;- ESP, 16-byte aligned
 * </pre>
 */
public final class InitialStack {
    public static final String PLATFORM = "i686";

    /** What the process tells the program about itself besides the loaded image. */
    public record Identity(int uid, int euid, int gid, int egid, int hardwareCapabilities, int clockTicks) { }

    private InitialStack() { }

    /**
     * Writes the stack below {@code stackTop} (which must be mapped and writable) and returns the initial ESP.
     */
    public static int build(AddressSpace space, int stackTop, LoadedProgram program, String executablePath,
                            List<String> arguments, List<String> environment, byte[] randomBytes, Identity identity) {
        if (randomBytes.length != 16) throw new IllegalArgumentException("AT_RANDOM needs 16 bytes");
        Writer w = new Writer(space, stackTop);
        w.push(new byte[4]);
        int executableFileName = w.pushString(executablePath);
        int[] environmentAddresses = new int[environment.size()];
        for (int i = environment.size() - 1; i >= 0; i--) environmentAddresses[i] = w.pushString(environment.get(i));
        int[] argumentAddresses = new int[arguments.size()];
        for (int i = arguments.size() - 1; i >= 0; i--) argumentAddresses[i] = w.pushString(arguments.get(i));
        int platform = w.pushString(PLATFORM);
        int random = w.push(randomBytes);
        w.alignDown(16);

        Map<AuxvType, Integer> auxv = new LinkedHashMap<>();
        auxv.put(AuxvType.AT_HWCAP, identity.hardwareCapabilities());
        auxv.put(AuxvType.AT_PAGESZ, AddressSpace.PAGE_SIZE);
        auxv.put(AuxvType.AT_CLKTCK, identity.clockTicks());
        auxv.put(AuxvType.AT_PHDR, program.programHeaders());
        auxv.put(AuxvType.AT_PHENT, ElfFile.PHDR_SIZE);
        auxv.put(AuxvType.AT_PHNUM, program.programHeaderCount());
        auxv.put(AuxvType.AT_BASE, program.interpreterBias());
        auxv.put(AuxvType.AT_FLAGS, 0);
        auxv.put(AuxvType.AT_ENTRY, program.entry());
        auxv.put(AuxvType.AT_UID, identity.uid());
        auxv.put(AuxvType.AT_EUID, identity.euid());
        auxv.put(AuxvType.AT_GID, identity.gid());
        auxv.put(AuxvType.AT_EGID, identity.egid());
        auxv.put(AuxvType.AT_SECURE, 0);
        auxv.put(AuxvType.AT_RANDOM, random);
        auxv.put(AuxvType.AT_EXECFN, executableFileName);
        auxv.put(AuxvType.AT_PLATFORM, platform);
        auxv.put(AuxvType.AT_NULL, 0);

        int words = 1 + arguments.size() + 1 + environment.size() + 1 + 2 * auxv.size();
        int stackPointer = (w.top - 4 * words) & ~15;
        ByteArrayOutputStream table = new ByteArrayOutputStream(4 * words);
        word(table, arguments.size());
        for (int a : argumentAddresses) word(table, a);
        word(table, 0);
        for (int e : environmentAddresses) word(table, e);
        word(table, 0);
        for (Map.Entry<AuxvType, Integer> entry : auxv.entrySet()) {
            word(table, entry.getKey().value);
            word(table, entry.getValue());
        }
        byte[] bytes = table.toByteArray();
        space.writeHost(stackPointer, bytes, 0, bytes.length);
        return stackPointer;
    }

    /**
     * The auxiliary vector of a stack {@link #build} wrote, as /proc/PID/auxv holds it: the (type, value) words
     * after argv and envp, up to and including AT_NULL.
     */
    public static byte[] auxiliaryVector(AddressSpace space, int stackPointer) {
        int at = stackPointer + 4 * (1 + read32(space, stackPointer) + 1);
        while (read32(space, at) != 0) at += 4;
        int start = at + 4, end = start;
        while (read32(space, end) != AuxvType.AT_NULL.value) end += 8;
        byte[] bytes = new byte[end + 8 - start];
        space.readHost(start, bytes, 0, bytes.length);
        return bytes;
    }

    private static int read32(AddressSpace space, int address) {
        byte[] b = new byte[4];
        space.readHost(address, b, 0, 4);
        return (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 24;
    }

    private static void word(ByteArrayOutputStream out, int value) {
        for (int i = 0; i < 4; i++) out.write(value >>> (8 * i));
    }

    /** Pushes bytes downwards from the top of the stack. */
    private static final class Writer {
        final AddressSpace space;
        int top;

        Writer(AddressSpace space, int top) {
            this.space = space;
            this.top = top;
        }

        int push(byte[] bytes) {
            top -= bytes.length;
            space.writeHost(top, bytes, 0, bytes.length);
            return top;
        }

        int pushString(String text) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            byte[] terminated = new byte[utf8.length + 1];
            System.arraycopy(utf8, 0, terminated, 0, utf8.length);
            return push(terminated);
        }

        void alignDown(int alignment) { top &= -alignment; }
    }
}
