package ukcf.testdrivers.drivers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import ukcf.testdrivers.HostCommand;

/**
 * Builds our test drivers with test-drivers/build-drivers.sh (kbuild against Debian's 686 headers) and checks the
 * result by reading the ELF files in Java: i386 relocatable objects whose .modinfo carries the fields listed in
 * modinfo.tsv, and whose undefined symbols are exactly the rows of drivers/imports.tsv, so that file, which tells
 * the kernel bridge what to implement, cannot go stale.
 */
class TestDriverBuildTest {
    static final Path DRIVERS = HostCommand.ROOT.resolve("test-drivers/drivers");
    static final Path BUILT = HostCommand.ROOT.resolve("test-drivers/target/drivers");
    static final Path DEBIAN_MODULES = HostCommand.ROOT.resolve(".cache/debian/kernel/lib/modules/6.1.0-50-686/kernel");
    static final String DEBIAN_PREFIX = "debian/";

    @BeforeAll
    static void buildDrivers() throws IOException, InterruptedException {
        HostCommand build = HostCommand.run(HostCommand.ROOT, 300, List.of(HostCommand.ROOT.resolve("test-drivers/build-drivers.sh").toString()));
        Assumptions.assumeTrue(build.status() != 2, build.errors().strip() + " (scripts/install-test-deps.sh installs it)");
        assertEquals(0, build.status(), "build-drivers.sh: " + build.errors());
    }

    static List<String> driverNames() throws IOException {
        try (Stream<Path> entries = Files.list(DRIVERS)) {
            return entries.filter(p -> Files.isRegularFile(p.resolve("Kbuild"))).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static ModuleElf module(String name) throws IOException {
        return new ModuleElf(Files.readAllBytes(BUILT.resolve(name + ".ko")));
    }

    @TestFactory
    Stream<DynamicTest> eachDriverIsAnI386RelocatableModule() throws IOException {
        return driverNames().stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            ModuleElf elf = module(name);
            assertEquals(ModuleElf.ELFCLASS32, elf.elfClass, "ELF class");
            assertEquals(ModuleElf.ELFDATA2LSB, elf.byteOrder, "byte order");
            assertEquals(ModuleElf.ET_REL, elf.type, "ELF type");
            assertEquals(ModuleElf.EM_386, elf.machine, "machine");
            elf.section(".gnu.linkonce.this_module");
            elf.section("__versions");
        }));
    }

    @TestFactory
    Stream<DynamicTest> modinfoCarriesTheListedFields() throws IOException {
        List<String[]> rows = rows("/ukcf/testdrivers/drivers/modinfo.tsv");
        return rows.stream().map(row -> DynamicTest.dynamicTest(String.join(" ", row), () -> {
            List<String> fields = module(row[0]).modinfo().stream().map(String::strip).toList();
            assertTrue(fields.contains(row[1] + "=" + row[2].strip()), row[0] + " .modinfo " + fields);
        }));
    }

    @Test
    void modinfoListCoversEveryDriver() throws IOException {
        var listed = new TreeSet<String>();
        rows("/ukcf/testdrivers/drivers/modinfo.tsv").forEach(row -> listed.add(row[0]));
        assertEquals(new TreeSet<>(driverNames()), listed);
    }

    @Test
    void importListMatchesTheBuiltDrivers() throws IOException {
        Map<String, TreeSet<String>> listed = importsByModule();
        Map<String, TreeSet<String>> ours = new TreeMap<>();
        for (String name : driverNames()) {
            ours.put(name, module(name).undefinedSymbols());
        }
        listed.keySet().removeIf(module -> module.startsWith(DEBIAN_PREFIX));
        assertEquals(ours, listed, "drivers/imports.tsv is stale: run test-drivers/list-imports.sh");
    }

    @Test
    void importListMatchesDebiansModules() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(DEBIAN_MODULES), "no Debian 686 modules (test-drivers/fetch-debian.sh kernel)");
        Map<String, TreeSet<String>> listed = importsByModule();
        listed.keySet().removeIf(module -> !module.startsWith(DEBIAN_PREFIX));
        assertEquals(8, listed.size(), "the seven crypto modules and libdes");
        for (var entry : listed.entrySet()) {
            Path ko = DEBIAN_MODULES.resolve(entry.getKey().substring(DEBIAN_PREFIX.length()) + ".ko");
            assertEquals(new ModuleElf(Files.readAllBytes(ko)).undefinedSymbols(), entry.getValue(), entry.getKey());
        }
    }

    @Test
    void onlyUkcfUnimplCallsTheUnimplementedExport() throws IOException {
        List<String> callers = new ArrayList<>();
        importsByModule().forEach((module, symbols) -> {
            if (symbols.contains("rtc_time64_to_tm")) {
                callers.add(module);
            }
        });
        assertEquals(List.of("ukcf_unimpl"), callers);
    }

    private static Map<String, TreeSet<String>> importsByModule() throws IOException {
        Map<String, TreeSet<String>> byModule = new TreeMap<>();
        List<String> lines = Files.readAllLines(DRIVERS.resolve("imports.tsv"));
        for (String line : lines.subList(2, lines.size())) {
            String[] row = line.split("\t");
            byModule.computeIfAbsent(row[0], m -> new TreeSet<>()).add(row[1]);
        }
        return byModule;
    }

    private static List<String[]> rows(String resource) throws IOException {
        try (var in = TestDriverBuildTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).map(l -> l.split("\t", 3)).toList();
        }
    }
}
