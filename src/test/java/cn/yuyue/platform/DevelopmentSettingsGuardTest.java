package cn.yuyue.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import cn.yuyue.platform.local.EmbeddedServices;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.mock.env.MockEnvironment;

class DevelopmentSettingsGuardTest {

    /** The last part of a property or environment variable that holds a credential. */
    private static final Pattern CREDENTIAL = Pattern.compile("(?i).*(password|secret|token)$");

    @Test
    void
            should_refuse_every_published_secret_a_cheap_hash_a_plain_sms_gateway_and_the_dev_switches_outside_the_development_profiles() {
        MockEnvironment production = new MockEnvironment()
                .withProperty("yuyue.staff.password-strength", "4")
                .withProperty("yuyue.sms.gateway.url", "http://sms-sink:8080/send")
                .withProperty("yuyue.sms.dev-outbox.enabled", "true")
                .withProperty("yuyue.queue.simulator.enabled", "true");
        DevelopmentSettingsGuard.PUBLISHED_SECRETS.forEach((property, values) ->
                production.setProperty(property, values.iterator().next()));
        DevelopmentSettingsGuard guard = new DevelopmentSettingsGuard();
        guard.setEnvironment(production);

        assertThatThrownBy(() -> guard.postProcessBeanFactory(new DefaultListableBeanFactory()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContainingAll(
                        DevelopmentSettingsGuard.PUBLISHED_SECRETS.keySet().toArray(String[]::new))
                .hasMessageContainingAll(
                        "yuyue.staff.password-strength",
                        "yuyue.sms.gateway.url",
                        "yuyue.sms.dev-outbox.enabled",
                        "yuyue.queue.simulator.enabled");
        assertThat(DevelopmentSettingsGuard.unsafeSettings(production))
                .hasSize(DevelopmentSettingsGuard.PUBLISHED_SECRETS.size() + 4);
    }

    @Test
    void should_refuse_each_published_value_of_a_secret_not_only_the_first() {
        DevelopmentSettingsGuard.PUBLISHED_SECRETS.forEach((property, values) ->
                values.forEach(value -> assertThat(DevelopmentSettingsGuard.unsafeSettings(
                                new MockEnvironment().withProperty(property, " " + value)))
                        .as("%s=%s", property, value)
                        .singleElement()
                        .asString()
                        .startsWith(property)));
    }

    @Test
    void should_accept_them_in_the_local_and_test_profiles_and_real_settings_anywhere() {
        MockEnvironment local = new MockEnvironment()
                .withProperty("yuyue.verification.token-secret", DevelopmentSettingsGuard.PUBLISHED_TOKEN_SECRET)
                .withProperty("yuyue.staff.password-strength", "4")
                .withProperty("yuyue.sms.gateway.url", "http://sms-sink:8080/send")
                .withProperty("yuyue.sms.gateway.token", "sms-sink-local");
        local.setActiveProfiles("local");
        MockEnvironment production = new MockEnvironment()
                .withProperty("yuyue.verification.token-secret", "c29tZXRoaW5nLWVsc2UtZW50aXJlbHktMzItYnl0ZXMtbG9uZw==")
                .withProperty("spring.r2dbc.password", "a-password-of-its-own")
                .withProperty("yuyue.sms.gateway.url", "https://sms-gateway.example.com/send")
                .withProperty("yuyue.queue.simulator.enabled", "false");

        assertThat(DevelopmentSettingsGuard.unsafeSettings(local)).isEmpty();
        assertThat(DevelopmentSettingsGuard.unsafeSettings(production)).isEmpty();
    }

    @Test
    void should_refuse_a_published_event_key_outside_the_development_profiles() {
        String published =
                DevelopmentSettingsGuard.PUBLISHED_EVENT_KEYS.iterator().next();
        MockEnvironment production = new MockEnvironment()
                .withProperty("yuyue.events.encryption.current-key", "k2")
                .withProperty("yuyue.events.encryption.keys.k1", published)
                .withProperty("yuyue.events.encryption.keys.k2", "c29tZXRoaW5nLWVsc2UtZW50aXJlbHktMzItYnl0ZXM=");
        MockEnvironment test = new MockEnvironment().withProperty("yuyue.events.encryption.keys.test1", published);
        test.setActiveProfiles("test");
        MockEnvironment ownKeys = new MockEnvironment()
                .withProperty("yuyue.events.encryption.keys.k2", "c29tZXRoaW5nLWVsc2UtZW50aXJlbHktMzItYnl0ZXM=");

        assertThat(DevelopmentSettingsGuard.unsafeSettings(production))
                .singleElement(InstanceOfAssertFactories.STRING)
                .contains("yuyue.events.encryption.keys.k1")
                .doesNotContain(published);
        assertThat(DevelopmentSettingsGuard.unsafeSettings(test)).isEmpty();
        assertThat(DevelopmentSettingsGuard.unsafeSettings(ownKeys)).isEmpty();
    }

    @Test
    void should_know_every_event_key_published_in_the_repository() throws IOException {
        String published = Files.readString(Path.of("src/test/resources/application-test.yml"))
                + Files.readString(Path.of("src/test/resources/application-local.yml"))
                + Files.readString(Path.of("k8s/overlays/local/secret.yaml"));
        // Base64 of exactly 32 bytes, standing alone: the event keys, not the longer token secrets.
        Matcher keys = Pattern.compile("(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{43}=(?![A-Za-z0-9+/=])")
                .matcher(published);
        Set<String> found = new HashSet<>();
        while (keys.find()) {
            found.add(keys.group());
        }

        assertThat(found).hasSize(4);
        assertThat(DevelopmentSettingsGuard.PUBLISHED_EVENT_KEYS).containsExactlyInAnyOrderElementsOf(found);
    }

    @Test
    void should_know_every_secret_the_development_profiles_publish() throws IOException {
        for (String profile : List.of("local", "test")) {
            Map<String, String> properties = properties(Path.of("src/test/resources/application-" + profile + ".yml"));
            assertThat(properties)
                    .containsEntry("yuyue.verification.token-secret", DevelopmentSettingsGuard.PUBLISHED_TOKEN_SECRET);
            properties.forEach((name, value) -> {
                if (CREDENTIAL.matcher(name).matches()) {
                    assertThat(DevelopmentSettingsGuard.PUBLISHED_SECRETS.get(name))
                            .as("%s of profile %s", name, profile)
                            .isNotNull()
                            .contains(value);
                }
            });
        }
    }

    @Test
    void should_know_the_passwords_of_the_embedded_servers() {
        // EmbeddedServices.springProperties() gives each role its name as its password.
        assertThat(DevelopmentSettingsGuard.PUBLISHED_SECRETS.get("spring.r2dbc.password"))
                .contains(EmbeddedServices.APP_ROLE);
        assertThat(DevelopmentSettingsGuard.PUBLISHED_SECRETS.get("spring.flyway.password"))
                .contains(EmbeddedServices.OWNER_ROLE);
    }

    /**
     * Each credential of the laptop cluster's Secrets, passed the way Kubernetes passes it (an
     * environment variable, as in k8s/base/deployment.yaml), is refused without the local profile.
     */
    @Test
    void should_refuse_every_credential_of_the_laptop_cluster_outside_the_local_profile() throws IOException {
        Map<String, String> variables = new HashMap<>();
        Map<String, String> secrets = properties(Path.of("k8s/overlays/local/secret.yaml"));
        assertThat(secrets).containsKey("stringData.password");
        secrets.forEach((name, value) -> {
            if (name.startsWith("stringData.") && CREDENTIAL.matcher(name).matches()) {
                String key = name.substring("stringData.".length());
                // The Secret yuyue-operator-initial-password reaches the pod as this one variable.
                variables.put(key.equals("password") ? "YUYUE_STAFF_OPERATORINITIALPASSWORD" : key, value);
            }
        });
        assertThat(variables)
                .containsKeys(
                        "YUYUE_VERIFICATION_TOKEN_SECRET",
                        "SPRING_R2DBC_PASSWORD",
                        "SPRING_FLYWAY_PASSWORD",
                        "YUYUE_SMS_GATEWAY_TOKEN",
                        "YUYUE_STAFF_OPERATORINITIALPASSWORD");
        variables.forEach((variable, value) -> {
            StandardEnvironment production = new StandardEnvironment();
            production
                    .getPropertySources()
                    .replace(
                            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                            new SystemEnvironmentPropertySource(
                                    StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                                    Map.of(variable, value)));
            ConfigurationPropertySources.attach(production);
            assertThat(DevelopmentSettingsGuard.unsafeSettings(production))
                    .as(variable)
                    .hasSize(1);
        });
    }

    /** A YAML file's documents flattened into dotted property names. */
    private static Map<String, String> properties(Path file) throws IOException {
        Map<String, String> properties = new HashMap<>();
        for (PropertySource<?> document :
                new YamlPropertySourceLoader().load(file.toString(), new FileSystemResource(file))) {
            EnumerablePropertySource<?> enumerable = (EnumerablePropertySource<?>) document;
            for (String name : enumerable.getPropertyNames()) {
                // Values come wrapped with their origin; their text is what the guard compares.
                properties.put(name, String.valueOf(enumerable.getProperty(name)));
            }
        }
        return properties;
    }
}
