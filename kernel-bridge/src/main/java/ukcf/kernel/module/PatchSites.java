package ukcf.kernel.module;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import ukcf.kernel.abi.KernelAbi;
import ukcf.kernel.abi.KernelStruct;

/**
 * The code Linux would patch at load and ukcf leaves as compiled: {@code .parainstructions} (paravirt call sites)
 * and {@code .altinstructions} (CPU-feature alternatives). Both defaults are the unpatched, always-correct path:
 * a paravirt site is compiled as an indirect call through {@code pv_ops} ({@code ff 15} + the slot's address,
 * relocated against the host's pv_ops data), which is right once the kernel API fills pv_ops with native
 * operations; an alternative site holds the original instruction, valid on every CPU the 686 kernel supports,
 * its replacement only an optimisation for a feature. The sites are read (and their places checked to lie in the
 * module's code) so that tools and the translator can name them.
 */
public final class PatchSites {
    public static final String PARAVIRT = ".parainstructions";
    public static final String ALTERNATIVES = ".altinstructions";

    /** A paravirt site: where, which pv_ops operation type, how many bytes. */
    public record ParavirtSite(int instruction, int type, int length) { }

    /** An alternative: the original instruction's place and length, and the CPU feature its replacement needs. */
    public record Alternative(int instruction, int length, int cpuFeature) { }

    /** Both kinds of site of one module. */
    public record Found(List<ParavirtSite> paravirt, List<Alternative> alternatives) { }

    private PatchSites() { }

    static List<ParavirtSite> paravirt(ModuleImage image, String module, KernelAbi abi) {
        KernelStruct site = abi.struct("paravirt_patch_site");
        List<ParavirtSite> sites = new ArrayList<>();
        forEachEntry(image, module, PARAVIRT, site.size(), (entry, i) -> {
            int instruction = image.read32(entry + site.offset("instr"));
            int type = byteAt(image, entry + site.offset("type"));
            int length = byteAt(image, entry + site.offset("len"));
            requireCode(image, module, PARAVIRT, i, instruction, length);
            sites.add(new ParavirtSite(instruction, type, length));
        });
        return List.copyOf(sites);
    }

    static List<Alternative> alternatives(ModuleImage image, String module, KernelAbi abi) {
        KernelStruct alt = abi.struct("alt_instr");
        List<Alternative> sites = new ArrayList<>();
        forEachEntry(image, module, ALTERNATIVES, alt.size(), (entry, i) -> {
            int field = entry + alt.offset("instr_offset");
            int instruction = field + image.read32(field);
            int length = byteAt(image, entry + alt.offset("instrlen"));
            int feature = byteAt(image, entry + alt.offset("cpuid")) | byteAt(image, entry + alt.offset("cpuid") + 1) << 8;
            requireCode(image, module, ALTERNATIVES, i, instruction, length);
            sites.add(new Alternative(instruction, length, feature));
        });
        return List.copyOf(sites);
    }

    private interface EntryAction {
        void accept(int entryAddress, int index);
    }

    private static void forEachEntry(ModuleImage image, String module, String name, int size, EntryAction action) {
        ModuleFile.Section section = image.file().section(name).orElse(null);
        if (section == null) return;
        OptionalInt base = image.addressOf(section.index());
        if (base.isEmpty()) return;
        if (section.size() % size != 0) {
            throw LoadError.of(module, "size 0x%x is not a whole number of %d-byte entries", section.size(), size)
                    .inSection(name).exception();
        }
        for (int i = 0; i < section.size() / size; i++) action.accept(base.getAsInt() + i * size, i);
    }

    private static void requireCode(ModuleImage image, String module, String section, int index, int address, int length) {
        if (length == 0) return;  // an empty original (pure insertion): nothing to check
        if (image.classAt(address) != ModuleLayout.SectionClass.TEXT || image.classAt(address + length - 1) != ModuleLayout.SectionClass.TEXT) {
            throw LoadError.of(module, "patch site 0x%08x (%d bytes) is outside the module's code", address, length)
                    .entry(section, index).exception();
        }
    }

    private static int byteAt(ModuleImage image, int address) {
        return image.read32(address & ~3) >>> ((address & 3) * 8) & 0xff;
    }
}
