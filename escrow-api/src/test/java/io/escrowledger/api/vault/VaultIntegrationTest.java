package io.escrowledger.api.vault;

import io.escrowledger.api.support.Admin;
import io.escrowledger.api.support.ApiClient;
import io.escrowledger.api.support.IntegrationTest;
import io.escrowledger.api.support.Patience;
import io.escrowledger.api.support.SecondNode;
import io.escrowledger.api.support.Seed;
import io.escrowledger.api.support.TickingEventClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Vaults, vault-funded escrows and the double-entry ledger, over HTTP. USDC amounts are in millionths. */
class VaultIntegrationTest extends IntegrationTest {

    private static final long TEN_USDC = 10_000_000L;
    private ApiClient integrator;

    @BeforeEach
    void newIntegrator() {
        integrator = new Admin(api).newIntegrator("Vault user " + System.nanoTime());
    }

    @Test
    void aVaultTakesDepositsOnceByReferenceAndNeverPaysOutMoreThanAvailable() {
        JsonNode vault = integrator.post("/v1/vaults", "{\"name\": \"Main\", \"external_id\": \"v1\"}").json();
        String id = vault.get("id").asString();
        assertThat(id).matches("[0-9a-f-]{36}");
        assertThat(vault.get("currency").asString()).isEqualTo("USDC");
        assertThat(vault.get("status").asString()).isEqualTo("active");
        assertThat(vault.get("total").asLong()).isZero();

        deposit(id, 500_000_000L, "dep_1");
        JsonNode again = deposit(id, 500_000_000L, "dep_1");
        assertThat(again.get("available").asLong()).isEqualTo(500_000_000L);
        expect(integrator.post("/v1/vaults/" + id + "/deposits", "{\"amount\": 1, \"reference\": \"dep_1\"}"), 409,
                "reference_conflict");
        expect(integrator.post("/v1/vaults/" + id + "/withdrawals", "{\"amount\": 500000000, \"reference\": \"dep_1\"}"),
                409, "reference_conflict");

        expect(integrator.post("/v1/vaults/" + id + "/withdrawals", "{\"amount\": 500000001, \"reference\": \"wd_1\"}"),
                409, "insufficient_balance");
        JsonNode withdrawn = integrator.post("/v1/vaults/" + id + "/withdrawals",
                "{\"amount\": 100000000, \"reference\": \"wd_1\"}").json();
        assertThat(withdrawn.get("available").asLong()).isEqualTo(400_000_000L);
        assertThat(ledgerIsBalanced()).isTrue();
    }

    @Test
    void aVaultLoadedFromItsSnapshotRemembersItsBalanceAndReferences() {
        String id = integrator.post("/v1/vaults", "{\"name\": \"Snapshotted\"}").json().get("id").asString();
        for (int i = 1; i <= 7; i++) {
            deposit(id, TEN_USDC, "dep_" + i);
        }
        // Tests snapshot every 3 events (in the background): the vault is then loaded from a snapshot plus the events
        // after it.
        await().atMost(Patience.BACKGROUND).until(() -> jdbc.sql(
                "SELECT count(*) FROM snapshot_event_entry WHERE aggregate_identifier = ?").param(id)
                .query(Long.class).single() > 0);

        expect(integrator.post("/v1/vaults/" + id + "/deposits", "{\"amount\": 1, \"reference\": \"dep_2\"}"), 409,
                "reference_conflict");
        expect(integrator.post("/v1/vaults/" + id + "/withdrawals",
                "{\"amount\": " + (7 * TEN_USDC + 1) + ", \"reference\": \"wd_1\"}"), 409, "insufficient_balance");
        JsonNode withdrawn = integrator.post("/v1/vaults/" + id + "/withdrawals",
                "{\"amount\": " + 7 * TEN_USDC + ", \"reference\": \"wd_1\"}").json();
        assertThat(withdrawn.get("available").asLong()).isZero();
    }

