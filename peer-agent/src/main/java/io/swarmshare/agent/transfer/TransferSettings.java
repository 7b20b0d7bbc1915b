package io.swarmshare.agent.transfer;

import io.swarmshare.agent.config.AgentProperties;

import java.time.Duration;

/**
 * The knobs of a download, taken from {@link AgentProperties}. {@code pipelineDepth} is the most requests one peer
 * is asked for at once (the adaptive pipeline stays below it); {@code digestHoldBytes} bounds the out-of-order
 * verified pieces kept for the whole-file digest; {@code downloadRateLimit} is bytes/s for all downloads, 0 = none;
 * {@code directWrites}: verified pieces go to the part file with O_DIRECT where possible ({@link PartFile}).
 */
public record TransferSettings(Duration pieceTimeout, int maxPieceAttempts, int pipelineDepth, Duration planRefresh,
                               long digestHoldBytes, long downloadRateLimit, boolean directWrites) {

    public static final long DEFAULT_DIGEST_HOLD_BYTES = 16L * 1024 * 1024;

    public TransferSettings(Duration pieceTimeout, int maxPieceAttempts, int pipelineDepth, Duration planRefresh) {
        this(pieceTimeout, maxPieceAttempts, pipelineDepth, planRefresh, DEFAULT_DIGEST_HOLD_BYTES, 0, true);
    }

    public static TransferSettings from(AgentProperties p) {
        return new TransferSettings(p.pieceTimeout(), p.maxPieceAttempts(), p.pipelineDepth(), p.planRefresh(),
                DEFAULT_DIGEST_HOLD_BYTES, p.downloadRateLimit().toBytes(), p.directWrites());
    }
}
