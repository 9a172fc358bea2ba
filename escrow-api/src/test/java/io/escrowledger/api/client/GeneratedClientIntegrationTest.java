package io.escrowledger.api.client;

import io.escrowledger.api.support.IntegrationTest;
import io.escrowledger.client.ApiClient;
import io.escrowledger.client.ApiException;
import io.escrowledger.client.api.DisputesApi;
import io.escrowledger.client.api.EscrowsApi;
import io.escrowledger.client.model.ActorRequest;
import io.escrowledger.client.model.CreateEscrowRequest;
import io.escrowledger.client.model.DecisionRequest;
import io.escrowledger.client.model.Dispute;
import io.escrowledger.client.model.DisputeResolution;
import io.escrowledger.client.model.Escrow;
import io.escrowledger.client.model.MilestoneRequest;
import io.escrowledger.client.model.OpenDisputeRequest;
import io.escrowledger.client.model.PaymentStatusRequest;
import io.escrowledger.client.model.RatioRequest;
import io.escrowledger.client.model.Recommendation;
import io.escrowledger.client.model.ReferenceRequest;
import io.escrowledger.client.model.SubmitEvidenceRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Java client openapi-generator makes from docs/openapi.json (the served document), with only a signing
 * interceptor added, runs the first seed's flow end to end: create, fund, dispute, evidence, lock, recommend, decide.
 * The generated models refuse any response field the document does not declare, so this also checks the document.
 */
class GeneratedClientIntegrationTest extends IntegrationTest {

    /** How long a connection or an answer may take on a loaded machine (OkHttp's defaults are 10 s). */
    private static final Duration HTTP_PATIENCE = Duration.ofSeconds(60);

    private EscrowsApi escrows;
    private DisputesApi disputes;

    @BeforeEach
    void generatedClient() {
        ApiClient client = new ApiClient(new OkHttpClient.Builder()
                .connectTimeout(HTTP_PATIENCE)
                .readTimeout(HTTP_PATIENCE)
                .writeTimeout(HTTP_PATIENCE)
                .addInterceptor(new HmacSigningInterceptor(API_KEY, API_SECRET, Clock.systemUTC()))
                .build());
        client.setBasePath("http://127.0.0.1:" + port());
        escrows = new EscrowsApi(client);
        disputes = new DisputesApi(client);
    }

    @Test
    void createsFundsDisputesAndDecidesAnEscrow() throws ApiException {
        Escrow created = escrows.createEscrow(new CreateEscrowRequest()
                .externalId("order_" + UUID.randomUUID())
                .currency("USD")
                .totalAmount(50_000L)
                .milestones(List.of(
                        new MilestoneRequest().milestoneId("ms_design").amount(20_000L)
                                              .deadline(OffsetDateTime.parse("2025-02-01T00:00:00Z")),
                        new MilestoneRequest().milestoneId("ms_development").amount(30_000L))), null);
        assertThat(created.getState()).isEqualTo(Escrow.StateEnum.CREATED);

        escrows.declarePaymentStatus(created.getId(), new PaymentStatusRequest()
                .externalPaymentRef("pi_" + UUID.randomUUID())
                .status(PaymentStatusRequest.StatusEnum.FUNDS_HELD)
                .declaredAt(OffsetDateTime.parse("2025-01-15T10:30:00Z")), "fund-" + created.getId());

        Dispute dispute = disputes.openDispute(created.getId(), new OpenDisputeRequest()
                .reasonCode(OpenDisputeRequest.ReasonCodeEnum.QUALITY_ISSUE)
                .openedBy(actor("usr_client_456", ActorRequest.ActorRoleEnum.CLIENT)), null);
        disputes.submitEvidence(dispute.getId(), evidence("usr_client_456", ActorRequest.ActorRoleEnum.CLIENT), null);
        disputes.submitEvidence(dispute.getId(),
                evidence("usr_contractor_789", ActorRequest.ActorRoleEnum.CONTRACTOR), null);
        assertThat(disputes.lockEvidence(dispute.getId(), null).getLockedAt()).isNotNull();

        Recommendation recommendation = disputes.getRecommendation(dispute.getId());
        assertThat(recommendation.getDisputeId()).isEqualTo(dispute.getId());

        DisputeResolution resolution = disputes.decideDispute(dispute.getId(), new DecisionRequest()
                .decision(DecisionRequest.DecisionEnum.SPLIT)
                .finalRatio(new RatioRequest().client(new BigDecimal("0.35")).contractor(new BigDecimal("0.65")))
                .justification("Milestone delivered late but functional"), null);
        assertThat(resolution.getPayout().getClient()).isEqualTo(17_500L);
        assertThat(resolution.getPayout().getContractor()).isEqualTo(32_500L);

        Escrow resolved = escrows.getEscrow(created.getId(), null);
        assertThat(resolved.getReleasedAmount() + resolved.getRefundedAmount()).isEqualTo(50_000L);
        assertThat(resolved.getHeldAmount()).isZero();
    }

    @Test
    void aRefusalArrivesAsAnApiExceptionWithTheProblemDocument() {
        assertThatThrownBy(() -> escrows.getEscrow("esc_00000000-0000-7000-8000-000000000000", null))
                .isInstanceOfSatisfying(ApiException.class, refused -> {
                    assertThat(refused.getCode()).isEqualTo(404);
                    assertThat(refused.getResponseBody()).contains("\"code\":\"escrow_not_found\"");
                });
    }

    private static ActorRequest actor(String id, ActorRequest.ActorRoleEnum role) {
        return new ActorRequest().actorId(id).actorRole(role);
    }

    private static SubmitEvidenceRequest evidence(String actorId, ActorRequest.ActorRoleEnum role) {
        return new SubmitEvidenceRequest()
                .submittedBy(actor(actorId, role))
                .reference(new ReferenceRequest()
                        .type(ReferenceRequest.TypeEnum.EXTERNAL_REFERENCE)
                        .provider("google_drive")
                        .uri(URI.create("https://drive.google.com/file/d/" + actorId))
                        .contentHash("sha256:" + actorId));
    }
}
