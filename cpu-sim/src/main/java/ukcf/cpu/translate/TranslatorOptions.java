package ukcf.cpu.translate;

/**
 * The translator's thresholds, settable as system properties so a run can be tuned without a rebuild.
 *
 * @param maxBlockInstructions guest instructions per block at most ({@code ukcf.dbt.maxBlockInstructions}); a
 *                             block's method must stay far below HotSpot's 8000-byte limit for JIT compilation
 *                             (an inline instruction is 10 to 60 bytes of bytecode)
 * @param maxCachedBlocks      translated blocks one code cache holds before it is flushed
 *                             ({@code ukcf.dbt.maxCachedBlocks}); a flush drops every block, whose hidden classes
 *                             then unload, so neither the heap's metaspace nor the JIT's code cache fills up
 */
public record TranslatorOptions(int maxBlockInstructions, int maxCachedBlocks) {
    public static final TranslatorOptions DEFAULT = new TranslatorOptions(48, 16_384);

    public TranslatorOptions {
        if (maxBlockInstructions < 1 || maxBlockInstructions > 128) {
            throw new IllegalArgumentException("maxBlockInstructions must be 1..128, not " + maxBlockInstructions);
        }
        if (maxCachedBlocks < 1) throw new IllegalArgumentException("maxCachedBlocks must be positive");
    }

    public static TranslatorOptions fromSystemProperties() {
        return new TranslatorOptions(
                Integer.getInteger("ukcf.dbt.maxBlockInstructions", DEFAULT.maxBlockInstructions),
                Integer.getInteger("ukcf.dbt.maxCachedBlocks", DEFAULT.maxCachedBlocks));
    }
}
