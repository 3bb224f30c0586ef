package cn.yuyue.verification;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The built-in {@link HumanCheck}: an image captcha (图形验证码) of {@link CaptchaTexts#LENGTH}
 * characters. Only a keyed digest of the answer is stored, bound to the challenge id: whoever reads
 * Redis cannot solve a live challenge, and with a few million possible texts a plain hash would be
 * reversed at once.
 */
final class ImageHumanCheck implements HumanCheck {

    private static final String PNG_DATA_URL = "data:image/png;base64,";
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final int MAX_ANSWER_LENGTH = 16;

    private final CaptchaTexts texts;
    private final CaptchaImages images;
    private final RedisHumanCheckAnswers answers;
    private final Hmac digester;
    private final SecureRandom random;
    private final Clock clock;
    private final Duration ttl;
    private final int tries;

    ImageHumanCheck(
            CaptchaTexts texts,
            CaptchaImages images,
            RedisHumanCheckAnswers answers,
            Hmac secret,
            SecureRandom random,
            Clock clock,
            Duration ttl,
            int tries) {
        this.texts = texts;
        this.images = images;
        this.answers = answers;
        this.digester = secret.derive("yuyue/human-check/v1");
        this.random = random;
        this.clock = clock;
        this.ttl = ttl;
        this.tries = tries;
    }

    @Override
    public Mono<Challenge> challenge(String client) {
        String text = texts.next();
        String id = newId();
        Instant now = clock.instant();
        Instant expiresAt = now.plus(ttl);
        return drawOffTheEventLoop(text)
                .flatMap(png -> answers.store(id, digest(id, text), now, expiresAt, tries)
                        .thenReturn(new Challenge(
                                id, PNG_DATA_URL + Base64.getEncoder().encodeToString(png), expiresAt)));
    }

    @Override
    public Mono<Boolean> solves(String id, String answer, String client) {
        if (id == null || !ID.matcher(id).matches() || answer == null || answer.length() > MAX_ANSWER_LENGTH) {
            return Mono.just(false);
        }
        // Case and surrounding spaces are not what tells a person from a script.
        return answers.solve(id, digest(id, answer.trim().toUpperCase(Locale.ROOT)), clock.instant());
    }

    /**
     * Rasterising and PNG encoding take milliseconds of CPU, too long for an event loop shared by
     * every booking; the endpoint's per-client limit keeps this pool's queue short.
     */
    private Mono<byte[]> drawOffTheEventLoop(String text) {
        return Mono.fromCallable(() -> images.png(text, ThreadLocalRandom.current()))
                .subscribeOn(Schedulers.boundedElastic());
    }

    private String newId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return BASE64URL.encodeToString(bytes);
    }

    private String digest(String id, String text) {
        return Base64.getEncoder().encodeToString(digester.sign(id + ":" + text));
    }
}
