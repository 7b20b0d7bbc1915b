package io.swarmshare.cli;

/** The process exit codes scripts can rely on. */
public final class ExitCodes {
    public static final int OK = 0;
    /** The tracker or agent refused the operation, or it failed. */
    public static final int FAILED = 1;
    /** Missing, extra or malformed arguments; unknown command. */
    public static final int USAGE = 2;
    /** No gateway, or the agent, could be reached (connection refused, timeout, 502/503/504). */
    public static final int UNREACHABLE = 3;

    private ExitCodes() {
    }
}
