package ukcf.kernel.module;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;

import ukcf.cpu.memory.AddressSpace;
import ukcf.kernel.abi.KernelAbi;
import ukcf.kernel.memory.KernelAddressSpace;
import ukcf.monitor.AddressOwnershipMap;

/**
 * A kernel half with host exports for exactly the imports listed in {@code crypto-imports.tsv} (plus the
 * {@code param_ops_*} types), a registry and a loader whose lifecycle runs no guest code: the test double of the
 * kernel API that later work replaces with Java implementations.
 */
final class TestKernel {
    static final Path MODULES = Path.of(System.getProperty("user.dir")).getParent()
            .resolve(".cache/debian/kernel/lib/modules/6.1.0-50-686/kernel");

    final KernelAbi abi = KernelAbi.debian686();
    final AddressSpace memory = new AddressSpace();
    final AddressOwnershipMap owners = new AddressOwnershipMap();
    final KernelAddressSpace kernel = new KernelAddressSpace(memory, owners);
    final HostKernelExports host = new HostKernelExports(kernel);
    final ModuleRegistry registry = new ModuleRegistry();
    final ModuleLoader loader;

    TestKernel(ModuleLifecycle lifecycle) {
        for (String[] row : importRows()) {
            if (!row[2].equals("vmlinux") || host.resolve(row[1]).isPresent()) continue;
            boolean gpl = row[3].equals("EXPORT_SYMBOL_GPL");
            if (row[4].equals("data")) host.exportData(row[1], 4, gpl);
            else host.exportFunction(row[1], gpl);
        }
        for (ParameterType type : ParameterType.values()) host.exportData(type.opsSymbol(), 16, false);
        loader = new ModuleLoader(abi, kernel, host, registry, lifecycle);
    }

    TestKernel() {
        this(ModuleLifecycle.NO_CODE);
    }

    /** Rows of crypto-imports.tsv: module, symbol, provider, export kind, function/data. */
    static List<String[]> importRows() {
        try (InputStream in = TestKernel.class.getResourceAsStream("crypto-imports.tsv")) {
            List<String[]> rows = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) rows.add(line.split("\t"));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes of a Debian module, e.g. {@code crypto/md4}; skips the test if the package was not fetched. */
    static byte[] module(String path) {
        Path file = MODULES.resolve(path + ".ko");
        Assumptions.assumeTrue(Files.isRegularFile(file),
                "Debian's 686 kernel modules are not fetched (test-drivers/fetch-debian.sh kernel): " + file);
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    LoadedModule load(String path, String arguments) {
        return loader.load(Path.of(path).getFileName() + ".ko", module(path), arguments).module();
    }
}
