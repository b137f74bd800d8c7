package ukcf.kernel.module;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A module in guest kernel memory: where its parts and sections are, its entry points (from its
 * {@code struct module} in {@code .gnu.linkonce.this_module}, after relocation), exports, parameters, static-branch
 * sites, and its links to other modules. {@link #users()} are the modules that use its exports (they pin it);
 * {@link #referenceCount()} counts {@code try_module_get} holds by the running kernel (open files...).
 */
public final class LoadedModule {
    /**
     * Linux's module_state, in lifecycle order; {@code linuxName} is the enum constant whose value the loader keeps
     * in the guest's {@code struct module} (none for GONE: the struct is freed).
     */
    public enum State {
        COMING("MODULE_STATE_COMING"), LIVE("MODULE_STATE_LIVE"), GOING("MODULE_STATE_GOING"), GONE(null);

        private final String linuxName;

        State(String linuxName) { this.linuxName = linuxName; }

        public String linuxName() { return linuxName; }
    }

    private final String name;
    private final ModInfo modInfo;
    private final int coreBase;
    private final int coreSize;
    private volatile int initBase;
    private volatile int initSize;
    private final int thisModule;
    private final int initFunction;
    private final int exitFunction;
    private final Map<String, Integer> sectionAddresses;
    private final List<KernelSymbols.Export> exports;
    private final List<ModuleParameters.Parameter> parameters;
    private final List<JumpTable.Entry> jumpEntries;
    private final PatchSites.Found patchSites;
    private final List<Relocator.Applied> relocations;
    private final List<Integer> kernelAllocations;
    private final Set<LoadedModule> uses;
    private final Set<LoadedModule> users = new LinkedHashSet<>();
    private volatile State state = State.COMING;
    private int referenceCount;
    private volatile String taints = "";

    LoadedModule(String name, ModInfo modInfo, int coreBase, int coreSize, int initBase, int initSize, int thisModule,
                 int initFunction, int exitFunction, Map<String, Integer> sectionAddresses,
                 List<KernelSymbols.Export> exports, List<ModuleParameters.Parameter> parameters,
                 List<JumpTable.Entry> jumpEntries, PatchSites.Found patchSites, List<Relocator.Applied> relocations,
                 List<Integer> kernelAllocations, Set<LoadedModule> uses) {
        this.name = name;
        this.modInfo = modInfo;
        this.coreBase = coreBase;
        this.coreSize = coreSize;
        this.initBase = initBase;
        this.initSize = initSize;
        this.thisModule = thisModule;
        this.initFunction = initFunction;
        this.exitFunction = exitFunction;
        this.sectionAddresses = Map.copyOf(sectionAddresses);
        this.exports = List.copyOf(exports);
        this.parameters = List.copyOf(parameters);
        this.jumpEntries = List.copyOf(jumpEntries);
        this.patchSites = patchSites;
        this.relocations = List.copyOf(relocations);
        this.kernelAllocations = List.copyOf(kernelAllocations);
        this.uses = Set.copyOf(uses);
    }

    public String name() { return name; }

    public ModInfo modInfo() { return modInfo; }

    public State state() { return state; }

    void setState(State state) { this.state = state; }

    public int coreBase() { return coreBase; }

    public int coreSize() { return coreSize; }

    /** The init part's base, 0 once init memory was freed (or if the module has no init sections). */
    public int initBase() { return initBase; }

    public int initSize() { return initSize; }

    void initFreed() {
        initBase = 0;
        initSize = 0;
    }

    /** The guest address of the module's {@code struct module} (THIS_MODULE). */
    public int thisModule() { return thisModule; }

    /** {@code module->init} (the module_init function), 0 if none. */
    public int initFunction() { return initFunction; }

    /** {@code module->exit} (the module_exit function), 0 if none. */
    public int exitFunction() { return exitFunction; }

    /** The guest address of a loaded section, as at load (an init section's address is stale after init). */
    public OptionalInt sectionAddress(String section) {
        Integer address = sectionAddresses.get(section);
        return address == null ? OptionalInt.empty() : OptionalInt.of(address);
    }

    public List<KernelSymbols.Export> exports() { return exports; }

    public List<ModuleParameters.Parameter> parameters() { return parameters; }

    public List<JumpTable.Entry> jumpEntries() { return jumpEntries; }

    public List<Relocator.Applied> relocations() { return relocations; }

    /** Paravirt and alternative sites, left as compiled. */
    public PatchSites.Found patchSites() { return patchSites; }

    /** Kernel-heap allocations made for the module at load (charp parameter strings), freed at unload. */
    List<Integer> kernelAllocations() { return kernelAllocations; }

    /** The modules whose exports this one uses. */
    public Set<LoadedModule> uses() { return uses; }

    /** The loaded modules that use this one's exports. */
    public synchronized Set<LoadedModule> users() { return Set.copyOf(users); }

    synchronized void addUser(LoadedModule user) { users.add(user); }

    synchronized void removeUser(LoadedModule user) { users.remove(user); }

    /** try_module_get: pins a live module; false if it is not live. */
    public synchronized boolean get() {
        if (state != State.LIVE && state != State.COMING) return false;
        referenceCount++;
        return true;
    }

    /** module_put. */
    public synchronized void put() {
        if (referenceCount == 0) throw new IllegalStateException("module " + name + " put more often than got");
        referenceCount--;
    }

    public synchronized int referenceCount() { return referenceCount; }

    /** Its taint letters as /proc/modules shows them ("OE": out of tree, unsigned), empty for none. */
    public String taints() { return taints; }

    void setTaints(String letters) { taints = letters; }

    /** Whether {@code address} lies in the module's core or (still present) init part. */
    public boolean contains(int address) {
        return within(address, coreBase, coreSize) || (initSize > 0 && within(address, initBase, initSize));
    }

    private static boolean within(int address, int base, int size) {
        long offset = Integer.toUnsignedLong(address) - Integer.toUnsignedLong(base);
        return offset >= 0 && offset < size;
    }

    @Override
    public String toString() { return name + " (" + state.name().toLowerCase() + ")"; }
}
