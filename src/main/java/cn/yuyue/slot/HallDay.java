package cn.yuyue.slot;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One hall on one day: the unit of the live inventory. Everything a claim touches lives under
 * its hash tag, so every claim is a single-slot atomic operation on Redis Cluster too.
 */
public record HallDay(String hallCode, LocalDate date) {

    public HallDay {
        Objects.requireNonNull(hallCode, "hallCode");
        Objects.requireNonNull(date, "date");
    }

    /** The Redis Cluster hash tag shared by every key of this hall-day. */
    public String hashTag() {
        return "{" + hallCode + ":" + date + "}";
    }

    @Override
    public String toString() {
        return hallCode + "@" + date;
    }
}
