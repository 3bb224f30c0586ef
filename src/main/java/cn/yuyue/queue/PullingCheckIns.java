package cn.yuyue.queue;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.regex.Pattern;

import cn.yuyue.booking.application.CheckedInBookings;
import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.platform.web.FieldErrors;
import com.fasterxml.jackson.annotation.JsonIgnore;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * A hall's queue system pulls the hall's check-ins after its cursor, signed with the same key and
 * scheme as its pushes, to print priority tickets for the dedicated windows (预约办税专窗).
 *
 * <p>The cursor is the position of the last check-in returned, as text. Positions come from the
 * durable record ({@link CheckedInBookings}), so a cursor means the same on every instance and after
 * restarts, and paging on from it returns each check-in exactly once. Only what a ticket needs is
 * answered: appointment number, slot, business types and the time of the check-in.
 */
@Component
class PullingCheckIns {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;
    private static final Pattern CURSOR = Pattern.compile("0|[1-9][0-9]{0,15}");
    private static final Pattern LIMIT = Pattern.compile("[1-9][0-9]{0,2}");

    private final QueueSystemAuthentication authentication;
    private final CheckedInBookings checkIns;

    PullingCheckIns(QueueSystemAuthentication authentication, CheckedInBookings checkIns) {
        this.authentication = authentication;
        this.checkIns = checkIns;
    }

    /**
     * @param request the signed GET, its path with the query string as sent, and an empty body
     * @param after   the cursor of the previous page; absent for the hall's first check-in
     * @param limit   page size, 1 to {@value #MAX_LIMIT}; absent for {@value #DEFAULT_LIMIT}
     */
    Mono<CheckInPage> pull(SignedPush request, String after, String limit) {
        return authentication
                .authenticate(request)
                .then(Mono.fromCallable(() -> Page.of(after, limit)))
                .flatMap(page -> checkIns.after(request.hallCode(), page.after(), page.limit())
                        .map(CheckInPage.Entry::of)
                        .collectList()
                        .map(entries -> CheckInPage.of(entries, page.after())));
    }

    /** The page asked for; checked once the request is authenticated, so an unsigned pull is a 401 whatever it asks. */
    record Page(long after, int limit) {

        /** The page, or the 400 VALIDATION_FAILED naming every bad parameter. */
        static Page of(String after, String limit) {
            FieldErrors errors = new FieldErrors();
            errors.check(
                    after == null || isCursor(after), "after", "must be a cursor this interface answered, or left out");
            errors.check(limit == null || isLimit(limit), "limit", "must be an integer from 1 to " + MAX_LIMIT);
            errors.orThrow();
            return new Page(
                    after == null ? 0 : Long.parseLong(after), limit == null ? DEFAULT_LIMIT : Integer.parseInt(limit));
        }

        private static boolean isCursor(String after) {
            return CURSOR.matcher(after).matches() && Long.parseLong(after) <= StatePush.MAX_SEQUENCE;
        }

        private static boolean isLimit(String limit) {
            return LIMIT.matcher(limit).matches() && Integer.parseInt(limit) <= MAX_LIMIT;
        }
    }

    /**
     * The answer: {@code {checkIns: [...], cursor}}. No phone number, taxpayer id, name or booking id.
     *
     * @param cursor send as {@code after} for the next page; the same cursor when nothing is new
     */
    record CheckInPage(List<Entry> checkIns, String cursor) {

        static CheckInPage of(List<Entry> entries, long after) {
            long last =
                    entries.isEmpty() ? after : entries.get(entries.size() - 1).position();
            return new CheckInPage(entries, Long.toString(last));
        }

        /** One check-in, as a queue system prints a priority ticket for it. */
        record Entry(
                @JsonIgnore long position,
                String appointmentNo,
                String date,
                String start,
                String end,
                List<String> businessTypes,
                OffsetDateTime checkedInAt) {

            static Entry of(CheckedInBookings.CheckIn checkIn) {
                return new Entry(
                        checkIn.position(),
                        checkIn.appointmentNo(),
                        checkIn.date().toString(),
                        checkIn.start().toString(),
                        checkIn.end().toString(),
                        checkIn.businessTypes(),
                        checkIn.checkedInAt().atZone(ProvinceTime.ZONE).toOffsetDateTime());
            }
        }
    }
}
