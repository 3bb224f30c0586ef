package cn.yuyue.admin.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import cn.yuyue.platform.web.ApiProblem;
import cn.yuyue.platform.web.CommonProblems;
import org.junit.jupiter.api.Test;

class NewAccountTest {

    @Test
    void should_accept_a_guide_with_a_plain_username() {
        ManagingAccounts.NewAccount account =
                new ManagingAccounts.NewAccount("li.guide-2", StaffRole.HALL_GUIDE, "34010101");

        assertThat(account.username()).isEqualTo("li.guide-2");
    }

    @Test
    void should_name_the_username_alone_when_only_it_is_bad() {
        assertThatThrownBy(() -> new ManagingAccounts.NewAccount("Li", StaffRole.HALL_ADMIN, "34010101"))
                .isInstanceOfSatisfying(ApiProblem.class, problem -> {
                    assertThat(problem.code()).isEqualTo(CommonProblems.VALIDATION_FAILED);
                    assertThat(problem.detail())
                            .isEqualTo("username: must be 3 to 64 lower-case letters, digits, '.', '_' or '-'");
                });
    }

    @Test
    void should_refuse_the_operator_role_and_a_missing_one() {
        for (StaffRole role : new StaffRole[] {StaffRole.PROVINCE_OPERATOR, null}) {
            assertThatThrownBy(() -> new ManagingAccounts.NewAccount("li-guide", role, "34010101"))
                    .isInstanceOfSatisfying(
                            ApiProblem.class,
                            problem -> assertThat(fields(problem)).containsExactly("role"));
        }
    }

    @Test
    void should_name_both_fields_when_both_are_bad() {
        assertThatThrownBy(() -> new ManagingAccounts.NewAccount(null, null, "34010101"))
                .isInstanceOfSatisfying(
                        ApiProblem.class, problem -> assertThat(fields(problem)).containsExactly("username", "role"));
    }

    private static List<Object> fields(ApiProblem problem) {
        return ((List<?>) problem.properties().get("errors"))
                .stream()
                        .map(error -> ((Map<?, ?>) error).get("field"))
                        .map(Object.class::cast)
                        .toList();
    }
}
