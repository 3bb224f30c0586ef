package cn.yuyue.slot.redis;

import java.util.List;

import cn.yuyue.slot.HallDay;

/**
 * The Redis key layout of one hall-day. Every key carries the hall-day's hash tag, so all keys a
 * script touches hash to one Redis Cluster slot.
 *
 * <pre>
 * yy:{HALL:DATE}:meta        hash   builtAt; present once the inventory is built
 * yy:{HALL:DATE}:capacity    hash   HH:mm -> capacity of the slot
 * yy:{HALL:DATE}:remaining   hash   HH:mm -> places left
 * yy:{HALL:DATE}:taxpayers   hash   taxpayer id -> booking id holding a place
 * yy:{HALL:DATE}:idem        hash   Idempotency-Key -> booking id|request fingerprint
 * yy:{HALL:DATE}:bookings    hash   booking id -> booking record (JSON)
 * yy:{HALL:DATE}:seq         string highest appointment sequence handed out
 * yy:{HALL:DATE}:pending     zset   booking id -> claimed at (ms), for claims not yet settled
 * yy:{HALL:DATE}:waiting     hash   HH:mm -> entries of the waiting line that want the slot
 * yy:{HALL:DATE}:reserved    hash   HH:mm -> free places kept for the slot's waiting line
 * </pre>
 *
 * <p>The waiting line's own keys are the waitlist's ({@code cn.yuyue.waitlist}); the scripts that
 * give a place back read {@code waiting} so that a freed place goes to the line, not the market.
 */
public record InventoryKeys(HallDay hallDay) {

    public String meta() {
        return key("meta");
    }

    String capacity() {
        return key("capacity");
    }

    public String remaining() {
        return key("remaining");
    }

    public String taxpayers() {
        return key("taxpayers");
    }

    public String idempotency() {
        return key("idem");
    }

    public String bookings() {
        return key("bookings");
    }

    public String sequence() {
        return key("seq");
    }

    public String pending() {
        return key("pending");
    }

    public String waiting() {
        return key("waiting");
    }

    public String reserved() {
        return key("reserved");
    }

    List<String> forClaim() {
        return List.of(meta(), remaining(), taxpayers(), idempotency(), bookings(), sequence(), pending());
    }

    List<String> forSettle() {
        return List.of(remaining(), taxpayers(), idempotency(), bookings(), pending(), waiting(), reserved());
    }

    List<String> forCancel() {
        return List.of(remaining(), taxpayers(), bookings(), waiting(), reserved());
    }

    List<String> forSettleHold() {
        return List.of(remaining(), taxpayers(), bookings(), waiting(), reserved());
    }

    List<String> forAdjust() {
        return List.of(meta(), capacity(), remaining(), waiting(), reserved());
    }

    List<String> forBuild() {
        return List.of(
                meta(),
                remaining(),
                capacity(),
                taxpayers(),
                idempotency(),
                bookings(),
                sequence(),
                pending(),
                reserved());
    }

    List<String> all() {
        return forBuild();
    }

    /** A key of this hall-day's hash tag, for a feature's keys that live beside the inventory's. */
    public String key(String part) {
        return "yy:" + hallDay.hashTag() + ":" + part;
    }
}
