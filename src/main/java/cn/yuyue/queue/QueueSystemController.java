package cn.yuyue.queue;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The halls' queue systems push their state here (办税服务厅窗口排队情况接口).
 * docs/queue-system-interface.md is the vendors' description.
 */
@RestController
@RequestMapping("/api/v1/queue-systems")
@Tag(
        name = "Queue-system interface",
        description =
                "Signed pushes of live queue state from each hall's queue-calling system, and its signed pull of checked-in bookings")
class QueueSystemController {

    private final AcceptingQueueState accepting;
    private final PullingCheckIns pulling;

    QueueSystemController(AcceptingQueueState accepting, PullingCheckIns pulling) {
        this.accepting = accepting;
        this.pulling = pulling;
    }

    /**
     * The body is taken as raw bytes, read without blocking: the signature covers exactly the bytes
     * sent, which a parsed-and-reserialised object would not reproduce.
     */
    @PutMapping("/halls/{hallCode}/state")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            summary = "Push a hall's queue state",
            description = "Signed with the hall's Ed25519 key (X-Queue-Key-Id, X-Queue-Timestamp, X-Queue-Signature). "
                    + "204 accepted; 401 QUEUE_AUTH_FAILED; 403 FORBIDDEN (another hall's key); 400 VALIDATION_FAILED; "
                    + "409 STALE_SEQUENCE.")
    Mono<Void> pushState(
            @PathVariable String hallCode,
            @RequestHeader(name = RequestSignature.KEY_ID_HEADER, required = false) String keyId,
            @RequestHeader(name = RequestSignature.TIMESTAMP_HEADER, required = false) String timestamp,
            @RequestHeader(name = RequestSignature.SIGNATURE_HEADER, required = false) String signature,
            @RequestBody(required = false) Mono<byte[]> body,
            ServerHttpRequest request) {
        String method = request.getMethod().name();
        String path = request.getPath().value();
        return body.defaultIfEmpty(new byte[0])
                .flatMap(bytes ->
                        accepting.accept(new SignedPush(method, path, hallCode, keyId, timestamp, signature, bytes)))
                .flatMap(QueueSystemController::answer);
    }

    private static Mono<Void> answer(AcceptingQueueState.Acceptance acceptance) {
        if (acceptance instanceof AcceptingQueueState.Acceptance.StaleSequence stale) {
            return Mono.error(QueueProblems.staleSequence(stale.sent(), stale.lastAccepted()));
        }
        return Mono.empty();
    }

    /**
     * The signed path line is the path with its query string exactly as sent, so the cursor cannot be
     * changed on the way without breaking the signature; the signed body is empty.
     */
    @GetMapping("/halls/{hallCode}/check-ins")
    @Operation(
            summary = "Pull the hall's checked-in bookings after a cursor, for priority tickets",
            description = "Signed like a push (X-Queue-Key-Id, X-Queue-Timestamp, X-Queue-Signature) over "
                    + "GET, the path with its query string, and the SHA-256 of an empty body. Answers "
                    + "{checkIns: [{appointmentNo, date, start, end, businessTypes, checkedInAt}], cursor}, oldest "
                    + "first, each check-in exactly once when paging on with after={cursor}; no phone, id or name. "
                    + "401 QUEUE_AUTH_FAILED (also for a replayed signature); 403 FORBIDDEN (another hall's key); "
                    + "400 VALIDATION_FAILED (after, limit 1-500, default 100).")
    Mono<PullingCheckIns.CheckInPage> checkIns(
            @PathVariable String hallCode,
            @RequestParam(required = false) String after,
            @RequestParam(required = false) String limit,
            @RequestHeader(name = RequestSignature.KEY_ID_HEADER, required = false) String keyId,
            @RequestHeader(name = RequestSignature.TIMESTAMP_HEADER, required = false) String timestamp,
            @RequestHeader(name = RequestSignature.SIGNATURE_HEADER, required = false) String signature,
            ServerHttpRequest request) {
        String query = request.getURI().getRawQuery();
        String target = request.getPath().value() + (query == null ? "" : "?" + query);
        return pulling.pull(
                new SignedPush(request.getMethod().name(), target, hallCode, keyId, timestamp, signature, new byte[0]),
                after,
                limit);
    }
}
