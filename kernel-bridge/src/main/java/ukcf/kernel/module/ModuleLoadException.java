package ukcf.kernel.module;

/**
 * Why a module was refused, as one line a user can act on: what is wrong and where (file offset, section, symbol,
 * relocation entry). Every stage of {@link ModuleLoader} throws only this, and a refused module leaves nothing
 * behind. The structured parts are kept for tests and tools; {@link #getMessage()} already contains them.
 */
public final class ModuleLoadException extends RuntimeException {
    private final String module;
    private final String reason;
    private final String where;

    ModuleLoadException(String module, String reason, String where) {
        super(module + ": " + reason + (where.isEmpty() ? "" : " (" + where + ")"));
        this.module = module;
        this.reason = reason;
        this.where = where;
    }

    /** The module's name, or its file name before {@code .modinfo} gave one. */
    public String module() { return module; }

    /** What is wrong, without the location. */
    public String reason() { return reason; }

    /** The location text ("section .rel.text entry 12, file offset 0x1418"), empty if none applies. */
    public String where() { return where; }
}
