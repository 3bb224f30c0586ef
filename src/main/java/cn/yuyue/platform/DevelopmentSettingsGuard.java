package cn.yuyue.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * Refuses to start outside the development profiles ({@code local}, {@code test}) with a setting
 * that is only safe there: a secret published in this repository (the token secret would let anyone
 * mint phone tokens, the operator's first password would let anyone take the operator account of a
 * fresh installation, an event key would let anyone with read rights on the booking topic decrypt the
 * taxpayers' names, ids and phones), a BCrypt cost below 10 (staff passwords cracked in minutes from
 * a leaked table), an SMS gateway reached without TLS (codes readable on the wire; the laptop
 * cluster's SMS sink is such a gateway), or a switch of the development helpers (SMS outbox, queue
 * simulator). Those helpers are not in the production jar at all; their switches are refused anyway,
 * since they show a development configuration copied into production. Runs before any bean is
 * created, like {@link RequiredServicesGuard}.
 */
class DevelopmentSettingsGuard implements BeanFactoryPostProcessor, EnvironmentAware {

    /** The token secret of application-local.yml and application-test.yml; public, so worthless. */
    static final String PUBLISHED_TOKEN_SECRET = "3q2+7yZxQk9vT1dZc2FtcGxlLWRldi1vbmx5LXNlY3JldC0xNzI5";

    /**
     * Every secret this repository publishes, by the property it goes into: the development profiles'
     * token secret, the embedded servers' database passwords (src/test), and the laptop cluster's
     * credentials (k8s/overlays/local/secret.yaml). DevelopmentSettingsGuardTest fails when one of
     * those files holds a secret missing here.
     */
    static final Map<String, Set<String>> PUBLISHED_SECRETS = Map.of(
            "yuyue.verification.token-secret",
            Set.of(PUBLISHED_TOKEN_SECRET, "bG9jYWwtY2x1c3Rlci1vbmx5LXRva2VuLXNlY3JldC0wMDE="),
            "spring.r2dbc.password",
            Set.of("yuyue_app", "yuyue-app-local"),
            "spring.flyway.password",
            Set.of("yuyue_owner", "yuyue-owner-local"),
            "yuyue.staff.operator-initial-password",
            Set.of("operator-local-first"),
            "yuyue.sms.gateway.token",
            Set.of("sms-sink-local"));

    /** Switches of helpers that only the test classpath contains. */
    static final List<String> DEVELOPMENT_SWITCHES =
            List.of("yuyue.sms.dev-outbox.enabled", "yuyue.queue.simulator.enabled");

    static final int LEAST_PASSWORD_STRENGTH = 10;
    /**
     * The event keys of application-test.yml, application-local.yml and the local Kubernetes
     * overlay: public, so they protect nothing.
     */
    static final Set<String> PUBLISHED_EVENT_KEYS = Set.of(
            "qXlHdjxjxRXIUuWIKA0X3Ny2vjZr22hMzC38tZCLmLE=",
            "G402LQE14IY/8JDIxMZyXh4LMn94nh3gqzKJ/iP/kCc=",
            "+h3684O8tHT5sm+UCstmum/GWimvKrGMhXJ5OvvBkYM=",
            "q0IJP4yD9pJmMY9BxhkXhEtBEv0G3x3ph0uKLg0gal0=");

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        List<String> unsafe = unsafeSettings(environment);
        if (!unsafe.isEmpty()) {
            throw new IllegalStateException("yuyue refuses to start with development settings outside the local "
                    + "and test profiles: " + String.join("; ", unsafe));
        }
    }

    static List<String> unsafeSettings(Environment environment) {
        List<String> unsafe = new ArrayList<>();
        if (environment.acceptsProfiles(Profiles.of("local | test"))) {
            return unsafe;
        }
        PUBLISHED_SECRETS.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(secret -> {
            String value = environment.getProperty(secret.getKey());
            if (value != null && secret.getValue().contains(value.trim())) {
                unsafe.add(secret.getKey() + " is a development value published in the repository; set a secret of "
                        + "this installation's own (e.g. openssl rand -base64 32)");
            }
        });
        Integer strength = environment.getProperty("yuyue.staff.password-strength", Integer.class);
        if (strength != null && strength < LEAST_PASSWORD_STRENGTH) {
            unsafe.add("yuyue.staff.password-strength is " + strength + "; production needs " + LEAST_PASSWORD_STRENGTH
                    + " or more");
        }
        String gateway = environment.getProperty("yuyue.sms.gateway.url", "");
        if (!gateway.isBlank() && !gateway.trim().toLowerCase(Locale.ROOT).startsWith("https://")) {
            unsafe.add("yuyue.sms.gateway.url is not https: every verification code would cross the network in clear");
        }
        for (String helper : DEVELOPMENT_SWITCHES) {
            if (environment.getProperty(helper, Boolean.class, false)) {
                unsafe.add(helper + " switches on a development helper that this build does not contain; remove it");
            }
        }
        eventKeys(environment).forEach((id, key) -> {
            if (key != null && PUBLISHED_EVENT_KEYS.contains(key.trim())) {
                unsafe.add("yuyue.events.encryption.keys." + id + " is a development key published in the "
                        + "repository; set a new one (head -c 32 /dev/urandom | base64)");
            }
        });
        return unsafe;
    }

    private static Map<String, String> eventKeys(Environment environment) {
        return Binder.get(environment)
                .bind("yuyue.events.encryption.keys", Bindable.mapOf(String.class, String.class))
                .orElse(Map.of());
    }
}
