package io.swarmshare.agent.transfer;

import org.junit.jupiter.api.Test;

import java.util.BitSet;

import static org.assertj.core.api.Assertions.assertThat;

class PiecePickerTest {

    private static BitSet bits(int... pieces) {
        BitSet b = new BitSet();
        for (int p : pieces) {
            b.set(p);
        }
        return b;
    }

    @Test
    void picksTheRarestPieceFirst() {
        PiecePicker picker = new PiecePicker(4, new BitSet());
        picker.peerHas(bits(0, 1, 2, 3));
        picker.peerHas(bits(0, 1, 3));
        picker.peerHas(bits(0, 3));
        // availability: 0→3, 1→2, 2→1, 3→3
        assertThat(picker.pick(bits(0, 1, 2, 3), i -> true)).isEqualTo(2);
        assertThat(picker.pick(bits(0, 1, 2, 3), i -> true)).isEqualTo(1);
    }

    @Test
    void breaksTiesByLowestIndex() {
        PiecePicker picker = new PiecePicker(5, new BitSet());
        picker.peerHas(bits(1, 2, 3, 4));
        assertThat(picker.pick(bits(1, 2, 3, 4), i -> true)).isEqualTo(1);
        assertThat(picker.pick(bits(1, 2, 3, 4), i -> true)).isEqualTo(2);
    }

    @Test
    void neverPicksAPieceInFlightOrHeld() {
        PiecePicker picker = new PiecePicker(3, bits(0));
        picker.peerHas(bits(0, 1, 2));
        assertThat(picker.pick(bits(0, 1, 2), i -> true)).isEqualTo(1);
        assertThat(picker.isInFlight(1)).isTrue();
        assertThat(picker.pick(bits(0, 1, 2), i -> true)).isEqualTo(2);
        assertThat(picker.pick(bits(0, 1, 2), i -> true)).isEqualTo(-1);
    }

    @Test
    void aRequeuedPieceCanBePickedAgainAVerifiedOneCannot() {
        PiecePicker picker = new PiecePicker(2, new BitSet());
        picker.peerHas(bits(0, 1));
        int first = picker.pick(bits(0, 1), i -> true);
        int second = picker.pick(bits(0, 1), i -> true);
        picker.requeue(first);
        picker.verified(second);
        assertThat(picker.pick(bits(0, 1), i -> true)).isEqualTo(first);
        assertThat(picker.pick(bits(0, 1), i -> true)).isEqualTo(-1);
    }

    @Test
    void onlyPicksWhatThePeerHasAndIsAllowed() {
        PiecePicker picker = new PiecePicker(4, new BitSet());
        picker.peerHas(bits(0, 1, 2, 3));
        assertThat(picker.pick(bits(3), i -> true)).isEqualTo(3);
        assertThat(picker.pick(bits(0, 1, 2), i -> i != 0)).isEqualTo(1);
    }

    @Test
    void availabilityFollowsPeersComingAndGoing() {
        PiecePicker picker = new PiecePicker(2, new BitSet());
        picker.peerHas(bits(0, 1));
        picker.peerHas(bits(0));
        assertThat(picker.pick(bits(0, 1), i -> true)).isEqualTo(1);
        picker.requeue(1);
        picker.peerGone(bits(0, 1));
        picker.peerHas(1);
        picker.peerHas(1);
        // now 0→1, 1→2: piece 0 is rarer
        assertThat(picker.availability(0)).isEqualTo(1);
        assertThat(picker.pick(bits(0, 1), i -> true)).isEqualTo(0);
    }
}
