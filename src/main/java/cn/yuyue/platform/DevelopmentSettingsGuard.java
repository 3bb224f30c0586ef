package cn.yuyue.platform;

import java.util.ArrayList;
import java.util.List;
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
 * that is only safe there: the token secret published in this repository (anyone could mint phone
 * tokens with it), a BCrypt cost below 10 (staff passwords cracked in minutes from a leaked table),
 * the dev SMS outbox (every verification code readable by anyone at {@code /api/v1/dev/sms}), or
 * an event key published here (anyone with read rights on the booking topic could decrypt the
 * taxpayers' names, ids and phones). Runs before any bean is created, like {@link RequiredServicesGuard}.
 */
class DevelopmentSettingsGuard implements BeanFactoryPostProcessor, EnvironmentAware {

    /** The token secret of application-local.yml and application-test.yml; public, so worthless. */
    static final String PUBLISHED_TOKEN_SECRET = "3q2+7yZxQk9vT1dZc2FtcGxlLWRldi1vbmx5LXNlY3JldC0xNzI5";
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
        String secret = environment.getProperty("yuyue.verification.token-secret");
        if (secret != null && PUBLISHED_TOKEN_SECRET.equals(secret.trim())) {
            unsafe.add("yuyue.verification.token-secret is the development secret published in the repository; "
                    + "set a new one (openssl rand -base64 32)");
        }
        Integer strength = environment.getProperty("yuyue.staff.password-strength", Integer.class);
        if (strength != null && strength < LEAST_PASSWORD_STRENGTH) {
            unsafe.add("yuyue.staff.password-strength is " + strength + "; production needs "
                    + LEAST_PASSWORD_STRENGTH + " or more");
        }
        if (environment.getProperty("yuyue.sms.dev-outbox.enabled", Boolean.class, false)) {
            unsafe.add("yuyue.sms.dev-outbox.enabled would let anyone read every SMS sent; use the gateway");
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
