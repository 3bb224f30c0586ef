package cn.yuyue.admin.reschedule;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Rescheduling by agreement (rule 4), under {@code yuyue.reschedule}.
 *
 * @param respondWithin how long the taxpayer has to answer a proposal; the deadline is never
 *                      later than the start of the old or the new slot
 * @param expireEvery   how often unanswered proposals past their deadline are withdrawn
 */
@ConfigurationProperties("yuyue.reschedule")
public record RescheduleProperties(@DefaultValue("24h") Duration respondWithin,
                                   @DefaultValue("1m") Duration expireEvery) {
}
