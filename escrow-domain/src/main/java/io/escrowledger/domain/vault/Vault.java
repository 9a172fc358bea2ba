package io.escrowledger.domain.vault;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.axonframework.serialization.Revision;
import io.escrowledger.domain.money.Money;
import io.escrowledger.domain.shared.DomainException;
import io.escrowledger.domain.shared.ErrorCode;
import io.escrowledger.domain.shared.Metadata;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.ConcurrencyException;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A vault: an integrator's balance in one currency, which funds escrows. Its available balance never goes negative;
 * money moves between available and held only through holds for escrows and their settlement. Deposits and
 * withdrawals are idempotent on the caller's reference.
 */
// The revision of its snapshots: raise it when the fields change, and older snapshots are ignored.
@Revision("2")
public class Vault {

    @AggregateIdentifier
    private String vaultId;
    private String integratorId;
    private String currency;
    private boolean frozen;
    private VaultBalance balance;
    /** Deposit and withdrawal references already used, with what they moved (one namespace for both kinds). */
    private Map<String, Movement> references = new HashMap<>();
    /** What each escrow still holds from this vault. */
    private Map<String, Money> holds = new HashMap<>();
    /** The integrator's key/value pairs on the vault. */
    private TreeMap<String, String> metadata = new TreeMap<>(); // concrete: a snapshot reads back into it

    protected Vault() {
        // Required by Axon to rebuild the aggregate from its events.
    }

    @CommandHandler
    @JsonCreator(mode = JsonCreator.Mode.DISABLED) // snapshots are read through the no-argument constructor
    public Vault(OpenVaultCommand command) {
        apply(new VaultOpenedEvent(command.vaultId(), command.integratorId(), command.currency(), command.name(),
                command.externalId(), command.requestedAt(), Metadata.initial("metadata", command.metadata())));
    }

    /** A change that changes nothing records nothing; a frozen vault's metadata may change too. */
    @CommandHandler
    public void handle(UpdateVaultMetadataCommand command) {
        requireOwner(command.integratorId());
        Map<String, String> after = Metadata.merged("metadata", metadata, command.metadata());
        if (!after.equals(metadata)) {
            apply(new VaultMetadataUpdatedEvent(vaultId, after, command.requestedAt()));
        }
    }

    @CommandHandler
    public VaultBalance handle(DepositCommand command) {
        return move(command.integratorId(), new Movement("deposit", command.amount()), command.reference(), () -> {
            requireRoomFor(command.amount());
            apply(new VaultDepositedEvent(vaultId, command.reference(), command.amount(), command.requestedAt()));
        });
    }

    @CommandHandler
    public VaultBalance handle(WithdrawCommand command) {
        return move(command.integratorId(), new Movement("withdrawal", command.amount()), command.reference(), () -> {
            requireNotFrozen("pay out");
            requireAvailable(command.amount());
            apply(new VaultWithdrawnEvent(vaultId, command.reference(), command.amount(), command.requestedAt()));
        });
    }

    @CommandHandler
    public void handle(FreezeVaultCommand command) {
        requireOwner(command.integratorId());
        if (!frozen) {
            apply(new VaultFrozenEvent(vaultId, command.requestedAt()));
        }
    }

    @CommandHandler
    public void handle(UnfreezeVaultCommand command) {
        requireOwner(command.integratorId());
        if (frozen) {
            apply(new VaultUnfrozenEvent(vaultId, command.requestedAt()));
        }
    }

    @CommandHandler
    public void handle(HoldFundsCommand command) {
        requireOwner(command.integratorId());
        requireCurrency(command.amount());
        requireNotFrozen("fund an escrow");
        requireAvailable(command.amount());
        apply(new VaultFundsHeldEvent(vaultId, command.escrowId(), command.amount(), command.requestedAt()));
    }

    /** Settles even when frozen: money already promised to an escrow must be able to reach its destination. */
    @CommandHandler
    public void handle(SettleHoldCommand command) {
        requireOwner(command.integratorId());
        Money held = holds.getOrDefault(command.escrowId(), Money.zero(currency));
        Money settling = command.released().plus(command.refunded()).plus(command.fee());
        if (settling.minorUnits() > held.minorUnits()) {
            // The escrow asking was loaded before another node settled it: a lost race, which the sender retries
            // on fresh state (where the escrow's own rules then decide).
            throw new ConcurrencyException("Escrow " + command.escrowId() + " holds " + held.minorUnits()
                    + " in vault " + vaultId + ", not " + settling.minorUnits());
        }
        if (!settling.isZero()) {
            apply(new VaultHoldSettledEvent(vaultId, command.escrowId(), command.merchantId(), command.released(),
                    command.refunded(), command.requestedAt(), command.fee()));
        }
    }

