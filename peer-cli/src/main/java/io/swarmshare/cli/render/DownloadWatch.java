package io.swarmshare.cli.render;

import io.swarmshare.cli.CliContext;
import io.swarmshare.cli.CliException;
import io.swarmshare.cli.agent.DownloadView;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Follows one download until it ends: redraws one progress line in place on a terminal, or prints one line about
 * every second otherwise. Ctrl-C stops the watching only; the agent goes on downloading.
 */
public final class DownloadWatch {

    private static final long PLAIN_LINE_EVERY_MS = 1000;
    private static final long BAR_REDRAW_EVERY_MS = 200;
    /** What the agent accepts as the longest wait of a status request. */
    private static final long MAX_WAIT_MS = 5000;

    private final CliContext context;
    private final Path target;
    private final ProgressBar bar = new ProgressBar(24);

    public DownloadWatch(CliContext context, Path target) {
        this.context = context;
        this.target = target;
    }

    public int watch(DownloadView started) {
        Thread watcher = Thread.currentThread();
        Object previous = installInterruptHandler(watcher);
        try {
            return follow(started);
        } finally {
            restoreInterruptHandler(previous);
            Thread.interrupted(); // a late Ctrl-C must not disturb the next command
        }
    }

    private int follow(DownloadView started) {
        PrintWriter out = context.out();
        boolean tty = context.terminalOutput();
        // A status request waits at the agent until the download ends or this much time passes: the end is seen at
        // once, and without a terminal one request per printed line is enough (eight watchers of a flash crowd
        // polling five times a second cost the machine a good part of a core).
        Duration set = context.settings().pollInterval();
        long pollMs = Math.min(set != null ? set.toMillis() : tty ? BAR_REDRAW_EVERY_MS : PLAIN_LINE_EVERY_MS,
                Math.min(MAX_WAIT_MS, context.settings().requestTimeout().toMillis() / 2));
        DownloadView view;
        int drawnWidth = 0;
        long lastPlainLine = 0;
        try {
            // The 202 answer may be partial: the loop always works on full views.
            view = context.agent().download(started.id());
            long watchedSince = System.nanoTime();
            long bytesBefore = view.bytesDone();
            while (true) {
                String line = view.completed()
                        ? bar.finished(view, Duration.ofNanos(System.nanoTime() - watchedSince),
                                view.bytesDone() - bytesBefore)
                        : bar.line(view);
                if (tty) {
                    out.print("\r" + line + " ".repeat(Math.max(0, drawnWidth - line.length())));
                    drawnWidth = line.length();
                    out.flush();
                } else {
                    long now = System.nanoTime() / 1_000_000;
                    // (a tenth of slack: the waits pace this loop at about one line per second already)
                    if (now - lastPlainLine >= PLAIN_LINE_EVERY_MS * 9 / 10 || !view.running()) {
                        out.println(line);
                        out.flush();
                        lastPlainLine = now;
                    }
                }
                if (!view.running()) {
                    break;
                }
                long asked = System.nanoTime();
                view = context.agent().download(started.id(), Duration.ofMillis(pollMs));
                long early = pollMs - (System.nanoTime() - asked) / 1_000_000;
                if (view.running() && early > 0) {
                    Thread.sleep(early); // an agent that does not wait answers at once: poll at the usual pace
                }
            }
        } catch (InterruptedException e) {
            return stoppedWatching(started, tty);
        } catch (CliException e) {
            if (Thread.currentThread().isInterrupted()) {
                return stoppedWatching(started, tty);
            }
            if (tty) {
                out.println();
            }
            throw e;
        }
        if (tty) {
            out.println();
        }
        if (view.completed()) {
            String digest = view.actualDigest() != null ? view.actualDigest() : view.expectedDigest();
            out.println("verified " + view.algorithmName() + " " + (digest == null ? "?" : digest) + " → "
                    + (view.destination() != null ? view.destination() : target));
            return 0;
        }
        StringBuilder reason = new StringBuilder("download of " + view.group() + "/" + view.file() + " failed: "
                + (view.error() == null ? "no reason given" : view.error()));
        if (view.expectedDigest() != null || view.actualDigest() != null) {
            reason.append(" (expected ").append(view.algorithmName()).append(' ').append(view.expectedDigest())
                    .append(", got ").append(view.actualDigest()).append(')');
        }
        throw CliException.refused(reason.toString());
    }

    private int stoppedWatching(DownloadView started, boolean tty) {
        PrintWriter out = context.out();
        if (tty) {
            out.println();
        }
        out.println("stopped watching: download " + started.id() + " goes on in the agent (see show_downloads)");
        out.flush();
        return 0;
    }

    @SuppressWarnings("restriction")
    private static Object installInterruptHandler(Thread watcher) {
        try {
            return sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> watcher.interrupt());
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return null; // no SIGINT here (e.g. -Xrs): Ctrl-C then ends the process, the agent still downloads
        }
    }

    @SuppressWarnings("restriction")
    private static void restoreInterruptHandler(Object previous) {
        if (previous instanceof sun.misc.SignalHandler handler) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal("INT"), handler);
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // nothing to restore
            }
        }
    }
}
