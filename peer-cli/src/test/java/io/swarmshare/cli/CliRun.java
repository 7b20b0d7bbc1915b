package io.swarmshare.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Runs the CLI in-process through its picocli entry and captures what it prints. */
public final class CliRun {

    public record Result(int exitCode, String out, String err) {

        public List<String> errLines() {
            return err.isEmpty() ? List.of() : Arrays.asList(err.split("\\R"));
        }

        public List<String> outLines() {
            return out.isEmpty() ? List.of() : Arrays.asList(out.split("\\R"));
        }

        /** The single stderr line, failing when there is none or more than one. */
        public String errorLine() {
            List<String> lines = errLines();
            if (lines.size() != 1) {
                throw new AssertionError("expected exactly one stderr line, got " + lines.size() + ": " + err);
            }
            return lines.get(0);
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private CliRun() {
    }

    public static Result run(String... args) {
        return run(false, args);
    }

    public static Result run(boolean terminal, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SwarmshareCli.run(args, Map.of(), new PrintWriter(out, true), new PrintWriter(err, true), terminal);
        return new Result(code, out.toString(), err.toString());
    }
}