    /** A deposit or withdrawal, as its reference remembers it. */
    private record Movement(String kind, Money amount) {
    }

    /**
     * The rules every deposit and withdrawal share: the caller's vault, its currency, and one movement per reference.
     * {@code checkAndApply} checks what is particular to the movement and applies its event, unless this is a retry
     * of a movement already made.
     *
     * @return the balance afterwards (a retry leaves it as it was)
     */
    private VaultBalance move(String callerIntegratorId, Movement movement, String reference, Runnable checkAndApply) {
        requireOwner(callerIntegratorId);
        requireCurrency(movement.amount());
        if (!alreadyApplied(movement, reference)) {
            checkAndApply.run();
        }
        return balance;
    }

    /**
     * @return true when this reference already made this very movement (a retry); a reference that made another
     *         movement (another amount, or a deposit where this is a withdrawal) is refused
     */
    private boolean alreadyApplied(Movement movement, String reference) {
        Movement earlier = references.get(reference);
        if (earlier == null) {
            return false;
        }
        if (!earlier.equals(movement)) {
            throw new DomainException(ErrorCode.REFERENCE_CONFLICT, "Reference " + reference + " was already used for a "
                    + earlier.kind() + " of " + earlier.amount().minorUnits() + " " + earlier.amount().currency());
        }
        return true;
    }

    private void requireOwner(String callerIntegratorId) {
        if (!integratorId.equals(callerIntegratorId)) {
            throw new DomainException(ErrorCode.VAULT_NOT_FOUND, "No vault " + vaultId);
        }
    }

    private void requireCurrency(Money amount) {
        if (!amount.currency().equals(currency)) {
            throw new DomainException(ErrorCode.CURRENCY_MISMATCH,
                    "Vault " + vaultId + " holds " + currency + ", not " + amount.currency());
        }
    }

    private void requireNotFrozen(String action) {
        if (frozen) {
            throw new DomainException(ErrorCode.VAULT_FROZEN, "Vault " + vaultId + " is frozen: it cannot " + action);
        }
    }

    private void requireRoomFor(Money amount) {
        if (amount.minorUnits() > Money.MAX_MINOR_UNITS - balance.total().minorUnits()) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "A vault holds at most " + Money.MAX_MINOR_UNITS
                    + " minor units; vault " + vaultId + " holds " + balance.total().minorUnits());
        }
    }

    private void requireAvailable(Money amount) {
        if (amount.minorUnits() > balance.available().minorUnits()) {
            throw new DomainException(ErrorCode.INSUFFICIENT_BALANCE, "Vault " + vaultId + " has "
                    + balance.available().minorUnits() + " available, not " + amount.minorUnits());
        }
    }

    @EventSourcingHandler
    void on(VaultOpenedEvent event) {
        vaultId = event.vaultId();
        integratorId = event.integratorId();
        currency = event.currency();
        balance = VaultBalance.empty(currency);
        metadata = new TreeMap<>(event.metadata());
    }

    @EventSourcingHandler
    void on(VaultMetadataUpdatedEvent event) {
        metadata = new TreeMap<>(event.metadata());
    }

    @EventSourcingHandler
    void on(VaultDepositedEvent event) {
        references.put(event.reference(), new Movement("deposit", event.amount()));
        balance = balance.after(event);
    }

    @EventSourcingHandler
    void on(VaultWithdrawnEvent event) {
        references.put(event.reference(), new Movement("withdrawal", event.amount()));
        balance = balance.after(event);
    }

    @EventSourcingHandler
    void on(VaultFrozenEvent event) {
        frozen = true;
    }

    @EventSourcingHandler
    void on(VaultUnfrozenEvent event) {
        frozen = false;
    }

    @EventSourcingHandler
    void on(VaultFundsHeldEvent event) {
        holds.merge(event.escrowId(), event.amount(), Money::plus);
        balance = balance.after(event);
    }

    @EventSourcingHandler
    void on(VaultHoldSettledEvent event) {
        holds.computeIfPresent(event.escrowId(), (id, held) -> {
            Money left = held.minus(event.settled());
            return left.isZero() ? null : left;
        });
        balance = balance.after(event);
    }
}
