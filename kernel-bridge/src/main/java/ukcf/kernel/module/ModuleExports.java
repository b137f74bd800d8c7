package ukcf.kernel.module;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

import ukcf.kernel.abi.KernelAbi;
import ukcf.kernel.abi.KernelStruct;

/**
 * Reads a module's exports from {@code __ksymtab} and {@code __ksymtab_gpl} after relocation. Linux 6.1 on x86
 * has CONFIG_HAVE_ARCH_PREL32_RELOCATIONS, so each {@code struct kernel_symbol} holds offsets relative to its own
 * fields (value_offset, name_offset, namespace_offset) rather than pointers: the value is
 * {@code &value_offset + value_offset}, the name {@code &name_offset + name_offset} (a string in
 * {@code __ksymtab_strings}), the namespace {@code &namespace_offset + namespace_offset} when that is not 0. Every value and name must lie inside the module's own image.
 */
final class ModuleExports {
    static final String KSYMTAB = "__ksymtab";
    static final String KSYMTAB_GPL = "__ksymtab_gpl";

    private ModuleExports() { }

    static List<KernelSymbols.Export> read(ModuleImage image, String module, KernelAbi abi) {
        KernelStruct kernelSymbol = abi.struct("kernel_symbol");
        List<KernelSymbols.Export> exports = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String table : List.of(KSYMTAB, KSYMTAB_GPL)) {
            ModuleFile.Section section = image.file().section(table).orElse(null);
            if (section == null) continue;
            OptionalInt base = image.addressOf(section.index());
            if (base.isEmpty()) throw LoadError.of(module, "export table is not loaded").inSection(table).exception();
            if (section.size() % kernelSymbol.size() != 0) {
                throw LoadError.of(module, "size 0x%x is not a whole number of %d-byte struct kernel_symbol",
                        section.size(), kernelSymbol.size()).inSection(table).exception();
            }
            for (int i = 0; i < section.size() / kernelSymbol.size(); i++) {
                int entry = base.getAsInt() + i * kernelSymbol.size();
                int valueField = entry + kernelSymbol.offset("value_offset");
                int nameField = entry + kernelSymbol.offset("name_offset");
                int value = valueField + image.read32(valueField);
                String name = image.stringAt(nameField + image.read32(nameField));
                if (name == null || name.isEmpty()) {
                    throw LoadError.of(module, "export name does not point at a string in the module").entry(table, i).exception();
                }
                if (!image.contains(value, 1)) {
                    throw LoadError.of(module, "export %s points outside the module (0x%08x)", name, value).entry(table, i).exception();
                }
                if (!seen.add(name)) {
                    throw LoadError.of(module, "exports duplicate symbol %s (owned by %s)", name, module).entry(table, i).exception();
                }
                KernelSymbols.Export.Kind kind = image.classAt(value) == ModuleLayout.SectionClass.TEXT
                        ? KernelSymbols.Export.Kind.FUNCTION : KernelSymbols.Export.Kind.DATA;
                int namespaceField = entry + kernelSymbol.offset("namespace_offset");
                int namespaceOffset = image.read32(namespaceField);
                String namespace = namespaceOffset == 0 ? "" : image.stringAt(namespaceField + namespaceOffset);
                if (namespace == null) {
                    throw LoadError.of(module, "export %s namespace does not point at a string in the module", name)
                            .entry(table, i).exception();
                }
                exports.add(new KernelSymbols.Export(name, value, table.equals(KSYMTAB_GPL), kind, module, namespace));
            }
        }
        return exports;
    }
}
