package cn.yuyue.drills;

import static cn.yuyue.booking.BookingFixtures.freshPhone;
import static cn.yuyue.booking.BookingFixtures.nextOpenDay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import cn.yuyue.YuyueApplication;
import cn.yuyue.drills.DrillLoad.Answer;
import cn.yuyue.drills.DrillLoad.Report;
import cn.yuyue.hall.Hall;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.hall.SlotPlan;
import cn.yuyue.platform.local.EmbeddedServices;
import cn.yuyue.slot.HallDay;
import cn.yuyue.slot.redis.RedisSlotInventory;
import cn.yuyue.verification.TestPhoneTokens;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.util.retry.Retry;

/**
 * What every drill shares: an application instance on a private set of real servers, verified
 * agents, a hall-day prepared with small slots, and the count at the end (requests, 201s,
 * refusals, rows in PostgreSQL, oversold, lost), written to the log and to target/drills.txt.
 */
final class DrillBench implements AutoCloseable {

    static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final Path REPORTS = Path.of("target", "drills.txt");
    private static final AtomicLong TAXPAYERS = new AtomicLong(50_000_000L);

    private final EmbeddedServices servers;
    private final List<String> extraArguments;
    private final ConfigurableApplicationContext instance;
    private final WebClient client;
    private final DatabaseClient database;
    private final HallCatalogue catalogue;
    private final List<String> agents;

    DrillBench(EmbeddedServices servers, String... extraArguments) {
        this(servers, new Class<?>[0], extraArguments);
    }

    /** With extra configuration in the instance (fault injection). */
    DrillBench(EmbeddedServices servers, Class<?>[] extraSources, String... extraArguments) {
        this.servers = servers;
        this.extraArguments = List.of(extraArguments);
        this.instance = new SpringApplicationBuilder(YuyueApplication.class)
                .sources(extraSources)
                .profiles("test")
                .run(arguments(0));
        this.client =
                DrillLoad.client(Integer.parseInt(instance.getEnvironment().getProperty("local.server.port")));
        this.database = instance.getBean(DatabaseClient.class);
        this.catalogue = instance.getBean(HallCatalogue.class);
        this.agents = IntStream.range(0, 40)
                .mapToObj(i -> TestPhoneTokens.tokenFor(instance, freshPhone()))
                .toList();
    }

    /** The drill settings for an instance on these servers (see {@link DrillInstance#arguments}). */
    String[] arguments(int port) {
        return DrillInstance.arguments(servers, port, extraArguments).toArray(String[]::new);
    }

    EmbeddedServices servers() {
        return servers;
    }

    ConfigurableApplicationContext instance() {
        return instance;
    }

    WebClient client() {
        return client;
    }

    HallCatalogue catalogue() {
        return catalogue;
    }

    String agent(int i) {
        return agents.get(i % agents.size());
    }

    static String nextTaxpayer() {
        return cn.yuyue.booking.BookingFixtures.creditCode(TAXPAYERS.incrementAndGet());
    }

    /** One hall's next open day, with two places per window, its inventory built ahead of traffic. */
    Scenario scenario(int hallIndex) {
        Hall hall = catalogue.halls(null, null).get(hallIndex);
        LocalDate day = nextOpenDay(catalogue, hall.code());
        database.sql("UPDATE hall_schedules SET dedicated_windows = 2, places_per_window = 2 WHERE hall_code = :hall")
                .bind("hall", hall.code())
                .fetch()
                .rowsUpdated()
                .block(PATIENCE);
        catalogue.refresh().block(PATIENCE);
        // Inventories are prepared ahead of the traffic, as InventoryPreparation does in service.
        RedisSlotInventory inventory = instance.getBean(RedisSlotInventory.class);
        HallDay hallDay = new HallDay(hall.code(), day);
        List<SlotPlan> slots = catalogue.plan(hall.code(), day).slots();
        // A background rebuild of this hall-day (after a drill emptied Redis) may have read the
        // schedule just before the change above and write the old capacity after the forget:
        // rebuild until the inventory shows the new schedule, as an operator would after a change.
        Map<LocalTime, Integer> planned = slots.stream().collect(Collectors.toMap(SlotPlan::start, SlotPlan::capacity));
        await().atMost(PATIENCE)
                .ignoreExceptions()
                .until(() -> planned.equals(inventory
                        .forget(hallDay)
                        .then(inventory.build(hallDay))
                        .then(inventory.remaining(hallDay))
                        .block(PATIENCE)));
        return new Scenario(
                hall.code(),
                day,
                slots.stream().map(slot -> slot.start().toString()).toList(),
                slots.get(0).capacity());
    }

    /** Waits until every 201 is in PostgreSQL (or the patience runs out), then reports. */
    Report settle(String name, Scenario scenario, List<Answer> answers) {
        return settle(name, scenario, answers, PATIENCE);
    }

    Report settle(String name, Scenario scenario, List<Answer> answers, Duration patience) {
        return settle(database, name, scenario.hallCode(), scenario.day(), answers, scenario.capacity(), patience);
    }

