package io.swarmshare.cli.tracker;

import io.swarmshare.cli.CliException;
import io.swarmshare.cli.http.JsonHttp;
import io.swarmshare.cli.http.TransportFailure;
import io.swarmshare.common.api.CreateGroupRequest;
import io.swarmshare.common.api.Credentials;
import io.swarmshare.common.api.FileView;
import io.swarmshare.common.api.GroupView;
import io.swarmshare.common.api.JoinRequestView;
import io.swarmshare.common.api.MembershipView;
import io.swarmshare.common.api.SessionView;
import io.swarmshare.common.api.UserView;
import tools.jackson.core.type.TypeReference;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The tracker's REST API ({@code /api/v1}) as seen through one of several gateways. A gateway that refuses the
 * connection, cannot be connected to in time, or answers 502/503 is skipped for the next one; only when all fail
 * does the caller see one line naming them. When a gateway answered that it had no tracker for it (502/503: a leader
 * election, a tracker restarting) they are all asked once more after {@link #SECOND_ROUND_PAUSE}; when none answered
 * at all, the line comes at once.
 */
public final class TrackerClient {

    private static final String WHO = "tracker";
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final TypeReference<List<GroupView>> GROUPS = new TypeReference<>() { };
    private static final TypeReference<List<FileView>> FILES = new TypeReference<>() { };
    private static final TypeReference<List<JoinRequestView>> REQUESTS = new TypeReference<>() { };

    /** Long enough for a Raft election to end (about 1-1.6 s after a leader dies), short enough not to feel stuck. */
    public static final Duration SECOND_ROUND_PAUSE = Duration.ofMillis(1500);

    private final List<URI> gateways;
    private final JsonHttp http;
    private final Supplier<String> token;

    /** {@code token} is asked for only by calls that need a session; it throws "not logged in" when there is none. */
    public TrackerClient(List<URI> gateways, JsonHttp http, Supplier<String> token) {
        if (gateways.isEmpty()) {
            throw new IllegalArgumentException("no gateway configured");
        }
        this.gateways = List.copyOf(gateways);
        this.http = http;
        this.token = token;
    }

    public UserView createUser(String username, String password) {
        return decode(call("POST", "/users", new Credentials(username, password), false), UserView.class);
    }

    public SessionView login(String username, String password) {
        return decode(call("POST", "/sessions", new Credentials(username, password), false), SessionView.class);
    }

    public void logout() {
        call("DELETE", "/sessions/current", null, true);
    }

    public List<GroupView> groups() {
        return JsonHttp.decode(call("GET", "/groups", null, true), GROUPS, WHO);
    }

    public List<GroupView> myGroups() {
        return JsonHttp.decode(call("GET", "/groups/mine", null, true), GROUPS, WHO);
    }

    public GroupView createGroup(String group) {
        return decode(call("POST", "/groups", new CreateGroupRequest(group), true), GroupView.class);
    }

    public MembershipView join(String group) {
        return decode(call("POST", "/groups/" + seg(group) + "/join-requests", null, true), MembershipView.class);
    }

    public List<JoinRequestView> joinRequests(String group) {
        return JsonHttp.decode(call("GET", "/groups/" + seg(group) + "/join-requests", null, true), REQUESTS, WHO);
    }

    public MembershipView accept(String group, String user) {
        return decode(call("POST", "/groups/" + seg(group) + "/join-requests/" + seg(user) + "/accept", null, true),
                MembershipView.class);
    }

    public MembershipView reject(String group, String user) {
        return decode(call("POST", "/groups/" + seg(group) + "/join-requests/" + seg(user) + "/reject", null, true),
                MembershipView.class);
    }

    public MembershipView leave(String group) {
        return decode(call("DELETE", "/groups/" + seg(group) + "/members/me", null, true), MembershipView.class);
    }

    public List<FileView> files(String group) {
        return JsonHttp.decode(call("GET", "/groups/" + seg(group) + "/files", null, true), FILES, WHO);
    }

    private static <T> T decode(HttpResponse<String> response, Class<T> type) {
        return JsonHttp.decode(response, type, WHO);
    }

    static String seg(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Tries each gateway in order; returns the first 2xx answer or throws one line. A write carries one
     * {@code Idempotency-Key} on every attempt: the trackers answer a repeat with the first answer, so a write whose
     * answer was lost (timeout, broken connection, 503) is safe to send again through the next gateway.
     */
    private HttpResponse<String> call(String method, String path, Object body, boolean authenticated) {
        Map<String, String> headers = new HashMap<>();
        if (authenticated) {
            headers.put("Authorization", "Bearer " + token.get());
        }
        if (!"GET".equals(method)) {
            headers.put(IDEMPOTENCY_KEY, UUID.randomUUID().toString());
        }
        Round first = round(method, path, body, headers);
        Round last = first;
        if (first.answer == null && first.unavailable != null) {
            // A gateway is up but had no tracker to give this to: worth one more try once an election is over.
            sleep(SECOND_ROUND_PAUSE);
            last = round(method, path, body, headers);
        }
        if (last.answer != null) {
            return last.answer;
        }
        List<String> failures = last.failures;
        if (failures.size() == 1 && last.unavailable != null) {
            throw JsonHttp.problem(last.unavailable, WHO);
        }
        if (failures.size() == 1 && last.lastUnanswered != null) {
            throw CliException.unreachable("gateway " + last.lastUnanswered);
        }
        throw CliException.unreachable("no gateway reachable (" + String.join("; ", failures) + ")");
    }

    /** One pass over the gateways: the 2xx answer if one gave it; otherwise what each failure was. */
    private static final class Round {
        HttpResponse<String> answer;
        final List<String> failures = new ArrayList<>();
        HttpResponse<String> unavailable;
        String lastUnanswered;
    }

    private Round round(String method, String path, Object body, Map<String, String> headers) {
        Round round = new Round();
        for (URI gateway : gateways) {
            URI uri = URI.create(stripSlash(gateway.toString()) + "/api/v1" + path);
            HttpResponse<String> response;
            try {
                response = http.send(method, uri, body, headers);
            } catch (TransportFailure failure) {
                // A refused connection sent nothing; after a timeout or a broken connection (a frozen or dying
                // gateway) a read is safe to repeat, and so is a write: it carries its idempotency key.
                round.failures.add(gateway + ": " + failure.getMessage());
                round.lastUnanswered = failure.kind() == TransportFailure.Kind.CONNECT
                        ? null : gateway + ": " + failure.getMessage();
                continue;
            }
            int status = response.statusCode();
            if (status == 502 || status == 503) {
                round.failures.add(gateway + ": HTTP " + status);
                round.unavailable = response;
                continue;
            }
            if (status / 100 == 2) {
                round.answer = response;
                return round;
            }
            throw JsonHttp.problem(response, WHO);
        }
        return round;
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String stripSlash(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
