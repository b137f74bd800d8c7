package ukcf.kernel.module;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import ukcf.kernel.abi.KernelAbi;
import ukcf.kernel.abi.KernelStruct;

/**
 * A module's parameters ({@code module_param}: the {@code __param} array of {@code struct kernel_param}) and the
 * load-time {@code name=value} arguments applied to them, as Linux's {@code parse_args} does: names match with
 * '-' and '_' equal, an unknown name is ignored with a warning, a value that does not parse refuses the module.
 * A parameter's type is recognised by the address its ops pointer was relocated to, compared with the host
 * kernel's {@code param_ops_*} exports.
 */
public final class ModuleParameters {
    public static final String SECTION = "__param";

    /** One declared parameter: its name, type, and the address of its variable (or of its kparam_string). */
    public record Parameter(String name, ParameterType type, int argument, int permissions) { }

    /** Allocates kernel memory for a charp parameter's string (kmalloc in Linux); returns its address. */
    public interface StringAllocator {
        int allocateString(byte[] nulTerminated);
    }

    private ModuleParameters() { }

    /** The parameters {@code __param} declares; fails if an ops pointer is not one of the known host types. */
    static List<Parameter> read(ModuleImage image, String module, KernelAbi abi, KernelSymbols symbols) {
        ModuleFile.Section section = image.file().section(SECTION).orElse(null);
        if (section == null) return List.of();
        OptionalInt base = image.addressOf(section.index());
        if (base.isEmpty()) return List.of();
        KernelStruct kernelParam = abi.struct("kernel_param");
        if (section.size() % kernelParam.size() != 0) {
            throw LoadError.of(module, "size 0x%x is not a whole number of %d-byte struct kernel_param", section.size(),
                    kernelParam.size()).inSection(SECTION).exception();
        }
        Map<Integer, ParameterType> typesByOps = new HashMap<>();
        for (ParameterType type : ParameterType.values()) {
            if (type.opsSymbol() != null) symbols.resolve(type.opsSymbol()).ifPresent(e -> typesByOps.put(e.address(), type));
        }
        List<Parameter> parameters = new ArrayList<>();
        for (int i = 0; i < section.size() / kernelParam.size(); i++) {
            int entry = base.getAsInt() + i * kernelParam.size();
            String name = image.stringAt(image.read32(entry + kernelParam.offset("name")));
            if (name == null || name.isEmpty()) {
                throw LoadError.of(module, "parameter name does not point at a string in the module").entry(SECTION, i).exception();
            }
            int ops = image.read32(entry + kernelParam.offset("ops"));
            ParameterType type = typesByOps.get(ops);
            if (type == null && image.contains(ops, abi.struct("kernel_param_ops").size())) type = ParameterType.CUSTOM;
            if (type == null) {
                throw LoadError.of(module, "parameter %s has ops 0x%08x, which is no known kernel_param_ops", name, ops)
                        .entry(SECTION, i).exception();
            }
            int permissions = readU16(image, entry + kernelParam.offset("perm"));
            parameters.add(new Parameter(name, type, image.read32(entry + kernelParam.offset("arg")), permissions));
        }
        return List.copyOf(parameters);
    }

    /**
     * Applies {@code arguments} ("a=1 b=x c", as insmod passes them) to the module's variables in {@code image};
     * returns warnings for unknown names.
     */
    static List<String> apply(ModuleImage image, String module, List<Parameter> parameters, String arguments,
                              KernelAbi abi, StringAllocator strings) {
        List<String> warnings = new ArrayList<>();
        for (Map.Entry<String, String> argument : split(arguments).entrySet()) {
            Parameter parameter = find(parameters, argument.getKey());
            if (parameter == null) {
                warnings.add(module + ": unknown parameter '" + argument.getKey() + "' ignored");
                continue;
            }
            byte[] value = encode(image, module, parameter, argument.getValue(), abi, strings);
            if (value == null) {
                throw LoadError.of(module, "'%s' invalid for parameter '%s'", argument.getValue(), parameter.name()).exception();
            }
        }
        return warnings;
    }

    /** Encodes and stores one value; null if the text is invalid for the type. */
    private static byte[] encode(ModuleImage image, String module, Parameter p, String text, KernelAbi abi, StringAllocator strings) {
        byte[] bytes;
        int target = p.argument();
        switch (p.type()) {
            case CHARP -> {
                if (text == null) return null;
                byte[] string = (text + "\0").getBytes(StandardCharsets.UTF_8);
                int address = strings.allocateString(string);
                bytes = new byte[] {(byte) address, (byte) (address >>> 8), (byte) (address >>> 16), (byte) (address >>> 24)};
            }
            case STRING -> {
                if (text == null) return null;
                KernelStruct kparamString = abi.struct("kparam_string");
                int maxlen = readU32(image, module, p, target + kparamString.offset("maxlen"));
                target = readU32(image, module, p, target + kparamString.offset("string"));
                bytes = (text + "\0").getBytes(StandardCharsets.UTF_8);
                if (bytes.length > maxlen) {
                    throw LoadError.of(module, "string parameter '%s' is too long (max %d)", p.name(), maxlen - 1).exception();
                }
            }
            case ARRAY -> throw LoadError.of(module, "array parameter '%s' cannot be set at load yet", p.name()).exception();
            case CUSTOM -> throw LoadError.of(module, "parameter '%s' has the module's own set function, which cannot run at load yet",
                    p.name()).exception();
            default -> {
                bytes = p.type().encodeScalar(text);
                if (bytes == null) return null;
            }
        }
        if (!image.contains(target, bytes.length)) {
            throw LoadError.of(module, "parameter '%s' variable 0x%08x lies outside the module", p.name(), target).exception();
        }
        image.write(target, bytes);
        return bytes;
    }

    private static int readU32(ModuleImage image, String module, Parameter p, int address) {
        if (!image.contains(address, 4)) {
            throw LoadError.of(module, "parameter '%s' descriptor 0x%08x lies outside the module", p.name(), address).exception();
        }
        return image.read32(address);
    }

    private static int readU16(ModuleImage image, int address) {
        return image.read32(address & ~3) >>> ((address & 3) * 8) & 0xffff;
    }

    private static Parameter find(List<Parameter> parameters, String name) {
        for (Parameter p : parameters) {
            if (p.name().replace('-', '_').equals(name.replace('-', '_'))) return p;
        }
        return null;
    }

    /** "a=1 b c=x" → {a: "1", b: null, c: "x"} in order (no quoting: insmod passes each argument separately). */
    static Map<String, String> split(String arguments) {
        Map<String, String> result = new LinkedHashMap<>();
        if (arguments == null) return result;
        for (String word : arguments.trim().split("\\s+")) {
            if (word.isEmpty()) continue;
            int equals = word.indexOf('=');
            if (equals < 0) result.put(word, null);
            else result.put(word.substring(0, equals), word.substring(equals + 1));
        }
        return result;
    }
}
