package io.swarmshare.tracker.replication;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What the other trackers say about themselves: Ratis tells a tracker its peers' commit index (and only while it
 * leads), not their applied index, role or term. So every second each tracker asks the others for their own
 * {@code GET /api/v1/cluster} entry and keeps the answer; {@link ClusterController} shows it with its age. The asking
 * runs beside the requests, never in them: a frozen peer costs one bounded call a second, not a slow status page
 * (the gateways' health checks read that page).
 */
@Component
class MemberReports implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(MemberReports.class);
    /** An answer older than this (the peer stopped answering) counts as unreachable. */
    static final Duration FRESH = Duration.ofSeconds(3);
    private static final Duration TIMEOUT = Duration.ofMillis(500);

    /** One tracker's own figures as it last reported them, and when they arrived (System.nanoTime). */
    record Report(String role, Long term, Long commitIndex, Long appliedIndex, long receivedAt) {
    }

    private final RaftNode node;
    private final String selfId;
    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .version(HttpClient.Version.HTTP_1_1).build();
    /** HTTP host:port by tracker id: configured, added through this tracker, or learned from another's answer. */
    private final Map<String, String> httpAddresses = new ConcurrentHashMap<>();
    private final Map<String, Report> reports = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("member-reports").daemon().factory());

    MemberReports(RaftNode node) {
        this.node = node;
        this.selfId = node.selfId().toString();
        node.members().all().forEach(m -> httpAddresses.put(m.id(), m.httpAddress()));
        // also when alone: a single tracker may be joined by others later
        timer.scheduleWithFixedDelay(this::askAll, 1, 1, TimeUnit.SECONDS);
    }

    void rememberAddress(String id, String httpAddress) {
        httpAddresses.put(id, httpAddress);
    }

    String address(String id) {
        return httpAddresses.get(id);
    }

    /** The latest report of {@code id}, if it ever answered. */
    Optional<Report> report(String id) {
        return Optional.ofNullable(reports.get(id));
    }

    static boolean fresh(Report report, long now) {
        return now - report.receivedAt() <= FRESH.toNanos();
    }

    /** Asks the current members (a removed tracker is no longer asked), one after the other: 500 ms each at most. */
    private void askAll() {
        try {
            for (var peer : node.division().getRaftConf().getCurrentPeers()) {
                String id = peer.getId().toString();
                String address = httpAddresses.get(id);
                if (!id.equals(selfId) && address != null) {
                    ask(id, address);
                }
            }
        } catch (RuntimeException e) {
            log.debug("asking the other trackers for their figures failed: {}", e.toString());
        }
    }

    private void ask(String id, String address) {
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create("http://" + address + "/api/v1/cluster"))
                    .timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            log.debug("tracker {} at {} did not answer: {}", id, address, e.toString());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (response.statusCode() != 200) {
            return;
        }
        JsonNode view = json.readTree(response.body());
        if (!id.equals(view.path("selfId").asString(null))) {
            log.warn("{} answers as tracker '{}', not '{}'; its figures are not used", address,
                    view.path("selfId").asString(null), id);
            return;
        }
        long now = System.nanoTime();
        for (JsonNode member : view.path("members")) {
            String memberId = member.path("id").asString(null);
            if (id.equals(memberId)) {
                reports.put(id, new Report(member.path("role").asString(null), number(member, "term"),
                        number(member, "commitIndex"), number(member, "appliedIndex"), now));
            } else if (memberId != null && !memberId.equals(selfId) && member.hasNonNull("httpAddress")) {
                httpAddresses.putIfAbsent(memberId, member.path("httpAddress").asString());
            }
        }
    }

    private static Long number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isNumber() ? null : value.asLong();
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
        http.shutdownNow();
    }
}
