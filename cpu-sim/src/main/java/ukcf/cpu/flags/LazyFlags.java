package ukcf.cpu.flags;

/** EFLAGS with the six status flags computed lazily from the last flag-setting operation. */
public final class LazyFlags {
}