    @Test
    void aVaultFundedEscrowIsFundedAtOnceAndSettlesToTheMerchantAndTheVault() {
        String vault = vaultWith(500_000_000L);

        ApiClient.Response created = integrator.post("/v1/escrows", fundedEscrow(vault, "mrc_660e8400", 50_000_000L));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode escrow = created.json();
        assertThat(escrow.get("state").asString()).isEqualTo("FUNDED");
        assertThat(escrow.get("held_amount").asLong()).isEqualTo(50_000_000L);
        assertThat(escrow.get("funding").get("vault_id").asString()).isEqualTo(vault);
        assertThat(escrow.get("contractor_id").asString()).isEqualTo("mrc_660e8400");
        JsonNode afterHold = integrator.get("/v1/vaults/" + vault).json();
        assertThat(afterHold.get("available").asLong()).isEqualTo(450_000_000L);
        assertThat(afterHold.get("held").asLong()).isEqualTo(50_000_000L);

        String id = escrow.get("id").asString();
        integrator.post("/v1/escrows/" + id + "/release", "{\"milestone_id\": \"ms_design\"}");
        integrator.post("/v1/escrows/" + id + "/refund", null);

        JsonNode after = integrator.get("/v1/vaults/" + vault).json();
        assertThat(after.get("held").asLong()).isZero();
        assertThat(after.get("available").asLong()).isEqualTo(500_000_000L - 25_000_000L);
        JsonNode merchant = integrator.get("/v1/merchants/mrc_660e8400/balance").json();
        assertThat(merchant.get("balances").get(0).get("currency").asString()).isEqualTo("USDC");
        assertThat(merchant.get("balances").get(0).get("balance").asLong()).isEqualTo(25_000_000L);
        assertThat(ledgerIsBalanced()).isTrue();

        JsonNode entries = integrator.get("/v1/vaults/" + vault + "/entries?limit=2").json();
        assertThat(entries.get("data")).hasSize(2);
        assertThat(entries.get("has_more").asBoolean()).isTrue();
        assertThat(entries.get("data").get(0).get("kind").asString()).isEqualTo("escrow_refund");
        JsonNode rest = integrator.get("/v1/vaults/" + vault + "/entries?limit=200&cursor="
                                       + entries.get("next_cursor").asString()).json();
        assertThat(rest.get("data").valueStream().map(e -> e.get("kind").asString()))
                .contains("escrow_release", "escrow_hold", "deposit");

        // A position of the caller's own making, or another vault's cursor, is not a cursor.
        String lastId = entries.at("/data/1/id").asString();
        String otherVault = integrator.post("/v1/vaults", "{}").json().get("id").asString();
        for (String path : List.of("/v1/vaults/" + vault + "/entries?cursor=" + lastId,
                "/v1/vaults/" + vault + "/entries?cursor=1",
                "/v1/vaults/" + otherVault + "/entries?cursor=" + entries.get("next_cursor").asString())) {
            ApiClient.Response refused = integrator.get(path);
            assertThat(refused.status()).as(path).isEqualTo(422);
            assertThat(refused.json().at("/errors/0/field").asString()).isEqualTo("cursor");
        }
    }

    @Test
    void aDisputeDecisionSplitsTheHeldMoneyBetweenMerchantAndVault() {
        String vault = vaultWith(100_000_000L);
        String escrow = integrator.post("/v1/escrows", fundedEscrow(vault, "mrc_split", 50_000_000L)).json()
                                  .get("id").asString();
        String dispute = integrator.post("/v1/escrows/" + escrow + "/dispute", Seed.openDispute("QUALITY_ISSUE"))
                                   .json().get("id").asString();
        integrator.post("/v1/disputes/" + dispute + "/lock", null);
        JsonNode decided = integrator.post("/v1/disputes/" + dispute + "/decision",
                Seed.decision("SPLIT", "0.35", "0.65")).json();

        assertThat(decided.get("payout").get("contractor").asLong()).isEqualTo(32_500_000L);
        assertThat(integrator.get("/v1/merchants/mrc_split/balance").json().get("balances").get(0).get("balance")
                             .asLong()).isEqualTo(32_500_000L);
        assertThat(integrator.get("/v1/vaults/" + vault).json().get("available").asLong())
                .isEqualTo(100_000_000L - 32_500_000L);
        assertThat(ledgerIsBalanced()).isTrue();
    }

    @Test
    void fundingErrorsChangeNothing() {
        String vault = vaultWith(10_000_000L);
        long events = allStoredEvents();

        expect(integrator.post("/v1/escrows", fundedEscrow(vault, null, 50_000_000L)), 409, "insufficient_balance");
        expect(integrator.post("/v1/escrows", fundedEscrow("0190a5c4-8f00-7000-8000-0000000000ff", null, 1_000_000L)),
                404, "vault_not_found");
        expect(integrator.post("/v1/escrows", fundedEscrow("not-a-vault", null, 1_000_000L)), 404, "vault_not_found");
        expect(integrator.post("/v1/escrows", fundedEscrow(vault, null, 1_000_000L).replace("USDC", "USD")), 422,
                "currency_mismatch");
        integrator.post("/v1/vaults/" + vault + "/freeze", null);
        expect(integrator.post("/v1/escrows", fundedEscrow(vault, null, 1_000_000L)), 409, "vault_frozen");
        expect(integrator.post("/v1/vaults/" + vault + "/withdrawals", "{\"amount\": 1, \"reference\": \"w\"}"), 409,
                "vault_frozen");
        assertThat(allStoredEvents()).isEqualTo(events + 1); // the freeze itself
        assertThat(integrator.get("/v1/vaults/" + vault).json().get("status").asString()).isEqualTo("frozen");
        expect(api.get("/v1/vaults/" + vault), 404, "vault_not_found");
    }

