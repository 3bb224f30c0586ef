package cn.yuyue.admin.checkin;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import cn.yuyue.admin.audit.AuditLog;
import cn.yuyue.admin.desk.HallBookings;
import cn.yuyue.admin.security.Staff;
import cn.yuyue.admin.security.StaffProblems;
import cn.yuyue.booking.application.CheckingInBooking;
import cn.yuyue.booking.application.Transition;
import cn.yuyue.booking.model.AppointmentNumber;
import cn.yuyue.booking.model.Booking;
import cn.yuyue.booking.model.CheckInWindow;
import cn.yuyue.booking.model.TaxpayerId;
import cn.yuyue.booking.model.TransitionRefused;
import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.platform.ratelimit.RateLimiter;
import cn.yuyue.platform.web.ApiProblem;
import cn.yuyue.platform.web.CommonProblems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * 现场确认 at the desk: the guide types the appointment number and the taxpayer's name; a match at
 * the guide's hall, today, is checked in by {@link CheckingInBooking} (the booking decides, inside
 * its check-in window). Every way of not matching has its own answer.
 */
@Service
@EnableConfigurationProperties(CheckInProperties.class)
public class CheckingIn {

    private static final Logger log = LoggerFactory.getLogger(CheckingIn.class);
    private static final int LOOKALIKE_DAYS = 7;
    private static final Duration FAILURE_WINDOW = Duration.ofMinutes(10);

    private final HallBookings bookings;
    private final CheckingInBooking checkingIn;
    private final AuditLog audit;
    private final CheckInProperties properties;
    private final CheckInWindow window;
    private final Clock clock;
    private final RateLimiter limiter;

    CheckingIn(HallBookings bookings, CheckingInBooking checkingIn, AuditLog audit, CheckInProperties properties,
               Clock clock, RateLimiter limiter) {
        this.bookings = bookings;
        this.checkingIn = checkingIn;
        this.audit = audit;
        this.properties = properties;
        this.window = new CheckInWindow(properties.opensBefore(), properties.closesAfter());
        this.clock = clock;
        this.limiter = limiter;
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
                    return check(staff, found.get());
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

    /** The booking decides (booking.model); the use case records it; the answer is worded here. */
    private Mono<Booking> check(Staff staff, Booking booking) {
        return checkingIn.checkIn(booking, window)
                .flatMap(transition -> transition instanceof Transition.Done done
                        ? audit.record(staff, "CHECKED_IN", booking.hallCode(), booking.id(), Map.of(
                                        "appointmentNo", booking.appointmentNo(),
                                        "taxpayerId", TaxpayerId.masked(booking.taxpayerId())))
                                .thenReturn(done.booking())
                        : Mono.error(problem(booking, transition)));
    }

    private static ApiProblem problem(Booking booking, Transition transition) {
        if (!(transition instanceof Transition.Refused refused)) {
            return CommonProblems.tryLater("The check-in could not be recorded; please try again", Duration.ofSeconds(2));
        }
        if (refused.why() instanceof TransitionRefused.AlreadyCheckedIn) {
            return StaffProblems.conflict("ALREADY_CHECKED_IN", "Already checked in",
                    "Appointment " + booking.appointmentNo() + " is checked in already; reprint its slip if needed")
                    .with("bookingId", booking.id());
        }
        if (refused.why() instanceof TransitionRefused.TooEarly early) {
            return StaffProblems.unprocessable("TOO_EARLY", "Too early",
                    "Check-in for the " + booking.start() + " slot opens at " + early.opensAt().toLocalTime())
                    .with("checkInOpensAt", early.opensAt().atZone(ProvinceTime.ZONE).toOffsetDateTime().toString());
        }
        if (refused.why() instanceof TransitionRefused.TooLate late) {
            return StaffProblems.unprocessable("TOO_LATE", "Too late",
                    "The " + booking.start() + "-" + booking.end() + " slot is over; the taxpayer may book again")
                    .with("checkInClosedAt", late.closedAt().atZone(ProvinceTime.ZONE).toOffsetDateTime().toString());
        }
        return StaffProblems.conflict("BOOKING_NOT_ACTIVE", "Booking not active",
                "Appointment " + booking.appointmentNo() + " is " + booking.status())
                .with("status", booking.status().name());
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
