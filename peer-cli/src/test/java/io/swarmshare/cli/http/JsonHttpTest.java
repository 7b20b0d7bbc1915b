package io.swarmshare.cli.http;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client without TLS set-up still does plain http; the one with it speaks TLS (and distrusts a stranger's cert). */
class JsonHttpTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final WireMockServer server =
            new WireMockServer(options().dynamicPort().dynamicHttpsPort().bindAddress("127.0.0.1"));

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void aPlainHttpClientAnswersWithoutTheDefaultSslContext() throws Exception {
        server.start();
        server.stubFor(get(urlEqualTo("/v1/ping")).willReturn(aResponse().withStatus(200).withBody("{}")));
        HttpClient client = JsonHttp.newClient(TIMEOUT, false);
        assertThat(client.sslContext()).isNotSameAs(SSLContext.getDefault());

        var response = new JsonHttp(client, TIMEOUT, TIMEOUT).send("GET",
                URI.create("http://127.0.0.1:" + server.port() + "/v1/ping"), null, Map.of());
        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void aTlsClientShakesHandsAndRefusesAnUntrustedCertificateAsATransportFailure() throws Exception {
        server.start();
        HttpClient client = JsonHttp.newClient(TIMEOUT, true);
        assertThat(client.sslContext()).isSameAs(SSLContext.getDefault());

        assertThatThrownBy(() -> new JsonHttp(client, TIMEOUT, TIMEOUT).send("GET",
                URI.create("https://127.0.0.1:" + server.httpsPort() + "/v1/ping"), null, Map.of()))
                .isInstanceOf(TransportFailure.class);
    }
}
