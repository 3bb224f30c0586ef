package cn.yuyue.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.mock.env.MockEnvironment;

class DevelopmentSettingsGuardTest {

    @Test
    void should_refuse_the_published_secret_a_cheap_hash_and_the_sms_outbox_outside_the_development_profiles() {
        MockEnvironment production = new MockEnvironment()
                .withProperty("yuyue.verification.token-secret", DevelopmentSettingsGuard.PUBLISHED_TOKEN_SECRET)
                .withProperty("yuyue.staff.password-strength", "4")
                .withProperty("yuyue.sms.dev-outbox.enabled", "true");
        DevelopmentSettingsGuard guard = new DevelopmentSettingsGuard();
        guard.setEnvironment(production);

        assertThatThrownBy(() -> guard.postProcessBeanFactory(new DefaultListableBeanFactory()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("yuyue.verification.token-secret")
                .hasMessageContaining("yuyue.staff.password-strength")
                .hasMessageContaining("yuyue.sms.dev-outbox.enabled");
    }

    @Test
    void should_accept_them_in_the_local_and_test_profiles_and_real_settings_anywhere() {
        MockEnvironment local = new MockEnvironment()
                .withProperty("yuyue.verification.token-secret", DevelopmentSettingsGuard.PUBLISHED_TOKEN_SECRET)
                .withProperty("yuyue.staff.password-strength", "4");
        local.setActiveProfiles("local");
        MockEnvironment production = new MockEnvironment()
                .withProperty("yuyue.verification.token-secret", "c29tZXRoaW5nLWVsc2UtZW50aXJlbHktMzItYnl0ZXMtbG9uZw==");

        assertThat(DevelopmentSettingsGuard.unsafeSettings(local)).isEmpty();
        assertThat(DevelopmentSettingsGuard.unsafeSettings(production)).isEmpty();
    }

    @Test
    void should_know_the_secret_the_development_profiles_publish() throws IOException {
        for (String profile : new String[] {"local", "test"}) {
            assertThat(Files.readString(Path.of("src/test/resources/application-" + profile + ".yml")))
                    .contains(DevelopmentSettingsGuard.PUBLISHED_TOKEN_SECRET);
        }
    }
}
