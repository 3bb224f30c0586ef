package cn.yuyue.release;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.platform.web.CommonProblems;
import cn.yuyue.platform.web.EventStreams;
import cn.yuyue.verification.PhoneVerification;
import cn.yuyue.verification.VerifiedPhone;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The release waiting room for taxpayers' agents (预约放号排队). */
@RestController
@RequestMapping("/api/v1/releases")
@Tag(
        name = "Release waiting room",
        description = "At a release the booking door of the day becomes a line per "
                + "hall: join, watch your ticket, book with its Admission-Pass")
class ReleaseController {

    static final String EVENT = "ticket";

    private final ReleaseCalendar calendar;
    private final JoiningRoom joining;
    private final ReadingTicket reading;
    private final PhoneVerification verification;
    private final ReleaseProperties properties;
    private final Clock clock;
    private final EventStreams eventStreams;

    ReleaseController(
            ReleaseCalendar calendar,
            JoiningRoom joining,
            ReadingTicket reading,
            PhoneVerification verification,
            ReleaseProperties properties,
            Clock clock,
            EventStreams eventStreams) {
        this.eventStreams = eventStreams;
        this.calendar = calendar;
        this.joining = joining;
        this.reading = reading;
        this.verification = verification;
        this.properties = properties;
        this.clock = clock;
    }

    /** A release as the public sees it. */
    record ReleaseView(
            String id, LocalDate date, OffsetDateTime opensAt, OffsetDateTime closesAt, Release.State state) {

        static ReleaseView of(Release release, Instant now) {
            return new ReleaseView(
                    release.id(),
                    release.date(),
                    release.opensAt().atZone(ProvinceTime.ZONE).toOffsetDateTime(),
                    release.closesAt().atZone(ProvinceTime.ZONE).toOffsetDateTime(),
                    release.state(now));
        }
    }

    @GetMapping
    @Operation(
            summary = "The releases of a day",
            description = "state UPCOMING (before opensAt; the room takes tickets from a while before), OPEN, CLOSED. "
                    + "400 VALIDATION_FAILED for a malformed date.")
    List<ReleaseView> releases(@RequestParam(required = false) String date) {
        LocalDate day;
        try {
            day = LocalDate.parse(String.valueOf(date));
        } catch (DateTimeParseException e) {
            throw CommonProblems.validationFailed("date", "must be a date like 2026-12-01");
        }
        Instant now = clock.instant();
        return calendar.on(day).stream()
                .map(release -> ReleaseView.of(release, now))
                .toList();
    }

    @PostMapping("/{id}/halls/{hallCode}/tickets")
    @Operation(
            summary = "Join a hall's waiting room (Bearer phone token)",
            description =
                    "201 with a new ticket, 200 with the phone's ticket from before. Tickets taken before opensAt "
                            + "are ordered by a lottery drawn at opensAt, later ones by arrival. 401 VERIFICATION_REQUIRED, "
                            + "404 RELEASE_NOT_FOUND or HALL_NOT_FOUND, 409 TICKET_LIMIT (tickets at too many halls in this "
                            + "release), 422 ROOM_CLOSED (too early, closed, or the hall is closed that day), 503 TRY_LATER "
                            + "(nothing changed).")
    Mono<ResponseEntity<TicketView>> join(
            ServerWebExchange exchange, @PathVariable String id, @PathVariable String hallCode) {
        return verification
                .require(exchange)
                .flatMap(phone -> joining.join(id, hallCode, phone.phone()))
                .map(outcome -> {
                    RoomOutcome.Ticket ticket = ticketOrProblem(outcome);
                    return ResponseEntity.status(ticket.issued() ? HttpStatus.CREATED : HttpStatus.OK)
                            .header(
                                    HttpHeaders.LOCATION,
                                    "/api/v1/releases/" + id + "/tickets/"
                                            + ticket.view().ticket())
                            .body(ticket.view());
                });
    }

    @GetMapping("/{id}/tickets/{ticket}")
    @Operation(
            summary = "A ticket (Bearer token of the phone that owns it)",
            description = "state WAITING, ADMITTED (with pass and passExpiresAt: send it as header Admission-Pass on "
                    + "POST /bookings for that hall and day), SOLD_OUT, EXPIRED. position and ahead once the lottery is "
                    + "drawn. 403 FORBIDDEN for another phone's ticket, 404 RELEASE_NOT_FOUND or TICKET_NOT_FOUND, "
                    + "503 TRY_LATER.")
    Mono<TicketView> ticket(ServerWebExchange exchange, @PathVariable String id, @PathVariable String ticket) {
        return verification
                .require(exchange)
                .flatMap(phone -> reading.readOrTryLater(id, ticket, phone.phone()))
                .map(outcome -> ticketOrProblem(outcome).view());
    }

    @GetMapping(path = "/{id}/tickets/{ticket}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(
            summary = "A ticket as server-sent events (Bearer token of its phone)",
            description = "Event `ticket` with the same body as the ticket read, first the current state, then each "
                    + "change; comment heartbeats; ends once SOLD_OUT or EXPIRED. Refusals as for the ticket read.")
    Flux<ServerSentEvent<TicketView>> stream(
            ServerWebExchange exchange, @PathVariable String id, @PathVariable String ticket) {
        return verification
                .require(exchange)
                .flatMap(phone -> reading.readOrTryLater(id, ticket, phone.phone())
                        .map(outcome ->
                                new Watch(phone, ticketOrProblem(outcome).view())))
                .flatMapMany(watch -> reading.changes(
                                id, watch.first(), watch.phone().phone())
                        .publish(changes -> Flux.merge(
                                changes.map(ReleaseController::event),
                                eventStreams
                                        .<TicketView>heartbeats(properties.heartbeat())
                                        .takeUntilOther(changes.ignoreElements())))
                        .startWith(eventStreams.<TicketView>opening()));
    }

    private record Watch(VerifiedPhone phone, TicketView first) {}

    private static ServerSentEvent<TicketView> event(TicketView view) {
        return ServerSentEvent.builder(view).event(EVENT).build();
    }

    private static RoomOutcome.Ticket ticketOrProblem(RoomOutcome outcome) {
        if (outcome instanceof RoomOutcome.Ticket ticket) {
            return ticket;
        }
        throw ReleaseProblems.of((RoomOutcome.Refused) outcome);
    }
}
