package cn.yuyue.admin.checkin;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When a guide may check a booking in, under {@code yuyue.check-in}.
 *
 * @param opensBefore how long before its slot starts a booking may be checked in
 * @param closesAfter how long after its slot ends it still may (zero: until the slot ends; after
 *                    that the booking is a no-show)
 * @param refusedPerTenMinutes check-ins one staff account may get refused for an unknown number or a
 *                    wrong name in 10 minutes; beyond it such a refusal answers 429 RATE_LIMITED without
 *                    its reason, so an account cannot be used to probe who is booked where. A busy desk
 *                    mistypes a few an hour. 0 is off
 */
@ConfigurationProperties("yuyue.check-in")
public record CheckInProperties(
        @DefaultValue("60m") Duration opensBefore,
        @DefaultValue("0m") Duration closesAfter,
        @DefaultValue("20") int refusedPerTenMinutes) {}
