package io.swarmshare.systemtest.support;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the runnable jars of the modules are: {@code <root>/<module>/target/<module>-<version>-exec.jar}. The
 * root and version come from failsafe ({@code swarmshare.root}, {@code swarmshare.version}); run from an IDE they
 * default to the parent of the working directory and 0.1.0-SNAPSHOT.
 */
public final class ExecJars {

    public static final String TRACKER = "tracker-service";
    public static final String GATEWAY = "gateway-service";
    public static final String AGENT = "peer-agent";
    public static final String CLI = "peer-cli";

    private ExecJars() {
    }

    public static Path tracker() {
        return of(TRACKER);
    }

    public static Path gateway() {
        return of(GATEWAY);
    }

    public static Path agent() {
        return of(AGENT);
    }

    public static Path cli() {
        return of(CLI);
    }

    /** The exec jar of {@code module}; fails with what to run if it has not been built. */
    public static Path of(String module) {
        String version = System.getProperty("swarmshare.version", "0.1.0-SNAPSHOT");
        Path jar = root().resolve(module).resolve("target").resolve(module + "-" + version + "-exec.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The " + module + " exec jar is missing: " + jar
                    + ". Build it first (bin/mvn -q -B install -DskipTests), or run the system tests through"
                    + " bin/mvn verify, which builds every module before them.");
        }
        return jar;
    }

    /** The repository root (the directory holding the module directories). */
    public static Path root() {
        String configured = System.getProperty("swarmshare.root");
        Path root = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent();
        return root.toAbsolutePath().normalize();
    }
}
