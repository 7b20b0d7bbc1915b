package io.swarmshare.cli;

import io.swarmshare.cli.command.AcceptRequestCommand;
import io.swarmshare.cli.command.CreateGroupCommand;
import io.swarmshare.cli.command.CreateUserCommand;
import io.swarmshare.cli.command.DownloadFileCommand;
import io.swarmshare.cli.command.ExitCommand;
import io.swarmshare.cli.command.JoinGroupCommand;
import io.swarmshare.cli.command.LeaveGroupCommand;
import io.swarmshare.cli.command.ListFilesCommand;
import io.swarmshare.cli.command.ListGroupsCommand;
import io.swarmshare.cli.command.ListMyGroupsCommand;
import io.swarmshare.cli.command.ListRequestsCommand;
import io.swarmshare.cli.command.LoginCommand;
import io.swarmshare.cli.command.LogoutCommand;
import io.swarmshare.cli.command.RejectRequestCommand;
import io.swarmshare.cli.command.ShowDownloadsCommand;
import io.swarmshare.cli.command.StopShareCommand;
import io.swarmshare.cli.command.UploadFileCommand;
import io.swarmshare.cli.http.JsonHttp;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.util.List;

/**
 * Builds the command tree (the same for one-shot runs and the shell) and decides how failures look: always one line
 * on stderr, exit 2 for usage errors, the CliException's code otherwise.
 */
public final class Commands {

    private Commands() {
    }

    public static CommandLine commandLine(Object root, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(root);
        for (Object command : List.of(new CreateUserCommand(), new LoginCommand(), new LogoutCommand(),
                new CreateGroupCommand(), new JoinGroupCommand(), new LeaveGroupCommand(), new ListRequestsCommand(),
                new AcceptRequestCommand(), new RejectRequestCommand(), new ListGroupsCommand(),
                new ListMyGroupsCommand(), new ListFilesCommand(), new UploadFileCommand(), new DownloadFileCommand(),
                new ShowDownloadsCommand(), new StopShareCommand(), new ExitCommand())) {
            cl.addSubcommand(command);
        }
        cl.addSubcommand("help", new CommandLine.HelpCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setUsageHelpWidth(100);
        cl.setParameterExceptionHandler(parameterExceptionHandler());
        cl.setExecutionExceptionHandler(executionExceptionHandler());
        return cl;
    }

    static IParameterExceptionHandler parameterExceptionHandler() {
        return (ParameterException ex, String[] args) -> {
            CommandLine cl = ex.getCommandLine();
            PrintWriter err = cl.getErr();
            boolean atRoot = cl.getParent() == null;
            if (ex instanceof UnmatchedArgumentException unmatched && atRoot) {
                String word = unmatched.getUnmatched().isEmpty() ? "" : unmatched.getUnmatched().get(0);
                if (!word.startsWith("-")) {
                    err.println("error: unknown command '" + word + "': run 'help' to list the commands");
                    err.flush();
                    return ExitCodes.USAGE;
                }
            }
            String problem;
            if (ex instanceof UnmatchedArgumentException unmatched) {
                problem = "unexpected argument" + (unmatched.getUnmatched().size() > 1 ? "s" : "") + " "
                        + String.join(" ", unmatched.getUnmatched().stream().map(a -> "'" + a + "'").toList());
            } else {
                problem = JsonHttp.oneLine(ex.getMessage());
                problem = problem.isEmpty() ? problem : Character.toLowerCase(problem.charAt(0)) + problem.substring(1);
            }
            err.println("error: " + problem + " (usage: " + synopsis(cl.getCommandSpec()) + ")");
            err.flush();
            return ExitCodes.USAGE;
        };
    }

    static IExecutionExceptionHandler executionExceptionHandler() {
        return (Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) -> {
            PrintWriter err = cl.getErr();
            cl.getOut().flush();
            if (ex instanceof CliException cli) {
                err.println("error: " + JsonHttp.oneLine(String.valueOf(cli.getMessage())));
                err.flush();
                return cli.exitCode();
            }
            String message = ex.getMessage() == null ? "" : ": " + JsonHttp.oneLine(ex.getMessage());
            err.println("error: unexpected failure (" + ex.getClass().getSimpleName() + message + ")");
            err.flush();
            return ExitCodes.FAILED;
        };
    }

    /** One line: {@code login <user> <password>}, {@code upload_file [--sha256] <path> <group>}. */
    public static String synopsis(CommandSpec spec) {
        StringBuilder sb = new StringBuilder(spec.qualifiedName().strip());
        for (OptionSpec option : spec.options()) {
            if (option.usageHelp() || option.versionHelp() || option.hidden()) {
                continue;
            }
            sb.append(" [").append(option.longestName());
            if (option.arity().max() > 0) {
                sb.append(' ').append(option.paramLabel());
            }
            sb.append(']');
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (p.hidden()) {
                continue;
            }
            sb.append(' ').append(p.arity().min() == 0 ? "[" + p.paramLabel() + "]" : p.paramLabel());
        }
        if (!spec.subcommands().isEmpty()) {
            sb.append(" [command]");
        }
        return sb.toString().strip();
    }
}
