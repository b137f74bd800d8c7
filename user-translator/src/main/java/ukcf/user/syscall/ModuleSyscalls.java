package ukcf.user.syscall;

import static ukcf.user.syscall.Arg.FD;
import static ukcf.user.syscall.Arg.HEX;
import static ukcf.user.syscall.Arg.POINTER;
import static ukcf.user.syscall.Arg.STRING;
import static ukcf.user.syscall.Arg.UNSIGNED;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ukcf.cpu.memory.PagedMemory;
import ukcf.cpu.memory.Privilege;
import ukcf.kernel.KernelModules;
import ukcf.kernel.module.ModuleLoadException;
import ukcf.user.fs.HostFile;
import ukcf.user.fs.OpenFile;
import ukcf.user.process.GuestProcess;

/**
 * Loading and unloading kernel modules (kernel/module/main.c): init_module and finit_module hand the image and
 * its parameters to the host kernel's loader, which runs the module's init in this process's context;
 * delete_module runs its exit. A refusal is the errno Linux gives for the same reason, with the loader's one-line
 * message in the kernel log and on the run's error stream (where Linux's dmesg has it).
 */
final class ModuleSyscalls {
    private ModuleSyscalls() { }

    /** finit_module's flags (include/uapi/linux/module.h): accepted, as the loader checks vermagic only. */
    private static final int MODULE_INIT_IGNORE_MODVERSIONS = 1, MODULE_INIT_IGNORE_VERMAGIC = 2;
    /** The largest module image accepted (Linux bounds it by what vmalloc can give; any real module is far below). */
    private static final int MAXIMUM_IMAGE = 64 << 20;
    private static final int MAXIMUM_ARGUMENTS = 4096;

    /**
     * A loader refusal's errno, by its reason, as Linux answers the same case (ENOEXEC otherwise), and whether Linux
     * says why in its log (it does for a module it cannot link or run, not for a name clash or a busy module).
     */
    private record Refusal(Pattern reason, Errno errno, boolean logged) { }

    private static final List<Refusal> REFUSALS = List.of(
            new Refusal(Pattern.compile("a module of this name is already loaded"), Errno.EEXIST, false),
            new Refusal(Pattern.compile("unknown symbol .*"), Errno.ENOENT, true),
            new Refusal(Pattern.compile("depends on .*"), Errno.ENOENT, true),
            new Refusal(Pattern.compile("GPL-only symbol .*"), Errno.ENOENT, true),
            new Refusal(Pattern.compile("uses symbol .* from namespace .*"), Errno.EINVAL, true),
            new Refusal(Pattern.compile("no room for .*"), Errno.ENOMEM, true),
            new Refusal(Pattern.compile("init did not complete: .*"), Errno.EFAULT, true),
            new Refusal(Pattern.compile("no module of this name is loaded"), Errno.ENOENT, false),
            new Refusal(Pattern.compile("in use .*"), Errno.EAGAIN, false),
            new Refusal(Pattern.compile("has an init function but no exit function.*"), Errno.EBUSY, false));
    private static final Pattern INIT_FAILED = Pattern.compile("init failed with error (-\\d+)");

    @Syscall(name = "init_module", args = {POINTER, UNSIGNED, STRING})
    static int initModule(GuestProcess p, int image, int length, int arguments) {
        if (Integer.compareUnsigned(length, MAXIMUM_IMAGE) > 0) throw new SyscallError(Errno.EFBIG);
        byte[] bytes = p.readBytes(image, length);
        return load(p, "module", bytes, arguments);
    }

    @Syscall(name = "finit_module", args = {FD, STRING, HEX})
    static int finitModule(GuestProcess p, int fd, int arguments, int flags) {
        if ((flags & ~(MODULE_INIT_IGNORE_MODVERSIONS | MODULE_INIT_IGNORE_VERMAGIC)) != 0) throw new SyscallError(Errno.EINVAL);
        OpenFile file = p.files().get(fd);
        if (!(file instanceof HostFile host)) throw new SyscallError(Errno.EINVAL);
        if ((host.status().mode() & ukcf.user.fs.FileStatus.S_IFMT) != ukcf.user.fs.FileStatus.S_IFREG) throw new SyscallError(Errno.EINVAL);
        java.io.ByteArrayOutputStream image = new java.io.ByteArrayOutputStream();
        byte[] chunk = new byte[1 << 16];
        for (long at = 0; ; ) {
            int n = host.readAt(at, chunk, 0, chunk.length);
            if (n <= 0) break;
            image.write(chunk, 0, n);
            at += n;
            if (at > MAXIMUM_IMAGE) throw new SyscallError(Errno.EFBIG);
        }
        return load(p, host.path().getFileName().toString(), image.toByteArray(), arguments);
    }

    @Syscall(name = "delete_module", args = {STRING, HEX})
    static int deleteModule(GuestProcess p, int name, int flags) {
        String module = p.readCString(name);
        KernelModules modules = p.processes().kernel().modules();
        PagedMemory user = p.space().newView(Privilege.SUPERVISOR);
        try {
            modules.unload(user, module);
            return 0;
        } catch (ModuleLoadException refused) {
            throw refusal(p, refused);
        } finally {
            p.space().detach(user);
        }
    }

    private static int load(GuestProcess p, String fileName, byte[] bytes, int arguments) {
        String parameters = arguments == 0 ? "" : p.readCString(arguments);
        if (parameters.length() > MAXIMUM_ARGUMENTS) throw new SyscallError(Errno.E2BIG);
        KernelModules modules = p.processes().kernel().modules();
        PagedMemory user = p.space().newView(Privilege.SUPERVISOR);
        try {
            var result = modules.load(user, fileName, bytes, parameters);
            for (String warning : result.warnings()) printk(p, "\0014" + warning);
            LAST_REPORTED.remove();
            return 0;
        } catch (ModuleLoadException refused) {
            throw refusal(p, refused);
        }
    }

    /**
     * The refusal last reported on this thread: insmod tries finit_module, then init_module with the same image, and
     * one line on the error stream is enough for both (the log, as Linux's, has one per attempt).
     */
    private static final ThreadLocal<String> LAST_REPORTED = new ThreadLocal<>();

    private static SyscallError refusal(GuestProcess p, ModuleLoadException refused) {
        Matcher init = INIT_FAILED.matcher(refused.reason());
        if (init.matches()) { // the module's own answer: Linux returns it and says nothing more
            Errno errno = Errno.of(-Integer.parseInt(init.group(1)));
            return new SyscallError(errno != null ? errno : Errno.EINVAL);
        }
        Refusal known = REFUSALS.stream().filter(r -> r.reason().matcher(refused.reason()).matches()).findFirst().orElse(null);
        if (known == null || known.logged()) {
            printk(p, "\0013" + refused.getMessage());
            String what = refused.reason() + " " + refused.where(); // the file name differs: init_module has none
            if (!what.equals(LAST_REPORTED.get())) p.messages().println("ukcf: " + refused.getMessage());
            LAST_REPORTED.set(what);
        }
        return new SyscallError(known != null ? known.errno() : Errno.ENOEXEC);
    }

    private static void printk(GuestProcess p, String line) {
        p.processes().kernel().log().printk((line + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
