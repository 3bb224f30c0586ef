package cn.yuyue.hall;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The catalogue as other features read it: halls, business types, and what a hall offers on a day.
 *
 * <p>It answers from memory, without I/O, so booking at a peak never waits on PostgreSQL for
 * reference data. The tables are loaded before the web server starts listening (lifecycle phase
 * {@link #LOADED_BEFORE_PHASE}); a feature that edits them (schedules, closures, the calendar,
 * business types) calls {@link #refresh()} afterwards. Other instances pick such edits up on their
 * next refresh or restart.
 */
@Component
public class HallCatalogue {

    /**
     * Lifecycle beans ({@code SmartLifecycle}) with a higher phase than this start after the
     * catalogue is loaded; the web server always does.
     */
    public static final int LOADED_BEFORE_PHASE = CatalogueStartup.PHASE;

    private static final Logger log = LoggerFactory.getLogger(HallCatalogue.class);

    private final R2dbcCatalogueReader reader;
    private final AtomicLong refreshesStarted = new AtomicLong();
    private final AtomicReference<Loaded> current = new AtomicReference<>(new Loaded(0, CatalogueSnapshot.EMPTY));

    HallCatalogue(R2dbcCatalogueReader reader) {
        this.reader = reader;
    }

    /**
     * Reloads every catalogue table. Completes once readers see the new state; errors leave the
     * previous state in place.
     */
    public Mono<Void> refresh() {
        return Mono.defer(() -> {
            long ticket = refreshesStarted.incrementAndGet();
            return reader.read().doOnNext(snapshot -> install(ticket, snapshot));
        }).then();
    }

    /**
     * Two refreshes may overlap; the one that started later read later data, so a slower, older
     * read must not replace it.
     */
    private void install(long ticket, CatalogueSnapshot snapshot) {
        Loaded installed = current.accumulateAndGet(new Loaded(ticket, snapshot),
                (old, fresh) -> fresh.ticket() > old.ticket() ? fresh : old);
        if (installed.ticket() == ticket) {
            log.info("Catalogue loaded: {} halls, {} business types",
                    snapshot.hallCount(), snapshot.businessTypes().size());
        }
    }

    public Optional<Hall> hall(String code) {
        return snapshot().hall(code);
    }

    /**
     * Halls sorted by code.
     *
     * @param cityCode 6-digit city code, or {@code null} for every city
     * @param text     case-insensitive part of the name, county, address or code, or {@code null}
     */
    public List<Hall> halls(String cityCode, String text) {
        return snapshot().halls(cityCode, text);
    }

    /** The business types in the operator's order. */
    public List<BusinessType> businessTypes() {
        return snapshot().businessTypes();
    }

    public Optional<BusinessType> businessType(String code) {
        return snapshot().businessType(code);
    }

    /**
     * What a hall offers on a day: closed on non-working days and on days the hall closed,
     * otherwise its schedule's slots less the slots the hall closed. Bookings are not considered.
     *
     * @throws cn.yuyue.platform.web.ApiProblem 404 {@code HALL_NOT_FOUND} for an unknown hall
     */
    public HallDayPlan plan(String hallCode, LocalDate date) {
        return snapshot().plan(hallCode, date);
    }

    private CatalogueSnapshot snapshot() {
        return current.get().snapshot();
    }

    private record Loaded(long ticket, CatalogueSnapshot snapshot) {
    }
}
