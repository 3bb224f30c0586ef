package cn.yuyue.booking.application;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

import cn.yuyue.booking.model.Booking;
import cn.yuyue.booking.model.BookingStatus;
import cn.yuyue.booking.model.Channel;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON shape of a booking outside the JVM: the record the live inventory holds and the
 * payload of booking events. Flat and explicit (times as {@code HH:mm}, instants as epoch
 * milliseconds) because the Lua scripts read {@code start} and {@code taxpayerId} from it.
 */
@Component
public class BookingJson {

    private final JsonMapper jsonMapper;

    public BookingJson(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    public String write(Booking booking) {
        return jsonMapper.writeValueAsString(Flat.of(booking));
    }

    public Booking read(String json) {
        return jsonMapper.readValue(json, Flat.class).toBooking();
    }

    /** Nulls are left out: a JSON null would read as true in the Lua scripts. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Flat(
            String id,
            long appointmentSeq,
            String hallCode,
            String date,
            String start,
            String end,
            String status,
            String taxpayerId,
            String taxpayerName,
            String phone,
            List<String> businessTypes,
            String channel,
            String idempotencyKey,
            String fingerprint,
            Long createdAt,
            Long updatedAt,
            Long claimedAt) {

        public static Flat of(Booking booking) {
            return new Flat(
                    booking.id(),
                    booking.appointmentSeq(),
                    booking.hallCode(),
                    booking.date().toString(),
                    booking.start().toString(),
                    booking.end().toString(),
                    booking.status().name(),
                    booking.taxpayerId(),
                    booking.taxpayerName(),
                    booking.phone(),
                    booking.businessTypes(),
                    booking.channel().name(),
                    booking.idempotencyKey(),
                    booking.fingerprint(),
                    booking.createdAt().toEpochMilli(),
                    booking.updatedAt() == null ? null : booking.updatedAt().toEpochMilli(),
                    null);
        }

        public Booking toBooking() {
            return new Booking(
                    id,
                    appointmentSeq,
                    hallCode,
                    LocalDate.parse(date),
                    LocalTime.parse(start),
                    LocalTime.parse(end),
                    BookingStatus.valueOf(status),
                    taxpayerId,
                    taxpayerName,
                    phone,
                    businessTypes,
                    Channel.valueOf(channel),
                    idempotencyKey,
                    fingerprint,
                    Instant.ofEpochMilli(createdAt),
                    updatedAt == null ? null : Instant.ofEpochMilli(updatedAt));
        }
    }
}
