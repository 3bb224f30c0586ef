package cn.yuyue.admin.security;

import java.util.Objects;

import reactor.core.publisher.Mono;

/**
 * The signed-in staff member, as controllers receive it ({@code @AuthenticationPrincipal Staff}).
 *
 * @param hallCode the hall of a hall admin or guide; null for the province operator
 */
public record Staff(String username, StaffRole role, String hallCode) {

    public Staff {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(role, "role");
    }

    /** Whether this account may see and change the hall's data. */
    public boolean sees(String hall) {
        return role == StaffRole.PROVINCE_OPERATOR || (hallCode != null && hallCode.equals(hall));
    }

    /** This staff member if they may act on the hall, else 403 FORBIDDEN. */
    public Mono<Staff> forHall(String hall) {
        return sees(hall) ? Mono.just(this) : Mono.error(StaffProblems.otherHall(hall));
    }

    /** This staff member if their role is one of {@code roles}, else 403 FORBIDDEN. */
    public Mono<Staff> withRole(StaffRole... roles) {
        for (StaffRole allowed : roles) {
            if (allowed == role) {
                return Mono.just(this);
            }
        }
        return Mono.error(StaffProblems.forbidden("A " + role + " may not do this"));
    }
}
