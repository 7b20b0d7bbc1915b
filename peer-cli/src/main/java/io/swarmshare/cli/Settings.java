package io.swarmshare.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the CLI talks to and how long it waits. Each value comes from its option, else its environment variable,
 * else the default below.
 *
 * @param gateways       --gateway / SWARMSHARE_GATEWAYS, comma-separated, tried in order (http://127.0.0.1:8080)
 * @param agentDir       --agent-dir / SWARMSHARE_AGENT_DIR, holds control.port and control.token (./data/agent)
 * @param home           --home / SWARMSHARE_HOME, keeps session and history (~/.swarmshare)
 * @param connectTimeout --connect-timeout / SWARMSHARE_CONNECT_TIMEOUT (3s)
 * @param requestTimeout --request-timeout / SWARMSHARE_REQUEST_TIMEOUT (15s)
 * @param pollInterval   --poll-interval / SWARMSHARE_POLL_INTERVAL, download progress polling; null if not given (then
 *                       200ms on a terminal, 1s otherwise: see DownloadWatch)
 */
public record Settings(List<URI> gateways, Path agentDir, Path home, Duration connectTimeout, Duration requestTimeout,
                       Duration pollInterval) {

    public static final String DEFAULT_GATEWAY = "http://127.0.0.1:8080";

    /** Options given on the command line; any may be null (then the environment or the default decides). */
    public record Overrides(List<String> gateways, Path agentDir, Path home, String connectTimeout,
                            String requestTimeout, String pollInterval) {
    }

    public static Settings resolve(Overrides o, Map<String, String> env) {
        List<String> gatewayTexts = o.gateways() != null && !o.gateways().isEmpty()
                ? o.gateways()
                : List.of(env.getOrDefault("SWARMSHARE_GATEWAYS", DEFAULT_GATEWAY).split(","));
        List<URI> gateways = new ArrayList<>();
        for (String text : gatewayTexts) {
            if (!text.isBlank()) {
                gateways.add(gateway(text.strip()));
            }
        }
        if (gateways.isEmpty()) {
            throw new CliException(ExitCodes.USAGE, "no gateway given: use --gateway URL or SWARMSHARE_GATEWAYS");
        }
        Path agentDir = o.agentDir() != null ? o.agentDir() : Path.of(env.getOrDefault("SWARMSHARE_AGENT_DIR", "data/agent"));
        Path home = o.home() != null ? o.home()
                : env.containsKey("SWARMSHARE_HOME") ? Path.of(env.get("SWARMSHARE_HOME"))
                : Path.of(System.getProperty("user.home"), ".swarmshare");
        return new Settings(List.copyOf(gateways), agentDir.toAbsolutePath().normalize(), home.toAbsolutePath().normalize(),
                duration("--connect-timeout", pick(o.connectTimeout(), env, "SWARMSHARE_CONNECT_TIMEOUT", "3s")),
                duration("--request-timeout", pick(o.requestTimeout(), env, "SWARMSHARE_REQUEST_TIMEOUT", "15s")),
                optionalDuration("--poll-interval", pick(o.pollInterval(), env, "SWARMSHARE_POLL_INTERVAL", null)));
    }

    private static Duration optionalDuration(String option, String text) {
        return text == null ? null : duration(option, text);
    }

    private static String pick(String option, Map<String, String> env, String variable, String fallback) {
        return option != null ? option : env.getOrDefault(variable, fallback);
    }

    static URI gateway(String text) {
        try {
            URI uri = URI.create(text);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "bad gateway URL '" + text + "' (expected e.g. " + DEFAULT_GATEWAY + ")");
        }
    }

    /** "500ms", "3s", "2m", a plain number of seconds, or ISO-8601 ("PT3S"); must be positive. */
    public static Duration duration(String name, String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        Duration d;
        try {
            if (t.startsWith("pt")) {
                d = Duration.parse(t.toUpperCase(Locale.ROOT));
            } else if (t.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).strip()));
            } else if (t.endsWith("s")) {
                d = Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1).strip()) * 1000));
            } else if (t.endsWith("m")) {
                d = Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1).strip()) * 60);
            } else {
                d = Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            d = null;
        }
        if (d == null || d.isNegative() || d.isZero()) {
            throw new CliException(ExitCodes.USAGE, "bad duration for " + name + ": '" + text + "' (e.g. 500ms, 3s, 2m)");
        }
        return d;
    }
}
