package cn.yuyue.platform.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;
import reactor.netty.resources.LoopResources;

/**
 * The event loops of the HTTP server, with one thread of its own that only accepts connections.
 *
 * <p>Reactor Netty's default lets the request loops accept too, between their reads and writes.
 * At a storm that is what slows first: clients open a connection per request in flight, and on a
 * busy loop the listen queue (4096) overflowed; the kernel then drops the client's SYN, which is
 * sent again after 1 s and 3 s. Measured on the 2-core machine, a cold instance under 3,000-6,000
 * requests/s: 230,000 listen-queue overflows and 139,000 SYN retransmissions in 30 s with shared
 * loops, none with an acceptor thread. Multi-second answers at the top of a storm come from there,
 * not from the service's work. The request loops stay as many as Reactor Netty's default.
 *
 * <p>Declaring the factory replaces Boot's (which would use the global, shared resources); it
 * creates these loops at start-up and disposes of them at shutdown, for the server and for the
 * WebClients built on it.
 */
@Configuration(proxyBeanMethods = false)
class HttpServerResources {

    private static final int ACCEPTOR_THREADS = 1;

    @Bean
    ReactorResourceFactory reactorResourceFactory() {
        ReactorResourceFactory factory = new ReactorResourceFactory();
        factory.setUseGlobalResources(false);
        factory.setLoopResourcesSupplier(() ->
                LoopResources.create("reactor-http", ACCEPTOR_THREADS, LoopResources.DEFAULT_IO_WORKER_COUNT, true));
        return factory;
    }
}
