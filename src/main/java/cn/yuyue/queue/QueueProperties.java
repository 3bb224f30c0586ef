package cn.yuyue.queue;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the live hall queues ({@code yuyue.queue.*}).
 *
 * @param staleAfter            a hall with no accepted push for this long is shown as {@code stale}:
 *                              queue systems push every few seconds, so two minutes of silence means
 *                              the hall's system or its network is down, not that the queue is quiet
 * @param staleSweepInterval    how often every hall is checked for turning stale; watchers learn of a
 *                              hall turning stale at most this late
 * @param heartbeat             interval of the SSE comment heartbeat; under the 15 s the contract
 *                              promises, and short enough that proxies with 30-60 s idle timeouts keep
 *                              the connection open
 * @param signatureWindow       how far a request's {@code X-Queue-Timestamp} may be from our clock;
 *                              seen signatures are remembered for twice this long, so a captured
 *                              request cannot be replayed at all
 * @param keyCacheTtl           how long a public key read from PostgreSQL is trusted before it is read
 *                              again; a key revoked on another instance stops working at most this late
 * @param averageServiceMinutes minutes one window needs per ticket, used to estimate the wait of a
 *                              group whose queue system sends no {@code estimatedWaitMinutes}
 * @param serviceMinutesByGroup per window-group override of {@code averageServiceMinutes}, keyed by the
 *                              group name the queue systems send (e.g. {@code 发票业务: 5})
 * @param stateRetention        how long Redis keeps a hall's latest state after its last push; a hall
 *                              silent for longer answers as if it never pushed
 * @param storeTimeout          limit on each Redis or PostgreSQL call of this feature; the intake fails rather than
 *                              holding a queue system's request open
 * @param failedSignaturesPerMinute requests from one client address that may fail authentication in a
 *                              minute; beyond it the address is refused {@code 429} until the minute
 *                              is over ({@link FailedSignatureThrottle})
 */
@ConfigurationProperties("yuyue.queue")
record QueueProperties(
        @DefaultValue("2m") Duration staleAfter,
        @DefaultValue("5s") Duration staleSweepInterval,
        @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("5m") Duration signatureWindow,
        @DefaultValue("1m") Duration keyCacheTtl,
        @DefaultValue("6") double averageServiceMinutes,
        Map<String, Double> serviceMinutesByGroup,
        @DefaultValue("7d") Duration stateRetention,
        @DefaultValue("3s") Duration storeTimeout,
        @DefaultValue("20") int failedSignaturesPerMinute) {

    QueueProperties {
        serviceMinutesByGroup = serviceMinutesByGroup == null ? Map.of() : Map.copyOf(serviceMinutesByGroup);
    }

    /** Minutes one window needs per ticket of this group. */
    double serviceMinutes(String group) {
        return serviceMinutesByGroup.getOrDefault(group, averageServiceMinutes);
    }
}