    /**
     * Waits until every 201 is in PostgreSQL (or the patience runs out), then counts the hall-day
     * and reports, to the log and to target/drills.txt.
     */
    static Report settle(
            DatabaseClient database,
            String name,
            String hallCode,
            LocalDate day,
            List<Answer> answers,
            int capacityPerSlot,
            Duration patience) {
        Set<String> created =
                answers.stream().filter(Answer::created).map(Answer::bookingId).collect(Collectors.toSet());
        try {
            await().atMost(patience)
                    .ignoreExceptions()
                    .until(() -> persistedIds(database, hallCode, day).containsAll(created));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // Reported below as lost.
        }
        Report report = Report.of(
                name,
                answers,
                persistedIds(database, hallCode, day),
                rowsPerSlot(database, hallCode, day),
                capacityPerSlot);
        System.out.println("DRILL " + report.line());
        try {
            Files.createDirectories(REPORTS.getParent());
            Files.writeString(
                    REPORTS,
                    report.line() + System.lineSeparator(),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return report;
    }

    /**
     * Nothing oversold, no 201 missing. PostgreSQL may hold more rows than 201s: a claim whose
     * acknowledgement was lost while its event was written stands (the agent heard 503 and finds it
     * with the same Idempotency-Key); it still took a real place, so it counts against capacity.
     */
    static void assertSafe(Report report) {
        assertThat(report.oversold()).as("oversold").isZero();
        assertThat(report.lost()).as("lost").isZero();
        assertThat(report.rows()).as("rows in PostgreSQL").isGreaterThanOrEqualTo(report.created());
    }

    /** Every booking of the hall-day in PostgreSQL has its own appointment number. */
    void assertAppointmentNumbersUnique(Scenario scenario) {
        Long duplicates = database.sql("SELECT count(*) - count(DISTINCT appointment_seq) AS n FROM bookings "
                        + "WHERE hall_code = :hall AND day = :day")
                .bind("hall", scenario.hallCode())
                .bind("day", scenario.day())
                .map(row -> row.get("n", Long.class))
                .one()
                .block(PATIENCE);
        assertThat(duplicates).as("appointment numbers given twice").isZero();
    }

    /** The PostgreSQL writer has caught up with everything Kafka holds. */
    void awaitWriterCaughtUp() {
        MeterRegistry meters = instance.getBean(MeterRegistry.class);
        await().atMost(PATIENCE)
                .until(() -> meters.get("yuyue.booking.persistence.lag").gauge().value() == 0);
    }

    /** Places left per slot in the live inventory. */
    Map<LocalTime, Integer> remaining(Scenario scenario) {
        return instance.getBean(RedisSlotInventory.class)
                .remaining(new HallDay(scenario.hallCode(), scenario.day()))
                .block(PATIENCE);
    }

    Set<String> persistedIds(Scenario scenario) {
        return persistedIds(database, scenario.hallCode(), scenario.day());
    }

    Map<String, Long> rowsPerSlot(Scenario scenario) {
        return rowsPerSlot(database, scenario.hallCode(), scenario.day());
    }

    static Set<String> persistedIds(DatabaseClient database, String hallCode, LocalDate day) {
        return new HashSet<>(database.sql("SELECT id FROM bookings WHERE hall_code = :hall AND day = :day")
                .bind("hall", hallCode)
                .bind("day", day)
                .map(row -> row.get("id", String.class))
                .all()
                .collectList()
                .retryWhen(Retry.backoff(10, Duration.ofMillis(200)))
                .block(PATIENCE));
    }

    /** Bookings holding a place (BOOKED) per slot start. */
    static Map<String, Long> rowsPerSlot(DatabaseClient database, String hallCode, LocalDate day) {
        return database.sql("SELECT slot_start::text AS slot, count(*) AS n FROM bookings "
                        + "WHERE hall_code = :hall AND day = :day AND status = 'BOOKED' GROUP BY slot_start")
                .bind("hall", hallCode)
                .bind("day", day)
                .map(row -> Map.entry(row.get("slot", String.class), row.get("n", Long.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .retryWhen(Retry.backoff(10, Duration.ofMillis(200)))
                .block(PATIENCE);
    }

    /**
     * Closes the instance within a bound, then its servers. A Lettuce event loop whose connection
     * died mid-write in a drill can spin on its writer lock for ever (lettuce#3880), and closing the
     * context then waits for that loop without end: bounded, one stuck loop cannot hang the suite.
     * The loop's threads are daemons and end with the test JVM.
     */
    @Override
    public void close() {
        Thread closing = new Thread(instance::close, "drill-instance-close");
        closing.setDaemon(true);
        closing.start();
        try {
            closing.join(CLOSE_PATIENCE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closing.isAlive()) {
            org.slf4j.LoggerFactory.getLogger(DrillBench.class)
                    .warn(
                            "The drill instance did not close within {}; going on without it (lettuce#3880)",
                            CLOSE_PATIENCE);
        }
        servers.stop();
    }

    private static final Duration CLOSE_PATIENCE = Duration.ofSeconds(60);

    record Scenario(String hallCode, LocalDate day, List<String> starts, int capacity) {}
}
