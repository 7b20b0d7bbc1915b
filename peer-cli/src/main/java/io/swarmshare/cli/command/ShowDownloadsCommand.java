package io.swarmshare.cli.command;

import io.swarmshare.cli.CliContext;
import io.swarmshare.cli.agent.DownloadView;
import io.swarmshare.cli.render.Eta;
import io.swarmshare.cli.render.Sizes;
import io.swarmshare.cli.render.Table;
import picocli.CommandLine.Command;

import java.util.List;
import java.util.Locale;

@Command(name = "show_downloads", description = "List the agent's downloads: state, progress, rate, ETA or error.")
public final class ShowDownloadsCommand extends CliCommand {

    @Override
    protected int execute(CliContext context) {
        List<DownloadView> downloads = context.agent().downloads();
        if (downloads.isEmpty()) {
            context.out().println("no downloads");
            return 0;
        }
        context.out().println(table(downloads).render());
        return 0;
    }

    static Table table(List<DownloadView> downloads) {
        Table table = new Table("ID", "FILE", "STATE", "DONE", "RATE", "ETA / ERROR");
        for (DownloadView d : downloads) {
            String state = d.state() == null ? "?" : d.state().toLowerCase(Locale.ROOT);
            String last;
            String rate = "-";
            if (d.running()) {
                rate = Sizes.rate(d.rateBytesPerSec());
                last = Eta.format(d.etaSeconds());
            } else if (d.completed()) {
                last = "verified";
            } else {
                last = d.error() == null ? "-" : d.error();
            }
            table.row(d.id(), d.group() + "/" + d.file(), state, String.format(Locale.ROOT, "%.1f%%", d.percent()),
                    rate, last);
        }
        return table;
    }
}
