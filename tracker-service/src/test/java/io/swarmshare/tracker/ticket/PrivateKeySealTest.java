package io.swarmshare.tracker.ticket;

import io.swarmshare.common.ticket.TicketCodec;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrivateKeySealTest {

    private final KeyPair pair = TicketCodec.newKeyPair();
    private final String privateKey = TicketCodec.encodePrivateKey(pair.getPrivate());
    private final String publicKey = TicketCodec.encodePublicKey(pair.getPublic());
    private final PrivateKeySeal withSecret = new PrivateKeySeal("the-cluster-secret-0123456789abcdef");

    @Test
    void sealedWithTheSecretItOpensWithTheSameSecretOnly() {
        String sealed = withSecret.seal(privateKey, publicKey);

        assertThat(sealed).startsWith(PrivateKeySeal.PREFIX).doesNotContain(privateKey);
        assertThat(withSecret.seal(privateKey, publicKey)).as("a fresh IV each time").isNotEqualTo(sealed);
        assertThat(new PrivateKeySeal("the-cluster-secret-0123456789abcdef").open(sealed, publicKey)).isEqualTo(privateKey);
        assertThatThrownBy(() -> new PrivateKeySeal("another-secret-0123456789abcdefgh").open(sealed, publicKey))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not open with this tracker's cluster secret");
        assertThatThrownBy(() -> new PrivateKeySeal(null).open(sealed, publicKey))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("start it with the cluster's swarmshare.tracker.cluster.secret");
    }

    @Test
    void aSealedKeyIsBoundToItsPublicHalf() {
        String sealed = withSecret.seal(privateKey, publicKey);
        String otherPublic = TicketCodec.encodePublicKey(TicketCodec.newKeyPair().getPublic());

        assertThatThrownBy(() -> withSecret.open(sealed, otherPublic)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void withoutASecretTheKeyIsStoredAsItIsAndAnUnsealedKeyStillLoads() {
        PrivateKeySeal none = new PrivateKeySeal(" ");

        assertThat(none.seals()).isFalse();
        assertThat(none.seal(privateKey, publicKey)).isEqualTo(privateKey);
        assertThat(none.open(privateKey, publicKey)).isEqualTo(privateKey);
        assertThat(withSecret.open(privateKey, publicKey)).as("stored before sealing existed").isEqualTo(privateKey);
    }

    @Test
    void aDamagedSealedKeyIsAClearError() {
        String sealed = withSecret.seal(privateKey, publicKey);
        String flipped = sealed.substring(0, sealed.length() - 6) + (sealed.charAt(sealed.length() - 6) == 'A' ? 'B' : 'A')
                + sealed.substring(sealed.length() - 5);

        assertThatThrownBy(() -> withSecret.open(flipped, publicKey)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> withSecret.open(PrivateKeySeal.PREFIX + "not base64!", publicKey))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("damaged");
    }
}
