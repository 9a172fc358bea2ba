package io.escrowledger.domain.eventtypes;

import io.escrowledger.domain.escrow.event.DeliverableSubmittedEvent;
import io.escrowledger.domain.escrow.event.DeliveryConfirmedEvent;
import io.escrowledger.domain.escrow.event.DisputeMetadataUpdatedEvent;
import io.escrowledger.domain.escrow.event.DisputeOpenedEvent;
import io.escrowledger.domain.escrow.event.DisputeResolvedEvent;
import io.escrowledger.domain.escrow.event.EscrowClosedEvent;
import io.escrowledger.domain.escrow.event.EscrowCreatedEvent;
import io.escrowledger.domain.escrow.event.EscrowMetadataUpdatedEvent;
import io.escrowledger.domain.escrow.event.EscrowExpiredEvent;
import io.escrowledger.domain.escrow.event.EscrowFundedFromVaultEvent;
import io.escrowledger.domain.escrow.event.EvidenceLockedEvent;
import io.escrowledger.domain.escrow.event.EvidenceSubmittedEvent;
import io.escrowledger.domain.escrow.event.EscrowCancelledEvent;
import io.escrowledger.domain.escrow.event.FundsHeldEvent;
import io.escrowledger.domain.escrow.event.InspectionPeriodElapsedEvent;
import io.escrowledger.domain.escrow.event.FundsReversedEvent;
import io.escrowledger.domain.escrow.event.PaymentFailedEvent;
import io.escrowledger.domain.escrow.event.PayoutTransferRecordedEvent;
import io.escrowledger.domain.escrow.event.PayoutUnreconciledEvent;
import io.escrowledger.domain.escrow.event.MilestoneOverdueEvent;
import io.escrowledger.domain.escrow.event.MilestoneRefundedEvent;
import io.escrowledger.domain.escrow.event.MilestoneReleasedEvent;
import io.escrowledger.domain.escrow.event.OracleReportedEvent;
import io.escrowledger.domain.escrow.event.RecommendationIssuedEvent;
import io.escrowledger.domain.escrow.event.ReleaseApprovedEvent;
import io.escrowledger.domain.escrow.event.ReleaseConditionMetEvent;
import io.escrowledger.domain.serialization.EventJson;
import io.escrowledger.domain.vault.VaultDepositedEvent;
import io.escrowledger.domain.vault.VaultFrozenEvent;
import io.escrowledger.domain.vault.VaultFundsHeldEvent;
import io.escrowledger.domain.vault.VaultHoldSettledEvent;
import io.escrowledger.domain.vault.VaultMetadataUpdatedEvent;
import io.escrowledger.domain.vault.VaultOpenedEvent;
import io.escrowledger.domain.vault.VaultUnfrozenEvent;
import io.escrowledger.domain.vault.VaultWithdrawnEvent;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.jackson3.Jackson3Serializer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The name each event is stored under ({@code payload_type}), apart from its Java class: the name is hashed into the
 * audit chain and shown to auditors, so it never changes, while the class may be renamed or moved. The names are the
 * ones auditors, scripts and queries already know (each event's class name without its package when the table was
 * made). Events stored before it carry the class name they had then, kept here as {@code storedBefore}: both read
 * into the same class, and the stored rows are never rewritten.
 * <p>
 * Frozen: EventTypesTest compares this table with the approved src/test/resources/events/event-types.txt. A new
 * event adds a row; a renamed or moved class keeps its row's names; no row is ever removed.
 */
public final class EventTypes {

    /**
     * One stored event type.
     *
     * @param name         what it is stored and shown as
     * @param storedBefore the class name it was stored under before this table existed
     */
    public record EventType(String name, Class<?> type, String storedBefore) {
    }

