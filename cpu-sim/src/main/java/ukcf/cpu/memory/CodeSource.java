package ukcf.cpu.memory;

/**
 * A {@link Memory} that is not itself a {@link PagedMemory} but whose code lives in one address space (a driver's
 * view, which routes kernel addresses to the shared kernel half): the translator keys its code cache by that space
 * and is told of writes to translated pages through it.
 */
public interface CodeSource {
    AddressSpace codeSpace();
}
