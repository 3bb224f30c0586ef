package cn.yuyue.admin.report;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cn.yuyue.hall.Hall;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.hall.SlotPlan;
import cn.yuyue.platform.Timeouts;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * A day's figures per hall, rolled up by city and for the province, from the durable record
 * (PostgreSQL follows Kafka within seconds). Utilisation is places taken (booked, checked in,
 * no-shows, proposals) over the day's planned capacity.
 */
@Service
public class DailyReports {

    private final DatabaseClient database;
    private final HallCatalogue catalogue;
    private final Duration timeout;

    DailyReports(DatabaseClient database, HallCatalogue catalogue, Timeouts timeouts) {
        this.database = database;
        this.catalogue = catalogue;
        this.timeout = timeouts.report();
    }

    public enum Level {
        HALL,
        CITY,
        PROVINCE
    }

    /** One line of a report; {@code code} is a hall code, a city code or {@code 340000}. */
    public record Row(
            String level,
            String code,
            String name,
            LocalDate date,
            long booked,
            long online,
            long mobile,
            long phone,
            long walkIn,
            long checkedIn,
            long noShows,
            long cancelled,
            long withdrawnByHall,
            long placesTaken,
            long capacity,
            double utilisation) {

        Row plus(Row other, String level, String code, String name) {
            long taken = placesTaken + other.placesTaken;
            long places = capacity + other.capacity;
            return new Row(
                    level,
                    code,
                    name,
                    date,
                    booked + other.booked,
                    online + other.online,
                    mobile + other.mobile,
                    phone + other.phone,
                    walkIn + other.walkIn,
                    checkedIn + other.checkedIn,
                    noShows + other.noShows,
                    cancelled + other.cancelled,
                    withdrawnByHall + other.withdrawnByHall,
                    taken,
                    places,
                    ratio(taken, places));
        }
    }

    /** @param hallCode one hall, or null for every hall */
    public Mono<List<Row>> of(LocalDate date, Level level, String hallCode) {
        return database.sql("""
                        SELECT hall_code, count(*) AS booked,
                          count(*) FILTER (WHERE channel = 'ONLINE') AS online,
                          count(*) FILTER (WHERE channel = 'MOBILE') AS mobile,
                          count(*) FILTER (WHERE channel = 'PHONE') AS phone,
                          count(*) FILTER (WHERE channel = 'WALK_IN') AS walk_in,
                          count(*) FILTER (WHERE status IN ('CHECKED_IN', 'COMPLETED')) AS checked_in,
                          count(*) FILTER (WHERE status = 'NO_SHOW') AS no_shows,
                          count(*) FILTER (WHERE status = 'CANCELLED') AS cancelled,
                          count(*) FILTER (WHERE status = 'WITHDRAWN_BY_HALL') AS withdrawn,
                          count(*) FILTER (WHERE status IN ('BOOKED', 'CHECKED_IN', 'NO_SHOW', 'RESCHEDULE_PROPOSED',
                                                            'COMPLETED')) AS taken
                        FROM bookings WHERE day = :day AND (CAST(:hall AS text) IS NULL OR hall_code = :hall)
                        GROUP BY hall_code""")
                .bind("day", date)
                .bind("hall", Parameter.fromOrEmpty(hallCode, String.class))
                .map(row -> Map.entry(row.get("hall_code", String.class), new long[] {
                    num(row.get("booked")),
                    num(row.get("online")),
                    num(row.get("mobile")),
                    num(row.get("phone")),
                    num(row.get("walk_in")),
                    num(row.get("checked_in")),
                    num(row.get("no_shows")),
                    num(row.get("cancelled")),
                    num(row.get("withdrawn")),
                    num(row.get("taken"))
                }))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .timeout(timeout)
                .map(counts -> rollUp(date, level, hallCode, counts));
    }

    private List<Row> rollUp(LocalDate date, Level level, String hallCode, Map<String, long[]> counts) {
        List<Hall> halls = hallCode == null
                ? catalogue.halls(null, null)
                : catalogue.hall(hallCode).map(List::of).orElse(List.of());
        List<Row> perHall = new ArrayList<>();
        for (Hall hall : halls) {
            long[] c = counts.getOrDefault(hall.code(), new long[10]);
            long capacity = catalogue.plan(hall.code(), date).slots().stream()
                    .mapToLong(SlotPlan::capacity)
                    .sum();
            perHall.add(new Row(
                    "HALL",
                    hall.code(),
                    hall.name(),
                    date,
                    c[0],
                    c[1],
                    c[2],
                    c[3],
                    c[4],
                    c[5],
                    c[6],
                    c[7],
                    c[8],
                    c[9],
                    capacity,
                    ratio(c[9], capacity)));
        }
        if (level == Level.HALL) {
            return perHall;
        }
        Map<String, Row> rolled = new LinkedHashMap<>();
        for (int i = 0; i < halls.size(); i++) {
            Hall hall = halls.get(i);
            String code = level == Level.CITY ? hall.cityCode() : "340000";
            String name = level == Level.CITY ? hall.city() : "安徽省";
            Row row = perHall.get(i);
            rolled.merge(
                    code,
                    new Row(
                            level.name(),
                            code,
                            name,
                            date,
                            row.booked(),
                            row.online(),
                            row.mobile(),
                            row.phone(),
                            row.walkIn(),
                            row.checkedIn(),
                            row.noShows(),
                            row.cancelled(),
                            row.withdrawnByHall(),
                            row.placesTaken(),
                            row.capacity(),
                            row.utilisation()),
                    (left, right) -> left.plus(right, level.name(), code, name));
        }
        return List.copyOf(rolled.values());
    }

    static String csv(List<Row> rows) {
        StringBuilder csv = new StringBuilder("level,code,name,date,booked,online,mobile,phone,walk_in,checked_in,"
                + "no_shows,cancelled,withdrawn_by_hall,places_taken,capacity,utilisation\r\n");
        for (Row row : rows) {
            csv.append(row.level())
                    .append(',')
                    .append(row.code())
                    .append(',')
                    .append(quoted(row.name()))
                    .append(',')
                    .append(row.date())
                    .append(',')
                    .append(row.booked())
                    .append(',')
                    .append(row.online())
                    .append(',')
                    .append(row.mobile())
                    .append(',')
                    .append(row.phone())
                    .append(',')
                    .append(row.walkIn())
                    .append(',')
                    .append(row.checkedIn())
                    .append(',')
                    .append(row.noShows())
                    .append(',')
                    .append(row.cancelled())
                    .append(',')
                    .append(row.withdrawnByHall())
                    .append(',')
                    .append(row.placesTaken())
                    .append(',')
                    .append(row.capacity())
                    .append(',')
                    .append(row.utilisation())
                    .append("\r\n");
        }
        return csv.toString();
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }

    private static long num(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    static double ratio(long taken, long capacity) {
        return capacity == 0 ? 0 : Math.round(taken * 1000.0 / capacity) / 1000.0;
    }
}
