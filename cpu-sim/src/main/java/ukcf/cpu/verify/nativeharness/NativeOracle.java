package ukcf.cpu.verify.nativeharness;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import ukcf.cpu.fault.ExceptionVector;
import ukcf.cpu.state.FxsaveImage;
import ukcf.cpu.verify.InitialState;
import ukcf.cpu.verify.MachineState;
import ukcf.cpu.verify.Oracle;
import ukcf.cpu.verify.TestCase;

/**
 * Runs test cases on the host CPU through the {@link HarnessProgram}: one child process serves any number of
 * cases (a writer thread streams input records while the caller reads results, so the pipe never stalls). If
 * the harness dies in the middle of a batch, the case it was running gets a result with
 * {@link MachineState#failure} set and a fresh harness continues with the next case.
 */
public final class NativeOracle implements Oracle {

    /** The host cannot execute i386 code (no IA-32 emulation in the kernel, noexec temp directory...). */
    public static final class HostCannotRunI386 extends Exception {
        public HostCannotRunI386(String reason) { super(reason); }
    }

    private final Path executable;
    private Process process;
    private DataInputStream results;
    private final byte[] outRecord = new byte[HarnessLayout.Out.SIZE];
    private final MachineState state = new MachineState();

    private NativeOracle(Path executable) { this.executable = executable; }

    /** Writes the harness, starts it and checks it with {@code mov $5,%eax; add %eax,%eax}. */
    public static NativeOracle start() throws HostCannotRunI386 {
        return start(HarnessProgram.build());
    }

