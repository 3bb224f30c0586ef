package cn.yuyue.hall;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * One multi-row {@code INSERT ... ON CONFLICT DO NOTHING} for seed rows.
 *
 * <p>One statement per table rather than one per row: 334 round trips would slow every start-up,
 * and {@code DO NOTHING} keeps rows that are already there, so an operator's edits survive and
 * instances starting together cannot duplicate or fail on each other's rows.
 */
final class SeedInsert {

    /** PostgreSQL's wire protocol counts bind parameters in 16 bits. */
    private static final int MAX_PARAMETERS = 65_535;

    private final String table;
    private final List<String> columns;
    private final List<List<Object>> rows = new ArrayList<>();

    SeedInsert(String table, List<String> columns) {
        this.table = table;
        this.columns = List.copyOf(columns);
    }

    SeedInsert row(Object... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException(table + ": expected " + columns.size() + " values");
        }
        rows.add(List.of(values));
        return this;
    }

    /** Emits how many rows were new. */
    Mono<Long> execute(DatabaseClient database) {
        if (rows.isEmpty()) {
            return Mono.just(0L);
        }
        if (rows.size() * columns.size() > MAX_PARAMETERS) {
            return Mono.error(new IllegalStateException(table + ": too many seed rows for one statement"));
        }
        return database.sql(sql())
                .bindValues(rows.stream().flatMap(List::stream).toList())
                .fetch()
                .rowsUpdated();
    }

    private String sql() {
        StringJoiner values = new StringJoiner(", ");
        int parameter = 1;
        for (int row = 0; row < rows.size(); row++) {
            StringJoiner placeholders = new StringJoiner(", ", "(", ")");
            for (int column = 0; column < columns.size(); column++) {
                placeholders.add("$" + parameter++);
            }
            values.add(placeholders.toString());
        }
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES " + values
                + " ON CONFLICT DO NOTHING";
    }
}
