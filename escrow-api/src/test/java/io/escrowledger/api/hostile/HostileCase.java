package io.escrowledger.api.hostile;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One hostile request of the corpus, as sent, and what the service may answer.
 *
 * @param operation     the operationId it is sent to
 * @param category      the corpus category (malformed_json, sql_injection...)
 * @param name          the case's name within its category, with the field or parameter it targets
 * @param target        the path and query exactly as sent (and signed)
 * @param body          the body bytes exactly as sent (and signed), or null for none
 * @param headers       headers besides the signing ones (Content-Type), exactly as sent
 * @param statuses      the refusals allowed
 * @param mayBeAccepted whether a 2xx is a right answer too (text fields take injection strings as data)
 * @param raw           whether to write it byte for byte over a socket (the HTTP client would refuse it)
 * @param field         the JSON path of the field the value went into (empty for whole-body cases)
 * @param value         the hostile value as the service should read it, when it is a string (else null)
 */
record HostileCase(String operation, String category, String name, String method, String target, byte[] body,
                   Map<String, String> headers, Set<Integer> statuses, boolean mayBeAccepted, boolean raw,
                   List<Object> field, String value) {

    HostileCase overSocket() {
        return new HostileCase(operation, category, name, method, target, body, headers, statuses, mayBeAccepted, true,
                field, value);
    }

    String label() {
        return operation + " / " + category + " / " + name;
    }
}
