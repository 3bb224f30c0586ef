package yuyue;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;

/** Simulation parameters, all from system properties ({@code -Dname=value}). */
final class Config {

    static final ZoneId PROVINCE = ZoneId.of("Asia/Shanghai");

    private Config() {
    }

    static String baseUrl() {
        String url = System.getProperty("baseUrl", "http://localhost:8080");
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    static String string(String name, String fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    static int integer(String name, int fallback) {
        return Integer.parseInt(string(name, Integer.toString(fallback)));
    }

    static double decimal(String name, double fallback) {
        return Double.parseDouble(string(name, Double.toString(fallback)));
    }

    static boolean flag(String name, boolean fallback) {
        return Boolean.parseBoolean(string(name, Boolean.toString(fallback)));
    }

    static int[] integers(String name) {
        String value = string(name, "");
        return value.isEmpty() ? new int[0]
                : Arrays.stream(value.split("[,\\s]+")).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
    }

    /**
     * A number that differs between runs against the same instance, so phones (one code per 60 s,
     * ten a day) and taxpayer ids of one run never collide with those of an earlier one.
     */
    static int run() {
        return integer("run", (int) ((System.currentTimeMillis() / 1000) % 1000));
    }

    static LocalDate today() {
        return LocalDate.now(PROVINCE);
    }
}
