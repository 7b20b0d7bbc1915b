package io.swarmshare.agent.transfer;

import io.netty.channel.EventLoopGroup;
import io.swarmshare.agent.seeding.ShareRegistry;
import io.swarmshare.agent.storage.AgentStore;

import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every download shares: settings, time, who we are, the tracker, the share registry, where state is kept
 * ({@code store} may be null in tests), the Netty client threads, a scheduler for timers and tracker calls, the
 * writer threads (a checked piece's positional write, off the event loop), the whole-file digest thread, and the
 * download rate limit (null = none).
 */
public record TransferContext(TransferSettings settings, Clock clock, String selfPeerId, SwarmTracker tracker,
                              ShareRegistry registry, AgentStore store, EventLoopGroup clientGroup,
                              ScheduledExecutorService scheduler, Executor writer, Executor digester,
                              TokenBucket downloadLimit) {
}
