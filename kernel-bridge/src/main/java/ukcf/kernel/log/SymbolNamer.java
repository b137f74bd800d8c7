package ukcf.kernel.log;

/** Names guest kernel addresses for {@code %pS}/{@code %ps}: the loaded modules' and the host kernel's symbols. */
public interface SymbolNamer {
    /** The symbol containing {@code address}, or null when none does. */
    Symbol lookup(int address);

    /** A symbol: its name, start, size and the module that holds it (null for the host kernel). */
    record Symbol(String name, int start, int size, String module) { }

    SymbolNamer NONE = address -> null;
}
