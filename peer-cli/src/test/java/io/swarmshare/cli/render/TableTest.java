package io.swarmshare.cli.render;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableTest {

    @Test
    void columnsAlignToTheWidestCellTwoSpacesApart() {
        Table table = new Table("NAME", "SIZE", "SHARED BY")
                .row("report.pdf", "1.2 MiB", "alice")
                .row("a", "12 B", "bob, carol");

        assertThat(table.lines()).containsExactly(
                "NAME        SIZE     SHARED BY",
                "report.pdf  1.2 MiB  alice",
                "a           12 B     bob, carol");
    }

    @Test
    void noTrailingBlanksAndNullCellsShowAsDash() {
        Table table = new Table("A", "B").row("x", null);

        assertThat(table.lines()).containsExactly("A  B", "x  -");
    }

    @Test
    void controlCharactersFromTheServerCannotBreakTheLayout() {
        Table table = new Table("NAME").row("evil\nname\u001b[2J");

        assertThat(table.lines()).hasSize(2);
        assertThat(table.lines().get(1)).isEqualTo("evil name [2J");
    }

    @Test
    void rowWithWrongCellCountIsRejected() {
        assertThatThrownBy(() -> new Table("A", "B").row("only one"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
