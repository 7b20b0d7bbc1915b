package io.swarmshare.common.names;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The one rule for names that travel between machines (file, user and group names): a name must be
 * usable as a single path element everywhere, so that no name coming from a tracker can make an agent
 * write outside the destination the user chose.
 */
public final class FileNames {

    /** Bytes in UTF-8; the usual file-system limit for one path element. */
    public static final int MAX_FILE_NAME_BYTES = 255;

    private static final Pattern ACCOUNT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private FileNames() {
    }

    /** Returns the name unchanged if it is a safe single path element, else throws with the reason. */
    public static String requireSafe(String name) {
        String problem = problem(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return name;
    }

    /** Null when the file name is safe, else a sentence saying why not. */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "file name is empty";
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_FILE_NAME_BYTES) {
            return "file name is longer than " + MAX_FILE_NAME_BYTES + " bytes";
        }
        if (name.equals(".") || name.equals("..")) {
            return "file name '" + name + "' is not allowed";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\') {
                return "file name must not contain a path separator";
            }
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                return "file name must not contain control characters";
            }
            if (c == ':' && i == 1 && Character.isLetter(name.charAt(0))) {
                return "file name must not look like a drive path";
            }
        }
        if (name.isBlank()) {
            return "file name is blank";
        }
        return null;
    }

    /** User and group names: 1-64 of letters, digits, '.', '_' or '-', starting with a letter or digit. */
    public static String accountProblem(String kind, String name) {
        if (name == null || name.isEmpty()) {
            return kind + " name is empty";
        }
        if (!ACCOUNT_NAME.matcher(name).matches()) {
            return kind + " name must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit";
        }
        return null;
    }
}
