package io.swarmshare.agent.storage;

import io.swarmshare.common.names.FileNames;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Where a name that came over the network may land on disk: only directly inside the destination the user chose,
 * never through a symlink that leads elsewhere.
 */
public final class SafePaths {

    private SafePaths() {
    }

    /**
     * Returns {@code destination/name}, creating {@code destination} if absent.
     *
     * @throws UnsafePathException when the name is not a single safe path element, the result would leave the
     *                             destination, or the target is a symlink
     */
    public static Path resolve(Path destination, String name) throws IOException {
        String problem = FileNames.problem(name);
        if (problem != null) {
            throw new UnsafePathException(problem);
        }
        if (destination == null || destination.toString().isEmpty()) {
            throw new UnsafePathException("destination directory is missing");
        }
        Path dir = destination.toAbsolutePath().normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UnsafePathException("destination " + dir + " is not a directory");
        }
        Files.createDirectories(dir);
        Path real = dir.toRealPath();
        Path target;
        try {
            target = real.resolve(name).normalize();
        } catch (InvalidPathException e) {
            throw new UnsafePathException("file name '" + name + "' is not a valid path here");
        }
        if (!target.startsWith(real) || target.equals(real) || !real.equals(target.getParent())) {
            throw new UnsafePathException("file name '" + name + "' would leave the destination directory");
        }
        if (Files.isSymbolicLink(target)) {
            throw new UnsafePathException(target + " is a symbolic link; refusing to write through it");
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new UnsafePathException(target + " exists and is not a regular file");
        }
        return target;
    }

    /** The in-progress sibling {@code <name>.part}, with the same checks as {@link #resolve}. */
    public static Path partFile(Path target) throws IOException {
        Path part = target.resolveSibling(target.getFileName() + ".part");
        if (Files.isSymbolicLink(part)) {
            throw new UnsafePathException(part + " is a symbolic link; refusing to write through it");
        }
        return part;
    }
}
