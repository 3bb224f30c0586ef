package cn.yuyue.admin.security;

/** What a staff account may do; hall roles are bound to one hall. */
public enum StaffRole {
    /** 省局: every hall, accounts, the audit log, province reports. */
    PROVINCE_OPERATOR,
    /** 办税服务厅管理员: one hall's schedule, bookings, unlocks and reschedules. */
    HALL_ADMIN,
    /** 导税员: one hall's desk: check-in, slips, the day's list, phone and walk-in bookings. */
    HALL_GUIDE;

    public boolean hallBound() {
        return this != PROVINCE_OPERATOR;
    }
}
