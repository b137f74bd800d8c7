package ukcf.kernel.api;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The host kernel's exported functions, each at its own address of the host-symbol range: drivers link against
 * the names, the jump monitor recognises the addresses. A name a driver imports that has no implementation gets
 * an address too (loading succeeds, as the issue asks); calling it stops the driver call with a report naming it.
 */
public final class KernelExports {
    /** Bytes between two function addresses; nothing is ever mapped there. */
    public static final int SPACING = 16;

    private final int base, limit;
    private final Map<String, KernelFunction> byName = new LinkedHashMap<>();
    private final Map<Integer, KernelFunction> byAddress = new LinkedHashMap<>();
    private final Map<String, Integer> unimplemented = new LinkedHashMap<>();
    private final Map<Integer, String> unimplementedByAddress = new LinkedHashMap<>();
    private int next;

    /**
     * @param base  the first address of the host-symbol range
     * @param limit the first address after it
     */
    public KernelExports(int base, int limit, Collection<Class<?>> implementations) {
        this.base = base;
        this.limit = limit;
        this.next = base;
        for (Class<?> c : implementations) {
            for (Method m : c.getDeclaredMethods()) {
                if (!m.isAnnotationPresent(KernelExport.class)) continue;
                KernelFunction f = new KernelFunction(m, allocate());
                if (byName.putIfAbsent(f.name(), f) != null) throw new IllegalArgumentException("two implementations of " + f.name());
                byAddress.put(f.address(), f);
            }
        }
    }

    private int allocate() {
        if (Integer.toUnsignedLong(next) + SPACING > Integer.toUnsignedLong(limit)) {
            throw new IllegalStateException("the host-symbol range is full");
        }
        int address = next;
        next += SPACING;
        return address;
    }

    /** The implemented function {@code name}, or null. */
    public KernelFunction function(String name) { return byName.get(name); }

    /** The function at {@code address}, or null. */
    public KernelFunction at(int address) { return byAddress.get(address); }

    /** The address a driver's import of {@code name} resolves to: the implementation's, or a stub's. */
    public synchronized int addressOf(String name) {
        KernelFunction f = byName.get(name);
        if (f != null) return f.address();
        return unimplemented.computeIfAbsent(name, n -> {
            int address = allocate();
            unimplementedByAddress.put(address, n);
            return address;
        });
    }

    /** The name of the unimplemented import whose stub is at {@code address}, or null. */
    public synchronized String unimplementedAt(int address) { return unimplementedByAddress.get(address); }

    /** Whether {@code address} lies in the host-symbol range. */
    public boolean contains(int address) {
        long a = Integer.toUnsignedLong(address);
        return a >= Integer.toUnsignedLong(base) && a < Integer.toUnsignedLong(limit);
    }

    public Collection<KernelFunction> functions() { return Collections.unmodifiableCollection(byName.values()); }

    /** Names drivers imported that have no implementation so far. */
    public synchronized List<String> unimplementedImports() { return new ArrayList<>(unimplemented.keySet()); }
}
