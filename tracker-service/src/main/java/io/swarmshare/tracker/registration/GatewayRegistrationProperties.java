package io.swarmshare.tracker.registration;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which gateways this tracker registers with ({@code swarmshare.tracker.gateways}, comma list of base URLs; empty,
 * the default, turns registration off) and how ({@code swarmshare.tracker.registration.*}).
 *
 * @param gateways gateway base URLs, e.g. {@code http://127.0.0.1:8080,http://127.0.0.1:8090}
 * @param registration id, advertised URL, secret and timing; see {@link Registration}
 */
@ConfigurationProperties("swarmshare.tracker")
public record GatewayRegistrationProperties(@DefaultValue("") List<URI> gateways,
                                            @DefaultValue Registration registration) {

    /**
     * @param id the id this tracker registers under; empty = {@code swarmshare.tracker.cluster.self-id}, else
     *     {@code tracker-<port>}
     * @param advertisedUrl the base URL gateways use to reach this tracker; empty = {@code http://127.0.0.1:<port>}
     *     (set it when gateways run elsewhere, e.g. {@code http://tracker-0.tracker-headless:8081})
     * @param secret the gateways' {@code swarmshare.gateway.secret}; empty = {@code swarmshare.tracker.cluster.secret}
     * @param retryInterval wait between attempts while a gateway cannot be reached; default 2 s
     * @param refreshInterval registration is repeated this often so a restarted gateway learns of us; default 15 s
     * @param timeout bound on one call to a gateway; default 2 s
     */
    public record Registration(@DefaultValue("") String id,
                               @DefaultValue("") String advertisedUrl,
                               @DefaultValue("") String secret,
                               @DefaultValue("2s") Duration retryInterval,
                               @DefaultValue("15s") Duration refreshInterval,
                               @DefaultValue("2s") Duration timeout) {

        @Override
        public String toString() {
            return "Registration[id=" + id + ", advertisedUrl=" + advertisedUrl + ", secret="
                    + (secret == null || secret.isEmpty() ? "(none)" : "(set)") + ", retryInterval=" + retryInterval
                    + ", refreshInterval=" + refreshInterval + ", timeout=" + timeout + "]";
        }
    }

    public GatewayRegistrationProperties {
        gateways = gateways == null ? List.of() : List.copyOf(gateways);
        for (URI gateway : gateways) {
            if (gateway.getHost() == null || !gateway.getScheme().matches("https?")) {
                throw new IllegalArgumentException("swarmshare.tracker.gateways: '" + gateway
                        + "' is not a gateway base URL like http://127.0.0.1:8080");
            }
        }
        if (registration == null) {
            registration = new Registration("", "", "", Duration.ofSeconds(2), Duration.ofSeconds(15),
                    Duration.ofSeconds(2));
        }
    }
}
