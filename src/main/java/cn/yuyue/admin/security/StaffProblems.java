package cn.yuyue.admin.security;

import cn.yuyue.platform.web.ApiProblem;
import org.springframework.http.HttpStatus;

/** The answers of staff sign-in and scoping; every admin feature reuses them. */
public final class StaffProblems {

    public static final String UNAUTHENTICATED = "UNAUTHENTICATED";
    public static final String FORBIDDEN = "FORBIDDEN";
    public static final String PASSWORD_CHANGE_REQUIRED = "PASSWORD_CHANGE_REQUIRED";

    private StaffProblems() {}

    public static ApiProblem unauthenticated(String detail) {
        return ApiProblem.of(HttpStatus.UNAUTHORIZED, UNAUTHENTICATED, "Staff sign-in required", detail);
    }

    public static ApiProblem forbidden(String detail) {
        return ApiProblem.of(HttpStatus.FORBIDDEN, FORBIDDEN, "Forbidden", detail);
    }

    public static ApiProblem otherHall(String hallCode) {
        return forbidden("This account may not see or change hall " + hallCode);
    }

    public static ApiProblem passwordChangeRequired() {
        return ApiProblem.of(
                HttpStatus.FORBIDDEN,
                PASSWORD_CHANGE_REQUIRED,
                "Password change required",
                "This account still has its initial password: choose your own at PUT /api/v1/admin/password first");
    }

    public static ApiProblem conflict(String code, String title, String detail) {
        return ApiProblem.of(HttpStatus.CONFLICT, code, title, detail);
    }

    public static ApiProblem unprocessable(String code, String title, String detail) {
        return ApiProblem.of(HttpStatus.UNPROCESSABLE_CONTENT, code, title, detail);
    }

    public static ApiProblem notFound(String code, String title, String detail) {
        return ApiProblem.of(HttpStatus.NOT_FOUND, code, title, detail);
    }
}
