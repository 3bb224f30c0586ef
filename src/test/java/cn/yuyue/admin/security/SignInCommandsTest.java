package cn.yuyue.admin.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.yuyue.platform.web.ApiProblem;
import cn.yuyue.platform.web.CommonProblems;
import org.junit.jupiter.api.Test;

class SignInCommandsTest {

    @Test
    void should_require_both_username_and_password_under_the_username_field() {
        for (String[] pair : new String[][] {{null, "secret"}, {" ", "secret"}, {"li-guide", ""}, {"li-guide", null}}) {
            assertThatThrownBy(() -> new SigningIn.Credentials(pair[0], pair[1]))
                    .isInstanceOfSatisfying(ApiProblem.class, problem -> {
                        assertThat(problem.code()).isEqualTo(CommonProblems.VALIDATION_FAILED);
                        assertThat(problem.detail()).isEqualTo("username: username and password are required");
                    });
        }
        assertThat(new SigningIn.Credentials("li-guide", "x").password()).isEqualTo("x");
    }

    @Test
    void should_refuse_a_new_password_outside_12_to_128_characters() {
        for (String password : new String[] {null, "short", "x".repeat(129)}) {
            assertThatThrownBy(() -> new SigningIn.PasswordChange("current-password", password))
                    .isInstanceOfSatisfying(
                            ApiProblem.class,
                            problem -> assertThat(problem.detail())
                                    .isEqualTo("newPassword: must be 12 to 128 characters"));
        }
    }

    @Test
    void should_refuse_a_new_password_equal_to_the_current_one() {
        assertThatThrownBy(() -> new SigningIn.PasswordChange("same-password-1", "same-password-1"))
                .isInstanceOfSatisfying(
                        ApiProblem.class,
                        problem -> assertThat(problem.detail())
                                .isEqualTo("newPassword: must differ from the current password"));
        assertThat(new SigningIn.PasswordChange(null, "a-new-password").newPassword())
                .isEqualTo("a-new-password");
    }
}
