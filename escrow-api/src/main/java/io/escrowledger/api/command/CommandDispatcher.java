package io.escrowledger.api.command;

import io.escrowledger.api.web.RequestContext;
import io.escrowledger.domain.escrow.Actor;
import io.escrowledger.domain.shared.DomainException;
import io.escrowledger.domain.vault.OpenVaultCommand;
import io.escrowledger.domain.shared.ErrorCode;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.stereotype.Component;

/**
 * Sends a command with the request's metadata and waits for its result (the command bus runs it in this thread, in one
 * database transaction). A command addressed to an escrow or vault that has no events is answered as the unknown
 * escrow or vault it is.
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
            boolean vault = command.getClass().getPackage() == OpenVaultCommand.class.getPackage();
            throw new DomainException(vault ? ErrorCode.VAULT_NOT_FOUND : ErrorCode.ESCROW_NOT_FOUND,
                    "No " + (vault ? "vault " : "escrow ") + notFound.getAggregateIdentifier());
        }
    }
}
