package yuyue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Answers counted by status per offered load, beside Gatling's own report: the benchmark needs
 * decisions per second, percentiles of admitted requests and the places sold, as numbers it can
 * put in a CSV and a chart.
 */
final class Stats {

    /** One load level (or one named part of a run). */
    static final class Bucket {
        final String name;
        final double offered;
        private final AtomicLongArray byStatus = new AtomicLongArray(600);
        private int[] all = new int[1 << 14];
        private int allCount;
        private int[] admitted = new int[1 << 14];
        private int admittedCount;
        private long firstStart = Long.MAX_VALUE;
        private long lastEnd;
        private long lastCreated;

        Bucket(String name, double offered) {
            this.name = name;
            this.offered = offered;
        }

        /** status 0: no answer (timeout, connection refused). */
        synchronized void record(int status, int millis, long endEpochMillis) {
            byStatus.incrementAndGet(status < 0 || status >= 600 ? 0 : status);
            if (allCount == all.length) {
                all = Arrays.copyOf(all, all.length * 2);
            }
            all[allCount++] = millis;
            if (status != 503 && status != 429 && status != 0) {
                if (admittedCount == admitted.length) {
                    admitted = Arrays.copyOf(admitted, admitted.length * 2);
                }
                admitted[admittedCount++] = millis;
            }
            firstStart = Math.min(firstStart, endEpochMillis - millis);
            lastEnd = Math.max(lastEnd, endEpochMillis);
            if (status == 201) {
                lastCreated = Math.max(lastCreated, endEpochMillis);
            }
        }

        long count(int status) {
            return byStatus.get(status);
        }

        synchronized long total() {
            return allCount;
        }

        /** 201 and the business refusals (409 SLOT_FULL/DUPLICATE_BOOKING, 422): the claim was decided. */
        long decisions() {
            return count(200) + count(201) + count(409) + count(422);
        }

        /** No answer, or a 5xx other than 503 TRY_LATER. */
        long errors() {
            long errors = count(0);
            for (int status = 500; status < 600; status++) {
                errors += status == 503 ? 0 : count(status);
            }
            return errors;
        }

        /** 4xx other than the expected refusals: the load test sent something wrong. */
        long unexpected() {
            long wrong = 0;
            for (int status = 400; status < 500; status++) {
                wrong += status == 409 || status == 422 || status == 429 ? 0 : count(status);
            }
            return wrong;
        }

        synchronized double seconds() {
            return allCount == 0 ? 0 : Math.max(1, lastEnd - firstStart) / 1000.0;
        }

        synchronized long lastEnd() {
            return lastEnd;
        }

        synchronized long lastCreated() {
            return lastCreated;
        }

        synchronized int percentile(double p, boolean admittedOnly) {
            int n = admittedOnly ? admittedCount : allCount;
            if (n == 0) {
                return 0;
            }
            int[] sorted = Arrays.copyOf(admittedOnly ? admitted : all, n);
            Arrays.sort(sorted);
            return sorted[Math.min(n - 1, (int) Math.ceil(p / 100.0 * n) - 1)];
        }
    }

    static final String CSV_HEADER = "mode,offered_rps,seconds,requests,decisions,decisions_per_s,answers_per_s,"
            + "p50_ms,p95_ms,p99_ms,p99_admitted_ms,created,conflict_409,unprocessable_422,try_later_503,"
            + "rate_limited_429,errors,unexpected_4xx";

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    /** Per second of answer time: answers, 503s, and the slowest answer, to tell queueing from spikes. */
    private final Map<Long, long[]> timeline = new ConcurrentHashMap<>();

    void second(int status, int millis, long endEpochMillis) {
        long[] row = timeline.computeIfAbsent(endEpochMillis / 1000, s -> new long[4]);
        synchronized (row) {
            row[0]++;
            row[1] += status == 503 ? 1 : 0;
            row[2] = Math.max(row[2], millis);
            row[3] += millis;
        }
    }

    /** Writes {@code -Dtimeline=file.csv}: second, answers, 503s, mean ms, max ms. */
    void writeTimeline() {
        String out = Config.string("timeline", "");
        if (out.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder("second,answers,try_later_503,mean_ms,max_ms\n");
        new TreeMap<>(timeline).forEach((second, row) -> text.append(second).append(',').append(row[0]).append(',')
                .append(row[1]).append(',').append(row[3] / Math.max(1, row[0])).append(',').append(row[2]).append('\n'));
        try {
            Files.writeString(Path.of(out), text);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write " + out, e);
        }
    }

    Bucket bucket(String name, double offered) {
        return buckets.computeIfAbsent(name, n -> new Bucket(n, offered));
    }

    Map<String, Bucket> sorted() {
        Map<String, Bucket> sorted = new TreeMap<>((a, b) -> {
            int byLoad = Double.compare(buckets.get(a).offered, buckets.get(b).offered);
            return byLoad != 0 ? byLoad : a.compareTo(b);
        });
        sorted.putAll(buckets);
        return sorted;
    }

    long total(java.util.function.ToLongFunction<Bucket> measure) {
        return buckets.values().stream().mapToLong(measure).sum();
    }

    String csvLine(String mode, Bucket b) {
        return String.format(Locale.ROOT, "%s,%.0f,%.1f,%d,%d,%.0f,%.0f,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d",
                mode, b.offered, b.seconds(), b.total(), b.decisions(), b.decisions() / Math.max(b.seconds(), 0.001),
                b.total() / Math.max(b.seconds(), 0.001), b.percentile(50, false), b.percentile(95, false),
                b.percentile(99, false), b.percentile(99, true), b.count(201), b.count(409), b.count(422),
                b.count(503), b.count(429), b.errors(), b.unexpected());
    }

    void print(String mode) {
        System.out.println();
        System.out.println(CSV_HEADER);
        sorted().values().forEach(b -> System.out.println(csvLine(mode, b)));
    }

    /** Appends one line per bucket to {@code -Dout=file.csv} (header written once). */
    void append(String mode) {
        String out = Config.string("out", "");
        if (out.isEmpty()) {
            return;
        }
        try {
            Path path = Path.of(out);
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            StringBuilder lines = new StringBuilder();
            if (!Files.exists(path) || Files.size(path) == 0) {
                lines.append(CSV_HEADER).append('\n');
            }
            sorted().values().forEach(b -> lines.append(csvLine(mode, b)).append('\n'));
            Files.writeString(path, lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write " + out, e);
        }
    }

    static void writeSummary(Map<String, Object> values) {
        String out = Config.string("summary", "");
        if (out.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder();
        values.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        try {
            Path path = Path.of(out);
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            Files.writeString(path, text);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write " + out, e);
        }
    }
}
