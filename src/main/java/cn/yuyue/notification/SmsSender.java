package cn.yuyue.notification;

import reactor.core.publisher.Mono;

/**
 * The capability to deliver one text message to one mainland mobile number.
 *
 * <p>Exactly one adapter is active: {@link HttpSmsGateway}, the only one this build contains, or in
 * the local run mode and the tests a development outbox from the test classpath that keeps the
 * messages for developers to read. The application refuses to start without one
 * ({@link OneSmsSender}), so an unconfigured deployment never pretends to have sent a code.
 */
public interface SmsSender {

    /**
     * Sends {@code text} to {@code phone}.
     *
     * @param phone a validated 11-digit mainland mobile number
     * @param text  the full message, usually from {@link SmsTemplates#render}
     * @return completes when the provider accepted the message; errors when it did not (the caller
     *         decides whether the user may try again); never retries more than the adapter states
     */
    Mono<Void> send(String phone, String text);
}
