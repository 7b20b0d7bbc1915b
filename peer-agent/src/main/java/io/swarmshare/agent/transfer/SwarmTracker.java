package io.swarmshare.agent.transfer;

import io.swarmshare.common.api.DownloadPlan;

/** What a download needs from the tracker; tests plug in a fake. */
public interface SwarmTracker {

    DownloadPlan plan(String group, String file);

    /** Offers the file to the swarm: partially ({@code complete=false}) while downloading, then whole. */
    void joinSwarm(String group, String file, boolean complete);
}
