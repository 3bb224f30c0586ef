package cn.yuyue.hall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import java.time.LocalDate;
import java.time.LocalTime;

import cn.yuyue.IntegrationTestSupport;
import cn.yuyue.booking.BookingFixtures;
import cn.yuyue.slot.HallDay;
import cn.yuyue.slot.redis.RedisSlotInventory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class HallCatalogueIntegrationTest extends IntegrationTestSupport {

    private static final LocalDate MONDAY = LocalDate.of(2026, 12, 7);
    private static final LocalDate SATURDAY = LocalDate.of(2026, 12, 5);
    private static final LocalDate SAMPLE_HOLIDAY_THURSDAY = LocalDate.of(2026, 12, 31);
    private static final LocalDate SAMPLE_WORKDAY_SATURDAY = LocalDate.of(2026, 12, 26);

    @Autowired
    HallCatalogue catalogue;

    @Autowired
    CatalogueLoader loader;

    @Autowired
    DatabaseClient database;

    @Autowired
    CatalogueWatch watch;

    @Autowired
    RedisSlotInventory inventory;

    @Test
    void should_list_all_334_halls_sorted_by_code() {
        web.get()
                .uri("/api/v1/halls")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.length()")
                .isEqualTo(334)
                .jsonPath("$[0].code")
                .isEqualTo("34010101")
                .jsonPath("$[0].name")
                .isEqualTo("合肥市瑶海区第一办税服务厅")
                .jsonPath("$[0].cityCode")
                .isEqualTo("340100")
                .jsonPath("$[0].city")
                .isEqualTo("合肥市")
                .jsonPath("$[0].county")
                .isEqualTo("瑶海区")
                .jsonPath("$[0].address")
                .value(address -> assertThat((String) address).startsWith("安徽省合肥市瑶海区"))
                .jsonPath("$[0].phone")
                .value(phone -> assertThat((String) phone).startsWith("0551-"))
                .jsonPath("$[0].dedicatedWindows")
                .isNumber()
                .jsonPath("$[333].code")
                .value(code -> assertThat((String) code).startsWith("3418"));
    }

    @Test
    void should_let_clients_cache_the_catalogue_and_revalidate_it_without_a_body() {
        String etag = web.get()
                .uri("/api/v1/business-types")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .cacheControl(org.springframework.http.CacheControl.maxAge(java.time.Duration.ofSeconds(30))
                        .cachePublic())
                .returnResult(String.class)
                .getResponseHeaders()
                .getETag();
        assertThat(etag).isEqualTo("W/\"catalogue-" + catalogue.version() + "\"");

        web.get()
                .uri("/api/v1/business-types")
                .header("If-None-Match", etag)
                .exchange()
                .expectStatus()
                .isNotModified()
                .expectBody()
                .isEmpty();
        web.get()
                .uri("/api/v1/halls?city=340100")
                .header("If-None-Match", etag)
                .exchange()
                .expectStatus()
                .isNotModified();
        web.get()
                .uri("/api/v1/halls/34010101")
                .header("If-None-Match", "W/\"catalogue-0\"")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("ETag", etag);
    }

    @Test
    void should_filter_halls_by_city() {
        long hefeiHalls = count("SELECT count(*) FROM halls WHERE city_code = '340100'");

        web.get()
                .uri("/api/v1/halls?city=340100")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.length()")
                .isEqualTo((int) hefeiHalls)
                .jsonPath("$[*].cityCode")
                .value(everyItem(is("340100")));
        assertThat(hefeiHalls).isGreaterThan(12);
    }

    @Test
    void should_answer_an_unknown_city_with_no_halls() {
        web.get()
                .uri("/api/v1/halls?city=110100")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.length()")
                .isEqualTo(0);
    }

    @Test
    void should_reject_a_malformed_city_code() {
        web.get()
                .uri("/api/v1/halls?city=3401")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.errors[0].field")
                .isEqualTo("city");
    }

    @Test
    void should_search_halls_by_text() {
        web.get()
                .uri(uri -> uri.path("/api/v1/halls").queryParam("q", "庐江县").build())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.length()")
                .value(length -> assertThat((Integer) length).isPositive())
                .jsonPath("$[*].county")
                .value(everyItem(is("庐江县")));

        web.get()
                .uri("/api/v1/halls?q=34020101")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[*].code")
                .value(hasItem("34020101"));

        web.get()
                .uri(uri -> uri.path("/api/v1/halls")
                        .queryParam("city", "340200")
                        .queryParam("q", "瑶海")
                        .build())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$")
                .value(hasSize(0));
    }

    @Test
    void should_show_one_hall_with_its_sessions() {
        web.get()
                .uri("/api/v1/halls/34010101")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("34010101")
                .jsonPath("$.name")
                .isEqualTo("合肥市瑶海区第一办税服务厅")
                .jsonPath("$.sessions.length()")
                .isEqualTo(2)
                .jsonPath("$.sessions[0].start")
                .value(start -> assertThat((String) start).matches("\\d{2}:\\d{2}"))
                .jsonPath("$.sessions[1].end")
                .value(end -> assertThat((String) end).matches("\\d{2}:\\d{2}"))
                .jsonPath("$.slotMinutes")
                .isEqualTo(30)
                .jsonPath("$.dedicatedWindows")
                .isNumber();
    }

    @Test
    void should_answer_hall_not_found_as_problem_json() {
        web.get()
                .uri("/api/v1/halls/00000000")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo(HallProblems.HALL_NOT_FOUND)
                .jsonPath("$.status")
                .isEqualTo(404);
    }

    @Test
    void should_list_the_12_business_types_in_order() {
        web.get()
                .uri("/api/v1/business-types")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.length()")
                .isEqualTo(12)
                .jsonPath("$[0].code")
                .isEqualTo("TAX_REGISTRATION")
                .jsonPath("$[0].name")
                .isEqualTo("税务登记及变更")
                .jsonPath("$[0].oneWindow")
                .isEqualTo(true)
                .jsonPath("$[11].code")
                .isEqualTo("TAX_CONSULTATION")
                .jsonPath("$[?(@.code == 'DEREGISTRATION')].oneWindow")
                .value(hasItem(false));
        assertThat(catalogue.businessType("LAND_VAT_SETTLEMENT"))
                .hasValueSatisfying(type -> assertThat(type.oneWindow()).isFalse());
    }

    @Test
    void should_plan_a_weekday_with_slots_at_full_capacity() {
        Hall hall = catalogue.hall("34010101").orElseThrow();

        HallDayPlan plan = catalogue.plan(hall.code(), MONDAY);

        assertThat(plan.open()).isTrue();
        assertThat(plan.slots()).isNotEmpty().allSatisfy(slot -> {
            assertThat(slot.capacity()).isEqualTo(hall.schedule().slotCapacity());
            assertThat(slot.end()).isEqualTo(slot.start().plusMinutes(30));
        });
        assertThat(plan.slots().get(0).start()).isEqualTo(hall.schedule().morningStart());
    }

    @Test
    void should_plan_weekends_and_sample_holidays_closed_and_sample_workdays_open() {
        assertThat(catalogue.plan("34010101", SATURDAY).open()).isFalse();
        assertThat(catalogue.plan("34010101", SAMPLE_HOLIDAY_THURSDAY).open()).isFalse();
        assertThat(catalogue.plan("34010101", SAMPLE_HOLIDAY_THURSDAY).slots()).isEmpty();
        assertThat(catalogue.plan("34010101", SAMPLE_WORKDAY_SATURDAY).open()).isTrue();
    }

    @Test
    void should_leave_out_a_closed_slot_and_close_a_closed_day_after_a_refresh() {
        LocalDate day = LocalDate.of(2027, 3, 2);
        LocalTime firstSlot = catalogue.plan("34010102", day).slots().get(0).start();
        try {
            run(database.sql("INSERT INTO hall_closures (hall_code, day, slot_start, reason) VALUES "
                            + "('34010102', '2027-03-02', $1, '设备检修'), ('34010103', '2027-03-02', NULL, '停电')")
                    .bind(0, firstSlot)
                    .then()
                    .then(catalogue.refresh()));

            assertThat(catalogue.plan("34010102", day).open()).isTrue();
            assertThat(catalogue.plan("34010102", day).slots())
                    .extracting(SlotPlan::start)
                    .doesNotContain(firstSlot);
            assertThat(catalogue.plan("34010103", day).open()).isFalse();
        } finally {
            run(database.sql("DELETE FROM hall_closures WHERE day = '2027-03-02'")
                    .then()
                    .then(catalogue.refresh()));
        }
        assertThat(catalogue.plan("34010103", day).open()).isTrue();
    }

    @Test
    void should_load_idempotently_and_keep_operator_edits() {
        String original = catalogue.hall("34010101").orElseThrow().phone();
        try {
            run(database.sql("UPDATE halls SET phone = '0551-60000000' WHERE code = '34010101'")
                    .then());

            run(loader.load().then(loader.load()).then(catalogue.refresh()));

            assertThat(count("SELECT count(*) FROM halls")).isEqualTo(334);
            assertThat(count("SELECT count(*) FROM hall_schedules")).isEqualTo(334);
            assertThat(count("SELECT count(*) FROM business_types")).isEqualTo(12);
            assertThat(catalogue.hall("34010101").orElseThrow().phone()).isEqualTo("0551-60000000");
        } finally {
            run(database.sql("UPDATE halls SET phone = $1 WHERE code = '34010101'")
                    .bind(0, original)
                    .then()
                    .then(catalogue.refresh()));
        }
    }

    @Test
    void should_pick_up_an_edit_made_elsewhere_without_being_told() {
        LocalDate day = LocalDate.of(2027, 3, 3);
        long before = catalogue.version();
        try {
            // As another instance or the operator's SQL would: nobody calls refresh() here.
            run(database.sql(
                            "INSERT INTO hall_closures (hall_code, day, reason) VALUES ('34010104', '2027-03-03', '停电')")
                    .then());

            await().atMost(patience())
                    .until(() -> !catalogue.plan("34010104", day).open());
            assertThat(catalogue.version()).isGreaterThan(before);
        } finally {
            run(database.sql("DELETE FROM hall_closures WHERE day = '2027-03-03'")
                    .then());
        }
        await().atMost(patience()).until(() -> catalogue.plan("34010104", day).open());
    }

    @Test
    void should_answer_the_committed_plan_right_after_an_edit_made_elsewhere() {
        LocalDate day = LocalDate.of(2027, 3, 4);
        try {
            run(database.sql(
                            "INSERT INTO hall_closures (hall_code, day, reason) VALUES ('34010105', '2027-03-04', '停电')")
                    .then());

            StepVerifier.create(catalogue.committedPlan("34010105", day))
                    .assertNext(plan -> assertThat(plan.open()).isFalse())
                    .expectComplete()
                    .verify(patience());
        } finally {
            run(database.sql("DELETE FROM hall_closures WHERE day = '2027-03-04'")
                    .then());
        }
        StepVerifier.create(catalogue.committedPlan("34010105", day))
                .assertNext(plan -> assertThat(plan.open()).isTrue())
                .expectComplete()
                .verify(patience());
    }

    @Test
    void should_build_an_inventory_from_an_edit_this_instance_has_not_seen_yet() {
        String hall = catalogue.halls(null, null).get(97).code();
        HallDay hallDay = new HallDay(hall, BookingFixtures.nextOpenDay(catalogue, hall));
        // Stopped, this instance's copy stays behind, as it does for up to a poll interval.
        watch.stop();
        try {
            run(database.sql("INSERT INTO hall_closures (hall_code, day, reason) VALUES (:hall, :day, '停电')")
                    .bind("hall", hall)
                    .bind("day", hallDay.date())
                    .then());
            assertThat(catalogue.plan(hall, hallDay.date()).open())
                    .as("the copy has not seen the closure")
                    .isTrue();

            run(inventory.forget(hallDay).then(inventory.build(hallDay)));

            assertThat(inventory.isBuilt(hallDay).block(patience())).isTrue();
            assertThat(inventory.remaining(hallDay).block(patience()))
                    .as("places on the closed day")
                    .isEmpty();
        } finally {
            run(database.sql("DELETE FROM hall_closures WHERE hall_code = :hall AND day = :day")
                    .bind("hall", hall)
                    .bind("day", hallDay.date())
                    .then()
                    .then(inventory.forget(hallDay))
                    .then()
                    .then(inventory.build(hallDay)));
            watch.start();
        }
        assertThat(inventory.remaining(hallDay).block(patience())).isNotEmpty();
    }

    @Test
    void should_keep_the_version_when_the_seed_adds_nothing() {
        long before = count("SELECT version FROM catalogue_version");

        run(loader.load());

        assertThat(count("SELECT version FROM catalogue_version")).isEqualTo(before);
    }

    @Test
    void should_ship_sample_calendar_entries_marked_as_samples() {
        assertThat(count("SELECT count(*) FROM calendar_days WHERE NOT sample")).isZero();
        assertThat(count("SELECT count(*) FROM calendar_days WHERE sample")).isPositive();
    }

    private long count(String sql) {
        return database.sql(sql).map(row -> row.get(0, Long.class)).one().block(patience());
    }

    private static void run(Mono<Void> work) {
        StepVerifier.create(work).expectComplete().verify(patience());
    }
}
