package cn.yuyue.release;

import java.util.List;

/**
 * One hall's waiting room in one release, and its Redis key layout. Every key carries the room's
 * hash tag, so each room script touches one Redis Cluster slot.
 *
 * <pre>
 * yr:{release:ID:HALL}:meta         hash   opensAt, seed, drawn, draws, tail, head, soldOut, arrivals, admitted, version
 * yr:{release:ID:HALL}:owners       hash   ticket -> phone
 * yr:{release:ID:HALL}:phones       hash   phone -> ticket
 * yr:{release:ID:HALL}:early        set    tickets taken before opensAt, until the draw
 * yr:{release:ID:HALL}:late         zset   ticket -> arrival number, taken after opensAt before the draw
 * yr:{release:ID:HALL}:line         zset   ticket -> position (1 first)
 * yr:{release:ID:HALL}:admitted     hash   ticket -> pass|expiresAt|OUT, USED or EXPIRED|bound Idempotency-Key
 * yr:{release:ID:HALL}:passes       hash   pass -> ticket
 * yr:{release:ID:HALL}:outstanding  zset   ticket -> pass expiry (ms), passes neither used nor expired
 * yr:{release:ID}:halls             set    halls with a room in the release (for the admission rounds)
 * yr:{release:ID:phone:PHONE}:halls set    halls the phone holds tickets at (the per-phone limit)
 * </pre>
 */
record Room(String releaseId, String hallCode) {

    List<String> forJoin() {
        return List.of(
                key("meta"), key("owners"), key("phones"), key("early"), key("late"), key("line"), key("admitted"));
    }

    List<String> forAdmit() {
        return List.of(
                key("meta"),
                key("early"),
                key("late"),
                key("line"),
                key("admitted"),
                key("passes"),
                key("outstanding"));
    }

    List<String> forRead() {
        return List.of(key("meta"), key("owners"), key("line"), key("admitted"));
    }

    List<String> forUsePass() {
        return List.of(key("meta"), key("passes"), key("admitted"), key("owners"));
    }

    List<String> forSettlePass() {
        return List.of(key("meta"), key("admitted"), key("outstanding"));
    }

    String meta() {
        return key("meta");
    }

    static String hallsOf(String releaseId) {
        return "yr:{release:" + releaseId + "}:halls";
    }

    static String hallsOfPhone(String releaseId, String phone) {
        return "yr:{release:" + releaseId + ":phone:" + phone + "}:halls";
    }

    private String key(String part) {
        return "yr:{release:" + releaseId + ":" + hallCode + "}:" + part;
    }
}
