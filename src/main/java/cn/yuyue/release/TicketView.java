package cn.yuyue.release;

import java.time.OffsetDateTime;

/**
 * A ticket as its owner sees it. {@code position}, {@code ahead} and {@code estimatedWaitSeconds}
 * are absent until the lottery is drawn at the opening; {@code pass} and {@code passExpiresAt}
 * only once the ticket is admitted.
 */
record TicketView(
        String ticket,
        String hallCode,
        TicketState state,
        Long position,
        Long ahead,
        Long estimatedWaitSeconds,
        String pass,
        OffsetDateTime passExpiresAt) {

    enum TicketState {
        WAITING,
        ADMITTED,
        SOLD_OUT,
        EXPIRED
    }

    boolean finished() {
        return state == TicketState.SOLD_OUT || state == TicketState.EXPIRED;
    }
}
