package io.swarmshare.cli.command;

import io.swarmshare.cli.CliContext;
import io.swarmshare.cli.CliException;
import io.swarmshare.cli.agent.ShareResult;
import io.swarmshare.cli.render.Sizes;
import io.swarmshare.common.manifest.DigestAlgorithm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;

@Command(name = "upload_file", description = "Share a local file in a group (the agent seeds it from where it is).")
public final class UploadFileCommand extends CliCommand {

    @Parameters(index = "0", paramLabel = "<path>")
    String path;

    @Parameters(index = "1", paramLabel = "<group>")
    String group;

    @Option(names = "--sha256", description = "Digest pieces with SHA-256 instead of SHA-1.")
    boolean sha256;

    @Override
    protected int execute(CliContext context) {
        Path file = Path.of(path).toAbsolutePath().normalize();
        if (!Files.exists(file)) {
            throw CliException.refused("no such file: " + file);
        }
        if (!Files.isRegularFile(file)) {
            throw CliException.refused("not a regular file: " + file);
        }
        AgentSessions.ensure(context);
        DigestAlgorithm algorithm = sha256 ? DigestAlgorithm.SHA256 : DigestAlgorithm.SHA1;
        ShareResult r = context.agent().share(file, group, algorithm.name());
        String algorithmName = r.algorithm() != null ? DigestAlgorithm.parse(r.algorithm()).jcaName() : algorithm.jcaName();
        context.out().println("shared " + r.name() + " in " + r.group() + ": " + Sizes.human(r.size())
                + " (" + r.size() + " bytes), " + r.pieces() + (r.pieces() == 1 ? " piece" : " pieces")
                + ", " + algorithmName + " " + r.fileDigest());
        context.out().println(r.joinedExisting()
                ? "joined an existing share of the same content as another seeder"
                : "new share: you are its first seeder");
        return 0;
    }
}
