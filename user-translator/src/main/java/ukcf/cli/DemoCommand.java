package ukcf.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import ukcf.cpu.Cpu;
import ukcf.cpu.decode.Decoder;
import ukcf.cpu.decode.Instruction;
import ukcf.cpu.disasm.AttSyntax;
import ukcf.cpu.fault.GuestFault;
import ukcf.cpu.fault.SoftwareInterrupt;
import ukcf.cpu.interp.Interpreter;
import ukcf.cpu.io.IoPortBus;
import ukcf.cpu.memory.AddressSpace;
import ukcf.cpu.memory.Privilege;
import ukcf.cpu.memory.Protection;
import ukcf.cpu.state.CpuState;

/**
 * Runs the bundled i386 sample ({@code ukcf/demo/sample.s}) on the guest CPU with the reference interpreter,
 * printing every executed instruction with its disassembly, then what the sample computed and the counts.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the bundled i386 sample on the guest CPU, tracing each instruction.")
final class DemoCommand implements Callable<Integer> {
    private static final String SAMPLE = "/ukcf/demo/sample.hex";
    private static final int STACK_TOP = 0xC0000000;
    private static final int STACK_SIZE = 64 * 1024;
    private static final int EXIT_SYSCALL = 1;
    private static final int LINUX_SYSCALL_VECTOR = 0x80;

    @Option(names = "--quiet", description = "Print only the results and counts, not each instruction.")
    boolean quiet;

    @Option(names = "--limit", description = "Stop after this many instructions (default: ${DEFAULT-VALUE}).")
    long limit = 100_000;

    /** A section of the sample: where it goes and its bytes. */
    private record Section(String name, int address, byte[] bytes) { }

    /** The sample as sample.hex describes it: sections in load order and symbol addresses. */
    private record Sample(List<Section> sections, Map<String, Integer> symbols) {
        int symbol(String name) { return symbols.get(name); }

        /** The code symbol at or below {@code address}, as {@code name} or {@code name+0xN}. */
        String symbolize(int address) {
            String best = null;
            int bestAddress = 0;
            for (Map.Entry<String, Integer> e : symbols.entrySet()) {
                int at = e.getValue();
                if (Integer.compareUnsigned(at, address) <= 0 && (best == null || Integer.compareUnsigned(at, bestAddress) > 0)) {
                    best = e.getKey();
                    bestAddress = at;
                }
            }
            if (best == null) return null;
            return address == bestAddress ? best : best + "+0x" + Integer.toHexString(address - bestAddress);
        }
    }

    @Override
    public Integer call() throws IOException {
        PrintStream out = System.out;
        Sample sample = loadSample();
        List<Section> sections = sample.sections();
        AddressSpace space = new AddressSpace();
        for (Section section : sections) {
            int protection = section.name().equals(".text") ? Protection.USER_READ_EXECUTE : Protection.USER_READ_WRITE;
            space.map(section.address(), section.bytes().length, protection);
            space.writeHost(section.address(), section.bytes(), 0, section.bytes().length);
        }
        space.map(STACK_TOP - STACK_SIZE, STACK_SIZE, Protection.USER_READ_WRITE);

        Cpu cpu = new Cpu(space.newView(Privilege.USER), IoPortBus.FLOATING);
        cpu.state.eip = sections.get(0).address();
        cpu.state.gpr[CpuState.ESP] = STACK_TOP - 16;

        Interpreter interpreter = new Interpreter(Decoder::decode);
        Map<String, Integer> mnemonicCounts = new TreeMap<>();
        interpreter.setTrace((address, instruction) -> {
            mnemonicCounts.merge(AttSyntax.mnemonicWithPrefixes(instruction), 1, Integer::sum);
            if (!quiet) {
                out.printf("%08x:  %-22s %s%n", address, hex(instruction), AttSyntax.format(instruction, sample::symbolize));
            }
        });

        Integer exitStatus = null;
        try {
            while (exitStatus == null && interpreter.executedInstructions() < limit) {
                try {
                    interpreter.run(cpu, limit - interpreter.executedInstructions());
                } catch (SoftwareInterrupt trap) {
                    if (trap.vector() != LINUX_SYSCALL_VECTOR || cpu.state.gpr[CpuState.EAX] != EXIT_SYSCALL) {
                        out.println("demo: unexpected " + trap.getMessage());
                        return 1;
                    }
                    exitStatus = cpu.state.gpr[CpuState.EBX];
                }
            }
        } catch (GuestFault fault) {
            out.println("demo: guest fault " + fault.getMessage());
            return 1;
        }
        if (exitStatus == null) {
            out.println("demo: stopped after " + limit + " instructions without exiting");
            return 1;
        }

        out.println();
        out.println("The sample computed:");
        out.printf("  sum 1..10            %d%n", cpu.memory.read32(sample.symbol("sum")));
        List<Integer> fib = new ArrayList<>();
        for (int i = 0; i < 12; i++) fib.add(cpu.memory.read32(sample.symbol("fib") + 4 * i));
        out.printf("  Fibonacci            %s%n", fib);
        out.printf("  strlen(msg) by SSE2  %d%n", cpu.memory.read32(sample.symbol("length")));
        out.printf("  upcase(copy)         \"%s\"%n", cString(cpu, sample.symbol("copy")));
        long root2 = cpu.memory.read64(sample.symbol("root2"));
        int root2x = sample.symbol("root2x");
        out.printf("  sqrt(2) on the x87   %.17g (double 0x%016x, extended 0x%04x_%016x)%n", Double.longBitsToDouble(root2),
                root2, cpu.memory.read16(root2x + 8), cpu.memory.read64(root2x));
        out.printf("  exit status          %d%n", exitStatus);
        out.println();
        out.printf("%d guest instructions executed, %d distinct mnemonics:%n", interpreter.executedInstructions(),
                mnemonicCounts.size());
        mnemonicCounts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> out.printf("  %-10s %5d%n", e.getKey(), e.getValue()));
        return 0;
    }

    private static String cString(Cpu cpu, int address) {
        StringBuilder s = new StringBuilder();
        for (int b; (b = cpu.memory.read8(address++)) != 0; ) s.append((char) b);
        return s.toString();
    }

    private static String hex(Instruction instruction) {
        return HexFormat.ofDelimiter(" ").formatHex(instruction.bytes());
    }

    private static Sample loadSample() throws IOException {
        List<Section> sections = new ArrayList<>();
        Map<String, Integer> symbols = new TreeMap<>();
        try (InputStream in = DemoCommand.class.getResourceAsStream(SAMPLE)) {
            if (in == null) throw new IOException("bundled sample " + SAMPLE + " is missing from the build");
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] fields = line.trim().split(" ");
                int address = Integer.parseUnsignedInt(fields[2].substring(2), 16);
                if (fields[0].equals("section")) {
                    sections.add(new Section(fields[1], address, HexFormat.of().parseHex(fields[3])));
                } else {
                    symbols.put(fields[1], address);
                }
            }
        }
        return new Sample(sections, symbols);
    }
}