    @Test
    void aFrozenVaultStillSettlesTheEscrowsItFunded() {
        String vault = vaultWith(50_000_000L);
        String escrow = integrator.post("/v1/escrows", fundedEscrow(vault, "mrc_f", 50_000_000L)).json()
                                  .get("id").asString();
        integrator.post("/v1/vaults/" + vault + "/freeze", null);

        assertThat(integrator.post("/v1/escrows/" + escrow + "/release", null).json().get("state").asString())
                .isEqualTo("RELEASED");
        assertThat(integrator.get("/v1/merchants/mrc_f/balance").json().get("balances").get(0).get("balance").asLong())
                .isEqualTo(50_000_000L);
        assertThat(ledgerIsBalanced()).isTrue();
    }

    @Test
    void aVaultFundedEscrowWasNeverCreatedWithoutItsFundingAtAnyPastMoment() {
        String vault = vaultWith(50_000_000L);
        String escrow;
        try (TickingEventClock stampedApart = TickingEventClock.install()) {
            escrow = integrator.post("/v1/escrows", fundedEscrow(vault, "mrc_w", 50_000_000L)).json().get("id")
                               .asString();
        }
        JsonNode events = integrator.get("/v1/escrows/" + escrow + "/events").json().get("events");
        assertThat(events).hasSize(2); // created, then funded from the vault, by one command
        String created = events.get(0).get("occurred_at").asString();
        String funded = events.get(1).get("occurred_at").asString();
        assertThat(Instant.parse(created)).isBefore(Instant.parse(funded));

        assertThat(integrator.get("/v1/escrows/" + escrow + "?as_of=" + created).status()).isEqualTo(404);
        JsonNode atFunding = integrator.get("/v1/escrows/" + escrow + "?as_of=" + funded).json();
        assertThat(atFunding.get("state").asString()).isEqualTo("FUNDED");
        assertThat(atFunding.get("held_amount").asLong()).isEqualTo(50_000_000L);
    }

    @Test
    void balancesAtAnyPastMomentComeFromTheEvents() throws Exception {
        String vault = vaultWith(100_000_000L);
        Thread.sleep(20);
        Instant between = Instant.now();
        Thread.sleep(20);
        deposit(vault, 50_000_000L, "dep_later");

        JsonNode then = integrator.get("/v1/vaults/" + vault + "/balance?as_of=" + between).json();
        assertThat(then.get("available").asLong()).isEqualTo(100_000_000L);
        JsonNode now = integrator.get("/v1/vaults/" + vault + "/balance").json();
        assertThat(now.get("available").asLong()).isEqualTo(150_000_000L);
        expect(integrator.get("/v1/vaults/" + vault + "/balance?as_of=2000-01-01T00:00:00Z"), 404, "vault_not_found");
    }

    @Test
    void aHundredConcurrentEscrowsAgainstFiveHundredFundExactlyFifty() throws Exception {
        raceForTheVault(List.of(integrator));
    }

    @Test
    void theSameRaceSpreadOverTwoNodesFundsExactlyFiftyToo() throws Exception {
        try (SecondNode second = new SecondNode()) {
            raceForTheVault(List.of(integrator, integrator.onPort(second.port())));
        }
    }