    /** Starts {@code image} as the harness (tests pass images the host cannot run). */
    static NativeOracle start(byte[] image) throws HostCannotRunI386 {
        java.util.Optional<String> interpreter = BinfmtInterpreter.forI386();
        if (interpreter.isPresent()) {
            throw new HostCannotRunI386("the kernel hands i386 executables to " + interpreter.get()
                    + " (binfmt_misc), so they do not run on this CPU");
        }
        Path executable;
        try {
            executable = Files.createTempFile("ukcf-cpu-oracle-", ".elf",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.write(executable, image);
            executable.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new HostCannotRunI386("cannot write the harness executable: " + e.getMessage());
        }
        NativeOracle oracle = new NativeOracle(executable);
        try {
            oracle.launch();
        } catch (IOException e) {
            throw new HostCannotRunI386(e.getMessage());
        }
        byte[] selfCheck = {(byte) 0xB8, 5, 0, 0, 0, 0x01, (byte) 0xC0};
        int[] eax = new int[1];
        String[] failure = new String[1];
        oracle.run(List.of(InitialState.blank("self-check", selfCheck)), (index, s) -> {
            eax[0] = s.gpr[0];
            failure[0] = s.failure;
        });
        if (failure[0] != null || eax[0] != 10) {
            oracle.close();
            throw new HostCannotRunI386(failure[0] != null ? failure[0]
                    : "the harness computed 5+5=" + eax[0]);
        }
        return oracle;
    }

    private void launch() throws IOException {
        // The harness writes nothing to stderr; what a shell says when the kernel refuses the image is noise.
        process = new ProcessBuilder(executable.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        results = new DataInputStream(process.getInputStream());
    }

    @Override
    public void run(List<TestCase> cases, ResultSink sink) {
        int next = 0;
        while (next < cases.size()) {
            Thread writer = startWriter(cases, next, process.getOutputStream());
            int index = next;
            try {
                for (; index < cases.size(); index++) {
                    results.readFully(outRecord);
                    decode(cases.get(index), outRecord, state);
                    sink.accept(index, state);
                }
                next = index;
            } catch (IOException e) {
                state.clear();
                state.failure = "native harness died while running this case (" + describeExit() + ")";
                sink.accept(index, state);
                next = index + 1;
                relaunch();
            }
            joinQuietly(writer);
        }
    }

    private Thread startWriter(List<TestCase> cases, int from, OutputStream stdin) {
        Thread writer = new Thread(() -> {
            byte[] inRecord = new byte[HarnessLayout.In.SIZE];
            try {
                OutputStream out = new BufferedOutputStream(stdin, 1 << 20);
                for (int i = from; i < cases.size(); i++) {
                    encode(cases.get(i), inRecord);
                    out.write(inRecord);
                }
                out.flush();
            } catch (IOException e) {
                // The harness died; the reader reports it and relaunches.
            }
        }, "native-oracle-writer");
        writer.setDaemon(true);
        writer.start();
        return writer;
    }

    private String describeExit() {
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) return "no exit status";
            int status = process.exitValue();
            if (status == HarnessProgram.EXIT_FAULT_OUTSIDE_SEQUENCE) return "fault outside the sequence";
            return status > 128 ? "killed by signal " + (status - 128) : "exit status " + status;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private void relaunch() {
        process.destroyForcibly();
        try {
            launch();
        } catch (IOException e) {
            throw new IllegalStateException("cannot restart the native harness: " + e.getMessage(), e);
        }
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void encode(TestCase c, byte[] r) {
        java.util.Arrays.fill(r, HarnessLayout.In.CODE, HarnessLayout.In.CODE + HarnessLayout.CODE_CAPACITY, (byte) 0);
        putInt(r, HarnessLayout.In.CODE_LENGTH, c.code().length);
        for (int i = 0; i < 8; i++) putInt(r, HarnessLayout.In.GPR + 4 * i, c.gpr()[i]);
        putInt(r, HarnessLayout.In.EFLAGS, c.eflags());
        System.arraycopy(c.fxsave(), 0, r, HarnessLayout.In.FXSAVE, FxsaveImage.SIZE);
        System.arraycopy(c.code(), 0, r, HarnessLayout.In.CODE, c.code().length);
        System.arraycopy(c.data(), 0, r, HarnessLayout.In.DATA, HarnessLayout.DATA_SIZE);
        System.arraycopy(c.stack(), 0, r, HarnessLayout.In.STACK, HarnessLayout.STACK_SIZE);
    }

    static void decode(TestCase c, byte[] r, MachineState s) {
        s.clear();
        for (int i = 0; i < 8; i++) s.gpr[i] = getInt(r, HarnessLayout.Out.GPR + 4 * i);
        s.eflags = getInt(r, HarnessLayout.Out.EFLAGS);
        int signal = getInt(r, HarnessLayout.Out.SIGNAL);
        if (signal == 0) {
            s.eip = c.endAddress();
        } else {
            int trap = getInt(r, HarnessLayout.Out.TRAP_NUMBER);
            s.eip = getInt(r, HarnessLayout.Out.FAULT_EIP);
            s.fault = vectorOf(trap);
            s.errorCode = getInt(r, HarnessLayout.Out.ERROR_CODE);
            s.faultAddress = getInt(r, HarnessLayout.Out.FAULT_ADDRESS);
            if (s.fault == null) s.failure = "signal " + signal + " with unknown trap number " + trap;
        }
        System.arraycopy(r, HarnessLayout.Out.FXSAVE, s.fxsave, 0, FxsaveImage.SIZE);
        System.arraycopy(r, HarnessLayout.Out.DATA, s.data, 0, HarnessLayout.DATA_SIZE);
        System.arraycopy(r, HarnessLayout.Out.STACK, s.stack, 0, HarnessLayout.STACK_SIZE);
    }

    private static ExceptionVector vectorOf(int trapNumber) {
        for (ExceptionVector v : ExceptionVector.values()) if (v.number == trapNumber) return v;
        return null;
    }

    static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }

    static int getInt(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }

    @Override
    public void close() {
        if (process == null) return;
        try {
            process.getOutputStream().close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        }
        try {
            Files.deleteIfExists(executable);
        } catch (IOException e) {
            // deleteOnExit remains as a fallback
        }
    }
}
