package io.escrowledger.domain.escrow.value;

import java.util.Objects;

/**
 * Where a deliverable or a piece of evidence lives, and the hash of its content. The service stores the reference,
 * never the content.
 *
 * @param type        how it is referenced; today always {@code external_reference}
 * @param provider    who hosts it, e.g. {@code github}
 * @param uri         where it can be found
 * @param contentHash {@code algorithm:value}, e.g. {@code sha256:e3b0...}
 */
public record ExternalReference(String type, String provider, String uri, String contentHash) {

    public ExternalReference {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(contentHash, "contentHash");
    }
}
