package cn.yuyue.release;

/** What joining a room or reading a ticket decided: a value for every business outcome. */
sealed interface RoomOutcome {

    /** The ticket; {@code issued} when this call issued it. */
    record Ticket(TicketView view, boolean issued) implements RoomOutcome {}

    /** Refused; nothing changed. */
    record Refused(Refusal reason, String detail) implements RoomOutcome {}

    /** Redis did not answer in time: nothing changed, ask again shortly (503). */
    static RoomOutcome tryLater() {
        return new Refused(
                Refusal.TRY_LATER, "The waiting room cannot answer right now; nothing changed, try again shortly");
    }

    /** One per stable API code (see {@link ReleaseProblems}). */
    enum Refusal {
        RELEASE_NOT_FOUND,
        HALL_NOT_FOUND,
        TICKET_NOT_FOUND,
        FORBIDDEN,
        ROOM_CLOSED,
        TICKET_LIMIT,
        TRY_LATER
    }
}
