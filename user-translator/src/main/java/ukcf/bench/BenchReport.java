package ukcf.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's table, every figure from the samples of this one run: medians of whole-process wall time per
 * runner; guest MIPS; PLR (ukcf time over native time) and the ratio to qemu-i386 per ukcf engine; IER and the
 * translator's counters; a geometric-mean row. A rate-measuring runner (the interpreter, stopped after its first N
 * guest instructions so the benchmark stays short) contributes MIPS measured inside its JVM, and its PLR and
 * qemu ratio are rate ratios, marked with '*'. A runner whose output or exit status differs from the reference
 * (native, else the first runner) is flagged, and {@link #outputsAgree} turns false.
 */
public final class BenchReport {
    private final List<String> header = new ArrayList<>();
    private final List<List<String>> rows = new ArrayList<>();
    private boolean outputsAgree = true;

    public BenchReport(Map<String, Map<String, List<Benchmark.Sample>>> samples, List<Runner> runners) {
        List<Runner> timed = runners.stream().filter(r -> !isRate(r)).toList();
        List<Runner> rated = runners.stream().filter(BenchReport::isRate).toList();
        List<Runner> engines = runners.stream().filter(r -> r instanceof Runner.Ukcf).toList();
        boolean haveNative = has(runners, "native"), haveQemu = has(runners, "qemu-i386");
        String reference = timed.get(0).name();

        header.add("workload");
        header.add("guest Minstr");
        for (Runner r : timed) header.add(r.name() + " s");
        for (Runner r : timed) header.add(r.name() + " MIPS");
        for (Runner r : rated) header.add(r.name() + " MIPS*");
        for (Runner e : engines) {
            String star = isRate(e) ? "*" : "";
            if (haveNative) header.add("PLR " + e.name() + star);
            if (haveQemu) header.add(e.name() + "/qemu" + star);
        }
        header.addAll(List.of("IER", "blocks", "regions", "translation %", "output"));

        Map<String, List<Double>> logs = new LinkedHashMap<>();
        for (var entry : samples.entrySet()) {
            Map<String, List<Benchmark.Sample>> byRunner = entry.getValue();
            Map<String, String> cells = new LinkedHashMap<>();
            cells.put("workload", entry.getKey());
            long instructions = fullRunInstructions(byRunner, engines);
            cells.put("guest Minstr", instructions > 0 ? fixed(instructions / 1e6, 1) : "-");
            Map<String, Double> mips = new LinkedHashMap<>();
            for (Runner r : timed) {
                double t = median(byRunner.get(r.name()));
                cells.put(r.name() + " s", fixed(t, 3));
                if (instructions > 0) mips.put(r.name(), instructions / 1e6 / t);
                cells.put(r.name() + " MIPS", instructions > 0 ? fixed(mips.get(r.name()), 1) : "-");
            }
            for (Runner r : rated) {
                double rate = medianRate(byRunner.get(r.name()));
                mips.put(r.name(), rate);
                cells.put(r.name() + " MIPS*", fixed(rate, 1));
            }
            for (Runner e : engines) {
                String star = isRate(e) ? "*" : "";
                if (haveNative) ratio(cells, logs, "PLR " + e.name() + star, e, "native", byRunner, mips);
                if (haveQemu) ratio(cells, logs, e.name() + "/qemu" + star, e, "qemu-i386", byRunner, mips);
            }
            RunStats translated = translatorStats(byRunner, timed);
            if (translated != null) {
                cells.put("IER", fixed((double) translated.get(RunStats.BYTECODES_EMITTED)
                        / translated.get(RunStats.GUEST_TRANSLATED), 1));
                cells.put("blocks", Long.toString(translated.get(RunStats.BLOCKS)));
                cells.put("regions", Long.toString(translated.get(RunStats.REGIONS)));
                cells.put("translation %", translated.get(RunStats.WALL_NANOS) > 0 ? fixed(100.0
                        * translated.get(RunStats.TRANSLATION_NANOS) / translated.get(RunStats.WALL_NANOS), 1) : "-");
            }
            String verdict = verdict(byRunner, reference, runners);
            if (!verdict.equals("same")) outputsAgree = false;
            cells.put("output", verdict);
            List<String> row = new ArrayList<>();
            for (String h : header) row.add(cells.getOrDefault(h, "-"));
            rows.add(row);
        }
        List<String> mean = new ArrayList<>();
        for (String h : header) {
            List<Double> l = logs.get(h);
            mean.add(h.equals("workload") ? "geometric mean" : l == null ? "" : fixed(Math.exp(average(l)), 2));
        }
        rows.add(mean);
    }

    public boolean outputsAgree() { return outputsAgree; }

    public String markdown() {
        StringBuilder s = new StringBuilder();
        s.append("| ").append(String.join(" | ", header)).append(" |\n");
        s.append("|").append(" --- |".repeat(header.size())).append('\n');
        for (List<String> row : rows) s.append("| ").append(String.join(" | ", row)).append(" |\n");
        return s.toString();
    }

    public String csv() {
        StringBuilder s = new StringBuilder(String.join(",", header)).append('\n');
        for (List<String> row : rows) s.append(String.join(",", row)).append('\n');
        return s.toString();
    }

    /** engine over base: a time ratio for a timed engine, the inverse rate ratio for a rate-measuring one. */
    private static void ratio(Map<String, String> cells, Map<String, List<Double>> logs, String column, Runner engine,
                              String base, Map<String, List<Benchmark.Sample>> byRunner, Map<String, Double> mips) {
        double value;
        if (isRate(engine)) {
            if (!mips.containsKey(base) || !mips.containsKey(engine.name())) return;
            value = mips.get(base) / mips.get(engine.name());
        } else {
            value = median(byRunner.get(engine.name())) / median(byRunner.get(base));
        }
        cells.put(column, fixed(value, 2));
        logs.computeIfAbsent(column, k -> new ArrayList<>()).add(Math.log(value));
    }

    private static boolean isRate(Runner r) { return r instanceof Runner.Ukcf u && u.measuresRate(); }

    private static boolean has(List<Runner> runners, String name) {
        return runners.stream().anyMatch(r -> r.name().equals(name));
    }

    /** Guest instructions of a whole run (every engine executes the same program); -1 when none was counted. */
    private static long fullRunInstructions(Map<String, List<Benchmark.Sample>> byRunner, List<Runner> engines) {
        for (Runner e : engines) {
            if (isRate(e)) continue;
            RunStats s = lastStats(byRunner.get(e.name()));
            if (s != null && s.has(RunStats.GUEST_INSTRUCTIONS)) return s.get(RunStats.GUEST_INSTRUCTIONS);
        }
        return -1;
    }

    private static RunStats translatorStats(Map<String, List<Benchmark.Sample>> byRunner, List<Runner> timed) {
        for (Runner r : timed) {
            RunStats s = lastStats(byRunner.get(r.name()));
            if (s != null && s.get(RunStats.GUEST_TRANSLATED) > 0) return s;
        }
        return null;
    }

    private static RunStats lastStats(List<Benchmark.Sample> samples) {
        if (samples == null) return null;
        for (int i = samples.size() - 1; i >= 0; i--) if (samples.get(i).stats() != null) return samples.get(i).stats();
        return null;
    }

    /** Whether every complete run printed what the reference printed and ended with its status. */
    private static String verdict(Map<String, List<Benchmark.Sample>> byRunner, String reference, List<Runner> runners) {
        Benchmark.Sample expected = byRunner.get(reference).get(0);
        List<String> differing = new ArrayList<>();
        for (Runner r : runners) {
            for (Benchmark.Sample s : byRunner.get(r.name())) {
                boolean sameStatus = s.exitStatus() == (isRate(r) ? 0 : expected.exitStatus());
                if (!sameStatus || !isRate(r) && !s.outputDigest().equals(expected.outputDigest())) {
                    differing.add(r.name());
                    break;
                }
            }
        }
        return differing.isEmpty() ? "same" : "DIFFERS: " + String.join(" ", differing);
    }

    static double median(List<Benchmark.Sample> samples) {
        return median(samples.stream().mapToDouble(Benchmark.Sample::seconds).toArray());
    }

    /** The median of guest MIPS measured inside the JVM by rate-measuring runs. */
    private static double medianRate(List<Benchmark.Sample> samples) {
        return median(samples.stream().filter(s -> s.stats() != null)
                .mapToDouble(s -> s.stats().get(RunStats.GUEST_INSTRUCTIONS) * 1e3
                        / Math.max(1, s.stats().get(RunStats.WALL_NANOS))).toArray());
    }

    private static double median(double[] values) {
        if (values.length == 0) return Double.NaN;
        double[] t = values.clone();
        java.util.Arrays.sort(t);
        int n = t.length;
        return n % 2 == 1 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
    }

    private static double average(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
