package io.escrowledger.domain.escrow;

import io.escrowledger.domain.escrow.command.CreateEscrowCommand;
import io.escrowledger.domain.escrow.command.UpdateDisputeMetadataCommand;
import io.escrowledger.domain.escrow.command.UpdateEscrowMetadataCommand;
import io.escrowledger.domain.escrow.event.DisputeMetadataUpdatedEvent;
import io.escrowledger.domain.escrow.event.DisputeOpenedEvent;
import io.escrowledger.domain.escrow.event.EscrowCreatedEvent;
import io.escrowledger.domain.escrow.event.EscrowMetadataUpdatedEvent;
import io.escrowledger.domain.shared.DomainException;
import io.escrowledger.domain.shared.ErrorCode;
import io.escrowledger.domain.shared.Metadata;
import org.axonframework.eventsourcing.EventSourcingHandler;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The metadata of an escrow, its milestones and its dispute, as the events left it (a member of the escrow: its event
 * sourcing handlers see the escrow's events): an update is checked against it (at most 50 pairs after the merge), and
 * an update that changes nothing records nothing. The rules are {@link Metadata}'s.
 */
final class EscrowMetadata {

    // Concrete types: a snapshot reads back into what the fields declare.
    private TreeMap<String, String> escrow = new TreeMap<>();
    private HashMap<String, TreeMap<String, String>> milestones = new HashMap<>();
    private TreeMap<String, String> dispute = new TreeMap<>();

    /** Each milestone's metadata at creation, checked: only milestones the escrow has, each within the limits. */
    static Map<String, Map<String, String>> initialOfMilestones(CreateEscrowCommand command) {
        Map<String, Map<String, String>> each = new TreeMap<>();
        command.milestoneMetadata().forEach((milestoneId, pairs) -> {
            if (command.milestones().stream().noneMatch(terms -> terms.milestoneId().equals(milestoneId))) {
                throw new DomainException(ErrorCode.MILESTONE_NOT_FOUND,
                        "Escrow " + command.escrowId() + " has no milestone " + milestoneId);
            }
            Map<String, String> metadata = Metadata.initial("milestones." + milestoneId + ".metadata", pairs);
            if (!metadata.isEmpty()) {
                each.put(milestoneId, metadata);
            }
        });
        return each;
    }

    Optional<EscrowMetadataUpdatedEvent> update(UpdateEscrowMetadataCommand command, Milestones terms) {
        Map<String, String> escrowAfter = Metadata.merged("metadata", escrow, command.metadata());
        Map<String, Map<String, String>> changed = new TreeMap<>();
        command.milestones().forEach((milestoneId, changes) -> {
            terms.require(command.escrowId(), milestoneId);
            Map<String, String> before = milestones.getOrDefault(milestoneId, new TreeMap<>());
            Map<String, String> after = Metadata.merged("milestones." + milestoneId, before, changes);
            if (!after.equals(before)) {
                changed.put(milestoneId, after);
            }
        });
        if (escrowAfter.equals(escrow) && changed.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new EscrowMetadataUpdatedEvent(command.escrowId(), escrowAfter, changed,
                command.requestedAt()));
    }

    Optional<DisputeMetadataUpdatedEvent> update(UpdateDisputeMetadataCommand command) {
        Map<String, String> after = Metadata.merged("metadata", dispute, command.metadata());
        return after.equals(dispute) ? Optional.empty()
                : Optional.of(new DisputeMetadataUpdatedEvent(command.escrowId(), command.disputeId(), after,
                        command.requestedAt()));
    }

    @EventSourcingHandler
    void on(EscrowCreatedEvent event) {
        set(event.metadata(), event.milestoneMetadata());
    }

    @EventSourcingHandler
    void on(EscrowMetadataUpdatedEvent event) {
        set(event.metadata(), event.milestoneMetadata());
    }

    /** Both events carry the escrow's whole metadata, and the whole metadata of the milestones they name. */
    private void set(Map<String, String> ofEscrow, Map<String, Map<String, String>> ofMilestones) {
        escrow = new TreeMap<>(ofEscrow);
        ofMilestones.forEach((id, pairs) -> milestones.put(id, new TreeMap<>(pairs)));
    }

    @EventSourcingHandler
    void on(DisputeOpenedEvent event) {
        dispute = new TreeMap<>(event.metadata());
    }

    @EventSourcingHandler
    void on(DisputeMetadataUpdatedEvent event) {
        dispute = new TreeMap<>(event.metadata());
    }
}
