package io.swarmshare.common.manifest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PieceLayoutTest {

    private static final int P = PieceLayout.DEFAULT_PIECE_SIZE;

    @Test
    void lastPieceIsShorter() {
        PieceLayout layout = new PieceLayout(2L * P + 10, P);
        assertThat(layout.pieceCount()).isEqualTo(3);
        assertThat(layout.length(0)).isEqualTo(P);
        assertThat(layout.length(2)).isEqualTo(10);
        assertThat(layout.offset(2)).isEqualTo(2L * P);
    }

    @Test
    void emptyFileHasNoPieces() {
        assertThat(new PieceLayout(0, P).pieceCount()).isZero();
    }

    @Test
    void offsetsBeyondFourGibDoNotOverflow() {
        long size = 5L * 1024 * 1024 * 1024 + 123;
        PieceLayout layout = new PieceLayout(size, P);
        int last = layout.pieceCount() - 1;
        assertThat(layout.pieceCount()).isEqualTo(10241);
        assertThat(layout.offset(last)).isEqualTo(5L * 1024 * 1024 * 1024);
        assertThat(layout.length(last)).isEqualTo(123);
    }

    @Test
    void rejectsPieceIndexOutsideTheFile() {
        PieceLayout layout = new PieceLayout(P, P);
        assertThatThrownBy(() -> layout.offset(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> layout.length(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new PieceLayout(-1, P)).isInstanceOf(IllegalArgumentException.class);
    }
}
