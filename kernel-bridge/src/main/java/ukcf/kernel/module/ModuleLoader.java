package ukcf.kernel.module;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import ukcf.cpu.memory.Protection;
import ukcf.kernel.abi.KernelAbi;
import ukcf.kernel.abi.KernelStruct;
import ukcf.kernel.memory.KernelAddressSpace;
import ukcf.kernel.memory.KernelRegion;
import ukcf.monitor.AddressOwner;

/**
 * Loads and unloads i386 kernel modules into the guest kernel half, as Linux's {@code load_module} does, stage by
 * stage: {@code parse → setupModinfo → checkVermagic → checkDependencies → layoutSections → allocateMemory →
 * simplifySymbols → applyRelocations → readExports → applyParameters → readJumpTable → readPatchSites →
 * completeFormation → doInit}. Any stage may refuse the module with a {@link ModuleLoadException}; the memory and ownership claims
 * made so far are then returned, so a refused module leaves nothing behind. {@code .altinstructions},
 * {@code .parainstructions} and {@code __jump_table} sites are read but left as compiled (see {@link PatchSites}
 * and {@link JumpTable} for why that is correct).
 */
public final class ModuleLoader {
    /** A module file to load in a batch: its name, bytes and {@code name=value} arguments. */
    public record ModuleSource(String fileName, byte[] bytes, String arguments) { }

    /** The outcome of one load: the module and any warnings (unknown parameters) to print. */
    public record LoadResult(LoadedModule module, List<String> warnings) { }

    private final KernelAbi abi;
    private final KernelAddressSpace kernel;
    private final KernelSymbols hostSymbols;
    private final ModuleRegistry registry;
    private final ModuleLifecycle lifecycle;

    public ModuleLoader(KernelAbi abi, KernelAddressSpace kernel, KernelSymbols hostSymbols, ModuleRegistry registry,
                        ModuleLifecycle lifecycle) {
        this.abi = abi;
        this.kernel = kernel;
        this.hostSymbols = hostSymbols;
        this.registry = registry;
        this.lifecycle = lifecycle;
    }

    public ModuleRegistry registry() { return registry; }

    /** Loads several modules, each after the modules its {@code depends=} names (insmod order as modprobe picks it). */
    public List<LoadResult> loadInDependencyOrder(List<ModuleSource> sources) {
        Map<String, ModuleSource> byName = new LinkedHashMap<>();
        Map<String, List<String>> depends = new HashMap<>();
        for (ModuleSource source : sources) {
            ModuleFile file = ModuleFile.parse(source.fileName(), source.bytes(), abi);
            String name = moduleName(file);
            byName.put(name, source);
            depends.put(name, modInfo(file).depends());
        }
        List<String> order = new ArrayList<>();
        Set<String> visiting = new HashSet<>();
        depends.replaceAll((module, list) -> list.stream().map(ModuleLoader::canonicalName).toList());
        for (String name : byName.keySet()) visit(name, byName, depends, visiting, order);
        List<LoadResult> results = new ArrayList<>();
        for (String name : order) {
            ModuleSource source = byName.get(name);
            results.add(load(source.fileName(), source.bytes(), source.arguments()));
        }
        return results;
    }

    private void visit(String name, Map<String, ModuleSource> byName, Map<String, List<String>> depends,
                       Set<String> visiting, List<String> order) {
        if (order.contains(name) || !byName.containsKey(name)) return;
        if (!visiting.add(name)) throw LoadError.of(name, "circular dependency through %s", name).exception();
        for (String dependency : depends.get(name)) visit(dependency, byName, depends, visiting, order);
        order.add(name);
    }

    /** The end of a signed module (scripts/sign-file): the bridge holds no keys, so presence is all it checks. */
    private static final byte[] SIGNATURE_MARKER = "~Module signature appended~\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private boolean outOfTreeNoticed, unsignedNoticed;

    /**
     * module_augment_kernel_taints: a module built outside the kernel tree (no intree in .modinfo) taints it with
     * O, an unsigned one with E; the kernel says so once per boot, before the module's init runs.
     */
    private void taint(LoadedModule module, ModInfo info, byte[] bytes) {
        StringBuilder letters = new StringBuilder();
        if (info.get("intree").isEmpty()) {
            letters.append('O');
            if (!outOfTreeNoticed) lifecycle.log("\0014" + module.name() + ": loading out-of-tree module taints kernel.");
            outOfTreeNoticed = true;
        }
        boolean signed = bytes.length >= SIGNATURE_MARKER.length && java.util.Arrays.equals(bytes,
                bytes.length - SIGNATURE_MARKER.length, bytes.length, SIGNATURE_MARKER, 0, SIGNATURE_MARKER.length);
        if (!signed) {
            letters.append('E');
            if (!unsignedNoticed) {
                lifecycle.log("\0015" + module.name() + ": module verification failed: signature and/or required key missing - tainting kernel");
            }
            unsignedNoticed = true;
        }
        module.setTaints(letters.toString());
    }

