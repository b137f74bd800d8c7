package ukcf.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchReportTest {
    private static final Runner NATIVE = new Runner.Native(), QEMU = new Runner.Qemu(java.nio.file.Path.of("qemu-i386")),
            DBT = new Runner.Ukcf("dbt", "java", "cp", 0), INTERP = new Runner.Ukcf("interp", "java", "cp", 1000);

    private static Benchmark.Sample timed(double seconds, String digest, Map<String, Long> stats) {
        return new Benchmark.Sample(seconds, 0, digest, stats == null ? null : new RunStats(stats));
    }

    private static Map<String, List<Benchmark.Sample>> workload(double nativeSeconds, double qemuSeconds,
                                                               double dbtSeconds, long instructions, String dbtDigest) {
        Map<String, List<Benchmark.Sample>> m = new LinkedHashMap<>();
        m.put("native", List.of(timed(nativeSeconds, "d", null), timed(nativeSeconds * 3, "d", null), timed(nativeSeconds, "d", null)));
        m.put("qemu-i386", List.of(timed(qemuSeconds, "d", null)));
        m.put("ukcf-dbt", List.of(timed(dbtSeconds, dbtDigest, Map.of(RunStats.GUEST_INSTRUCTIONS, instructions,
                RunStats.GUEST_TRANSLATED, 100L, RunStats.BYTECODES_EMITTED, 1250L, RunStats.BLOCKS, 7L,
                RunStats.REGIONS, 2L, RunStats.TRANSLATION_NANOS, 50L, RunStats.WALL_NANOS, 1000L))));
        // 1000 instructions in 2 microseconds inside the JVM: 500 MIPS
        m.put("ukcf-interp", List.of(timed(9, "other", Map.of(RunStats.GUEST_INSTRUCTIONS, 1000L, RunStats.WALL_NANOS, 2000L))));
        return m;
    }

    @Test
    void mediansRatiosAndGeometricMean() {
        Map<String, Map<String, List<Benchmark.Sample>>> samples = new LinkedHashMap<>();
        samples.put("a", workload(1.0, 2.0, 1.0, 100_000_000, "d"));
        samples.put("b", workload(1.0, 2.0, 4.0, 100_000_000, "d"));
        BenchReport report = new BenchReport(samples, List.of(NATIVE, QEMU, DBT, INTERP));
        String csv = report.csv();
        String[] lines = csv.split("\n");
        List<String> header = List.of(lines[0].split(","));
        List<String> a = List.of(lines[1].split(",")), b = List.of(lines[2].split(",")), mean = List.of(lines[3].split(",", -1));
        assertEquals("100.0", a.get(header.indexOf("guest Minstr")));
        assertEquals("1.000", a.get(header.indexOf("native s")), "median of 1, 3, 1");
        assertEquals("100.0", a.get(header.indexOf("native MIPS")));
        assertEquals("500.0", a.get(header.indexOf("ukcf-interp MIPS*")));
        assertEquals("0.20", a.get(header.indexOf("PLR ukcf-interp*")), "100 MIPS native / 500 MIPS");
        assertEquals("0.50", a.get(header.indexOf("ukcf-dbt/qemu")));
        assertEquals("2.00", b.get(header.indexOf("ukcf-dbt/qemu")));
        assertEquals("1.00", mean.get(header.indexOf("ukcf-dbt/qemu")), "sqrt(0.5 * 2)");
        assertEquals("2.00", mean.get(header.indexOf("PLR ukcf-dbt")), "sqrt(1 * 4)");
        assertEquals("12.5", a.get(header.indexOf("IER")));
        assertEquals("5.0", a.get(header.indexOf("translation %")));
        assertEquals("same", a.get(header.indexOf("output")), "a rate run's truncated output is not compared");
        assertTrue(report.outputsAgree());
    }

    @Test
    void differentOutputIsFlagged() {
        Map<String, Map<String, List<Benchmark.Sample>>> samples = new LinkedHashMap<>();
        samples.put("a", workload(1.0, 2.0, 1.0, 100, "wrong"));
        BenchReport report = new BenchReport(samples, List.of(NATIVE, QEMU, DBT, INTERP));
        assertFalse(report.outputsAgree());
        assertTrue(report.markdown().contains("DIFFERS: ukcf-dbt"));
    }
}
