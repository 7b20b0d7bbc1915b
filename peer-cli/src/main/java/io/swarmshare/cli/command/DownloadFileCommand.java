package io.swarmshare.cli.command;

import io.swarmshare.cli.CliContext;
import io.swarmshare.cli.agent.DownloadView;
import io.swarmshare.cli.render.DownloadWatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

@Command(name = "download_file", description = "Download a group's file; shows progress until it is verified.")
public final class DownloadFileCommand extends CliCommand {

    @Parameters(index = "0", paramLabel = "<group>")
    String group;

    @Parameters(index = "1", paramLabel = "<file>")
    String file;

    @Parameters(index = "2", paramLabel = "<destination>")
    String destination;

    @Option(names = "--no-wait", description = "Start the download and return; follow it with show_downloads.")
    boolean noWait;

    @Override
    protected int execute(CliContext context) {
        Path target = Path.of(destination).toAbsolutePath().normalize();
        AgentSessions.ensure(context);
        DownloadView started = context.agent().startDownload(group, file, target);
        if (noWait) {
            context.out().println("download " + started.id() + " started: " + group + "/" + file + " → "
                    + (started.destination() != null ? started.destination() : target)
                    + " (follow it with show_downloads)");
            return 0;
        }
        return new DownloadWatch(context, target).watch(started);
    }
}
