package io.swarmshare.tracker.registration;

import java.net.URI;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;

import tools.jackson.databind.json.JsonMapper;

/**
 * The tracker's side of gateway membership. Once the application is ready it registers with every gateway in
 * {@code swarmshare.tracker.gateways}. On a graceful stop ({@code kill -TERM}, {@code bin/local quit-tracker N}: the
 * classic {@code quit}) it deregisters first, on {@link ContextClosedEvent}, which comes before the web server's
 * graceful shutdown; then Tomcat drains the requests in flight ({@code server.shutdown=graceful}, at most
 * {@code spring.lifecycle.timeout-per-shutdown-phase}). Those defaults, and the Kubernetes health groups
 * ({@code /actuator/health/liveness}, {@code /readiness}), come from {@code application-registration.yml}.
 */
@Configuration(proxyBeanMethods = false)
@PropertySource(value = "classpath:application-registration.yml", factory = YamlPropertySourceFactory.class)
public class GatewayRegistrationConfig {

    private final GatewayRegistrationProperties properties;
    private final Environment environment;
    private final JsonMapper json;
    private volatile GatewayRegistrar registrar;

    public GatewayRegistrationConfig(GatewayRegistrationProperties properties, Environment environment,
                                     JsonMapper json) {
        this.properties = properties;
        this.environment = environment;
        this.json = json;
    }

    @EventListener
    public void onReady(ApplicationReadyEvent event) {
        if (properties.gateways().isEmpty()) {
            return;
        }
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8081"));
        GatewayRegistrationProperties.Registration r = properties.registration();
        String id = firstNonBlank(r.id(), environment.getProperty("swarmshare.tracker.cluster.self-id"),
                "tracker-" + port);
        URI url = URI.create(firstNonBlank(r.advertisedUrl(), "http://127.0.0.1:" + port));
        String secret = firstNonBlank(r.secret(), environment.getProperty("swarmshare.tracker.cluster.secret"), "");
        registrar = new GatewayRegistrar(properties.gateways(), id, url, secret, r, json);
        registrar.start();
    }

    @EventListener
    public void onClose(ContextClosedEvent event) {
        GatewayRegistrar r = registrar;
        registrar = null;
        if (r != null) {
            r.deregister();
        }
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        return "";
    }
}
