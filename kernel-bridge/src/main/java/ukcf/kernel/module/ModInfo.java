package ukcf.kernel.module;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code .modinfo} strings of a module: NUL-separated {@code key=value} pairs written by MODULE_LICENSE,
 * MODULE_AUTHOR, MODULE_ALIAS, MODULE_PARM_DESC, modpost (depends, vermagic, name, intree, retpoline)... Keys
 * such as alias and parm repeat, so each key maps to its values in file order.
 */
public final class ModInfo {
    /** license.h's license_is_gpl_compatible: the licenses that may use GPL-only exports. */
    private static final Set<String> GPL_COMPATIBLE = Set.of("GPL", "GPL v2", "GPL and additional rights",
            "Dual BSD/GPL", "Dual MIT/GPL", "Dual MPL/GPL");

    private final Map<String, List<String>> values;

    private ModInfo(Map<String, List<String>> values) {
        this.values = values;
    }

    /** Reads a {@code .modinfo} section's bytes (already checked to end in NUL); empty if the module has none. */
    public static ModInfo parse(byte[] section) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        int start = 0;
        for (int i = 0; i < section.length; i++) {
            if (section[i] != 0) continue;
            if (i > start) {
                String entry = new String(section, start, i - start, StandardCharsets.UTF_8);
                int equals = entry.indexOf('=');
                if (equals > 0) {
                    values.computeIfAbsent(entry.substring(0, equals), k -> new ArrayList<>()).add(entry.substring(equals + 1));
                }
            }
            start = i + 1;
        }
        values.replaceAll((k, v) -> List.copyOf(v));
        return new ModInfo(values);
    }

    public static ModInfo empty() {
        return new ModInfo(Map.of());
    }

    /** The first value of {@code key}. */
    public Optional<String> get(String key) {
        List<String> list = values.get(key);
        return list == null || list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
    }

    /** Every value of {@code key}, in file order. */
    public List<String> all(String key) {
        return values.getOrDefault(key, List.of());
    }

    public Optional<String> name() { return get("name"); }

    public Optional<String> license() { return get("license"); }

    public Optional<String> description() { return get("description"); }

    public List<String> authors() { return all("author"); }

    public List<String> aliases() { return all("alias"); }

    public Optional<String> vermagic() { return get("vermagic"); }

    /** parm= lines: "name:description". */
    public List<String> parameterDescriptions() { return all("parm"); }

    /** The modules this one links against ({@code depends=a,b}), empty if none. */
    public List<String> depends() {
        String list = get("depends").orElse("");
        return list.isEmpty() ? List.of() : List.copyOf(Arrays.asList(list.split(",")));
    }

    /** Whether the license may use GPL-only exports (license_is_gpl_compatible). */
    public boolean isGplCompatible() {
        return license().map(GPL_COMPATIBLE::contains).orElse(false);
    }

    public Map<String, List<String>> asMap() {
        return values;
    }
}