    /** /proc/sys/kernel/tainted's module bits: they stay set after the module that set them unloads. */
    public synchronized long taintMask() {
        return (outOfTreeNoticed ? 1L << abi.constant("TAINT_OOT_MODULE") : 0)
                | (unsignedNoticed ? 1L << abi.constant("TAINT_UNSIGNED_MODULE") : 0);
    }

    /** Loads one module and runs its init; {@code arguments} is insmod's {@code name=value ...} (may be null). */
    public synchronized LoadResult load(String fileName, byte[] bytes, String arguments) {
        ModuleFile file = ModuleFile.parse(fileName, bytes, abi);
        String name = moduleName(file);
        ModInfo info = modInfo(file);
        checkVermagic(name, info);
        if (registry.module(name).isPresent()) throw LoadError.of(name, "a module of this name is already loaded").exception();
        checkDependencies(name, info);
        ModuleLayout layout = ModuleLayout.of(file);
        Allocation allocation = new Allocation(name);
        try {
            int coreBase = allocation.part(layout.size(ModuleLayout.Part.CORE), name);
            int initBase = allocation.part(layout.size(ModuleLayout.Part.INIT), name + " init");
            ModuleImage image = new ModuleImage(file, layout, coreBase, initBase);
            Set<LoadedModule> uses = new HashSet<>();
            int[] symbolAddresses = simplifySymbols(name, info, image, uses);
            List<Relocator.Applied> applied = Relocator.apply(image, symbolAddresses);
            List<KernelSymbols.Export> exports = ModuleExports.read(image, name, abi);
            checkDuplicateExports(name, exports);
            List<ModuleParameters.Parameter> parameters = ModuleParameters.read(image, name, abi, hostSymbols);
            List<String> warnings = ModuleParameters.apply(image, name, parameters, arguments, abi, allocation::string);
            List<JumpTable.Entry> jumpEntries = JumpTable.read(image, name, abi);
            PatchSites.Found patchSites = new PatchSites.Found(PatchSites.paravirt(image, name, abi),
                    PatchSites.alternatives(image, name, abi));
            LoadedModule module = completeFormation(name, info, image, exports, parameters, jumpEntries, patchSites,
                    applied, allocation, uses);
            changeState(module, LoadedModule.State.COMING);
            registry.add(module);
            allocation.committed = true;
            taint(module, info, bytes);
            doInit(module, layout);
            return new LoadResult(module, warnings);
        } finally {
            if (!allocation.committed) allocation.release();
        }
    }

    /** Unloads {@code name} as delete_module does: refused while in use; exit runs, then all memory is returned. */
    public synchronized void unload(String name) {
        LoadedModule module = registry.module(canonicalName(name))
                .orElseThrow(() -> LoadError.of(name, "no module of this name is loaded").exception());
        if (!module.users().isEmpty()) {
            throw LoadError.of(name, "in use by %s", module.users().stream().map(LoadedModule::name).sorted().toList()).exception();
        }
        if (module.referenceCount() > 0) {
            throw LoadError.of(name, "in use (reference count %d)", module.referenceCount()).exception();
        }
        if (module.initFunction() != 0 && module.exitFunction() == 0) {
            throw LoadError.of(name, "has an init function but no exit function: it cannot be unloaded").exception();
        }
        changeState(module, LoadedModule.State.GOING);
        if (module.exitFunction() != 0) lifecycle.callExit(module, module.exitFunction());
        discard(module);
    }

    /** Module names treat '-' as '_' (depends=usb-storage names the module usb_storage), as Linux does. */
    public static String canonicalName(String name) {
        return name.replace('-', '_');
    }

    private String moduleName(ModuleFile file) {
        KernelStruct struct = abi.struct("module");
        KernelStruct.Field nameField = struct.field("name");
        byte[] thisModule = file.contents(file.thisModule());
        int end = nameField.offset();
        while (end < nameField.offset() + nameField.size() && thisModule[end] != 0) end++;
        if (end == nameField.offset() || end == nameField.offset() + nameField.size()) {
            throw LoadError.of(file.fileName(), "module name in struct module is empty or not NUL-terminated")
                    .inSection(ModuleFile.THIS_MODULE_SECTION)
                    .atOffset(file.fileOffsetOf(file.thisModule(), nameField.offset())).exception();
        }
        return new String(thisModule, nameField.offset(), end - nameField.offset(), StandardCharsets.UTF_8);
    }

    private static ModInfo modInfo(ModuleFile file) {
        return file.section(ModuleFile.MODINFO_SECTION).map(s -> ModInfo.parse(file.contents(s))).orElse(ModInfo.empty());
    }

