package ukcf.kernel.module;

/**
 * Builds a {@link ModuleLoadException}: {@code LoadError.of(module, "reason").atOffset(x).inSection(s).throwIt()}.
 * Location parts appear in the message in the order they were added.
 */
final class LoadError {
    private final String module;
    private final String reason;
    private final StringBuilder where = new StringBuilder();

    private LoadError(String module, String reason) {
        this.module = module;
        this.reason = reason;
    }

    static LoadError of(String module, String reason) {
        return new LoadError(module, reason);
    }

    static LoadError of(String module, String format, Object... args) {
        return new LoadError(module, String.format(format, args));
    }

    LoadError atOffset(long fileOffset) {
        return add(String.format("file offset 0x%x", fileOffset));
    }

    LoadError inSection(String section) {
        return add("section " + section);
    }

    LoadError entry(String section, long index) {
        return add(section + " entry " + index);
    }

    LoadError symbol(String name) {
        return add("symbol " + name);
    }

    private LoadError add(String part) {
        if (where.length() > 0) where.append(", ");
        where.append(part);
        return this;
    }

    ModuleLoadException exception() {
        return new ModuleLoadException(module, reason, where.toString());
    }
}
