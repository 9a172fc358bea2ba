package io.escrowledger.projections.escrow;

import io.escrowledger.domain.escrow.event.DisputeMetadataUpdatedEvent;
import io.escrowledger.domain.escrow.event.DisputeOpenedEvent;
import io.escrowledger.domain.escrow.event.EscrowCreatedEvent;
import io.escrowledger.domain.escrow.event.EscrowFundedFromVaultEvent;
import io.escrowledger.domain.escrow.event.EscrowMetadataUpdatedEvent;
import io.escrowledger.domain.escrow.event.FundsHeldEvent;
import io.escrowledger.domain.escrow.value.Actor;
import io.escrowledger.domain.escrow.value.ActorRole;
import io.escrowledger.domain.escrow.value.DisputeReason;
import io.escrowledger.domain.escrow.value.DisputeState;
import io.escrowledger.domain.escrow.value.EscrowState;
import io.escrowledger.domain.escrow.value.MilestoneTerms;
import io.escrowledger.domain.money.Money;
import io.escrowledger.domain.vault.VaultMetadataUpdatedEvent;
import io.escrowledger.domain.vault.VaultOpenedEvent;
import io.escrowledger.projections.dispute.DisputeFilter;
import io.escrowledger.projections.dispute.DisputeProjection;
import io.escrowledger.projections.dispute.DisputeQueries;
import io.escrowledger.projections.dispute.DisputeView;
import io.escrowledger.projections.testsupport.TestDatabase;
import io.escrowledger.projections.vault.VaultProjection;
import io.escrowledger.projections.vault.VaultQueries;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Metadata in the read models, and the list filters that read it, against a real PostgreSQL. */
class MetadataAndListsProjectionTest {

    private static final Instant T0 = Instant.parse("2025-01-15T10:00:00Z");
    private static final Instant T1 = Instant.parse("2025-01-16T10:00:00Z");
    private static final Instant T2 = Instant.parse("2025-01-17T10:00:00Z");

    private final JdbcClient jdbc = JdbcClient.create(TestDatabase.shared().migratedDataSource());
    private final EscrowProjection escrows = new EscrowProjection(jdbc);
    private final DisputeProjection disputes = new DisputeProjection(jdbc);
    private final EscrowQueries escrowQueries = new EscrowQueries(jdbc);
    private final DisputeQueries disputeQueries = new DisputeQueries(jdbc);
    private final String integrator = "int_" + UUID.randomUUID();
    private final String prefix = "esc_" + UUID.randomUUID() + "_";

    private EscrowCreatedEvent created(String id, Instant at, String currency, Map<String, String> metadata) {
        return new EscrowCreatedEvent(id, integrator, id, Money.of(500, currency),
                List.of(new MilestoneTerms("m", Money.of(500, currency), null)), null, null, at, null, null, metadata,
                Map.of("m", Map.of("sku", "S-" + id)));
    }

    private static EscrowFilter filter(Set<EscrowState> states, Instant from, Instant before, String client,
                                       String currency, Map<String, String> metadata) {
        return new EscrowFilter(states, null, null, null, null, from, before, client, null, currency, metadata);
    }

    private List<String> ids(EscrowFilter filter) {
        return escrowQueries.list(integrator, filter, 50).escrows().stream().map(EscrowView::escrowId).toList();
    }

