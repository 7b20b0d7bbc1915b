package io.swarmshare.common.names;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"report.pdf", "a", "..hidden", "name with spaces.txt", "ünïcödé.bin", "a..b"})
    void acceptsOrdinaryNames(String name) {
        assertThat(FileNames.problem(name)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "..", ".", "../etc/passwd", "/etc/passwd", "a/b", "a\\b", "C:evil", "bell\u0007",
            "new\nline", "nul\u0000byte", "del\u007f"})
    void rejectsNamesThatCouldEscapeOrConfuse(String name) {
        assertThat(FileNames.problem(name)).isNotNull();
        assertThatThrownBy(() -> FileNames.requireSafe(name)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsNamesOverTheFileSystemLimitInBytesNotChars() {
        assertThat(FileNames.problem("x".repeat(255))).isNull();
        assertThat(FileNames.problem("x".repeat(256))).contains("longer than 255 bytes");
        assertThat(FileNames.problem("é".repeat(128))).contains("longer than 255 bytes"); // 256 bytes in UTF-8
    }

    @Test
    void accountNamesAreRestrictedToAPortableSet() {
        assertThat(FileNames.accountProblem("user", "alice_01.x-y")).isNull();
        assertThat(FileNames.accountProblem("user", "")).isEqualTo("user name is empty");
        assertThat(FileNames.accountProblem("group", "-lead")).startsWith("group name must be");
        assertThat(FileNames.accountProblem("group", "a b")).isNotNull();
        assertThat(FileNames.accountProblem("group", "x".repeat(65))).isNotNull();
    }
}
