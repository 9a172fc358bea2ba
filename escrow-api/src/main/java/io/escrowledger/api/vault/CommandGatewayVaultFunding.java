package io.escrowledger.api.vault;

import io.escrowledger.domain.escrow.port.VaultFunding;
import io.escrowledger.domain.money.Money;
import io.escrowledger.domain.shared.DomainException;
import io.escrowledger.domain.shared.ErrorCode;
import io.escrowledger.domain.vault.HoldFundsCommand;
import io.escrowledger.domain.vault.SettleHoldCommand;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * The escrow's vault port, as nested commands to the vault. Sent from inside the escrow's command handler, they run
 * in a nested unit of work that commits with the escrow's, in the same database transaction: the hold and the escrow
 * exist together or not at all. The escrow command's metadata (integrator, key, request, actor) goes along, so the
 * vault's events say who caused them too.
 */
@Component
public class CommandGatewayVaultFunding implements VaultFunding {

    private final CommandGateway gateway;

    public CommandGatewayVaultFunding(@Lazy CommandGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public void hold(String vaultId, String integratorId, String escrowId, Money amount, Instant at) {
        send(new HoldFundsCommand(vaultId, integratorId, escrowId, amount, at), vaultId);
    }

    @Override
    public void settle(String vaultId, String integratorId, String escrowId, String merchantId, Money released,
                       Money refunded, Money fee, Instant at) {
        send(new SettleHoldCommand(vaultId, integratorId, escrowId, merchantId, released, refunded, fee, at),
                vaultId);
    }

    private void send(Object command, String vaultId) {
        MetaData metaData = CurrentUnitOfWork.isStarted() ? CurrentUnitOfWork.get().getMessage().getMetaData()
                : MetaData.emptyInstance();
        try {
            gateway.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metaData));
        } catch (AggregateNotFoundException notFound) {
            throw new DomainException(ErrorCode.VAULT_NOT_FOUND, "No vault " + vaultId);
        }
    }
}
