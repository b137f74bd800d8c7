package ukcf.kernel.module;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Applies a module's relocations, as Linux's i386 {@code apply_relocate} (arch/x86/kernel/module.c): the addend is
 * implicit (the 32 bits already at the place), S is the symbol's final address, P the place's address;
 * R_386_32 stores S + A, R_386_PC32 and R_386_PLT32 store S + A - P (a module has no PLT: PLT32 is PC32). Any other
 * type was refused by name when the file was validated.
 */
public final class Relocator {
    /** One applied relocation: where, what type, which symbol, and the value stored (for tests and traces). */
    public record Applied(String relocationSection, int entry, RelocationType type, String symbol, int place, int value) { }

    private Relocator() { }

    /** Relocates {@code image}; {@code symbolAddresses[i]} is symbol i's final address (from the loader's symbol stage). */
    static List<Applied> apply(ModuleImage image, int[] symbolAddresses) {
        ModuleFile file = image.file();
        List<Applied> applied = new ArrayList<>(file.relocations().size());
        for (ModuleFile.Relocation r : file.relocations()) {
            ModuleFile.Section relSection = file.section(r.relocationSection());
            OptionalInt target = image.addressOf(r.targetSection());
            if (target.isEmpty()) continue;  // an allocated section Linux does not load (.modinfo, __versions)
            ModuleFile.Symbol symbol = file.symbol(r.symbolIndex());
            if (!symbol.isUndefined() && !symbol.isAbsolute() && image.addressOf(symbol.sectionIndex()).isEmpty()) {
                throw LoadError.of(file.fileName(), "relocation against %s in section %s, which is not loaded",
                        symbolName(file, symbol), file.section(symbol.sectionIndex()).name())
                        .entry(relSection.name(), r.entry()).exception();
            }
            int place = target.getAsInt() + r.offset();
            int addend = image.read32(place);
            int s = symbolAddresses[r.symbolIndex()];
            int value = switch (r.type()) {
                case R_386_32 -> s + addend;
                case R_386_PC32, R_386_PLT32 -> s + addend - place;
                default -> throw new IllegalStateException(r.type() + " passed validation");
            };
            image.write32(place, value);
            applied.add(new Applied(relSection.name(), r.entry(), r.type(), symbolName(file, symbol), place, value));
        }
        return applied;
    }

    /** A symbol's name, or its section's name for a section symbol (which has none of its own). */
    static String symbolName(ModuleFile file, ModuleFile.Symbol symbol) {
        if (symbol.type() == Elf.STT_SECTION && symbol.sectionIndex() < file.sections().size()) {
            return file.section(symbol.sectionIndex()).name();
        }
        return symbol.name();
    }
}
