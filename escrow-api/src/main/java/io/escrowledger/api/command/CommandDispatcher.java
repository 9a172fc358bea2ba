package io.escrowledger.api.command;

import io.escrowledger.api.web.RequestContext;
import io.escrowledger.domain.escrow.Actor;
import io.escrowledger.domain.shared.DomainException;
import io.escrowledger.domain.shared.ErrorCode;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.stereotype.Component;

/**
 * Sends a command with the request's metadata and waits for its result (the command bus runs it in this thread, in one
 * database transaction). A command addressed to an escrow that has no events is answered as the unknown escrow it is.
 */
@Component
public class CommandDispatcher {

    private final CommandGateway gateway;

    public CommandDispatcher(CommandGateway gateway) {
        this.gateway = gateway;
    }

    public <R> R send(Object command, RequestContext context) {
        return send(command, context, null);
    }

    /** As {@link #send(Object, RequestContext)}, recording the person the request names as the actor. */
    public <R> R send(Object command, RequestContext context, Actor actor) {
        try {
            return gateway.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                                                            .andMetaData(CommandMetadata.of(context, actor)));
        } catch (AggregateNotFoundException notFound) {
            // Escrows are the only aggregate so far; a second one will map its own not-found code here.
            throw new DomainException(ErrorCode.ESCROW_NOT_FOUND, "No escrow " + notFound.getAggregateIdentifier());
        }
    }
}
