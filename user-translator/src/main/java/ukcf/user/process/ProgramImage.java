package ukcf.user.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import ukcf.user.elf.ElfFile;
import ukcf.user.elf.ElfFormatException;
import ukcf.user.fs.GuestFilesystem;
import ukcf.user.fs.ResolvedPath;
import ukcf.user.syscall.Errno;
import ukcf.user.syscall.SyscallError;

/**
 * What execve finds at a path, as fs/exec.c's binary handlers decide: a {@code #!} script becomes its interpreter
 * with the script's path as an argument (fs/binfmt_script.c), an i386 ELF32 executable is loaded (with its
 * PT_INTERP dynamic linker from the guest view, fs/binfmt_elf.c), anything else is ENOEXEC with a warning.
 *
 * @param elf             the program
 * @param exePath         its path for /proc/self/exe (the guest path, or a host path outside the view)
 * @param exeHost         its real host path
 * @param interpreter     its PT_INTERP program, or null when statically linked
 * @param interpreterPath the interpreter's guest path
 * @param interpreterHost the interpreter's host path
 * @param arguments       argv after script interpreters were put in front
 */
public record ProgramImage(ElfFile elf, String exePath, Path exeHost, ElfFile interpreter, String interpreterPath,
                           Path interpreterHost, List<String> arguments) {
    /** fs/binfmt_script.c reads this much of a file for its #! line. */
    static final int BINPRM_BUF_SIZE = 256;
    /** fs/exec.c exec_binprm: more nested interpreters than this is ELOOP. */
    static final int MAX_INTERPRETER_DEPTH = 5;
    private static final byte[] ELF_MAGIC = {0x7f, 'E', 'L', 'F'};
    /** ukcf reads a whole program into memory to load it: larger files are refused. */
    static final long MAX_IMAGE_BYTES = 512L << 20;

    /**
     * Prepares the file the guest named {@code filename}, found at {@code host} (its canonical guest path
     * {@code guestPath}); every interpreter it names is looked up in {@code filesystem}.
     *
     * @param fromCommandLine the program is ukcf's own argument: like qemu-i386, it runs without execute
     *                        permission (execve, and every interpreter, needs it)
     */
    public static ProgramImage prepare(GuestFilesystem filesystem, Path host, String guestPath, String filename,
                                       List<String> argv, boolean fromCommandLine) throws ExecFailure {
        List<String> arguments = new ArrayList<>(argv);
        String interp = filename; // what binfmt_script passes as the script's path: bprm->interp
        for (int depth = 0; ; depth++) {
            if (depth > MAX_INTERPRETER_DEPTH) {
                throw new ExecFailure(Errno.ELOOP, filename + ": more than " + MAX_INTERPRETER_DEPTH
                        + " nested #! interpreters", true);
            }
            byte[] bytes = readExecutable(host, depth > 0 || !fromCommandLine);
            if (startsWith(bytes, new byte[] {'#', '!'})) {
                ScriptLine line = ScriptLine.parse(Arrays.copyOf(bytes, BINPRM_BUF_SIZE));
                if (line == null) {
                    throw new ExecFailure(Errno.ENOEXEC, interp + ": #! line names no interpreter (or it is "
                            + "longer than " + BINPRM_BUF_SIZE + " bytes)", true);
                }
                if (!arguments.isEmpty()) arguments.remove(0);
                arguments.add(0, interp);
                if (line.argument() != null) arguments.add(0, line.argument());
                arguments.add(0, line.interpreter());
                interp = line.interpreter();
                ResolvedPath next = lookup(filesystem, line.interpreter());
                host = next.hostPath();
                guestPath = next.guestPath();
                continue;
            }
            if (!startsWith(bytes, ELF_MAGIC)) {
                throw new ExecFailure(Errno.ENOEXEC, interp + ": not an i386 ELF executable or #! script", true);
            }
            ElfFile elf;
            try {
                elf = ElfFile.parse(bytes);
            } catch (ElfFormatException e) {
                throw new ExecFailure(Errno.ENOEXEC, interp + ": " + e.getMessage(), true);
            }
            if (elf.interpreterPath() == null) return new ProgramImage(elf, guestPath, host, null, null, null, arguments);
            ResolvedPath linker;
            try {
                linker = lookup(filesystem, elf.interpreterPath());
            } catch (ExecFailure e) {
                throw new ExecFailure(e.errno(), interp + ": its interpreter " + elf.interpreterPath() + " is not in "
                        + "the guest's filesystem (" + e.errno().message + "; --root names an i386 root that has it)",
                        true);
            }
            try {
                ElfFile interpreter = ElfFile.parse(readExecutable(linker.hostPath(), false));
                return new ProgramImage(elf, guestPath, host, interpreter, linker.guestPath(), linker.hostPath(),
                        arguments);
            } catch (ElfFormatException e) {
                throw new ExecFailure(Errno.ELIBBAD, interp + ": interpreter " + elf.interpreterPath() + ": "
                        + e.getMessage(), true);
            }
        }
    }

    /** An interpreter path, resolved in the guest view from the working directory as open_exec does. */
    private static ResolvedPath lookup(GuestFilesystem filesystem, String path) throws ExecFailure {
        try {
            ResolvedPath resolved = filesystem.resolve(path, true);
            if (!resolved.exists()) throw new ExecFailure(Errno.ENOENT, path + ": " + Errno.ENOENT.message, false);
            return resolved;
        } catch (SyscallError e) {
            throw new ExecFailure(e.errno(), path + ": " + e.errno().message, false);
        }
    }

    /**
     * The file's bytes if execve may run it: EACCES for a directory, a device or a file without execute
     * permission; a file larger than {@link #MAX_IMAGE_BYTES} is refused (ENOEXEC) rather than read.
     */
    private static byte[] readExecutable(Path host, boolean needsExecute) throws ExecFailure {
        if (!Files.exists(host)) throw new ExecFailure(Errno.ENOENT, host + ": " + Errno.ENOENT.message, false);
        if (!Files.isRegularFile(host) || needsExecute && !Files.isExecutable(host)) {
            throw new ExecFailure(Errno.EACCES, host + ": " + Errno.EACCES.message, false);
        }
        try {
            if (Files.size(host) > MAX_IMAGE_BYTES) {
                throw new ExecFailure(Errno.ENOEXEC, host + ": larger than " + (MAX_IMAGE_BYTES >> 20)
                        + " MiB, which ukcf does not load", true);
            }
            return Files.readAllBytes(host);
        } catch (IOException e) {
            throw new ExecFailure(Errno.EIO, host + ": " + e.getMessage(), false);
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** A #! line split as binfmt_script does: the interpreter, then everything after it as one argument. */
    record ScriptLine(String interpreter, String argument) {
        /**
         * Null when the line names no interpreter or the name may be cut off by the buffer's end. {@code buffer} is
         * the file's first {@link #BINPRM_BUF_SIZE} bytes, zero-padded as the kernel's buffer is. Ranges below are
         * inclusive, as binfmt_script's next_non_spacetab and next_terminator scan them.
         */
        static ScriptLine parse(byte[] buffer) {
            int last = buffer.length - 1; // buf_end: the kernel overwrites it with the line's terminator
            int end = newline(buffer);
            if (end < 0) {
                // No newline: the interpreter name must end (space, tab, NUL) within the buffer.
                int first = nonSpace(buffer, 2, last);
                if (first < 0 || terminator(buffer, first, last) < 0) return null;
                end = last;
            }
            while (isSpace(buffer[end - 1])) end--;
            int name = nonSpace(buffer, 2, end);
            if (name < 0 || name == end) return null;
            int separator = terminator(buffer, name, end);
            if (separator < 0 || separator > end) separator = end;
            String argument = null;
            if (separator < end && buffer[separator] != 0) {
                int start = nonSpace(buffer, separator, end);
                if (start >= 0 && start < end) argument = text(buffer, start, end);
            }
            return new ScriptLine(text(buffer, name, separator), argument);
        }

        /** strnchr: the first newline before the first NUL, or -1. */
        private static int newline(byte[] b) {
            for (int i = 0; i < b.length && b[i] != 0; i++) if (b[i] == '\n') return i;
            return -1;
        }

        private static int nonSpace(byte[] b, int first, int last) {
            for (int i = first; i <= last; i++) if (!isSpace(b[i])) return i;
            return -1;
        }

        private static int terminator(byte[] b, int first, int last) {
            for (int i = first; i <= last; i++) if (isSpace(b[i]) || b[i] == 0) return i;
            return -1;
        }

        /** A C string: up to {@code end} or the first NUL. */
        private static String text(byte[] b, int start, int end) {
            int stop = start;
            while (stop < end && b[stop] != 0) stop++;
            return new String(b, start, stop - start, StandardCharsets.UTF_8);
        }

        private static boolean isSpace(byte c) { return c == ' ' || c == '\t'; }
    }
}
