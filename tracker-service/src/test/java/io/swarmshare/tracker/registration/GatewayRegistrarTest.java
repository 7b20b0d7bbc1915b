package io.swarmshare.tracker.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.EncodedResource;

import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.json.JsonMapper;

class GatewayRegistrarTest {

    record Call(String method, String path, String secret, String body) {
    }

    final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
    final AtomicInteger failFirst = new AtomicInteger();
    HttpServer gateway;
    GatewayRegistrar registrar;

    URI startGateway(int answer) throws IOException {
        gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        gateway.createContext("/", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                calls.add(new Call(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("X-Swarmshare-Cluster-Secret"), body));
                int status = failFirst.getAndDecrement() > 0 ? 503
                        : exchange.getRequestMethod().equals("DELETE") ? 204 : answer;
                exchange.sendResponseHeaders(status, -1);
            }
        });
        gateway.start();
        return URI.create("http://127.0.0.1:" + gateway.getAddress().getPort());
    }

    GatewayRegistrar registrar(URI gatewayUrl) {
        var timing = new GatewayRegistrationProperties.Registration("", "", "", Duration.ofMillis(100),
                Duration.ofMinutes(1), Duration.ofSeconds(1));
        registrar = new GatewayRegistrar(List.of(gatewayUrl), "t1", URI.create("http://127.0.0.1:8081"), "s3cret",
                timing, JsonMapper.builder().build());
        return registrar;
    }

    @AfterEach
    void stop() {
        if (registrar != null) {
            registrar.close();
        }
        if (gateway != null) {
            gateway.stop(0);
        }
    }

    @Test
    void registersWithTheSecretAndRetriesUntilTheGatewayAccepts() throws Exception {
        failFirst.set(2);
        GatewayRegistrar r = registrar(startGateway(201));
        r.start();

        Call first = calls.poll(5, TimeUnit.SECONDS);
        assertThat(first).isNotNull();
        assertThat(first.method()).isEqualTo("POST");
        assertThat(first.path()).isEqualTo("/gateway/trackers");
        assertThat(first.secret()).isEqualTo("s3cret");
        assertThat(first.body()).contains("\"id\":\"t1\"", "\"url\":\"http://127.0.0.1:8081\"");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!r.registeredEverywhere() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(r.registeredEverywhere()).isTrue();
        Thread.sleep(400);
        assertThat(calls).hasSize(2); // two 503s then one success; no more until the refresh interval
    }

    @Test
    void deregistersWithADelete() throws Exception {
        GatewayRegistrar r = registrar(startGateway(201));

        r.deregister();

        Call call = calls.poll(2, TimeUnit.SECONDS);
        assertThat(call).isEqualTo(new Call("DELETE", "/gateway/trackers/t1", "s3cret", ""));
    }

    @Test
    void aRefusedSecretStopsRetrying() throws Exception {
        GatewayRegistrar r = registrar(startGateway(401));
        r.start();

        Thread.sleep(600);

        assertThat(calls).hasSize(1);
        assertThat(r.registeredEverywhere()).isFalse();
    }

    @Test
    void itsYamlDefaultsMakeShutdownGracefulAndEnableTheProbes() throws Exception {
        PropertySource<?> yaml = new YamlPropertySourceFactory().createPropertySource("registration",
                new EncodedResource(new ClassPathResource("application-registration.yml")));

        assertThat(yaml.getProperty("server.shutdown")).isEqualTo("graceful");
        assertThat(yaml.getProperty("management.endpoint.health.probes.enabled")).isEqualTo(true);
    }
}
