package cn.yuyue.admin.security;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

import cn.yuyue.platform.web.ApiProblem;
import cn.yuyue.platform.web.CommonProblems;
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
 * {@link StaffProperties#hashingThreads()} hashes run at a time so a sign-in storm cannot starve the
 * booking path. At most {@link StaffProperties#hashingQueue()} more wait; beyond that a call is
 * refused at once with 503 TRY_LATER: a queue of thousands would only answer everyone too late.
 */
@Component
class PasswordHashing implements DisposableBean {

    private static final String INITIAL_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final int INITIAL_LENGTH = 16;

    private static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    private final PasswordEncoder encoder;
    private final Scheduler hashing;
    private final int capacity;
    private final AtomicInteger admitted = new AtomicInteger();
    private final RandomGenerator random;
    /** Compared against when the username is unknown, so both answers take equally long. */
    private final String decoy;

    PasswordHashing(StaffProperties properties, RandomGenerator secureRandom) {
        SecureRandom salts = new SecureRandom();
        salts.nextBytes(new byte[16]);
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(
                BCryptPasswordEncoder.BCryptVersion.$2A, properties.passwordStrength(), salts);
        this.encoder = new DelegatingPasswordEncoder("bcrypt", Map.of("bcrypt", bcrypt));
        int threads = properties.hashingThreads() > 0
                ? properties.hashingThreads()
                : Math.max(1, Runtime.getRuntime().availableProcessors());
        int queue = Math.max(0, properties.hashingQueue());
        this.capacity = threads + queue;
        // admit() keeps the work within capacity; the scheduler's own queue just has to hold that much.
        this.hashing = Schedulers.newBoundedElastic(threads, capacity, "password-hashing");
        this.random = secureRandom;
        this.decoy = encoder.encode("decoy-" + secureRandom.nextLong());
    }

    Mono<String> hash(String password) {
        return admit(Mono.fromCallable(() -> encoder.encode(password)));
    }

    /** Whether the password matches; with a null hash (unknown user) it costs the same and fails. */
    Mono<Boolean> matches(String password, String hash) {
        return admit(Mono.fromCallable(() -> {
            boolean matched = encoder.matches(password, hash == null ? decoy : hash);
            return matched && hash != null;
        }));
    }

    /** Whether a call made now would be admitted; a hint, {@link #admit} decides. */
    boolean hasRoom() {
        return admitted.get() < capacity;
    }

    private <T> Mono<T> admit(Mono<T> work) {
        return Mono.defer(() -> {
            if (admitted.incrementAndGet() > capacity) {
                admitted.decrementAndGet();
                return Mono.error(busy());
            }
            return work.subscribeOn(hashing).doFinally(signal -> admitted.decrementAndGet());
        });
    }

    static ApiProblem busy() {
        return CommonProblems.tryLater(
                "Too many sign-ins are being checked right now; try again in a moment", RETRY_AFTER);
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
