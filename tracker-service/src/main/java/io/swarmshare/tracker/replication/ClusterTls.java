package io.swarmshare.tracker.replication;

import org.apache.ratis.grpc.GrpcTlsConfig;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

/**
 * Mutual TLS for the Raft port, when {@code bin/cluster} (or an operator) put {@code tracker.p12} (this tracker's
 * key and certificate, signed by the cluster CA, password = the cluster secret) and {@code ca.pem} (the cluster CA)
 * into the TLS directory. Every Raft connection then needs a certificate of that CA, both ways.
 */
final class ClusterTls {

    static final String KEYSTORE = "tracker.p12";
    static final String CA = "ca.pem";

    private ClusterTls() {
    }

    /** The TLS configuration, or null when the directory has no key store (plaintext Raft). */
    static GrpcTlsConfig load(Path dir, String secret) {
        Path keystore = dir.resolve(KEYSTORE);
        Path ca = dir.resolve(CA);
        if (!Files.isRegularFile(keystore) || !Files.isRegularFile(ca)) {
            return null;
        }
        char[] password = (secret == null ? "" : secret).toCharArray();
        try (InputStream ks = Files.newInputStream(keystore); InputStream caIn = Files.newInputStream(ca)) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(ks, password);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            X509Certificate caCert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(caIn);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("cluster-ca", caCert);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            return new GrpcTlsConfig(kmf.getKeyManagers()[0], tmf.getTrustManagers()[0], true);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the cluster TLS material in " + dir + " (is the key store"
                    + " password the cluster secret?): " + e.getMessage(), e);
        }
    }
}
