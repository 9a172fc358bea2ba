package io.escrowledger.api.web;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.Map;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** A change of a dispute's or a vault's metadata. */
@Schema(name = "UpdateMetadataRequest", description = "Changes to the object's metadata (docs/api.md, \"Metadata\").")
public record MetadataRequest(
        @Schema(requiredMode = REQUIRED, example = "{\"ticket\": \"SUP-1234\", \"old_key\": \"\"}",
                description = MetadataRequest.CHANGES)
        Map<String, String> metadata) {

    /** What every metadata field of a request takes. */
    public static final String CHANGES = "String key/value pairs: keys of 1 to 40 letters, digits, `_`, `.` or `-`; "
                                         + "values strings of at most 500 characters. Each key is set to its value; "
                                         + "an empty value removes the key; keys not named keep theirs. At most 50 "
                                         + "pairs per object.";

    /** The changes, checked: {@code metadata} is required, and each pair must keep the rules (a 422 otherwise). */
    public Map<String, String> changes() {
        Validator check = new Validator();
        check.present("metadata", metadata);
        Map<String, String> changes = check.metadata("metadata", metadata);
        check.throwIfInvalid();
        return changes;
    }
}
