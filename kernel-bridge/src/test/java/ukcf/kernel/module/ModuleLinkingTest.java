package ukcf.kernel.module;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import ukcf.cpu.memory.AddressSpace;
import ukcf.kernel.abi.KernelAbi;
import ukcf.kernel.memory.KernelAddressSpace;
import ukcf.monitor.AddressOwnershipMap;

/**
 * Module-to-module links on real modules: ums-cypress uses usb-storage's exports in the USB_STORAGE namespace
 * (and names it with a dash in depends=). usbcore and the SCSI and USB common modules count as built in; other imports resolve to fresh
 * host addresses.
 */
class ModuleLinkingTest {
    private final KernelAddressSpace kernel = new KernelAddressSpace(new AddressSpace(), new AddressOwnershipMap());
    private final HostKernelExports host = new HostKernelExports(kernel);
    private final ModuleRegistry registry = new ModuleRegistry();
    private final ModuleLoader loader = new ModuleLoader(KernelAbi.debian686(), kernel, new KernelSymbols() {
        @Override public Optional<Export> resolve(String name) {
            return Optional.of(host.resolve(name).orElseGet(() -> host.exportFunction(name, false)));
        }
        @Override public boolean defines(String name) { return false; }
        @Override public boolean isBuiltin(String module) { return Set.of("usbcore", "scsi_mod", "scsi_common", "usb_common").contains(module); }
    }, registry, ModuleLifecycle.NO_CODE);

    private LoadedModule load(String path, byte[] bytes) {
        return loader.load(path.substring(path.lastIndexOf('/') + 1) + ".ko", bytes, null).module();
    }

    @Test
    void namespacedExportsLinkWhenImportedAndDashedDependencyNamesMatch() {
        ModuleLoadException early = assertThrows(ModuleLoadException.class,
                () -> load("ums-cypress", TestKernel.module("drivers/usb/storage/ums-cypress")));
        assertEquals("ums_cypress: depends on usb-storage, which is not loaded", early.getMessage());

        LoadedModule storage = load("usb-storage", TestKernel.module("drivers/usb/storage/usb-storage"));
        assertEquals("usb_storage", storage.name());
        KernelSymbols.Export disconnect = registry.resolve("usb_stor_disconnect").orElseThrow();
        assertEquals("USB_STORAGE", disconnect.namespace());
        assertEquals(KernelSymbols.Export.Kind.FUNCTION, disconnect.kind());

        LoadedModule cypress = load("ums-cypress", TestKernel.module("drivers/usb/storage/ums-cypress"));
        assertEquals(Set.of(storage), cypress.uses());
        assertEquals(Set.of(cypress), storage.users());
        loader.unload("ums-cypress");
        assertTrue(storage.users().isEmpty());
    }

    @Test
    void namespacedExportWithoutImportIsRefused() {
        load("usb-storage", TestKernel.module("drivers/usb/storage/usb-storage"));
        byte[] bytes = MalformedModulesTest.mutate(TestKernel.module("drivers/usb/storage/ums-cypress"),
                "replace[.modinfo]=import_ns=USB_STORAGE/import_ns=USB_STORAGX");
        ModuleLoadException e = assertThrows(ModuleLoadException.class, () -> load("ums-cypress", bytes));
        assertTrue(e.getMessage().matches("ums_cypress: uses symbol \\w+ from namespace USB_STORAGE, but does not import it \\(.symtab entry \\d+\\)"),
                e.getMessage());
        assertEquals(1, registry.modules().size());
    }
}
