package com.parley.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Latencies Gatling cannot see (a frame on one person's socket caused by another person's request), collected
 * in memory and summarised at the end of a run, with the run's checks, into target/load-results/NAME.md.
 */
final class Latencies {

    private final Map<String, List<Long>> samples = new LinkedHashMap<>();
    private final Map<String, Object> figures = new LinkedHashMap<>();

    synchronized void record(String what, long millis) {
        samples.computeIfAbsent(what, k -> new ArrayList<>()).add(millis);
    }

    synchronized void figure(String what, Object value) {
        figures.put(what, value);
    }

    synchronized String summary(String title) {
        StringBuilder out = new StringBuilder("# " + title + " — " + LocalDateTime.now().withNano(0) + "\n\n"
                + "| latency (ms) | n | p50 | p95 | p99 | max |\n|---|---|---|---|---|---|\n");
        samples.forEach((what, values) -> {
            List<Long> sorted = new ArrayList<>(values);
            Collections.sort(sorted);
            out.append("| ").append(what).append(" | ").append(sorted.size()).append(" | ")
                    .append(pct(sorted, 50)).append(" | ").append(pct(sorted, 95)).append(" | ")
                    .append(pct(sorted, 99)).append(" | ").append(sorted.isEmpty() ? "-" : sorted.get(sorted.size() - 1))
                    .append(" |\n");
        });
        out.append("\n| figure | value |\n|---|---|\n");
        figures.forEach((what, value) -> out.append("| ").append(what).append(" | ").append(value).append(" |\n"));
        return out.toString();
    }

    private static String pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return "-";
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return String.valueOf(sorted.get(Math.max(0, Math.min(index, sorted.size() - 1))));
    }

    /** Prints the summary and writes it next to Gatling's report. */
    void report(String name, String title) {
        String text = summary(title);
        System.out.println("\n" + text);
        try {
            Path dir = Path.of("target", "load-results");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name + ".md"), text);
        } catch (IOException e) {
            System.err.println("Could not write the summary: " + e);
        }
    }
}
