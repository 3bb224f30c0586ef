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
 */
@ConfigurationProperties("yuyue.check-in")
public record CheckInProperties(@DefaultValue("60m") Duration opensBefore, @DefaultValue("0m") Duration closesAfter) {
}
