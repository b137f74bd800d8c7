package ukcf.kernel.api;

import java.util.List;

/** The host kernel's implemented exports: every class whose {@link KernelExport} methods make up the API. */
public final class KernelApi {
    private KernelApi() { }

    public static final List<Class<?>> IMPLEMENTATIONS = List.of(RuntimeExports.class, StringExports.class,
            UserAccessExports.class, LogExports.class, LibraryExports.class, MemoryExports.class,
            CryptoExports.class, CharDeviceExports.class,
            BusExports.class);

    /** The table of exports placed in the host-symbol range [base, limit). */
    public static KernelExports exports(int base, int limit) { return new KernelExports(base, limit, IMPLEMENTATIONS); }
}
