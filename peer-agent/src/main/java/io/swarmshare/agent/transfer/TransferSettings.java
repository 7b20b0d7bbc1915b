package io.swarmshare.agent.transfer;

import io.swarmshare.agent.config.AgentProperties;

import java.time.Duration;

/** The knobs of a download, taken from {@link AgentProperties}. */
public record TransferSettings(Duration pieceTimeout, int maxPieceAttempts, int pipelineDepth, Duration planRefresh) {

    public static TransferSettings from(AgentProperties p) {
        return new TransferSettings(p.pieceTimeout(), p.maxPieceAttempts(), p.pipelineDepth(), p.planRefresh());
    }
}
