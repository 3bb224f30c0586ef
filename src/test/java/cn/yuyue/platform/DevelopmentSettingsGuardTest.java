package cn.yuyue.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.assertj.core.api.InstanceOfAssertFactories;
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
    void should_refuse_a_published_event_key_outside_the_development_profiles() {
        String published = DevelopmentSettingsGuard.PUBLISHED_EVENT_KEYS.iterator().next();
        MockEnvironment production = new MockEnvironment()
                .withProperty("yuyue.events.encryption.current-key", "k2")
                .withProperty("yuyue.events.encryption.keys.k1", published)
                .withProperty("yuyue.events.encryption.keys.k2", "c29tZXRoaW5nLWVsc2UtZW50aXJlbHktMzItYnl0ZXM=");
        MockEnvironment test = new MockEnvironment()
                .withProperty("yuyue.events.encryption.keys.test1", published);
        test.setActiveProfiles("test");
        MockEnvironment ownKeys = new MockEnvironment()
                .withProperty("yuyue.events.encryption.keys.k2", "c29tZXRoaW5nLWVsc2UtZW50aXJlbHktMzItYnl0ZXM=");

        assertThat(DevelopmentSettingsGuard.unsafeSettings(production)).singleElement(InstanceOfAssertFactories.STRING)
                .contains("yuyue.events.encryption.keys.k1").doesNotContain(published);
        assertThat(DevelopmentSettingsGuard.unsafeSettings(test)).isEmpty();
        assertThat(DevelopmentSettingsGuard.unsafeSettings(ownKeys)).isEmpty();
    }

    @Test
    void should_know_every_event_key_published_in_the_repository() throws IOException {
        String published = Files.readString(Path.of("src/test/resources/application-test.yml"))
                + Files.readString(Path.of("src/test/resources/application-local.yml"))
                + Files.readString(Path.of("k8s/overlays/local/secret.yaml"));
        // Base64 of exactly 32 bytes, standing alone: the event keys, not the longer token secrets.
        Matcher keys = Pattern.compile("(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{43}=(?![A-Za-z0-9+/=])").matcher(published);
        Set<String> found = new HashSet<>();
        while (keys.find()) {
            found.add(keys.group());
        }

        assertThat(found).hasSize(4);
        assertThat(DevelopmentSettingsGuard.PUBLISHED_EVENT_KEYS).containsExactlyInAnyOrderElementsOf(found);
    }

    @Test
    void should_know_the_secret_the_development_profiles_publish() throws IOException {
        for (String profile : new String[] {"local", "test"}) {
            assertThat(Files.readString(Path.of("src/test/resources/application-" + profile + ".yml")))
                    .contains(DevelopmentSettingsGuard.PUBLISHED_TOKEN_SECRET);
        }
    }
}
