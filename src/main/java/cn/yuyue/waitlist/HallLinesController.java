package cn.yuyue.waitlist;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.stream.IntStream;

import cn.yuyue.admin.security.Staff;
import cn.yuyue.booking.model.TaxpayerId;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.hall.HallProblems;
import cn.yuyue.notification.MaskedPhone;
import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.platform.web.CommonProblems;
import cn.yuyue.slot.HallDay;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The staff side of the waitlist: who waits for which slot of their hall's day, in line order. */
@RestController
@Tag(name = "Admin: waitlist", description = "The lines of a hall's full slots, for its staff")
@SecurityRequirement(name = "staff")
class HallLinesController {

    private final ReadingHallLines reading;
    private final HallCatalogue catalogue;
    private final Clock clock;

    HallLinesController(ReadingHallLines reading, HallCatalogue catalogue, Clock clock) {
        this.reading = reading;
        this.catalogue = catalogue;
        this.clock = clock;
    }

    record HallLinesView(String hallCode, LocalDate date, List<SlotLineView> slots) {}

    record SlotLineView(String start, List<WaitingView> waiting) {}

    /**
     * An entry in one slot's line. Taxpayer id and phone are masked as in every staff list: the desk
     * tells people apart by name and the ends of the numbers, and needs no more to answer a call.
     *
     * @param position its place in this slot's line, from 1
     * @param starts   every slot the entry waits for (it stands in each of their lines)
     */
    record WaitingView(
            int position,
            String entryId,
            String taxpayerName,
            String taxpayerId,
            String phone,
            OffsetDateTime joinedAt,
            List<String> starts) {

        static WaitingView of(int position, WaitlistEntry entry) {
            return new WaitingView(
                    position,
                    entry.id(),
                    entry.taxpayerName(),
                    TaxpayerId.masked(entry.taxpayerId()),
                    MaskedPhone.of(entry.phone()),
                    entry.joinedAt().atZone(ProvinceTime.ZONE).toOffsetDateTime(),
                    entry.starts().stream().map(LocalTime::toString).toList());
        }
    }

    @GetMapping("/api/v1/admin/halls/{hallCode}/waitlist")
    @Operation(
            summary = "The waitlist lines of a hall on a day (default today), per slot in line order",
            description = "Slots with someone waiting, in time order; each line holds the WAITING entries that want "
                    + "the slot, in joining order (an entry wanting several slots stands in each line). Taxpayer id "
                    + "and phone masked. 400 VALIDATION_FAILED for a malformed date, 403 FORBIDDEN for another "
                    + "hall's staff, 404 HALL_NOT_FOUND.")
    Mono<HallLinesView> lines(
            @AuthenticationPrincipal Staff staff,
            @PathVariable String hallCode,
            @RequestParam(required = false) String date) {
        return staff.forHall(hallCode)
                .flatMap(allowed -> catalogue.hall(hallCode).isPresent()
                        ? Mono.fromCallable(() -> day(date))
                        : Mono.error(HallProblems.hallNotFound(hallCode)))
                .flatMap(day -> reading.lines(new HallDay(hallCode, day))
                        .map(lines -> new HallLinesView(
                                hallCode,
                                day,
                                lines.stream().map(HallLinesController::view).toList())));
    }

    private LocalDate day(String date) {
        if (date == null) {
            return LocalDate.now(clock.withZone(ProvinceTime.ZONE));
        }
        try {
            return LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw CommonProblems.validationFailed("date", "must be a date like 2026-12-01");
        }
    }

    private static SlotLineView view(ReadingHallLines.SlotLine line) {
        return new SlotLineView(
                line.start().toString(),
                IntStream.range(0, line.waiting().size())
                        .mapToObj(index ->
                                WaitingView.of(index + 1, line.waiting().get(index)))
                        .toList());
    }
}