    @Test
    void metadataIsStoredUpdatedAndFilteredOn() {
        escrows.on(created(prefix + 1, T0, "USD", Map.of("order_id", "o1", "channel", "web")), 0);
        escrows.on(created(prefix + 2, T1, "EUR", Map.of("order_id", "o2", "channel", "web")), 0);
        escrows.on(created(prefix + 3, T2, "USD", Map.of()), 0);
        escrows.on(new FundsHeldEvent(prefix + 2, "pi", Money.of(500, "EUR"), T1, T1), 1);
        escrows.on(new EscrowFundedFromVaultEvent(prefix + 3, "vlt_1", "cli_1", "ctr_1", Money.of(500, "USD"), T2), 1);
        escrows.on(new EscrowMetadataUpdatedEvent(prefix + 1, Map.of("order_id", "o1"),
                Map.of("m", Map.of("sku", "changed")), T2), 1);

        EscrowView first = escrowQueries.find(integrator, prefix + 1).orElseThrow();
        assertThat(first.metadata()).containsExactly(Map.entry("order_id", "o1"));
        assertThat(first.milestones().get(0).metadata()).containsExactly(Map.entry("sku", "changed"));
        assertThat(first.updatedAt()).isEqualTo(T2);

        assertThat(ids(filter(Set.of(), null, null, null, null, Map.of("channel", "web")))).containsExactly(prefix + 2);
        assertThat(ids(filter(Set.of(), null, null, null, null, Map.of("order_id", "o1")))).containsExactly(prefix + 1);
        assertThat(ids(filter(Set.of(), null, null, null, null, Map.of("order_id", "o1", "channel", "web"))))
                .isEmpty();
        assertThat(ids(filter(Set.of(), T1, null, null, null, Map.of()))).containsExactly(prefix + 3, prefix + 2);
        assertThat(ids(filter(Set.of(), null, T1, null, null, Map.of()))).containsExactly(prefix + 1);
        assertThat(ids(filter(Set.of(), null, null, null, "USD", Map.of()))).containsExactly(prefix + 3, prefix + 1);
        assertThat(ids(filter(Set.of(), null, null, "cli_1", null, Map.of()))).containsExactly(prefix + 3);
        assertThat(ids(filter(Set.of(EscrowState.CREATED, EscrowState.FUNDED), null, null, null, "USD", Map.of())))
                .containsExactly(prefix + 3, prefix + 1);
        assertThat(escrowQueries.list("int_other", filter(Set.of(), null, null, null, null, Map.of("channel", "web")),
                50).escrows()).isEmpty();
    }

    @Test
    void disputesCarryMetadataAndAreListedByStateReasonAndDeadline() {
        Actor client = new Actor("usr_1", ActorRole.CLIENT);
        for (int i = 1; i <= 3; i++) {
            escrows.on(created(prefix + i, T0, "USD", Map.of()), 0);
            disputes.on(new DisputeOpenedEvent(prefix + i, "dsp_" + prefix + i,
                    i == 2 ? DisputeReason.NOT_DELIVERED : DisputeReason.DELIVERABLE_INCOMPLETE, null, client,
                    Money.of(500, "USD"), T0, i == 3 ? null : T0.plusSeconds(3600L * i), Map.of("ticket", "T" + i)));
        }
        disputes.on(new DisputeMetadataUpdatedEvent(prefix + 1, "dsp_" + prefix + 1, Map.of("ticket", "T9"), T1));

        DisputeView first = disputeQueries.find(integrator, "dsp_" + prefix + 1).orElseThrow();
        assertThat(first.metadata()).containsExactly(Map.entry("ticket", "T9"));
        assertThat(disputeIds(new DisputeFilter(Set.of(DisputeState.OPEN), Set.of(), null, null, Map.of(), null), 50))
                .containsExactly("dsp_" + prefix + 3, "dsp_" + prefix + 2, "dsp_" + prefix + 1);
        assertThat(disputeIds(new DisputeFilter(Set.of(), Set.of(DisputeReason.NOT_DELIVERED), null, null, Map.of(),
                null), 50)).containsExactly("dsp_" + prefix + 2);
        assertThat(disputeIds(new DisputeFilter(Set.of(), Set.of(), T0.plusSeconds(5000), null, Map.of(), null), 50))
                .containsExactly("dsp_" + prefix + 1);
        assertThat(disputeIds(new DisputeFilter(Set.of(), Set.of(), null, null, Map.of("ticket", "T2"), null), 50))
                .containsExactly("dsp_" + prefix + 2);
        assertThat(disputeIds(new DisputeFilter(Set.of(), Set.of(), null, null, Map.of(), "dsp_" + prefix + 3), 1))
                .containsExactly("dsp_" + prefix + 2);
        assertThat(disputeQueries.list("int_other", new DisputeFilter(Set.of(), Set.of(), null, null, Map.of(), null),
                50).disputes()).isEmpty();
    }

    @Test
    void vaultMetadataIsStoredAndUpdated() {
        VaultProjection vaults = new VaultProjection(jdbc);
        String vaultId = "vlt_" + UUID.randomUUID();
        vaults.on(new VaultOpenedEvent(vaultId, integrator, "USD", "Main", null, T0, Map.of("cc", "1")));
        vaults.on(new VaultMetadataUpdatedEvent(vaultId, Map.of("cc", "2", "region", "eu"), T1));

        assertThat(new VaultQueries(jdbc).find(integrator, vaultId).orElseThrow().metadata())
                .containsExactly(Map.entry("cc", "2"), Map.entry("region", "eu"));
    }

    private List<String> disputeIds(DisputeFilter filter, int limit) {
        return disputeQueries.list(integrator, filter, limit).disputes().stream().map(DisputeView::disputeId).toList();
    }
}