    public static final List<EventType> ALL = List.of(
            type("EscrowCreatedEvent", EscrowCreatedEvent.class, "io.escrowledger.domain.escrow.EscrowCreatedEvent"),
            type("FundsHeldEvent", FundsHeldEvent.class, "io.escrowledger.domain.escrow.FundsHeldEvent"),
            type("EscrowFundedFromVaultEvent", EscrowFundedFromVaultEvent.class, "io.escrowledger.domain.escrow.EscrowFundedFromVaultEvent"),
            type("DeliverableSubmittedEvent", DeliverableSubmittedEvent.class, "io.escrowledger.domain.escrow.DeliverableSubmittedEvent"),
            type("MilestoneReleasedEvent", MilestoneReleasedEvent.class, "io.escrowledger.domain.escrow.MilestoneReleasedEvent"),
            type("MilestoneRefundedEvent", MilestoneRefundedEvent.class, "io.escrowledger.domain.escrow.MilestoneRefundedEvent"),
            type("EscrowClosedEvent", EscrowClosedEvent.class, "io.escrowledger.domain.escrow.EscrowClosedEvent"),
            type("DisputeOpenedEvent", DisputeOpenedEvent.class, "io.escrowledger.domain.escrow.DisputeOpenedEvent"),
            type("EvidenceSubmittedEvent", EvidenceSubmittedEvent.class, "io.escrowledger.domain.escrow.EvidenceSubmittedEvent"),
            type("EvidenceLockedEvent", EvidenceLockedEvent.class, "io.escrowledger.domain.escrow.EvidenceLockedEvent"),
            type("RecommendationIssuedEvent", RecommendationIssuedEvent.class, "io.escrowledger.domain.escrow.RecommendationIssuedEvent"),
            type("DisputeResolvedEvent", DisputeResolvedEvent.class, "io.escrowledger.domain.escrow.DisputeResolvedEvent"),
            type("EscrowExpiredEvent", EscrowExpiredEvent.class, "io.escrowledger.domain.escrow.EscrowExpiredEvent"),
            type("MilestoneOverdueEvent", MilestoneOverdueEvent.class, "io.escrowledger.domain.escrow.MilestoneOverdueEvent"),
            type("ReleaseApprovedEvent", ReleaseApprovedEvent.class, "io.escrowledger.domain.escrow.ReleaseApprovedEvent"),
            type("OracleReportedEvent", OracleReportedEvent.class, "io.escrowledger.domain.escrow.OracleReportedEvent"),
            type("DeliveryConfirmedEvent", DeliveryConfirmedEvent.class, "io.escrowledger.domain.escrow.DeliveryConfirmedEvent"),
            type("ReleaseConditionMetEvent", ReleaseConditionMetEvent.class, "io.escrowledger.domain.escrow.ReleaseConditionMetEvent"),
            // Born after the table: it was never stored under a class name, so that column repeats its name.
            type("InspectionPeriodElapsedEvent", InspectionPeriodElapsedEvent.class, "InspectionPeriodElapsedEvent"),
            type("EscrowCancelledEvent", EscrowCancelledEvent.class, "EscrowCancelledEvent"),
            type("PaymentFailedEvent", PaymentFailedEvent.class, "PaymentFailedEvent"),
            type("FundsReversedEvent", FundsReversedEvent.class, "FundsReversedEvent"),
            type("PayoutTransferRecordedEvent", PayoutTransferRecordedEvent.class, "PayoutTransferRecordedEvent"),
            type("PayoutUnreconciledEvent", PayoutUnreconciledEvent.class, "PayoutUnreconciledEvent"),
            type("EscrowMetadataUpdatedEvent", EscrowMetadataUpdatedEvent.class, "EscrowMetadataUpdatedEvent"),
            type("DisputeMetadataUpdatedEvent", DisputeMetadataUpdatedEvent.class, "DisputeMetadataUpdatedEvent"),
            type("VaultMetadataUpdatedEvent", VaultMetadataUpdatedEvent.class, "VaultMetadataUpdatedEvent"),
            type("VaultOpenedEvent", VaultOpenedEvent.class, "io.escrowledger.domain.vault.VaultOpenedEvent"),
            type("VaultDepositedEvent", VaultDepositedEvent.class, "io.escrowledger.domain.vault.VaultDepositedEvent"),
            type("VaultWithdrawnEvent", VaultWithdrawnEvent.class, "io.escrowledger.domain.vault.VaultWithdrawnEvent"),
            type("VaultFrozenEvent", VaultFrozenEvent.class, "io.escrowledger.domain.vault.VaultFrozenEvent"),
            type("VaultUnfrozenEvent", VaultUnfrozenEvent.class, "io.escrowledger.domain.vault.VaultUnfrozenEvent"),
            type("VaultFundsHeldEvent", VaultFundsHeldEvent.class, "io.escrowledger.domain.vault.VaultFundsHeldEvent"),
            type("VaultHoldSettledEvent", VaultHoldSettledEvent.class, "io.escrowledger.domain.vault.VaultHoldSettledEvent"));

    private static final Map<Class<?>, String> NAMES = new HashMap<>();
    private static final Map<String, Class<?>> CLASSES = new HashMap<>();

    static {
        for (EventType row : ALL) {
            NAMES.put(row.type(), row.name());
            CLASSES.put(row.name(), row.type());
            CLASSES.put(row.storedBefore(), row.type());
        }
    }

    private EventTypes() {
    }

    private static EventType type(String name, Class<?> type, String storedBefore) {
        return new EventType(name, type, storedBefore);
    }

    /** The name an event of this class is stored under; empty for any other class (snapshots, Axon's own types). */
    public static Optional<String> nameOf(Class<?> type) {
        return Optional.ofNullable(NAMES.get(type));
    }

    /** The name of an event of this class, which must be one of the table's. */
    public static String name(Class<?> type) {
        return nameOf(type).orElseThrow(() -> new IllegalArgumentException(type + " is not a stored event type"));
    }

    /** The class a stored type stands for: one of the table's names, or a class name it was stored under before. */
    public static Optional<Class<?>> classOf(String storedType) {
        return Optional.ofNullable(CLASSES.get(storedType));
    }

    /**
     * The name to show for a stored {@code payload_type}: the table's name for the event it stands for, whichever way
     * it was stored; for a type the table does not know, its class name without the package.
     */
    public static String displayName(String storedType) {
        return classOf(storedType).map(NAMES::get)
                                  .orElseGet(() -> storedType.substring(storedType.lastIndexOf('.') + 1));
    }

    /** The serializer the service stores events (and snapshots, tokens, Axon's messages) with. */
    public static Jackson3Serializer serializer() {
        return new StoredNames(Jackson3Serializer.builder().jsonMapperBuilderCustomizer(EventJson.customizer()));
    }

    /**
     * EventJson's stored form, under the table's names: Axon asks it for the type of every object it serializes and
     * for the class of every type it reads (upcasters see the stored names). A class not in the table keeps its class
     * name, as Axon's own serializer would store it.
     */
    private static final class StoredNames extends Jackson3Serializer {

        StoredNames(Builder builder) {
            super(builder);
        }

        @Override
        public SerializedType typeForClass(Class type) {
            String name = NAMES.get(type);
            return name == null ? super.typeForClass(type)
                    : new SimpleSerializedType(name, getRevisionResolver().revisionOf(type));
        }

        @Override
        protected String resolveClassName(SerializedType serializedType) {
            Class<?> type = CLASSES.get(serializedType.getName());
            return type == null ? super.resolveClassName(serializedType) : type.getName();
        }
    }
}
