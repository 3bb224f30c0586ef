package cn.yuyue.release;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

import cn.yuyue.admin.audit.AuditLog;
import cn.yuyue.admin.security.Staff;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The province operator adds a release (a deadline day's places open at a set time behind a
 * waiting room) or withdraws one. Both are stored durably and audited.
 */
@Service
class AddingRelease {

    private static final String ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

    private final StoredReleases stored;
    private final ReleaseCalendar calendar;
    private final AuditLog audit;
    private final ReleaseProperties properties;
    private final Clock clock;
    private final RandomGenerator random;

    AddingRelease(
            StoredReleases stored,
            ReleaseCalendar calendar,
            AuditLog audit,
            ReleaseProperties properties,
            Clock clock,
            RandomGenerator secureRandom) {
        this.stored = stored;
        this.calendar = calendar;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
        this.random = secureRandom;
    }

    /** What adding decided. */
    sealed interface Added {

        record Done(Release release) implements Added {}

        /** Its room would stand beside another's on the same day; nothing was added. */
        record Overlaps(String otherId) implements Added {}
    }

    /** @param closesAt null for the configured room life after the opening */
    Mono<Added> add(Staff operator, LocalDate date, Instant opensAt, Instant closesAt, String reason) {
        Release release = new Release(
                newId(),
                date,
                opensAt,
                closesAt == null ? opensAt.plus(properties.roomOpenFor()) : closesAt,
                false,
                reason);
        Optional<Release> overlapping = calendar.on(date).stream()
                .filter(other -> other.overlaps(release, properties.joinLead()))
                .findFirst();
        if (overlapping.isPresent()) {
            return Mono.just(new Added.Overlaps(overlapping.get().id()));
        }
        Instant now = clock.instant();
        return stored.add(release, operator.username(), now)
                .then(audit.record(operator, "RELEASE_ADDED", null, null, facts(release)))
                .then(Mono.fromRunnable(() -> calendar.remember(release)))
                .thenReturn(new Added.Done(release));
    }

    /** Whether the release existed; the daily releases cannot be withdrawn. */
    Mono<Boolean> withdraw(Staff operator, String id) {
        Optional<Release> release = calendar.byId(id).filter(known -> !known.daily());
        if (release.isEmpty()) {
            return Mono.just(false);
        }
        return stored.withdraw(id)
                .flatMap(deleted -> audit.record(operator, "RELEASE_WITHDRAWN", null, null, facts(release.get()))
                        .then(Mono.fromRunnable(() -> calendar.forget(id)))
                        .thenReturn(deleted));
    }

    /** Earliest opening an added release may have now: the others must learn of it before its room opens. */
    Instant earliestOpening() {
        return clock.instant().plus(properties.minimumNotice());
    }

    private static Map<String, Object> facts(Release release) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("releaseId", release.id());
        facts.put("date", release.date().toString());
        facts.put("opensAt", release.opensAt().toString());
        facts.put("closesAt", release.closesAt().toString());
        facts.put("reason", release.reason());
        return facts;
    }

    private String newId() {
        StringBuilder id = new StringBuilder("r-");
        for (int i = 0; i < 12; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }
}
