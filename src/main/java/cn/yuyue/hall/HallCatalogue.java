package cn.yuyue.hall;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The catalogue as other features read it: halls, business types, and what a hall offers on a day.
 *
 * <p>It answers from memory, without I/O, so booking at a peak never waits on PostgreSQL for
 * reference data. The tables are loaded before the web server starts listening (lifecycle phase
 * {@link #LOADED_BEFORE_PHASE}); a feature that edits them (schedules, closures, the calendar,
 * business types) calls {@link #refresh()} afterwards. Every instance also follows the version that
 * PostgreSQL bumps with each edit ({@link CatalogueWatch}), so an edit made through any instance,
 * or by SQL, reaches this one within {@link CatalogueProperties#pollEvery()} and a reload. What must
 * not lag at all, such as the plan an inventory is built from, asks {@link #committedPlan}.
 */
@Component
@EnableConfigurationProperties(CatalogueProperties.class)
public class HallCatalogue {

    /**
     * Lifecycle beans ({@code SmartLifecycle}) with a higher phase than this start after the
     * catalogue is loaded; the web server always does.
     */
    public static final int LOADED_BEFORE_PHASE = CatalogueStartup.PHASE;

    /**
     * The code of the scratch hall the start-up warm-up books at: no place in any slot, never
     * listed, and unknown (404) except while {@link #openScratchHall()} holds it open.
     */
    public static final String SCRATCH_HALL = ScratchHall.CODE;

    private static final Logger log = LoggerFactory.getLogger(HallCatalogue.class);

    private final R2dbcCatalogueReader reader;
    private final CatalogueProperties properties;
    private final AtomicReference<R2dbcCatalogueReader.Read> current =
            new AtomicReference<>(new R2dbcCatalogueReader.Read(0, CatalogueSnapshot.EMPTY));
    private final AtomicBoolean scratchOpen = new AtomicBoolean();

    HallCatalogue(R2dbcCatalogueReader reader, CatalogueProperties properties) {
        this.reader = reader;
        this.properties = properties;
    }

    /**
     * Reloads every catalogue table. Completes once readers see the new state; errors leave the
     * previous state in place.
     */
    public Mono<Void> refresh() {
        return reader.read()
                .timeout(properties.reloadTimeout())
                .doOnNext(this::install)
                .then();
    }

    /**
     * Reloads if PostgreSQL holds a newer version than this copy; completes once this copy is at
     * least as new as PostgreSQL was when it was asked.
     */
    public Mono<Void> catchUp() {
        return reader.version()
                .timeout(properties.queryTimeout())
                .filter(committed -> committed > version())
                .flatMap(committed -> refresh());
    }

    /**
     * The plan as PostgreSQL holds it now, not as this copy last saw it: for an inventory built from
     * it, where a closed day or a lowered capacity missed by a second is a booking that cannot be
     * undone. Costs one single-row query, and a reload when this copy is behind.
     */
    public Mono<HallDayPlan> committedPlan(String hallCode, LocalDate date) {
        return catchUp().then(Mono.fromCallable(() -> plan(hallCode, date)));
    }

    /** The catalogue version this copy holds, as PostgreSQL numbered it. */
    public long version() {
        return current.get().version();
    }

    /**
     * Two reloads may overlap and finish in any order; the one that read the higher version wins,
     * and an equal version means the same tables.
     */
    private void install(R2dbcCatalogueReader.Read read) {
        R2dbcCatalogueReader.Read installed =
                current.accumulateAndGet(read, (old, fresh) -> fresh.version() > old.version() ? fresh : old);
        if (installed == read) {
            log.info(
                    "Catalogue version {} loaded: {} halls, {} business types",
                    read.version(),
                    read.snapshot().hallCount(),
                    read.snapshot().businessTypes().size());
        }
    }

    public Optional<Hall> hall(String code) {
        if (isOpenScratch(code)) {
            return Optional.of(ScratchHall.HALL);
        }
        return snapshot().hall(code);
    }

    /**
     * Makes {@link #SCRATCH_HALL} known to {@link #hall} and {@link #plan} until
     * {@link #closeScratchHall()}. Only the warm-up calls it, before the instance is ready.
     */
    public void openScratchHall() {
        scratchOpen.set(true);
    }

    public void closeScratchHall() {
        scratchOpen.set(false);
    }

    private boolean isOpenScratch(String code) {
        return scratchOpen.get() && ScratchHall.CODE.equals(code);
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
        if (isOpenScratch(hallCode)) {
            return ScratchHall.plan(date);
        }
        return snapshot().plan(hallCode, date);
    }

    private CatalogueSnapshot snapshot() {
        return current.get().snapshot();
    }
}
