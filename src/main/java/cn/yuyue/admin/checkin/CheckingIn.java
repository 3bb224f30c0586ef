package cn.yuyue.admin.checkin;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

import cn.yuyue.admin.audit.AuditLog;
import cn.yuyue.admin.desk.HallBookings;
import cn.yuyue.admin.security.Staff;
import cn.yuyue.admin.security.StaffProblems;
import cn.yuyue.booking.application.BookingEvents;
import cn.yuyue.booking.application.BookingProperties;
import cn.yuyue.booking.application.EventIds;
import cn.yuyue.booking.model.AppointmentNumber;
import cn.yuyue.booking.model.Booking;
import cn.yuyue.booking.model.BookingEvent;
import cn.yuyue.booking.model.BookingStatus;
import cn.yuyue.booking.model.TaxpayerId;
import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.platform.ratelimit.RateLimiter;
import cn.yuyue.platform.web.ApiProblem;
import cn.yuyue.platform.web.CommonProblems;
import cn.yuyue.slot.HallDay;
import cn.yuyue.slot.LiveBookings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * 现场确认: the guide types the appointment number and the taxpayer's name; a match at the guide's
 * hall, today, inside the check-in window becomes CHECKED_IN. The event is made durable first
 * (queue systems read it to serve the booking first), then the live record changes, so a check-in
 * the guide was told about is never lost. Every way of not matching has its own answer.
 */
@Service
@EnableConfigurationProperties(CheckInProperties.class)
public class CheckingIn {

    /** The same wait for Kafka as a taxpayer's booking (yuyue.booking.event-timeout). */
    private final Duration eventTimeout;
    private static final Logger log = LoggerFactory.getLogger(CheckingIn.class);
    private static final int LOOKALIKE_DAYS = 7;
    private static final Duration FAILURE_WINDOW = Duration.ofMinutes(10);

    private final HallBookings bookings;
    private final LiveBookings live;
    private final BookingEvents events;
    private final AuditLog audit;
    private final CheckInProperties properties;
    private final Clock clock;
    private final RandomGenerator random;
    private final RateLimiter limiter;

    CheckingIn(HallBookings bookings, LiveBookings live, BookingEvents events, AuditLog audit,
               CheckInProperties properties, Clock clock, RandomGenerator secureRandom,
            BookingProperties bookingProperties, RateLimiter limiter) {
        this.limiter = limiter;
        this.eventTimeout = bookingProperties.eventTimeout();
        this.bookings = bookings;
        this.live = live;
        this.events = events;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
        this.random = secureRandom;
    }

    public Mono<Booking> checkIn(Staff staff, String hallCode, String appointmentNo, String taxpayerName) {
        long seq = AppointmentNumber.parse(appointmentNo == null ? null : appointmentNo.strip());
        if (seq < 0) {
            return Mono.error(CommonProblems.validationFailed("appointmentNo", "must be a letter and three digits, like A001"));
        }
        if (taxpayerName == null || taxpayerName.isBlank()) {
            return Mono.error(CommonProblems.validationFailed("taxpayerName", "is required"));
        }
        LocalDateTime now = LocalDateTime.now(clock.withZone(ProvinceTime.ZONE));
        LocalDate today = now.toLocalDate();
        return bookings.day(hallCode, today)
                .flatMap(day -> {
                    Optional<Booking> found = day.stream().filter(booking -> booking.appointmentSeq() == seq).findFirst();
                    if (found.isEmpty()) {
                        return notHere(hallCode, today, seq, taxpayerName)
                                .onErrorResume(ApiProblem.class, refusal -> refused(staff, hallCode, seq, refusal));
                    }
                    if (!sameName(found.get().taxpayerName(), taxpayerName)) {
                        return refused(staff, hallCode, seq, StaffProblems.unprocessable("NAME_MISMATCH",
                                "Name does not match",
                                "Appointment " + found.get().appointmentNo() + " today was made for another name"));
                    }
                    return check(staff, found.get(), now);
                });
    }

    /**
     * A refusal that a prober would learn from (no such number, another name, elsewhere): audited,
     * and counted against the staff account; beyond its budget answered 429 without the reason.
     */
    private Mono<Booking> refused(Staff staff, String hallCode, long seq, ApiProblem refusal) {
        return audit.record(staff, "CHECK_IN_REFUSED", hallCode, null,
                        Map.of("appointmentNo", AppointmentNumber.format(seq), "code", refusal.code()))
                .then(limiter.exceededOrFail("check-in-failures:" + staff.username(), properties.refusedPerTenMinutes(),
                                FAILURE_WINDOW)
                        .map(retryAfter -> (Throwable) tooManyFailures(retryAfter))
                        // Uncounted (Redis failing): the desk keeps working and answers with the reason.
                        .onErrorResume(failure -> {
                            log.warn("Refused check-in not counted: {}", failure.toString());
                            return Mono.empty();
                        }))
                .defaultIfEmpty(refusal)
                .flatMap(Mono::error);
    }

