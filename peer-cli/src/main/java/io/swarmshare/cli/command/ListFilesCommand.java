package io.swarmshare.cli.command;

import io.swarmshare.cli.CliContext;
import io.swarmshare.cli.render.Sizes;
import io.swarmshare.cli.render.Table;
import io.swarmshare.common.api.FileView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;

@Command(name = "list_files", description = "List the files shared in a group.")
public final class ListFilesCommand extends CliCommand {

    @Parameters(index = "0", paramLabel = "<group>")
    String group;

    @Override
    protected int execute(CliContext context) {
        List<FileView> files = context.tracker().files(group);
        if (files.isEmpty()) {
            context.out().println("no files shared in " + group + " yet");
            return 0;
        }
        Table table = new Table("NAME", "SIZE", "PIECES", "SEEDERS", "SHARED BY");
        for (FileView f : files) {
            table.row(f.name(), Sizes.human(f.size()), f.pieceCount(), f.seedersOnline(),
                    f.sharedBy() == null || f.sharedBy().isEmpty() ? "-" : String.join(", ", f.sharedBy()));
        }
        context.out().println(table.render());
        return 0;
    }
}
