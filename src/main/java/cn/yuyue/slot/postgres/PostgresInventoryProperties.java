package cn.yuyue.slot.postgres;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The PostgreSQL inventory ({@code yuyue.inventory.store=postgres}), under
 * {@code yuyue.inventory.postgres}.
 *
 * @param bookingsOnly the operator's acknowledgement (true or false) that the PostgreSQL store serves
 *                     bookings, cancellations and slot reads only: check-in, no-show sweeps,
 *                     reschedules and capacity re-plans work on the Redis inventory. Without it
 *                     ({@code false}, the default) start-up with the PostgreSQL store fails, so that
 *                     no deployment runs with those features silently doing nothing
 */
@ConfigurationProperties("yuyue.inventory.postgres")
public record PostgresInventoryProperties(
        @DefaultValue("false") boolean bookingsOnly) {}
