package cn.yuyue.admin.security;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A staff request: the bearer token before it is checked, the {@link Staff} after. A session with
 * an initial password only holds {@link #PASSWORD_CHANGE}; a full one holds its role and
 * {@link #ACTIVE}.
 */
final class StaffAuthentication extends AbstractAuthenticationToken {

    static final String ACTIVE = "STAFF_ACTIVE";
    static final String PASSWORD_CHANGE = "STAFF_PASSWORD_CHANGE";

    private final String token;
    private final transient Staff staff;

    private StaffAuthentication(String token, Staff staff, List<GrantedAuthority> authorities) {
        super(authorities);
        this.token = token;
        this.staff = staff;
        setAuthenticated(staff != null);
    }

    static StaffAuthentication unchecked(String token) {
        return new StaffAuthentication(token, null, List.of());
    }

    static StaffAuthentication of(String token, StaffSessions.Session session) {
        List<GrantedAuthority> authorities = session.passwordChangeOnly()
                ? List.of(new SimpleGrantedAuthority(PASSWORD_CHANGE))
                : List.of(
                        new SimpleGrantedAuthority(ACTIVE),
                        new SimpleGrantedAuthority(
                                "ROLE_" + session.staff().role().name()));
        return new StaffAuthentication(token, session.staff(), authorities);
    }

    @Override
    public Object getCredentials() {
        return token;
    }

    @Override
    public Object getPrincipal() {
        return staff;
    }

    @Override
    public String getName() {
        return staff == null ? "" : staff.username();
    }

    @Override
    public boolean equals(Object other) {
        return super.equals(other);
    }

    @Override
    public int hashCode() {
        return super.hashCode();
    }
}
