package cn.yuyue.queue;

import java.util.List;
import java.util.regex.Pattern;

import cn.yuyue.hall.Hall;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.hall.HallProblems;
import cn.yuyue.platform.web.CommonProblems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/**
 * Live hall queues for taxpayers (办税服务厅实时情况查询): a snapshot and server-sent event streams.
 * Everything is answered from this instance's memory ({@link QueueHub}); the arguments are checked
 * before a stream starts, so a bad one answers problem+json rather than an empty stream.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(
        name = "Live queues",
        description = "Waiting counts and estimated waits of every hall, as a snapshot or a live stream")
class QueueController {

    private static final Pattern CITY_CODE = Pattern.compile("\\d{6}");
    private static final String LAST_EVENT_ID = "Last-Event-ID";

    private final HallCatalogue catalogue;
    private final QueueHub hub;
    private final QueueStreams streams;

    QueueController(HallCatalogue catalogue, QueueHub hub, QueueStreams streams) {
        this.catalogue = catalogue;
        this.hub = hub;
        this.streams = streams;
    }

    @GetMapping("/halls/{hallCode}/queue")
    @Operation(
            summary = "A hall's live queue now",
            description = "stale=true when the hall's queue system has not pushed for a while; a hall that never "
                    + "pushed answers stale with no groups. 404 HALL_NOT_FOUND.")
    HallQueue queue(@PathVariable String hallCode) {
        return hub.current(knownHall(hallCode)).body();
    }

    @GetMapping(path = "/halls/{hallCode}/queue/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(
            summary = "A hall's live queue as server-sent events",
            description = "Event `queue` with the snapshot body and an id; the current state first, then each change; "
                    + "comment heartbeats; honours Last-Event-ID.")
    Flux<ServerSentEvent<HallQueue>> hallStream(
            @PathVariable String hallCode, @RequestHeader(name = LAST_EVENT_ID, required = false) String lastEventId) {
        return streams.stream(List.of(knownHall(hallCode)), lastEventId);
    }

    @GetMapping(path = "/queue/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(
            summary = "Every hall of a city as server-sent events",
            description =
                    "The same events as a hall's stream, for each hall of the city. 400 for a malformed city code, "
                            + "404 CITY_NOT_FOUND for a city without halls.")
    Flux<ServerSentEvent<HallQueue>> cityStream(
            @Parameter(description = "6-digit city code, e.g. 340100 for 合肥市") @RequestParam String city,
            @RequestHeader(name = LAST_EVENT_ID, required = false) String lastEventId) {
        if (!CITY_CODE.matcher(city).matches()) {
            throw CommonProblems.validationFailed("city", "must be a 6-digit city code such as 340100");
        }
        List<String> halls =
                catalogue.halls(city, null).stream().map(Hall::code).toList();
        if (halls.isEmpty()) {
            throw QueueProblems.cityNotFound(city);
        }
        return streams.stream(halls, lastEventId);
    }

    private String knownHall(String hallCode) {
        return catalogue.hall(hallCode).map(Hall::code).orElseThrow(() -> HallProblems.hallNotFound(hallCode));
    }
}
