package cn.yuyue.booking.messaging;

import cn.yuyue.booking.application.BookingJson;
import org.springframework.stereotype.Component;

/**
 * The personal fields of a booking inside an event, encrypted and decrypted together: the
 * taxpayer's id and name, the booking phone, and the request fingerprint (a digest of those three
 * with the slot, which would confirm a guess of them). Everything else stays readable, so the
 * topic can still be keyed, partitioned, inspected and quarantined without a key.
 */
@Component
class PersonalFields {

    /** What an envelope says when its booking's personal fields are encrypted. */
    static final String ENCRYPTED = "AES-256-GCM";

    private final PersonalFieldCipher cipher;

    PersonalFields(PersonalFieldCipher cipher) {
        this.cipher = cipher;
    }

    BookingJson.Flat encrypt(BookingJson.Flat booking, String eventId) {
        return with(
                booking,
                cipher.encrypt(booking.taxpayerId(), eventId, "taxpayerId"),
                cipher.encrypt(booking.taxpayerName(), eventId, "taxpayerName"),
                cipher.encrypt(booking.phone(), eventId, "phone"),
                cipher.encrypt(booking.fingerprint(), eventId, "fingerprint"));
    }

    /** @throws FieldDecryptionException when any of them cannot be decrypted */
    BookingJson.Flat decrypt(BookingJson.Flat booking, String eventId) {
        return with(
                booking,
                cipher.decrypt(booking.taxpayerId(), eventId, "taxpayerId"),
                cipher.decrypt(booking.taxpayerName(), eventId, "taxpayerName"),
                cipher.decrypt(booking.phone(), eventId, "phone"),
                cipher.decrypt(booking.fingerprint(), eventId, "fingerprint"));
    }

    private static BookingJson.Flat with(
            BookingJson.Flat booking, String taxpayerId, String taxpayerName, String phone, String fingerprint) {
        return new BookingJson.Flat(
                booking.id(),
                booking.appointmentSeq(),
                booking.hallCode(),
                booking.date(),
                booking.start(),
                booking.end(),
                booking.status(),
                taxpayerId,
                taxpayerName,
                phone,
                booking.businessTypes(),
                booking.channel(),
                booking.idempotencyKey(),
                fingerprint,
                booking.createdAt(),
                booking.updatedAt(),
                booking.claimedAt());
    }
}
