package cn.yuyue.admin.security;

/** A row of {@code staff_accounts}. */
record StaffAccount(String username, StaffRole role, String hallCode, String passwordHash, boolean mustChangePassword) {

    Staff staff() {
        return new Staff(username, role, hallCode);
    }
}
