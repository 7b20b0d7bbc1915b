package io.swarmshare.cli;

/**
 * A failure the CLI reports as exactly one line ({@code error: <message>}) with a fixed exit code. Never carries a
 * stack trace to the user.
 */
public class CliException extends RuntimeException {

    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** The tracker or the agent said no, or the operation failed (exit 1). */
    public static CliException refused(String message) {
        return new CliException(ExitCodes.FAILED, message);
    }

    /** The tracker/gateway or the agent could not be reached or did not answer in time (exit 3). */
    public static CliException unreachable(String message) {
        return new CliException(ExitCodes.UNREACHABLE, message);
    }
}
