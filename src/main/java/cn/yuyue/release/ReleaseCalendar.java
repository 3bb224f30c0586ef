package cn.yuyue.release;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import cn.yuyue.booking.application.BookingProperties;
import cn.yuyue.platform.ProvinceTime;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Every release: the daily ones, computed from the booking window, and the added ones, held in
 * memory from PostgreSQL and refreshed by {@link ReleaseCalendarRefresh}. The booking door asks
 * it on every booking, so it answers from memory, without I/O.
 */
@Component
class ReleaseCalendar {

    /** Added releases are kept in memory until this long after they closed. */
    private static final Duration KEPT_AFTER_CLOSE = Duration.ofDays(2);

    private final StoredReleases stored;
    private final ReleaseProperties properties;
    private final BookingProperties booking;
    private final Clock clock;
    private final AtomicReference<List<Release>> added = new AtomicReference<>(List.of());

    ReleaseCalendar(StoredReleases stored, ReleaseProperties properties, BookingProperties booking, Clock clock) {
        this.stored = stored;
        this.properties = properties;
        this.booking = booking;
        this.clock = clock;
    }

    /** The releases of a day, earliest first. */
    List<Release> on(LocalDate date) {
        List<Release> releases = new ArrayList<>();
        daily(date).ifPresent(releases::add);
        added.get().stream().filter(release -> release.date().equals(date)).forEach(releases::add);
        releases.sort(Comparator.comparing(Release::opensAt));
        return releases;
    }

    Optional<Release> byId(String id) {
        if (id.startsWith(Release.DAILY_PREFIX)) {
            try {
                return daily(LocalDate.parse(id.substring(Release.DAILY_PREFIX.length())));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        return added.get().stream().filter(release -> release.id().equals(id)).findFirst();
    }

    /** The release whose room stands in front of the day's bookings now, if any. */
    Optional<Release> roomOpenFor(LocalDate date, Instant now) {
        return on(date).stream()
                .filter(release -> release.roomOpen(now, properties.joinLead()))
                .findFirst();
    }

    /** The releases between their opening and their close: the rooms that admit now. */
    List<Release> admittingAt(Instant now) {
        List<Release> open = new ArrayList<>();
        LocalDate today = LocalDate.ofInstant(now, ProvinceTime.ZONE);
        daily(today.plusDays(booking.daysAhead()))
                .filter(release -> release.state(now) == Release.State.OPEN)
                .ifPresent(open::add);
        added.get().stream()
                .filter(release -> release.state(now) == Release.State.OPEN)
                .forEach(open::add);
        return open;
    }

    /** Re-reads the added releases; on failure the ones known stay in force. */
    Mono<Integer> refresh() {
        return stored.closingAfter(clock.instant().minus(KEPT_AFTER_CLOSE))
                .collectList()
                .doOnNext(added::set)
                .map(List::size);
    }

    /** Known on this instance at once; the others learn of it at their next refresh. */
    void remember(Release release) {
        added.updateAndGet(known -> {
            List<Release> more = new ArrayList<>(known);
            more.add(release);
            return List.copyOf(more);
        });
    }

    void forget(String id) {
        added.updateAndGet(known ->
                known.stream().filter(release -> !release.id().equals(id)).toList());
    }

    /** The daily release of a day: its places open at the release time, {@code daysAhead} days before. */
    private Optional<Release> daily(LocalDate date) {
        if (!properties.daily().enabled()) {
            return Optional.empty();
        }
        Instant opensAt = date.minusDays(booking.daysAhead())
                .atTime(booking.releaseTime())
                .atZone(ProvinceTime.ZONE)
                .toInstant();
        return Optional.of(new Release(
                Release.DAILY_PREFIX + date, date, opensAt, opensAt.plus(properties.roomOpenFor()), true, ""));
    }
}
