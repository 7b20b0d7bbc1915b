package io.swarmshare.agent.seeding;

import io.swarmshare.agent.transfer.TokenBucket;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UploadSlotsTest {

    /** A clock that moves only when told. */
    private static final class StepClock extends Clock {
        long millis;

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    private static final class Conn implements UploadSlots.Holder {
        final String name;
        final List<String> log;

        Conn(String name, List<String> log) {
            this.name = name;
            this.log = log;
        }

        @Override
        public void unchoked() {
            log.add(name);
        }
    }

    @Test
    void servesAtMostTheSlotsAndRotatesFairlyAfterTheRotationTime() {
        StepClock clock = new StepClock();
        List<String> unchoked = new ArrayList<>();
        UploadSlots slots = new UploadSlots(2, 1000, clock, null);
        Conn a = new Conn("a", unchoked);
        Conn b = new Conn("b", unchoked);
        Conn c = new Conn("c", unchoked);
        assertThat(slots.acquire(a)).isTrue();
        assertThat(slots.acquire(b)).isTrue();
        assertThat(slots.acquire(c)).isFalse();
        assertThat(slots.rotate(a)).as("not yet a rotation").isFalse();
        clock.millis = 1000;
        assertThat(slots.rotate(a)).isTrue();
        assertThat(unchoked).containsExactly("c");
        assertThat(slots.acquire(a)).as("a waits behind the others now").isFalse();
        slots.release(b);
        assertThat(unchoked).containsExactly("c", "a");
        assertThat(slots.activeCount()).isEqualTo(2);
        assertThat(slots.rotations()).isEqualTo(1);
    }

    @Test
    void nobodyRotatesWhileNobodyWaits() {
        StepClock clock = new StepClock();
        UploadSlots slots = new UploadSlots(1, 10, clock, null);
        Conn a = new Conn("a", new ArrayList<>());
        slots.acquire(a);
        clock.millis = 10_000;
        assertThat(slots.rotate(a)).isFalse();
    }

    @Test
    void tokenBucketPacesToTheConfiguredRate() {
        StepClock clock = new StepClock();
        TokenBucket bucket = new TokenBucket(20_000_000, clock); // 20 MB/s
        assertThat(bucket.take(524_288)).isEqualTo(27); // in debt by one piece: 26.2 ms
        clock.millis = 27;
        assertThat(bucket.waitMillis()).isZero();
        long sent = 0;
        for (long t = 27; t < 1027; t++) {
            clock.millis = t;
            while (bucket.waitMillis() == 0) {
                bucket.take(524_288);
                sent += 524_288;
            }
        }
        assertThat(sent).isBetween(19_000_000L, 21_000_000L);
    }
}