    private void raceForTheVault(List<ApiClient> nodes) throws Exception {
        String vault = vaultWith(500_000_000L);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<ApiClient.Response> responses = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<ApiClient.Response>> futures = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                ApiClient node = nodes.get(i % nodes.size());
                futures.add(pool.submit(() -> {
                    start.await();
                    return node.post("/v1/escrows", fundedEscrow(vault, "mrc_race", TEN_USDC));
                }));
            }
            start.countDown();
            for (Future<ApiClient.Response> future : futures) {
                responses.add(future.get());
            }
        } finally {
            pool.shutdownNow();
        }

        // A request that keeps losing the race for the vault past the retry budget is told to retry (409
        // concurrent_modification, which a loaded machine can cause); every other refusal is the balance's.
        long funded = responses.stream().filter(r -> r.status() == 201).count();
        long refusedForBalance = responses.stream().filter(r -> r.status() == 409
                && r.json().get("code").asString().equals("insufficient_balance")).count();
        long toRetry = responses.stream().filter(r -> r.status() == 409
                && r.json().get("code").asString().equals("concurrent_modification")).count();
        assertThat(funded + refusedForBalance + toRetry).isEqualTo(100);
        assertThat(funded).isLessThanOrEqualTo(50);
        if (refusedForBalance > 0) {
            // The balance only shrinks here: a refusal for it means every last unit was taken.
            assertThat(funded).isEqualTo(50);
        }
        JsonNode after = integrator.get("/v1/vaults/" + vault).json();
        assertThat(after.get("held").asLong()).isEqualTo(funded * TEN_USDC);
        assertThat(after.get("available").asLong()).isEqualTo(500_000_000L - funded * TEN_USDC);
        assertThat(ledgerIsBalanced()).isTrue();
    }

    @Test
    void randomSequencesOfOperationsKeepEveryInvariant() {
        Random random = new Random(7);
        String vault = vaultWith(1_000_000_000L);
        List<String> escrows = new ArrayList<>();
        for (int step = 0; step < 80; step++) {
            switch (random.nextInt(6)) {
                case 0 -> deposit(vault, 1 + random.nextInt(50_000_000), "dep_" + step);
                case 1 -> integrator.post("/v1/vaults/" + vault + "/withdrawals",
                        "{\"amount\": " + (1 + random.nextInt(80_000_000)) + ", \"reference\": \"wd_" + step + "\"}");
                case 2 -> {
                    ApiClient.Response created = integrator.post("/v1/escrows",
                            fundedEscrow(vault, "mrc_" + random.nextInt(3), 2 * (1 + random.nextInt(40_000_000))));
                    if (created.status() == 201) {
                        escrows.add(created.json().get("id").asString());
                    }
                }
                case 3 -> anyOf(escrows, random).ifPresent(id -> integrator.post("/v1/escrows/" + id + "/release",
                        random.nextBoolean() ? null : "{\"milestone_id\": \"ms_design\"}"));
                case 4 -> anyOf(escrows, random).ifPresent(id -> integrator.post("/v1/escrows/" + id + "/refund", null));
                default -> anyOf(escrows, random).ifPresent(id -> split(id, random));
            }
            assertThat(ledgerIsBalanced()).as("after step %d", step).isTrue();
        }
        JsonNode vaultNow = integrator.get("/v1/vaults/" + vault).json();
        assertThat(vaultNow.get("available").asLong()).isNotNegative();
        assertThat(vaultNow.get("held").asLong()).isNotNegative();
    }

    private void split(String escrow, Random random) {
        ApiClient.Response opened = integrator.post("/v1/escrows/" + escrow + "/dispute", Seed.openDispute("OTHER"));
        if (opened.status() != 201) {
            return;
        }
        String dispute = opened.json().get("id").asString();
        integrator.post("/v1/disputes/" + dispute + "/lock", null);
        int contractorShare = random.nextInt(10_001);
        String contractor = String.format("%d.%04d", contractorShare / 10_000, contractorShare % 10_000);
        String client = String.format("%d.%04d", (10_000 - contractorShare) / 10_000, (10_000 - contractorShare) % 10_000);
        assertThat(integrator.post("/v1/disputes/" + dispute + "/decision", Seed.decision("SPLIT", client, contractor))
                             .status()).isEqualTo(200);
    }

    private static java.util.Optional<String> anyOf(List<String> ids, Random random) {
        return ids.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(ids.get(random.nextInt(ids.size())));
    }

    private boolean ledgerIsBalanced() {
        JsonNode check = new Admin(api).get("/admin/v1/ledger/check").json();
        return check.get("balanced").asBoolean();
    }

    private String vaultWith(long micros) {
        String id = integrator.post("/v1/vaults", "{}").json().get("id").asString();
        deposit(id, micros, "initial_" + id);
        return id;
    }

    private JsonNode deposit(String vault, long micros, String reference) {
        ApiClient.Response response = integrator.post("/v1/vaults/" + vault + "/deposits",
                "{\"amount\": " + micros + ", \"reference\": \"" + reference + "\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    /** Two milestones of half the amount each (amount must be even). */
    private static String fundedEscrow(String vault, String merchant, long micros) {
        return """
               {"external_id": "%s", "currency": "USDC", "total_amount": %d,
                "milestones": [{"milestone_id": "ms_design", "amount": %d}, {"milestone_id": "ms_build", "amount": %d}],
                "funding": {"vault_id": "%s"}, "client_id": "agt_1"%s}"""
                .formatted(Seed.uniqueExternalId(), micros, micros / 2, micros / 2, vault,
                        merchant == null ? "" : ", \"contractor_id\": \"" + merchant + "\"");
    }

    private static JsonNode expect(ApiClient.Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.json().get("code").asString()).isEqualTo(code);
        return response.json();
    }
}
