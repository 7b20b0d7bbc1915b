package io.swarmshare.cli.agent;

import io.swarmshare.cli.CliException;
import io.swarmshare.cli.http.JsonHttp;
import io.swarmshare.cli.http.TransportFailure;
import tools.jackson.core.type.TypeReference;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The local agent's control API. Finds it through {@code <agent dir>/control.port} and authenticates with the
 * secret in {@code control.token}; an agent that is not running is reported as one line (exit 3).
 */
public final class AgentClient {

    public static final String CONTROL_HEADER = "X-Swarmshare-Control";
    private static final String WHO = "agent";
    private static final TypeReference<List<DownloadView>> DOWNLOADS = new TypeReference<>() { };

    private final Path agentDir;
    private final JsonHttp http;
    private URI base;
    private String secret;

    public AgentClient(Path agentDir, JsonHttp http) {
        this.agentDir = agentDir;
        this.http = http;
    }

    public Path agentDir() {
        return agentDir;
    }

    public AgentStatus status() {
        return JsonHttp.decode(call("GET", "/v1/status", null), AgentStatus.class, WHO);
    }

    public void putSession(String token, String username) {
        call("PUT", "/v1/session", new AgentSession(token, username));
    }

    public void deleteSession() {
        call("DELETE", "/v1/session", null);
    }

    public ShareResult share(Path path, String group, String algorithm) {
        return JsonHttp.decode(call("POST", "/v1/shares", new ShareRequest(path.toString(), group, algorithm)),
                ShareResult.class, WHO);
    }

    public void stopShare(String group, String name) {
        call("DELETE", "/v1/shares/" + seg(group) + "/" + seg(name), null);
    }

    public DownloadView startDownload(String group, String file, Path destination) {
        return JsonHttp.decode(call("POST", "/v1/downloads", new DownloadRequest(group, file, destination.toString())),
                DownloadView.class, WHO);
    }

    public List<DownloadView> downloads() {
        return JsonHttp.decode(call("GET", "/v1/downloads", null), DOWNLOADS, WHO);
    }

    public DownloadView download(String id) {
        return JsonHttp.decode(call("GET", "/v1/downloads/" + seg(id), null), DownloadView.class, WHO);
    }

    /** The download once it has ended, or as it is after {@code wait} (the agent answers a running one then). */
    public DownloadView download(String id, Duration wait) {
        return JsonHttp.decode(call("GET", "/v1/downloads/" + seg(id) + "?wait=" + wait.toMillis(), null),
                DownloadView.class, WHO);
    }

    public DownloadReportView report(String id) {
        return JsonHttp.decode(call("GET", "/v1/downloads/" + seg(id) + "/report", null), DownloadReportView.class, WHO);
    }

    private static String seg(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpResponse<String> call(String method, String path, Object body) {
        locate();
        HttpResponse<String> response;
        try {
            response = http.send(method, base.resolve(path), body, Map.of(CONTROL_HEADER, secret));
        } catch (TransportFailure failure) {
            if (failure.kind() == TransportFailure.Kind.CONNECT) {
                throw CliException.unreachable("the agent is not running (nothing listens on " + base.getAuthority()
                        + " from " + agentDir.resolve("control.port") + "): start peer-agent");
            }
            throw CliException.unreachable("agent at " + base.getAuthority() + ": " + failure.getMessage());
        }
        if (response.statusCode() / 100 == 2) {
            return response;
        }
        throw JsonHttp.problem(response, WHO);
    }

    private void locate() {
        if (base != null) {
            return;
        }
        String portText = read("control.port");
        int port;
        try {
            port = Integer.parseInt(portText.strip());
        } catch (NumberFormatException e) {
            throw CliException.refused("bad agent control port '" + portText.strip() + "' in "
                    + agentDir.resolve("control.port"));
        }
        if (port <= 0 || port > 65535) {
            throw CliException.refused("bad agent control port " + port + " in " + agentDir.resolve("control.port"));
        }
        secret = read("control.token").strip();
        base = URI.create("http://127.0.0.1:" + port);
    }

    private String read(String name) {
        Path file = agentDir.resolve(name);
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw CliException.unreachable("the agent is not running (no " + file + "): start peer-agent"
                    + " or point --agent-dir / SWARMSHARE_AGENT_DIR at its data directory");
        } catch (IOException e) {
            throw CliException.refused("cannot read " + file + ": " + e.getMessage());
        }
    }
}
