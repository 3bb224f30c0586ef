package cn.yuyue.admin.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class StaffPropertiesTest {

    private static StaffProperties withOperatorPassword(String password) {
        return new StaffProperties(
                10,
                Duration.ofHours(8),
                null,
                List.of(),
                3,
                Duration.ofSeconds(1),
                Duration.ofSeconds(5),
                5,
                Duration.ofMinutes(15),
                Duration.ofMinutes(15),
                0,
                16,
                password);
    }

    @Test
    void should_treat_an_empty_operator_password_as_none() {
        // An empty key in the Secret, or an optional Secret that exists without a value.
        assertThat(withOperatorPassword("  ").operatorInitialPassword()).isNull();
        assertThat(withOperatorPassword(null).operatorInitialPassword()).isNull();
    }

    @Test
    void should_refuse_an_operator_password_shorter_than_any_password_may_be() {
        assertThatThrownBy(() -> withOperatorPassword("short-pass"))
                .hasMessageContaining("yuyue.staff.operator-initial-password");
        assertThat(withOperatorPassword("twelve-chars").operatorInitialPassword())
                .isEqualTo("twelve-chars");
    }
}
