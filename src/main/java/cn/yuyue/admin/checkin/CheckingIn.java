package cn.yuyue.admin.checkin;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import cn.yuyue.admin.audit.AuditLog;
import cn.yuyue.admin.desk.HallBookings;
import cn.yuyue.admin.security.Staff;
import cn.yuyue.booking.application.CheckingInBooking;
import cn.yuyue.booking.application.Transition;
import cn.yuyue.booking.model.AppointmentNumber;
import cn.yuyue.booking.model.Booking;
import cn.yuyue.booking.model.CheckInWindow;
import cn.yuyue.booking.model.TaxpayerId;
import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.platform.ratelimit.RateLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
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

    CheckingIn(
            HallBookings bookings,
            CheckingInBooking checkingIn,
            AuditLog audit,
            CheckInProperties properties,
            Clock clock,
            RateLimiter limiter) {
        this.bookings = bookings;
        this.checkingIn = checkingIn;
        this.audit = audit;
        this.properties = properties;
        this.window = new CheckInWindow(properties.opensBefore(), properties.closesAfter());
        this.clock = clock;
        this.limiter = limiter;
    }

    /**
     * Checks in appointment {@code appointmentSeq} (a valid sequence, see {@link AppointmentNumber#parse})
     * of {@code taxpayerName} at {@code hallCode}, today.
     */
    public Mono<CheckInResult> checkIn(Staff staff, String hallCode, long appointmentSeq, String taxpayerName) {
        LocalDate today = LocalDateTime.now(clock.withZone(ProvinceTime.ZONE)).toLocalDate();
        return bookings.day(hallCode, today)
                .flatMap(day -> day.stream()
                        .filter(booking -> booking.appointmentSeq() == appointmentSeq)
                        .findFirst()
                        .map(booking -> matched(staff, booking, taxpayerName))
                        .orElseGet(() -> notHere(hallCode, today, appointmentSeq, taxpayerName)
                                .flatMap(unmatched -> refused(staff, hallCode, unmatched))));
    }

    private Mono<CheckInResult> matched(Staff staff, Booking booking, String taxpayerName) {
        if (!sameName(booking.taxpayerName(), taxpayerName)) {
            return refused(staff, booking.hallCode(), new CheckInResult.NameMismatch(booking.appointmentNo()));
        }
        return check(staff, booking);
    }

    /**
     * A refusal that a prober would learn from (no such number, another name, elsewhere): audited,
     * and counted against the staff account; beyond its budget answered without the reason.
     */
    private Mono<CheckInResult> refused(Staff staff, String hallCode, CheckInResult.Unmatched refusal) {
        return audit.record(
                        staff,
                        "CHECK_IN_REFUSED",
                        hallCode,
                        null,
                        Map.of("appointmentNo", refusal.appointmentNo(), "code", refusal.code()))
                .then(limiter.exceededOrFail(
                                "check-in-failures:" + staff.username(),
                                properties.refusedPerTenMinutes(),
                                FAILURE_WINDOW)
                        .<CheckInResult>map(CheckInResult.TooManyRefusals::new)
                        // Uncounted (Redis failing): the desk keeps working and answers with the reason.
                        .onErrorResume(failure -> {
                            log.warn("Refused check-in not counted: {}", failure.toString());
                            return Mono.empty();
                        }))
                .defaultIfEmpty(refusal);
    }

    /** The booking decides (booking.model); the use case records it; the controller words the answer. */
    private Mono<CheckInResult> check(Staff staff, Booking booking) {
        return checkingIn.checkIn(booking, window).flatMap(transition -> {
            if (transition instanceof Transition.Done done) {
                return audit.record(
                                staff,
                                "CHECKED_IN",
                                booking.hallCode(),
                                booking.id(),
                                Map.of(
                                        "appointmentNo", booking.appointmentNo(),
                                        "taxpayerId", TaxpayerId.masked(booking.taxpayerId())))
                        .thenReturn(new CheckInResult.CheckedIn(done.booking()));
            }
            if (transition instanceof Transition.Refused refused) {
                return Mono.just(new CheckInResult.Refused(booking, refused.why()));
            }
            return Mono.just(new CheckInResult.NotRecorded());
        });
    }

    /**
     * Nothing with that number here today: say whether it is at another hall or on another day, but
     * not which hall or which day. A guide who knows a name and a number must not learn where and when
     * someone is booked elsewhere; the taxpayer's own SMS says both.
     */
    private Mono<CheckInResult.Unmatched> notHere(String hallCode, LocalDate today, long seq, String taxpayerName) {
        String appointmentNo = AppointmentNumber.format(seq);
        return bookings.lookalikes(hallCode, today, seq, LOOKALIKE_DAYS).map(candidates -> {
            List<Booking> named = candidates.stream()
                    .filter(candidate -> sameName(candidate.taxpayerName(), taxpayerName))
                    .toList();
            if (named.stream().anyMatch(b -> !b.hallCode().equals(hallCode))) {
                return new CheckInResult.AtAnotherHall(appointmentNo);
            }
            if (named.stream().anyMatch(b -> b.hallCode().equals(hallCode))) {
                return new CheckInResult.OnAnotherDay(appointmentNo);
            }
            return new CheckInResult.NotFound(appointmentNo);
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
