package cn.yuyue.booking.model;

/** How a booking reached the hall; all channels share one inventory. */
public enum Channel {
    ONLINE,
    MOBILE,
    PHONE,
    WALK_IN
}
