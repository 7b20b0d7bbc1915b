package io.swarmshare.cli;

/** Implemented by the root command object of a CommandLine; lets each subcommand find the shared context. */
public interface ContextProvider {
    CliContext context();
}
