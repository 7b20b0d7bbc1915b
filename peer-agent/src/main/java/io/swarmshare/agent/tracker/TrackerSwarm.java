package io.swarmshare.agent.tracker;

import io.swarmshare.agent.transfer.SwarmTracker;
import io.swarmshare.common.api.DownloadPlan;

/** Downloads' view of the tracker, as this agent's peerId. */
public final class TrackerSwarm implements SwarmTracker {

    private final TrackerClient client;
    private final String peerId;

    public TrackerSwarm(TrackerClient client, String peerId) {
        this.client = client;
        this.peerId = peerId;
    }

    @Override
    public DownloadPlan plan(String group, String file) {
        return client.downloadPlan(group, file, peerId);
    }

    @Override
    public void joinSwarm(String group, String file, boolean complete) {
        client.joinSwarm(group, file, peerId, complete);
    }
}
