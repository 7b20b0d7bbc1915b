package io.swarmshare.cli.command;

import io.swarmshare.cli.CliContext;
import io.swarmshare.cli.ContextProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** Base of every command: finds the context through the root command and runs; failures are CliExceptions. */
public abstract class CliCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this command's help.")
    boolean help;

    @Override
    public final Integer call() {
        CliContext context = ((ContextProvider) spec.root().userObject()).context();
        try {
            return execute(context);
        } finally {
            context.out().flush();
        }
    }

    protected abstract int execute(CliContext context);
}
