package ukcf.kernel.module;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import ukcf.kernel.abi.KernelAbi;
import ukcf.kernel.abi.KernelStruct;

/**
 * A module's {@code __jump_table}: the static-branch sites (static_branch_likely/unlikely) with, per site, the
 * code address, the jump target and the static key. Entries are relative (x86 uses
 * CONFIG_HAVE_ARCH_JUMP_LABEL_RELATIVE): code = {@code &code + code}, target = {@code &target + target},
 * key = {@code (&key + key) & ~3}, with the compiled branch direction in bit 0 of the raw key offset.
 *
 * <p>ukcf patches none of them: every key keeps the value it was compiled with (a module-local key its initialiser,
 * a host-kernel key is off), so the code as compiled (a NOP or a JMP) is already the right one, which is what
 * Linux's {@code jump_label_add_module} leaves too when no key changed. The entries are kept so that a later
 * {@code static_key_enable} from the kernel API can patch the sites (and drop their translations).
 */
public final class JumpTable {
    public static final String SECTION = "__jump_table";

    /** One site: {@code branchByDefault} is the compiled direction (JMP when set, NOP otherwise). */
    public record Entry(int code, int target, int key, boolean branchByDefault) { }

    private JumpTable() { }

    static List<Entry> read(ModuleImage image, String module, KernelAbi abi) {
        ModuleFile.Section section = image.file().section(SECTION).orElse(null);
        if (section == null) return List.of();
        OptionalInt base = image.addressOf(section.index());
        if (base.isEmpty()) return List.of();
        KernelStruct jumpEntry = abi.struct("jump_entry");
        if (section.size() % jumpEntry.size() != 0) {
            throw LoadError.of(module, "size 0x%x is not a whole number of %d-byte struct jump_entry", section.size(),
                    jumpEntry.size()).inSection(SECTION).exception();
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < section.size() / jumpEntry.size(); i++) {
            int entry = base.getAsInt() + i * jumpEntry.size();
            int codeField = entry + jumpEntry.offset("code");
            int targetField = entry + jumpEntry.offset("target");
            int keyField = entry + jumpEntry.offset("key");
            int code = codeField + image.read32(codeField);
            int target = targetField + image.read32(targetField);
            int rawKey = image.read32(keyField);
            if (image.classAt(code) != ModuleLayout.SectionClass.TEXT || image.classAt(target) != ModuleLayout.SectionClass.TEXT) {
                throw LoadError.of(module, "static branch site 0x%08x or target 0x%08x is outside the module's code",
                        code, target).entry(SECTION, i).exception();
            }
            entries.add(new Entry(code, target, (keyField + rawKey) & ~3, (rawKey & 1) != 0));
        }
        return List.copyOf(entries);
    }
}
