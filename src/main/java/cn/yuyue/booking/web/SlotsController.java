package cn.yuyue.booking.web;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import cn.yuyue.booking.application.CheckingAvailability;
import cn.yuyue.hall.HallProblems;
import cn.yuyue.platform.web.CommonProblems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Slots of a hall on a day, with the places left in each according to the live inventory. */
@RestController
@Tag(name = "Catalogue")
class SlotsController {

    private final CheckingAvailability availability;

    SlotsController(CheckingAvailability availability) {
        this.availability = availability;
    }

    @GetMapping("/api/v1/halls/{hallCode}/slots")
    @Operation(
            summary = "Slots of a hall on a day",
            description =
                    "capacity, remaining and bookable per slot; " + "a closed day answers open=false and no slots")
    Mono<CheckingAvailability.DayAvailability> slots(
            @PathVariable String hallCode, @RequestParam(required = false) String date) {
        if (date == null) {
            return Mono.error(CommonProblems.validationFailed("date", "is required, like 2026-12-01"));
        }
        LocalDate day;
        try {
            day = LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            return Mono.error(CommonProblems.validationFailed("date", "must be a date like 2026-12-01"));
        }
        return availability.of(hallCode, day).switchIfEmpty(Mono.error(() -> HallProblems.hallNotFound(hallCode)));
    }
}
