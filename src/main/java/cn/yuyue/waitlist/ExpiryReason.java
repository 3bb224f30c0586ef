package cn.yuyue.waitlist;

/** Why an entry can no longer be served: kept in its row and told to its agent. */
enum ExpiryReason {
    TOO_LATE("所选时段已不足预约提前时间或已过"),
    BOOKER_LOCKED("预约人因爽约已被暂停预约"),
    ALREADY_BOOKED("该纳税人当天在该厅已有预约"),
    /** The phone holds yuyue.booking.max-active-per-phone active bookings: the place goes to the next in line. */
    TOO_MANY_ACTIVE_BOOKINGS("预约人名下有效预约已达上限");

    private final String text;

    ExpiryReason(String text) {
        this.text = text;
    }

    String text() {
        return text;
    }
}
