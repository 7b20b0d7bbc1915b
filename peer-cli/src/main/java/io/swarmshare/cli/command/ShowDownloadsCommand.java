package io.swarmshare.cli.command;

import io.swarmshare.cli.CliContext;
import io.swarmshare.cli.agent.DownloadReportView;
import io.swarmshare.cli.agent.DownloadView;
import io.swarmshare.cli.render.Eta;
import io.swarmshare.cli.render.Sizes;
import io.swarmshare.cli.render.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Locale;

@Command(name = "show_downloads", description = "List the agent's downloads: state, progress, rate, ETA or error;"
        + " with an id, that download and its assignment report (pieces per peer and score band, stolen pieces).")
public final class ShowDownloadsCommand extends CliCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "<id>", description = "A download's id: show its report too.")
    String id;

    @Override
    protected int execute(CliContext context) {
        if (id != null) {
            DownloadView d = context.agent().download(id);
            context.out().println(table(List.of(d)).render());
            context.out().println(report(context.agent().report(id)));
            return 0;
        }
        List<DownloadView> downloads = context.agent().downloads();
        if (downloads.isEmpty()) {
            context.out().println("no downloads");
            return 0;
        }
        context.out().println(table(downloads).render());
        return 0;
    }

    /** The assignment report: a summary line, pieces per score band, then one row per peer. */
    static String report(DownloadReportView r) {
        StringBuilder out = new StringBuilder();
        Double steady = r.steadyRateBytesPerSec() == null ? null : r.steadyRateBytesPerSec().doubleValue();
        out.append(String.format(Locale.ROOT, "assignment: %d/%d pieces fetched in %.2f s (steady %s); stolen %d,"
                        + " endgame duplicates %d (window blockers %d), requeued %d, wasted %s, digest read-back %s%n",
                r.piecesFetched(), r.pieceCount(), r.elapsedMillis() / 1000.0, Sizes.rate(steady), r.stolen(),
                r.duplicates(), r.blockerCopies(), r.requeued(), Sizes.human(r.wastedBytes()),
                Sizes.human(r.digestReadBackBytes())));
        if (r.piecesPerBand() != null) {
            StringBuilder bands = new StringBuilder("pieces per score band:");
            r.piecesPerBand().forEach((band, n) -> bands.append(' ').append(band).append(' ').append(n));
            out.append(bands).append(System.lineSeparator());
        }
        Table peers = new Table("PEER", "PIECES", "SHARE", "RATE", "SCORE", "BAND", "STOLEN FROM", "STOLEN TO", "DUPS",
                "REQUEUED", "LEFT");
        for (DownloadReportView.Peer p : r.peers() == null ? List.<DownloadReportView.Peer>of() : r.peers()) {
            double share = r.piecesFetched() > 0 ? 100.0 * p.pieces() / r.piecesFetched() : 0;
            peers.row(p.peerId().length() > 8 ? p.peerId().substring(0, 8) : p.peerId(), p.pieces(),
                    String.format(Locale.ROOT, "%.1f%%", share), Sizes.rate(p.rateBytesPerSec()),
                    String.format(Locale.ROOT, "%.2f", p.score()), p.band(), p.stolenFrom(), p.stolenTo(),
                    p.duplicates(), p.requeued(), p.left() == null ? "-" : p.left());
        }
        out.append(peers.render());
        return out.toString();
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