    /** Linux refuses a module built for another kernel ("version magic ... should be ..."); so do we, exactly. */
    private void checkVermagic(String name, ModInfo info) {
        String vermagic = info.vermagic()
                .orElseThrow(() -> LoadError.of(name, "no vermagic in .modinfo: not built for kernel %s", abi.release()).exception());
        if (!vermagic.equals(abi.vermagic())) {
            throw LoadError.of(name, "version magic '%s' should be '%s'", vermagic, abi.vermagic()).exception();
        }
    }

    private void checkDependencies(String name, ModInfo info) {
        for (String dependency : info.depends()) {
            if (registry.module(canonicalName(dependency)).isEmpty() && !hostSymbols.isBuiltin(canonicalName(dependency))) {
                throw LoadError.of(name, "depends on %s, which is not loaded", dependency).exception();
            }
        }
    }

    /**
     * Final addresses of every symbol (simplify_symbols): defined ones from their section's address, absolute ones
     * as they are, undefined ones from the host kernel or a loaded module (a missing weak one is 0, as in Linux).
     */
    private int[] simplifySymbols(String name, ModInfo info, ModuleImage image, Set<LoadedModule> uses) {
        ModuleFile file = image.file();
        int[] addresses = new int[file.symbols().size()];
        for (ModuleFile.Symbol symbol : file.symbols()) {
            if (symbol.index() == 0) continue;
            if (symbol.isAbsolute()) {
                addresses[symbol.index()] = symbol.value();
            } else if (!symbol.isUndefined()) {
                addresses[symbol.index()] = image.addressOf(symbol.sectionIndex()).orElse(0) + symbol.value();
            } else {
                // Modules first: a host table may answer every name with a stub, and no name is in both (see
                // checkDuplicateExports), so the order only matters for stubs.
                Optional<KernelSymbols.Export> export = registry.resolve(symbol.name()).or(() -> hostSymbols.resolve(symbol.name()));
                if (export.isEmpty()) {
                    if (symbol.binding() == Elf.STB_WEAK) continue;
                    throw LoadError.of(name, "unknown symbol %s", symbol.name()).entry(file.symbolTable().name(), symbol.index()).exception();
                }
                if (export.get().gplOnly() && !info.isGplCompatible()) {
                    throw LoadError.of(name, "GPL-only symbol %s used by a module with license '%s'", symbol.name(),
                            info.license().orElse("unspecified")).entry(file.symbolTable().name(), symbol.index()).exception();
                }
                String namespace = export.get().namespace();
                if (!namespace.isEmpty() && !info.all("import_ns").contains(namespace)) {
                    throw LoadError.of(name, "uses symbol %s from namespace %s, but does not import it", symbol.name(),
                            namespace).entry(file.symbolTable().name(), symbol.index()).exception();
                }
                registry.module(export.get().provider()).ifPresent(uses::add);
                addresses[symbol.index()] = export.get().address();
            }
        }
        return addresses;
    }

    private void checkDuplicateExports(String name, List<KernelSymbols.Export> exports) {
        for (KernelSymbols.Export export : exports) {
            String owner = registry.resolve(export.name()).map(KernelSymbols.Export::provider)
                    .orElse(hostSymbols.defines(export.name()) ? HostKernelExports.PROVIDER : null);
            if (owner != null) {
                throw LoadError.of(name, "exports duplicate symbol %s (owned by %s)", export.name(), owner).exception();
            }
        }
    }

    /** Copies the image into guest memory, protects each class of pages, and builds the module record. */
    private LoadedModule completeFormation(String name, ModInfo info, ModuleImage image, List<KernelSymbols.Export> exports,
                                           List<ModuleParameters.Parameter> parameters, List<JumpTable.Entry> jumpEntries,
                                           PatchSites.Found patchSites, List<Relocator.Applied> applied, Allocation allocation, Set<LoadedModule> uses) {
        ModuleLayout layout = image.layout();
        for (ModuleLayout.Part part : ModuleLayout.Part.values()) {
            byte[] bytes = image.part(part);
            if (bytes.length > 0) kernel.memory().writeHost(image.base(part), bytes, 0, bytes.length);
        }
        for (ModuleLayout.ClassRange range : layout.ranges()) {
            kernel.memory().protect(image.base(range.part()) + range.offset(), range.length(), range.sectionClass().protection());
        }
        ModuleFile file = image.file();
        int thisModule = image.addressOf(file.thisModule().index()).orElseThrow();
        KernelStruct module = abi.struct("module");
        Map<String, Integer> sections = new HashMap<>();
        for (ModuleFile.Section section : file.sections()) {
            image.addressOf(section.index()).ifPresent(address -> sections.put(section.name(), address));
        }
        int init = image.read32(thisModule + module.offset("init"));
        int exit = image.read32(thisModule + module.offset("exit"));
        for (int entry : new int[] {init, exit}) {
            if (entry != 0 && image.classAt(entry) != ModuleLayout.SectionClass.TEXT) {
                throw LoadError.of(name, "init/exit function 0x%08x is not in the module's code", entry)
                        .inSection(ModuleFile.THIS_MODULE_SECTION).exception();
            }
        }
        return new LoadedModule(name, info, image.base(ModuleLayout.Part.CORE), layout.size(ModuleLayout.Part.CORE),
                image.base(ModuleLayout.Part.INIT), layout.size(ModuleLayout.Part.INIT), thisModule, init, exit, sections,
                exports, parameters, jumpEntries, patchSites, applied, allocation.strings, uses);
    }