    private static ApiProblem tooManyFailures(Duration retryAfter) {
        return ApiProblem.of(HttpStatus.TOO_MANY_REQUESTS, RateLimiter.RATE_LIMITED, "Too many failed check-ins",
                        "Too many check-ins of this account were refused in a short time; wait before trying again")
                .retryAfter(retryAfter);
    }

    private Mono<Booking> check(Staff staff, Booking booking, LocalDateTime now) {
        if (booking.status() == BookingStatus.CHECKED_IN) {
            return Mono.error(StaffProblems.conflict("ALREADY_CHECKED_IN", "Already checked in",
                    "Appointment " + booking.appointmentNo() + " is checked in already; reprint its slip if needed")
                    .with("bookingId", booking.id()));
        }
        if (booking.status() != BookingStatus.BOOKED) {
            return Mono.error(StaffProblems.conflict("BOOKING_NOT_ACTIVE", "Booking not active",
                    "Appointment " + booking.appointmentNo() + " is " + booking.status())
                    .with("status", booking.status().name()));
        }
        LocalDateTime opens = booking.date().atTime(booking.start()).minus(properties.opensBefore());
        LocalDateTime closes = booking.date().atTime(booking.end()).plus(properties.closesAfter());
        if (now.isBefore(opens)) {
            return Mono.error(StaffProblems.unprocessable("TOO_EARLY", "Too early",
                    "Check-in for the " + booking.start() + " slot opens at " + opens.toLocalTime())
                    .with("checkInOpensAt", opens.atZone(ProvinceTime.ZONE).toOffsetDateTime().toString()));
        }
        if (now.isAfter(closes)) {
            return Mono.error(StaffProblems.unprocessable("TOO_LATE", "Too late",
                    "The " + booking.start() + "-" + booking.end() + " slot is over; the taxpayer may book again")
                    .with("checkInClosedAt", closes.atZone(ProvinceTime.ZONE).toOffsetDateTime().toString()));
        }
        HallDay hallDay = new HallDay(booking.hallCode(), booking.date());
        BookingEvent checkedIn = new BookingEvent.BookingCheckedIn(EventIds.next(random), clock.instant(),
                booking.id(), booking.hallCode(), booking.date());
        return events.publish(checkedIn)
                .timeout(eventTimeout)
                .onErrorMap(failure -> !(failure instanceof ApiProblem), failure -> CommonProblems.tryLater(
                        "The check-in could not be recorded; please try again", Duration.ofSeconds(2)))
                .then(live.changeStatus(hallDay, booking.id(), BookingStatus.BOOKED.name(),
                                BookingStatus.CHECKED_IN.name(), clock.instant())
                        // The check-in is durable: the writer marks the live record from the log
                        // (MirroringDurableTransitions), so the guide is told it is done.
                        .onErrorResume(failure -> {
                            log.warn("Check-in of {} is durable; the live record follows from the log: {}",
                                    booking.id(), failure.toString());
                            return Mono.empty();
                        }))
                .then(audit.record(staff, "CHECKED_IN", booking.hallCode(), booking.id(), Map.of(
                        "appointmentNo", booking.appointmentNo(), "taxpayerId", TaxpayerId.masked(booking.taxpayerId()))))
                .thenReturn(booking.withStatus(BookingStatus.CHECKED_IN, clock.instant()));
    }

    /**
     * Nothing with that number here today: say whether it is at another hall or on another day, but
     * not which hall or which day. A guide who knows a name and a number must not learn where and when
     * someone is booked elsewhere; the taxpayer's own SMS says both.
     */
    private Mono<Booking> notHere(String hallCode, LocalDate today, long seq, String taxpayerName) {
        return bookings.lookalikes(hallCode, today, seq, LOOKALIKE_DAYS).flatMap(candidates -> {
            List<Booking> named = candidates.stream()
                    .filter(candidate -> sameName(candidate.taxpayerName(), taxpayerName))
                    .toList();
            if (named.stream().anyMatch(b -> !b.hallCode().equals(hallCode))) {
                return Mono.error(StaffProblems.conflict("WRONG_HALL", "Booked at another hall",
                        "Appointment " + AppointmentNumber.format(seq)
                                + " of this taxpayer is at another hall; the booking SMS names it"));
            }
            if (named.stream().anyMatch(b -> b.hallCode().equals(hallCode))) {
                return Mono.error(StaffProblems.unprocessable("WRONG_DAY", "Booked for another day",
                        "Appointment " + AppointmentNumber.format(seq)
                                + " of this taxpayer is at this hall on another day; the booking SMS names it"));
            }
            return Mono.error(StaffProblems.notFound("APPOINTMENT_NOT_FOUND", "Appointment not found",
                    "No appointment " + AppointmentNumber.format(seq) + " at this hall today"));
        });
    }

    /** Names as typed at a desk: spaces and letter case do not matter. */
    static boolean sameName(String booked, String typed) {
        return normalise(booked).equals(normalise(typed));
    }

    private static String normalise(String name) {
        return name == null ? "" : name.replaceAll("[\\s\\u3000·.]", "").toLowerCase(Locale.ROOT);
    }
}
