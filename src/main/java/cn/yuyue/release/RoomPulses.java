package cn.yuyue.release;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One read of each watched room's line per {@code stream-poll} on this instance, shared by all its
 * ticket streams: 10,000 agents watching one hall cost one Redis read a second, not 10,000. A
 * room's pulse starts with its first watcher and stops with its last.
 */
@Component
class RoomPulses {

    private static final Logger log = LoggerFactory.getLogger(RoomPulses.class);

    private final RedisRooms rooms;
    private final ReleaseProperties properties;
    private final Counter reads;
    private final Map<Room, Flux<RoomState>> pulses = new ConcurrentHashMap<>();

    RoomPulses(RedisRooms rooms, ReleaseProperties properties, MeterRegistry meters) {
        this.rooms = rooms;
        this.properties = properties;
        this.reads = Counter.builder("yuyue.release.room.reads")
                .description("Reads of a room's line for the ticket streams of this instance")
                .register(meters);
    }

    /** The room's line every poll, the latest one replayed to a new watcher. */
    Flux<RoomState> of(Room room) {
        return pulses.computeIfAbsent(room, this::pulse);
    }

    private Flux<RoomState> pulse(Room room) {
        return Flux.interval(properties.streamPoll())
                .onBackpressureDrop()
                .concatMap(tick -> rooms.state(room)
                        .doOnSubscribe(subscription -> reads.increment())
                        // One missed read is not worth ending the streams: the next tick tries again.
                        .onErrorResume(failure -> {
                            log.debug(
                                    "Room read for ticket streams failed, the next one retries: {}",
                                    failure.toString());
                            return Mono.empty();
                        }))
                .doFinally(signal -> pulses.remove(room))
                .replay(1)
                .refCount();
    }
}
