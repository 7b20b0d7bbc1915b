package io.swarmshare.cli.agent;

import java.util.List;

/** GET /v1/status. {@code user} is null while the agent has no session. */
public record AgentStatus(String peerId, String user, String listenHost, int listenPort, List<String> gateways,
                          boolean online) {
}
