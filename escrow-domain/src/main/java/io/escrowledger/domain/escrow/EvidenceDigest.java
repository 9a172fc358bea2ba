package io.escrowledger.domain.escrow;

import io.escrowledger.domain.escrow.value.Evidence;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The digest that seals a dispute's evidence: {@code sha256:} and the lowercase hex SHA-256 of, for each evidence in
 * submission order, its id, a line feed, its content hash and a line feed (UTF-8). Anyone can recompute it from the
 * evidence list: {@code printf 'evd_1\nsha256:ab\nevd_2\nsha256:cd\n' | sha256sum}.
 */
public final class EvidenceDigest {

    private EvidenceDigest() {
    }

    public static String of(List<Evidence> evidence) {
        StringBuilder text = new StringBuilder();
        for (Evidence item : evidence) {
            text.append(item.evidenceId()).append('\n').append(item.reference().contentHash()).append('\n');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
