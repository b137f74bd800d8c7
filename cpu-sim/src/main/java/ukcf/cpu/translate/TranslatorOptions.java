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
 * @param regionThreshold      executions of a block after which it is retranslated as the entry of a hot region
 *                             ({@code ukcf.dbt.regionThreshold}, 0: never). A region is a large method, and the
 *                             JIT's time compiling regions competes with the guest for the CPU: measured over the
 *                             benchmark set, 20 000 ran 5 to 8% faster (geometric mean) than 2 000
 * @param maxRegionBlocks      blocks one region spans at most ({@code ukcf.dbt.maxRegionBlocks})
 * @param maxRegionClassBytes  class-file size a region may have ({@code ukcf.dbt.maxRegionClassBytes}): the
 *                             method is most of it, and HotSpot never JIT-compiles a method of more than 8000
 *                             bytes of bytecode (HugeMethodLimit), so a region is cut to blocks below that
 * @param translateThreshold   executions of a block's code by the interpreter before it is translated
 *                             ({@code ukcf.dbt.translateThreshold}, 1: at its first execution). Translating a
 *                             block costs as much as interpreting a few thousand instructions, and most blocks of
 *                             a program's start-up and of each short command run only a few times
 */
public record TranslatorOptions(int maxBlockInstructions, int maxCachedBlocks, int regionThreshold, int maxRegionBlocks,
                                int maxRegionClassBytes, int translateThreshold) {
    public static final TranslatorOptions DEFAULT = new TranslatorOptions(48, 16_384, 20_000, 24, 7_000, 16);

    public TranslatorOptions {
        if (maxBlockInstructions < 1 || maxBlockInstructions > 128) {
            throw new IllegalArgumentException("maxBlockInstructions must be 1..128, not " + maxBlockInstructions);
        }
        if (maxCachedBlocks < 1) throw new IllegalArgumentException("maxCachedBlocks must be positive");
        if (regionThreshold < 0 || maxRegionBlocks < 1) throw new IllegalArgumentException("bad region limits");
        if (translateThreshold < 1 || translateThreshold > 127) {
            throw new IllegalArgumentException("translateThreshold must be 1..127, not " + translateThreshold);
        }
    }

    /** These options with hot regions made after {@code threshold} executions (tests use 1). */
    public TranslatorOptions withRegionThreshold(int threshold) {
        return new TranslatorOptions(maxBlockInstructions, maxCachedBlocks, threshold, maxRegionBlocks, maxRegionClassBytes,
                translateThreshold);
    }

    /** These options with blocks translated after {@code threshold} executions (1: at the first). */
    public TranslatorOptions withTranslateThreshold(int threshold) {
        return new TranslatorOptions(maxBlockInstructions, maxCachedBlocks, regionThreshold, maxRegionBlocks,
                maxRegionClassBytes, threshold);
    }

    public static TranslatorOptions fromSystemProperties() {
        return new TranslatorOptions(
                Integer.getInteger("ukcf.dbt.maxBlockInstructions", DEFAULT.maxBlockInstructions),
                Integer.getInteger("ukcf.dbt.maxCachedBlocks", DEFAULT.maxCachedBlocks),
                Integer.getInteger("ukcf.dbt.regionThreshold", DEFAULT.regionThreshold),
                Integer.getInteger("ukcf.dbt.maxRegionBlocks", DEFAULT.maxRegionBlocks),
                Integer.getInteger("ukcf.dbt.maxRegionClassBytes", DEFAULT.maxRegionClassBytes),
                Integer.getInteger("ukcf.dbt.translateThreshold", DEFAULT.translateThreshold));
    }
}
