package ukcf.monitor;

/**
 * Who owns a range of guest addresses. The jump monitor decides a control transfer by its target's owner: into
 * the current driver image keeps translating, into {@link Kind#HOST_SYMBOLS} exits to the Java kernel API, into
 * anything else is a driver bug to report.
 */
public record AddressOwner(Kind kind, String name) {
    public enum Kind {
        /** Code of a loaded module (its core or init part); {@code name} is the module's. */
        MODULE_IMAGE,
        /** Addresses of exported host-kernel functions: they exist only to be recognised. */
        HOST_SYMBOLS,
        /** Real memory behind exported host-kernel data symbols. */
        HOST_DATA,
        /** The kernel heap (kmalloc, vmalloc). */
        KERNEL_HEAP,
        /** The application's half of the address space. */
        USER
    }

    public AddressOwner {
        if (kind == null || name == null) throw new IllegalArgumentException("an owner needs a kind and a name");
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase() + " " + name;
    }
}
