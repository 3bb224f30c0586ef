package cn.yuyue.booking.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/**
 * One appointment: one taxpayer, one hall, one slot, one or more businesses.
 *
 * @param id             global booking id, see {@link BookingId}
 * @param appointmentSeq sequence of the hall-day behind {@link AppointmentNumber}
 * @param phone          the verified mobile number of the agent who booked (personal data)
 * @param idempotencyKey the client's Idempotency-Key of the request that created it
 * @param fingerprint    digest of that request, to tell a replay from a reuse of the key
 */
public record Booking(String id, long appointmentSeq, String hallCode, LocalDate date, LocalTime start,
                      LocalTime end, BookingStatus status, String taxpayerId, String taxpayerName, String phone,
                      List<String> businessTypes, Channel channel, String idempotencyKey, String fingerprint,
                      Instant createdAt, Instant updatedAt) {

    public Booking {
        businessTypes = List.copyOf(businessTypes);
    }

    public String appointmentNo() {
        return AppointmentNumber.format(appointmentSeq);
    }

    public Booking withStatus(BookingStatus newStatus, Instant at) {
        return new Booking(id, appointmentSeq, hallCode, date, start, end, newStatus, taxpayerId, taxpayerName, phone,
                businessTypes, channel, idempotencyKey, fingerprint, createdAt, at);
    }

    public Booking withAppointmentSeq(long seq) {
        return new Booking(id, seq, hallCode, date, start, end, status, taxpayerId, taxpayerName, phone,
                businessTypes, channel, idempotencyKey, fingerprint, createdAt, updatedAt);
    }
}
