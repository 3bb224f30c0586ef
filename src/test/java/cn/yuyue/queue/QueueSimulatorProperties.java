package cn.yuyue.queue;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The queue-system simulator of the local run mode ({@code yuyue.queue.simulator.*}): real
 * credentials, real signed HTTP pushes to this instance.
 *
 * @param enabled        on in the local run mode (application-local.yml); the simulator is on the
 *                       test classpath only, so production has nothing to turn on
 * @param minInterval    shortest pause between two pushes of one hall
 * @param maxInterval    longest pause between two pushes of one hall; each pause is random in
 *                       between, so the 334 halls do not push in lock-step
 * @param requestTimeout limit on each simulated push
 */
@ConfigurationProperties("yuyue.queue.simulator")
record QueueSimulatorProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("5s") Duration minInterval,
        @DefaultValue("15s") Duration maxInterval,
        @DefaultValue("5s") Duration requestTimeout) {}
