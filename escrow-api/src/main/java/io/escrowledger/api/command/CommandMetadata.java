package io.escrowledger.api.command;

import io.escrowledger.api.web.RequestContext;
import io.escrowledger.domain.escrow.value.Actor;
import org.axonframework.messaging.MetaData;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The metadata every command, and so every event it causes, carries: who asked, with which key, in which request. */
public final class CommandMetadata {

    public static final String INTEGRATOR_ID = "integrator_id";
    public static final String API_KEY_ID = "api_key_id";
    public static final String REQUEST_ID = "request_id";
    public static final String ACTOR_ID = "actor_id";
    public static final String ACTOR_ROLE = "actor_role";
    public static final List<String> KEYS = List.of(INTEGRATOR_ID, API_KEY_ID, REQUEST_ID, ACTOR_ID, ACTOR_ROLE);

    private CommandMetadata() {
    }

    static MetaData of(RequestContext context, Actor actor) {
        Map<String, Object> values = new HashMap<>();
        values.put(INTEGRATOR_ID, context.integratorId());
        values.put(REQUEST_ID, context.requestId());
        if (context.apiKey() != null) {
            values.put(API_KEY_ID, context.apiKey());
        }
        if (actor != null) {
            values.put(ACTOR_ID, actor.actorId());
            values.put(ACTOR_ROLE, actor.role().name().toLowerCase(Locale.ROOT));
        }
        return MetaData.from(values);
    }
}
