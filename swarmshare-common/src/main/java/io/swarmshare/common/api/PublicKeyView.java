package io.swarmshare.common.api;

/** GET /tickets/public-key: the key agents use to check tickets. {@code key} is base64 X.509 (SubjectPublicKeyInfo). */
public record PublicKeyView(String algorithm, String key) {
}
