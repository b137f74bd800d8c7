package ukcf.kernel.api;

/** printk into the host kernel's log ring. */
final class LogExports {
    private LogExports() { }

    @KernelExport(name = "_printk", convention = KernelExport.Convention.VARARGS)
    static int printk(KernelCall c, int format) {
        byte[] text = c.kernel().format(c.memory()).format(format, c.varargsAfter(1));
        c.kernel().log().printk(text);
        return text.length;
    }

    @KernelExport
    static int vprintk(KernelCall c, int format, int vaList) {
        byte[] text = c.kernel().format(c.memory()).format(format, ukcf.kernel.log.VarArgs.onStack(c.memory(), vaList));
        c.kernel().log().printk(text);
        return text.length;
    }
}