    /** Runs init; on failure the module goes away as if never loaded. On success init memory is freed (do_init_module). */
    private void doInit(LoadedModule module, ModuleLayout layout) {
        int result;
        try {
            result = module.initFunction() == 0 ? 0 : lifecycle.callInit(module, module.initFunction());
        } catch (RuntimeException e) {
            changeState(module, LoadedModule.State.GOING);
            discard(module);
            if (e instanceof ModuleLoadException) throw e;
            throw LoadError.of(module.name(), "init did not complete: %s", e.getMessage()).exception();
        }
        if (result != 0) {
            changeState(module, LoadedModule.State.GOING);
            discard(module);
            throw LoadError.of(module.name(), "init failed with error %d", result).exception();
        }
        changeState(module, LoadedModule.State.LIVE);
        for (ModuleLayout.ClassRange range : layout.ranges()) {
            if (range.part() == ModuleLayout.Part.CORE && range.sectionClass() == ModuleLayout.SectionClass.READ_ONLY_AFTER_INIT) {
                kernel.memory().protect(module.coreBase() + range.offset(), range.length(), Protection.READ);
            }
        }
        if (module.initSize() > 0) {
            kernel.owners().release(module.initBase());
            kernel.free(KernelRegion.MODULES, module.initBase());
            module.initFreed();
        }
    }

    /** Moves {@code module} to {@code state}, in the record and in the guest's struct module (module->state). */
    private void changeState(LoadedModule module, LoadedModule.State state) {
        module.setState(state);
        if (state.linuxName() == null) return;
        int value = (int) abi.constant(state.linuxName());
        byte[] bytes = {(byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)};
        kernel.memory().writeHost(module.thisModule() + abi.struct("module").offset("state"), bytes, 0, bytes.length);
    }

    /** Tells subsystems, forgets the module and returns its memory and address claims. */
    private void discard(LoadedModule module) {
        lifecycle.unloading(module);
        registry.remove(module);
        if (module.initSize() > 0) {
            kernel.owners().release(module.initBase());
            kernel.free(KernelRegion.MODULES, module.initBase());
            module.initFreed();
        }
        kernel.owners().release(module.coreBase());
        kernel.free(KernelRegion.MODULES, module.coreBase());
        for (int string : module.kernelAllocations()) kernel.free(KernelRegion.KERNEL_HEAP, string);
        module.setState(LoadedModule.State.GONE);
    }

    /** The memory a load has taken so far, returned in one call if the load fails. */
    private final class Allocation {
        private final String module;
        private final List<Integer> parts = new ArrayList<>();
        private final List<Integer> strings = new ArrayList<>();
        boolean committed;

        Allocation(String module) {
            this.module = module;
        }

        /** Maps a part (read-write until formation) and claims it for the module; 0 for an empty part. */
        int part(int size, String owner) {
            if (size == 0) return 0;
            int base;
            try {
                base = kernel.allocate(KernelRegion.MODULES, size, Protection.KERNEL_READ_WRITE);
            } catch (KernelAddressSpace.KernelMemoryExhausted e) {
                throw LoadError.of(module, "no room for %d bytes of module memory", size).exception();
            }
            parts.add(base);
            kernel.owners().claim(base, size, new AddressOwner(AddressOwner.Kind.MODULE_IMAGE, owner));
            return base;
        }

        int string(byte[] bytes) {
            int address;
            try {
                address = kernel.allocate(KernelRegion.KERNEL_HEAP, bytes.length, Protection.KERNEL_READ_WRITE);
            } catch (KernelAddressSpace.KernelMemoryExhausted e) {
                throw LoadError.of(module, "no room for a %d-byte parameter string", bytes.length).exception();
            }
            strings.add(address);
            kernel.memory().writeHost(address, bytes, 0, bytes.length);
            return address;
        }

        void release() {
            for (int base : parts) {
                kernel.owners().release(base);
                kernel.free(KernelRegion.MODULES, base);
            }
            for (int string : strings) kernel.free(KernelRegion.KERNEL_HEAP, string);
        }
    }
}
