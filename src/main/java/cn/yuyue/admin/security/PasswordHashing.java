package cn.yuyue.admin.security;

import java.security.SecureRandom;
import java.util.Map;
import java.util.random.RandomGenerator;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Hashes and checks staff passwords with BCrypt (an adaptive hash: its cost grows with
 * {@link StaffProperties#passwordStrength()}). Each call burns tens of milliseconds of CPU on
 * purpose, so it runs on its own named scheduler, never on an event-loop thread, and at most
 * one hash per core runs at a time so a sign-in storm cannot starve the booking path.
 */
@Component
class PasswordHashing implements DisposableBean {

    private static final String INITIAL_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final int INITIAL_LENGTH = 16;

    private final PasswordEncoder encoder;
    private final Scheduler hashing;
    private final RandomGenerator random;
    /** Compared against when the username is unknown, so both answers take equally long. */
    private final String decoy;

    PasswordHashing(StaffProperties properties, RandomGenerator secureRandom) {
        SecureRandom salts = new SecureRandom();
        salts.nextBytes(new byte[16]);
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(BCryptPasswordEncoder.BCryptVersion.$2A,
                properties.passwordStrength(), salts);
        this.encoder = new DelegatingPasswordEncoder("bcrypt", Map.of("bcrypt", bcrypt));
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        this.hashing = Schedulers.newBoundedElastic(threads, 10_000, "password-hashing");
        this.random = secureRandom;
        this.decoy = encoder.encode("decoy-" + secureRandom.nextLong());
    }

    Mono<String> hash(String password) {
        return Mono.fromCallable(() -> encoder.encode(password)).subscribeOn(hashing);
    }

    /** Whether the password matches; with a null hash (unknown user) it costs the same and fails. */
    Mono<Boolean> matches(String password, String hash) {
        return Mono.fromCallable(() -> {
            boolean matched = encoder.matches(password, hash == null ? decoy : hash);
            return matched && hash != null;
        }).subscribeOn(hashing);
    }

    /** A fresh initial password: 16 characters, no look-alikes (about 92 bits). */
    String initialPassword() {
        StringBuilder password = new StringBuilder(INITIAL_LENGTH);
        for (int i = 0; i < INITIAL_LENGTH; i++) {
            password.append(INITIAL_ALPHABET.charAt(random.nextInt(INITIAL_ALPHABET.length())));
        }
        return password.toString();
    }

    @Override
    public void destroy() {
        hashing.dispose();
    }
}
