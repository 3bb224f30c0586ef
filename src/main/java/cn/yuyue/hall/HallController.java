package cn.yuyue.hall;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Pattern;

import cn.yuyue.platform.web.CommonProblems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public catalogue: halls and business types. Answers come from {@link HallCatalogue}'s
 * memory, so these handlers return plain values rather than publishers.
 *
 * <p>Every answer carries the catalogue's version as its ETag (the same on every instance, since
 * PostgreSQL numbers the versions) and may be cached for {@link #FRESH_FOR}: at a release every
 * agent's page asks for the same lists, and a browser or proxy that revalidates gets a 304 with no
 * body. An operator's edit bumps the version, so a cached answer is at most that old.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Catalogue", description = "Tax service halls (办税服务厅) and the business types that can be booked")
class HallController {

    private static final Pattern CITY_CODE = Pattern.compile("\\d{6}");
    private static final DateTimeFormatter HOURS = DateTimeFormatter.ofPattern("HH:mm");

    static final Duration FRESH_FOR = Duration.ofSeconds(30);

    private final HallCatalogue catalogue;

    HallController(HallCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    @GetMapping("/halls")
    @Operation(
            summary = "List halls",
            description = "Every hall of the province sorted by code, optionally of one city and matching a text.")
    ResponseEntity<List<HallSummary>> halls(
            @Parameter(description = "6-digit city code, e.g. 340100 for 合肥市") @RequestParam(required = false)
                    String city,
            @Parameter(description = "part of the hall's name, county, address or code") @RequestParam(required = false)
                    String q) {
        if (city != null && !CITY_CODE.matcher(city).matches()) {
            throw CommonProblems.validationFailed("city", "must be a 6-digit city code such as 340100");
        }
        return cacheable(catalogue.halls(city, q).stream().map(HallSummary::of).toList());
    }

    @GetMapping("/halls/{hallCode}")
    @Operation(
            summary = "One hall with its opening hours",
            description = "404 HALL_NOT_FOUND when no hall has this code.")
    ResponseEntity<HallDetails> hall(@PathVariable String hallCode) {
        return cacheable(
                catalogue.hall(hallCode).map(HallDetails::of).orElseThrow(() -> HallProblems.hallNotFound(hallCode)));
    }

    @GetMapping("/business-types")
    @Operation(
            summary = "The business types that can be booked",
            description = "In the operator's order; oneWindow=false means the hall transfers the ticket internally.")
    ResponseEntity<List<BusinessType>> businessTypes() {
        return cacheable(catalogue.businessTypes());
    }

    /** Spring answers 304 itself when the request's If-None-Match names this ETag. */
    private <T> ResponseEntity<T> cacheable(T body) {
        return ResponseEntity.ok()
                .eTag("W/\"catalogue-" + catalogue.version() + "\"")
                .cacheControl(CacheControl.maxAge(FRESH_FOR).cachePublic())
                .body(body);
    }

    /** A hall in a list. */
    record HallSummary(
            String code,
            String name,
            String cityCode,
            String city,
            String county,
            String address,
            String phone,
            int dedicatedWindows) {

        static HallSummary of(Hall hall) {
            return new HallSummary(
                    hall.code(),
                    hall.name(),
                    hall.cityCode(),
                    hall.city(),
                    hall.county(),
                    hall.address(),
                    hall.phone(),
                    hall.schedule().dedicatedWindows());
        }
    }

    /** A hall with its sessions; times as {@code HH:mm}, as API.md writes them. */
    record HallDetails(
            String code,
            String name,
            String cityCode,
            String city,
            String county,
            String address,
            String phone,
            int dedicatedWindows,
            List<Session> sessions,
            int slotMinutes,
            int slotCapacity) {

        static HallDetails of(Hall hall) {
            Hall.Schedule schedule = hall.schedule();
            return new HallDetails(
                    hall.code(),
                    hall.name(),
                    hall.cityCode(),
                    hall.city(),
                    hall.county(),
                    hall.address(),
                    hall.phone(),
                    schedule.dedicatedWindows(),
                    List.of(
                            Session.of(schedule.morningStart(), schedule.morningEnd()),
                            Session.of(schedule.afternoonStart(), schedule.afternoonEnd())),
                    schedule.slotMinutes(),
                    schedule.slotCapacity());
        }
    }

    record Session(String start, String end) {

        static Session of(LocalTime start, LocalTime end) {
            return new Session(HOURS.format(start), HOURS.format(end));
        }
    }
}
