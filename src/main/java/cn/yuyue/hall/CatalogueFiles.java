package cn.yuyue.hall;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the catalogue's seed files from the classpath: the province's divisions and the business
 * types. They are plain CSV without quoting (no value contains a comma), so no CSV library.
 *
 * <p>Reading a resource is blocking I/O: callers run it at start-up or on boundedElastic.
 */
final class CatalogueFiles {

    static final String DIVISIONS = "catalogue/anhui-divisions.csv";
    static final String BUSINESS_TYPES = "catalogue/business-types.csv";

    private CatalogueFiles() {}

    static List<Division> divisions() {
        return rows(DIVISIONS, 4).stream()
                .map(row -> new Division(row[0], row[1], row[2], Division.Kind.ofLabel(row[3])))
                .toList();
    }

    /** A seed business type with its position in the list the API returns. */
    record BusinessTypeRow(BusinessType type, int sortOrder) {}

    static List<BusinessTypeRow> businessTypes() {
        return rows(BUSINESS_TYPES, 4).stream()
                .map(row -> new BusinessTypeRow(
                        new BusinessType(row[0], row[1], Boolean.parseBoolean(row[2])), Integer.parseInt(row[3])))
                .toList();
    }

    private static List<String[]> rows(String resource, int columns) {
        InputStream in = CatalogueFiles.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("Missing catalogue resource " + resource);
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<String[]> rows = new ArrayList<>();
            reader.readLine(); // header
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                String[] row = line.strip().split(",", -1);
                if (row.length != columns) {
                    throw new IllegalStateException(resource + ": expected " + columns + " columns in: " + line);
                }
                rows.add(row);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + resource, e);
        }
    }
}
