package ukcf.kernel.module;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import ukcf.kernel.abi.KernelAbi;

/**
 * Every module of Debian's 686 kernel through validation and layout: none may crash the parser, and each refusal
 * must be a named {@link ModuleLoadException}. The counts are printed (and the refusals by reason).
 */
class AllDebianModulesTest {
    @Test
    void everyModuleValidatesOrIsRefusedForANamedReason() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(TestKernel.MODULES), "Debian's 686 modules are not fetched: " + TestKernel.MODULES);
        KernelAbi abi = KernelAbi.debian686();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(TestKernel.MODULES)) {
            files = walk.filter(p -> p.toString().endsWith(".ko")).sorted().toList();
        }
        int accepted = 0;
        long relocations = 0, sections = 0;
        Map<String, Integer> refusals = new TreeMap<>();
        for (Path file : files) {
            try {
                ModuleFile module = ModuleFile.parse(file.getFileName().toString(), Files.readAllBytes(file), abi);
                ModuleLayout.of(module);
                accepted++;
                relocations += module.relocations().size();
                sections += module.sections().size();
            } catch (ModuleLoadException e) {
                refusals.merge(e.reason().replaceAll("0x[0-9a-f]+|\\d+", "N"), 1, Integer::sum);
            }
        }
        System.out.printf("Debian 686 modules: %d files, %d validated (%d sections, %d relocations), %d refused %s%n",
                files.size(), accepted, sections, relocations, files.size() - accepted, refusals);
        assertTrue(files.size() > 4000, "the whole kernel package: " + files.size());
        assertEquals(files.size(), accepted, "refused: " + refusals);
    }
}
