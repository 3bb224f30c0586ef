package cn.yuyue.queue;

import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.hall.HallProblems;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Local run mode only: hands out a hall credential over HTTP without signing in, so that the vendor
 * examples of docs/queue-system-interface.md run as they are. Everywhere else the province operator
 * issues keys through {@link QueueKeyController}. It would give anyone a hall's key, so it lives on
 * the test classpath, which only the local run mode and the tests have, and is not in the production
 * jar; the profile keeps it out of the tests' shared context too.
 */
@RestController
@Profile("local")
@RequestMapping("/api/v1/dev/queue-credentials")
class DevQueueCredentialsController {

    private final QueueCredentials credentials;
    private final HallCatalogue catalogue;

    DevQueueCredentialsController(QueueCredentials credentials, HallCatalogue catalogue) {
        this.credentials = credentials;
        this.catalogue = catalogue;
    }

    @PostMapping("/{hallCode}")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<DevCredential> issue(@PathVariable String hallCode) {
        if (catalogue.hall(hallCode).isEmpty()) {
            return Mono.error(HallProblems.hallNotFound(hallCode));
        }
        return credentials.issue(hallCode).map(DevCredential::of);
    }

    /** The credential with its private key as a PEM file's text, ready for openssl. */
    record DevCredential(String hallCode, String keyId, String privateKeyPem) {

        static DevCredential of(QueueCredentials.IssuedCredential issued) {
            return new DevCredential(
                    issued.hallCode(),
                    issued.keyId(),
                    "-----BEGIN PRIVATE KEY-----\n" + issued.privateKeyPkcs8Base64() + "\n-----END PRIVATE KEY-----\n");
        }
    }
}
