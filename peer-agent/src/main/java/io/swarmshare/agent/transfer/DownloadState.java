package io.swarmshare.agent.transfer;

public enum DownloadState {
    RUNNING, COMPLETED, FAILED
}
