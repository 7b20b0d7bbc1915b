package io.swarmshare.agent.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SafePathsTest {

    @TempDir
    Path tmp;

    @Test
    void resolvesAPlainNameInsideTheDestinationAndCreatesIt() throws Exception {
        Path dest = tmp.resolve("new/dir");
        Path p = SafePaths.resolve(dest, "movie.mkv");
        assertThat(p).isEqualTo(dest.toRealPath().resolve("movie.mkv"));
        assertThat(Files.isDirectory(dest)).isTrue();
    }

    @Test
    void rejectsDotDotAndDot() {
        assertThatThrownBy(() -> SafePaths.resolve(tmp, "..")).isInstanceOf(UnsafePathException.class);
        assertThatThrownBy(() -> SafePaths.resolve(tmp, ".")).isInstanceOf(UnsafePathException.class);
        assertThatThrownBy(() -> SafePaths.resolve(tmp, "../escape")).isInstanceOf(UnsafePathException.class)
                .hasMessageContaining("separator");
    }

    @Test
    void rejectsAbsolutePathsAndSeparators() {
        assertThatThrownBy(() -> SafePaths.resolve(tmp, "/etc/passwd")).isInstanceOf(UnsafePathException.class);
        assertThatThrownBy(() -> SafePaths.resolve(tmp, "a\\b")).isInstanceOf(UnsafePathException.class);
        assertThatThrownBy(() -> SafePaths.resolve(tmp, "C:evil")).isInstanceOf(UnsafePathException.class);
    }

    @Test
    void rejectsControlCharactersEmptyBlankAndOverLongNames() throws Exception {
        assertThatThrownBy(() -> SafePaths.resolve(tmp, "a\nb")).isInstanceOf(UnsafePathException.class);
        assertThatThrownBy(() -> SafePaths.resolve(tmp, "nul\0")).isInstanceOf(UnsafePathException.class);
        assertThatThrownBy(() -> SafePaths.resolve(tmp, "")).isInstanceOf(UnsafePathException.class);
        assertThatThrownBy(() -> SafePaths.resolve(tmp, "   ")).isInstanceOf(UnsafePathException.class);
        assertThatThrownBy(() -> SafePaths.resolve(tmp, null)).isInstanceOf(UnsafePathException.class);
        assertThatThrownBy(() -> SafePaths.resolve(tmp, "x".repeat(256))).isInstanceOf(UnsafePathException.class)
                .hasMessageContaining("255");
        assertThat(SafePaths.resolve(tmp, "x".repeat(255)).getFileName().toString()).hasSize(255);
    }

    @Test
    void refusesASymlinkTargetThatLeadsOutside() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path dest = Files.createDirectories(tmp.resolve("dest"));
        Files.createSymbolicLink(dest.resolve("file.bin"), outside.resolve("victim"));
        assertThatThrownBy(() -> SafePaths.resolve(dest, "file.bin")).isInstanceOf(UnsafePathException.class)
                .hasMessageContaining("symbolic link");
    }

    @Test
    void refusesASymlinkedPartFile() throws Exception {
        Path dest = Files.createDirectories(tmp.resolve("dest"));
        Files.createSymbolicLink(dest.resolve("file.bin.part"), tmp.resolve("victim"));
        Path target = SafePaths.resolve(dest, "file.bin");
        assertThatThrownBy(() -> SafePaths.partFile(target)).isInstanceOf(UnsafePathException.class);
    }

    @Test
    void aSymlinkedDestinationDirectoryIsResolvedToItsRealPlace() throws Exception {
        Path real = Files.createDirectories(tmp.resolve("real"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        assertThat(SafePaths.resolve(link, "f").getParent()).isEqualTo(real.toRealPath());
    }

    @Test
    void refusesADestinationThatIsAFile() throws Exception {
        Path file = Files.writeString(tmp.resolve("plain"), "x");
        assertThatThrownBy(() -> SafePaths.resolve(file, "f")).isInstanceOf(UnsafePathException.class)
                .hasMessageContaining("not a directory");
    }

    @Test
    void refusesATargetThatIsADirectory() throws Exception {
        Files.createDirectories(tmp.resolve("taken"));
        assertThatThrownBy(() -> SafePaths.resolve(tmp, "taken")).isInstanceOf(UnsafePathException.class);
    }
}
