package cn.yuyue.booking.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import cn.yuyue.booking.application.BookingJson;
import cn.yuyue.booking.model.Booking;
import cn.yuyue.booking.model.BookingEvent;
import cn.yuyue.booking.model.BookingStatus;
import cn.yuyue.booking.model.Channel;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class BookingEventCodecTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String OTHER_KEY = Base64.getEncoder().encodeToString(new byte[] {
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30,
        31, 32
    });
    private static final String PHONE = "13912345678";
    private static final String TAXPAYER = "340104199001010014";
    private static final String NAME = "欧阳明远";

    private final JsonMapper json = JsonMapper.builder().build();
    private final BookingEventCodec codec = codec(new EventEncryptionProperties("k1", Map.of("k1", KEY), true));

    @Test
    void should_carry_the_personal_fields_encrypted_and_give_them_back() {
        BookingEvent.BookingConfirmed event = confirmed("event-1");

        byte[] bytes = codec.encode(event);

        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(text)
                .doesNotContain(PHONE, TAXPAYER, NAME, event.booking().fingerprint())
                .contains(event.bookingId(), "\"personalData\":\"AES-256-GCM\"");
        assertThat(readable(codec.decode(bytes))).isEqualTo(event);
    }

    @Test
    void should_leave_events_without_personal_data_as_they_were() {
        BookingEvent.BookingCancelled cancelled = new BookingEvent.BookingCancelled(
                "event-2", at(), "B1", "34010101", LocalDate.of(2026, 12, 3), BookingStatus.CANCELLED);

        assertThat(readable(codec.decode(codec.encode(cancelled)))).isEqualTo(cancelled);
    }

    @Test
    void should_read_an_event_written_before_encryption_until_told_not_to() {
        BookingEvent.BookingConfirmed event = confirmed("event-3");
        byte[] plain = json.writeValueAsBytes(new BookingEventCodec.Envelope(
                "BookingConfirmed",
                event.eventId(),
                event.occurredAt().toEpochMilli(),
                event.bookingId(),
                event.hallCode(),
                event.date().toString(),
                null,
                BookingJson.Flat.of(event.booking()),
                null,
                null));
        BookingEventCodec refusing = codec(new EventEncryptionProperties("k1", Map.of("k1", KEY), false));

        assertThat(readable(codec.decode(plain))).isEqualTo(event);
        assertThat(refusing.decode(plain)).isInstanceOf(BookingEventCodec.Decoded.Undecryptable.class);
    }

    @Test
    void should_hand_back_what_travels_in_clear_when_the_key_is_not_listed() {
        BookingEventCodec elsewhere = codec(new EventEncryptionProperties("k7", Map.of("k7", OTHER_KEY), true));
        BookingEvent.BookingConfirmed event = confirmed("event-4");

        BookingEventCodec.Decoded decoded = codec.decode(elsewhere.encode(event));

        assertThat(decoded).isInstanceOfSatisfying(BookingEventCodec.Decoded.Undecryptable.class, undecryptable -> {
            assertThat(undecryptable.envelope().eventId()).isEqualTo("event-4");
            assertThat(undecryptable.envelope().bookingId()).isEqualTo(event.bookingId());
            assertThat(undecryptable.envelope().hallCode()).isEqualTo("34010101");
            assertThat(undecryptable.reason()).contains("key id k7").doesNotContain(PHONE, TAXPAYER, NAME);
        });
    }

    @Test
    void should_refuse_personal_fields_swapped_between_two_events() {
        byte[] first = codec.encode(confirmed("event-5"));
        byte[] second = codec.encode(confirmed("event-6"));
        var firstTree = json.readTree(first);
        var secondTree = json.readTree(second);
        ((tools.jackson.databind.node.ObjectNode) firstTree.get("booking"))
                .put("phone", secondTree.get("booking").get("phone").asString());

        assertThat(codec.decode(json.writeValueAsBytes(firstTree)))
                .isInstanceOfSatisfying(
                        BookingEventCodec.Decoded.Undecryptable.class,
                        undecryptable -> assertThat(undecryptable.reason()).contains("phone", "failed authentication"));
    }

    private BookingEventCodec codec(EventEncryptionProperties properties) {
        PersonalFieldCipher cipher =
                new PersonalFieldCipher(properties.currentKey(), properties.decodedKeys(), new SecureRandom());
        return new BookingEventCodec(json, new PersonalFields(cipher), properties);
    }

    private static BookingEvent readable(BookingEventCodec.Decoded decoded) {
        assertThat(decoded).isInstanceOf(BookingEventCodec.Decoded.Readable.class);
        return ((BookingEventCodec.Decoded.Readable) decoded).event();
    }

    private static BookingEvent.BookingConfirmed confirmed(String eventId) {
        Instant now = at();
        Booking booking = new Booking(
                "34010101-20261203-" + eventId,
                7,
                "34010101",
                LocalDate.of(2026, 12, 3),
                LocalTime.of(9, 0),
                LocalTime.of(9, 30),
                BookingStatus.BOOKED,
                TAXPAYER,
                NAME,
                PHONE,
                List.of("TAX_FILING"),
                Channel.ONLINE,
                "key-" + eventId,
                "fingerprint0123456789abcdef",
                now,
                now);
        return new BookingEvent.BookingConfirmed(eventId, now, booking);
    }

    private static Instant at() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
