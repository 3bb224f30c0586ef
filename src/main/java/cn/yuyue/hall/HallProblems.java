package cn.yuyue.hall;

import cn.yuyue.platform.web.ApiProblem;
import org.springframework.http.HttpStatus;

/** The catalogue's answers that other features give too (a booking for an unknown hall). */
public final class HallProblems {

    public static final String HALL_NOT_FOUND = "HALL_NOT_FOUND";

    private HallProblems() {}

    /** 404 {@code HALL_NOT_FOUND} for a hall code that is not in the catalogue. */
    public static ApiProblem hallNotFound(String hallCode) {
        return ApiProblem.of(
                HttpStatus.NOT_FOUND,
                HALL_NOT_FOUND,
                "Hall not found",
                "There is no tax service hall with code " + hallCode);
    }
}
