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
 * @param answerLease   how long one answer to a proposal (accept, decline, or its expiry) holds
 *                      the proposal against a second answer; an answer interrupted by the death of
 *                      its instance keeps it until then, so the answer given again waits that long.
 *                      Keep it well above the longest answer (which may wait up to 20 s for the
 *                      PostgreSQL writer)
 */
@ConfigurationProperties("yuyue.reschedule")
public record RescheduleProperties(
        @DefaultValue("24h") Duration respondWithin,
        @DefaultValue("1m") Duration expireEvery,
        @DefaultValue("30s") Duration answerLease) {}
