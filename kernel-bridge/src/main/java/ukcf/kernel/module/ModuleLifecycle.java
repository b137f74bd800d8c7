package ukcf.kernel.module;

/**
 * How the loader runs a module's code and tells the rest of the kernel about it. The kernel translator supplies
 * {@link #callInit}/{@link #callExit} (running guest code at CPL 0 through a shell); subsystems that hold a
 * module's registrations (shells, device nodes, crypto algorithms) drop them in {@link #unloading}.
 */
public interface ModuleLifecycle {
    /** Runs {@code module->init} at {@code address}; returns its int result (0 or a negative errno). */
    int callInit(LoadedModule module, int address);

    /** Runs {@code module->exit} at {@code address}. */
    void callExit(LoadedModule module, int address);

    /** A line the loader puts in the kernel log as it goes (taint notices), with its KERN_ level prefix. */
    default void log(String line) { }

    /** The module is about to lose its memory (after exit ran, or after init failed): drop what points into it. */
    default void unloading(LoadedModule module) { }

    /** For loading without running anything: init "succeeds", exit does nothing. */
    ModuleLifecycle NO_CODE = new ModuleLifecycle() {
        @Override public int callInit(LoadedModule module, int address) { return 0; }
        @Override public void callExit(LoadedModule module, int address) { }
    };
}
