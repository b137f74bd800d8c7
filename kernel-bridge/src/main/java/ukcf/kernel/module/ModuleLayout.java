package ukcf.kernel.module;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import ukcf.cpu.memory.AddressSpace;
import ukcf.cpu.memory.Protection;

/**
 * Where each allocated section of a module goes, as Linux's {@code layout_sections} decides: two parts, core
 * (kept while the module lives) and init (sections named {@code .init*}, freed once init has run); inside each
 * part the sections are grouped by {@link SectionClass} in Linux's order (text, read-only data, data read-only
 * after init, writable data), each group starting on a page so its pages get their own protection
 * (CONFIG_STRICT_MODULE_RWX). {@code .modinfo} and {@code __versions} are not loaded (Linux clears their
 * SHF_ALLOC), and sections without SHF_ALLOC never are.
 *
 * <p>Offsets here are relative to the part's base; the loader picks the bases.
 */
public final class ModuleLayout {
    /** Sections Linux keeps out of module memory although they carry SHF_ALLOC. */
    private static final Set<String> NOT_LOADED = Set.of(ModuleFile.MODINFO_SECTION, "__versions");
    private static final String INIT_PREFIX = ".init";
    private static final String RO_AFTER_INIT = ".data..ro_after_init";

    public enum Part { CORE, INIT }

    /** Linux's section classes in layout order, with the page protection each gets once the module is formed. */
    public enum SectionClass {
        TEXT(Protection.KERNEL_READ_EXECUTE),
        READ_ONLY(Protection.READ),
        READ_ONLY_AFTER_INIT(Protection.KERNEL_READ_WRITE),
        DATA(Protection.KERNEL_READ_WRITE);

        private final int protection;

        SectionClass(int protection) { this.protection = protection; }

        /** The protection while the module runs its init (read-only-after-init data is still writable then). */
        public int protection() { return protection; }

        static SectionClass of(ModuleFile.Section section) {
            if (section.isExecutable()) return TEXT;
            if (section.name().equals(RO_AFTER_INIT)) return READ_ONLY_AFTER_INIT;
            return section.isWritable() ? DATA : READ_ONLY;
        }
    }

    /** A section's place: its part, class and offset from the part's base. */
    public record Placement(int section, Part part, SectionClass sectionClass, int offset) { }

    /** A page-aligned run of one class inside a part, to protect as a whole. */
    public record ClassRange(Part part, SectionClass sectionClass, int offset, int length) { }

    private final Map<Integer, Placement> placements;
    private final Map<Part, Integer> sizes;
    private final List<ClassRange> ranges;

    private ModuleLayout(Map<Integer, Placement> placements, Map<Part, Integer> sizes, List<ClassRange> ranges) {
        this.placements = Map.copyOf(placements);
        this.sizes = Map.copyOf(sizes);
        this.ranges = List.copyOf(ranges);
    }

    /** Lays out {@code file}'s allocated sections. Sizes were bounded by {@link ModuleFile}, so ints suffice. */
    public static ModuleLayout of(ModuleFile file) {
        Map<Integer, Placement> placements = new HashMap<>();
        Map<Part, Integer> sizes = new EnumMap<>(Part.class);
        List<ClassRange> ranges = new ArrayList<>();
        for (Part part : Part.values()) {
            long size = 0;  // a long: the bound below is checked after the sum, which an int could wrap
            for (SectionClass sectionClass : SectionClass.values()) {
                long classStart = size;
                for (ModuleFile.Section section : file.sections()) {
                    if (!isLoaded(section) || partOf(section) != part || SectionClass.of(section) != sectionClass) continue;
                    long alignment = Math.max(1, section.alignment());
                    size = (size + alignment - 1) & -alignment;
                    placements.put(section.index(), new Placement(section.index(), part, sectionClass, (int) size));
                    size += section.size();
                }
                if (size > classStart) {
                    ranges.add(new ClassRange(part, sectionClass, (int) classStart, (int) (size - classStart)));
                    size = pageAlign(size);
                }
            }
            sizes.put(part, (int) Math.min(size, Integer.MAX_VALUE));
        }
        long total = (long) sizes.get(Part.CORE) + sizes.get(Part.INIT);
        long limit = maximumImageSize(file);
        if (total > limit) {
            throw LoadError.of(file.fileName(), "sections need 0x%x bytes of module memory, more than the 0x%x a file of"
                    + " %d bytes may ask for (alignment padding out of proportion)", total, limit, file.fileSize()).exception();
        }
        return new ModuleLayout(placements, sizes, ranges);
    }

    /**
     * The most module memory a file may need: twice its size (its own bytes plus as much again in alignment padding),
     * its uninitialised data (already capped by {@link ModuleFile#MAX_NOBITS_BYTES}) and a page per section class
     * of each part for page rounding. Debian's modules need far less; the bound keeps a hostile file of many
     * tiny, page-aligned sections from reserving memory out of proportion to its size.
     */
    static long maximumImageSize(ModuleFile file) {
        long nobits = file.sections().stream().filter(s -> s.isAllocated() && !s.hasFileBytes()).mapToLong(ModuleFile.Section::size).sum();
        return 2L * file.fileSize() + nobits + (long) Part.values().length * SectionClass.values().length * AddressSpace.PAGE_SIZE;
    }

    static boolean isLoaded(ModuleFile.Section section) {
        return section.isAllocated() && !NOT_LOADED.contains(section.name());
    }

    private static Part partOf(ModuleFile.Section section) {
        return section.name().startsWith(INIT_PREFIX) ? Part.INIT : Part.CORE;
    }

    private static long pageAlign(long size) {
        return (size + AddressSpace.PAGE_OFFSET_MASK) & ~(long) AddressSpace.PAGE_OFFSET_MASK;
    }

    /** The place of section {@code index}, empty if it is not loaded. */
    public Optional<Placement> placement(int index) {
        return Optional.ofNullable(placements.get(index));
    }

    /** The part's size in bytes, a whole number of pages (0 if the part holds nothing). */
    public int size(Part part) {
        return sizes.get(part);
    }

    public List<ClassRange> ranges() {
        return ranges;
    }
}
