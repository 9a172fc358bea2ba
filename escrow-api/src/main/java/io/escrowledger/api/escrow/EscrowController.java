package io.escrowledger.api.escrow;

import io.escrowledger.api.audit.PastViews;
import io.escrowledger.api.command.CommandDispatcher;
import io.escrowledger.api.web.Cursor;
import io.escrowledger.api.web.Ids;
import io.escrowledger.api.web.Instants;
import io.escrowledger.api.web.RequestContext;
import io.escrowledger.api.web.Validator;
import io.escrowledger.domain.escrow.ApproveReleaseCommand;
import io.escrowledger.domain.escrow.ConfirmDeliveryCommand;
import io.escrowledger.domain.escrow.CreateEscrowCommand;
import io.escrowledger.domain.escrow.ReportOracleOutcomeCommand;
import io.escrowledger.domain.escrow.DeclareFundsHeldCommand;
import io.escrowledger.domain.escrow.EscrowState;
import io.escrowledger.domain.escrow.RefundFundsCommand;
import io.escrowledger.domain.escrow.ReleaseFundsCommand;
import io.escrowledger.domain.escrow.SubmitDeliverableCommand;
import io.escrowledger.domain.shared.DomainException;
import io.escrowledger.domain.shared.ErrorCode;
import io.escrowledger.projections.escrow.EscrowFilter;
import io.escrowledger.projections.escrow.EscrowPage;
import io.escrowledger.projections.escrow.EscrowQueries;
import io.escrowledger.projections.escrow.EscrowView;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The escrow lifecycle of the quick-start guide, steps 1 to 3, plus release and refund. Commands go through the
 * aggregate; answers are read from the read model, which the command's own transaction has already updated.
 */
@RestController
@RequestMapping("/v1/escrows")
public class EscrowController {


    private final CommandDispatcher commands;
    private final EscrowQueries queries;
    private final PastViews pastViews;
    private final Clock clock;

    public EscrowController(CommandDispatcher commands, EscrowQueries queries, PastViews pastViews, Clock clock) {
        this.commands = commands;
        this.queries = queries;
        this.pastViews = pastViews;
        this.clock = clock;
    }

    record PaymentStatusAccepted(String status, EscrowState currentState) {
    }

    record EscrowList(List<EscrowResponse> data, boolean hasMore, String nextCursor) {
    }

    @PostMapping
    ResponseEntity<EscrowResponse> create(@RequestBody EscrowRequests.CreateEscrow request,
                                          HttpServletRequest http) {
        RequestContext context = RequestContext.of(http);
        Instant now = Instants.now(clock);
        EscrowRequestValidator.ValidEscrow escrow = EscrowRequestValidator.create(request, now);
        String escrowId = Ids.ESCROW.next(clock);
        commands.send(new CreateEscrowCommand(escrowId, context.integratorId(), escrow.externalId(),
                escrow.totalAmount(), escrow.milestones(), escrow.funding(), escrow.releaseCondition(),
                escrow.expiresAt(), now), context);
        return ResponseEntity.created(URI.create("/v1/escrows/" + escrowId)).body(read(context, escrowId));
    }

    /** The escrow now, or as it was at {@code as_of}, computed from its events up to that instant. */
    @GetMapping("/{escrowId}")
    EscrowResponse get(@PathVariable String escrowId, @RequestParam(name = "as_of", required = false) String asOf,
                       HttpServletRequest http) {
        RequestContext context = RequestContext.of(http);
        requireWellFormed(escrowId);
        if (asOf == null) {
            return read(context, escrowId);
        }
        Instant at = asOfInstant(asOf);
        return EscrowResponse.of(pastViews.escrow(context.integratorId(), escrowId, at)
                                          .orElseThrow(() -> notFound(escrowId)));
    }

    static Instant asOfInstant(String asOf) {
        Validator check = new Validator();
        Instant at = check.time("as_of", asOf, true);
        check.throwIfInvalid();
        return at;
    }

    @GetMapping
    EscrowList list(@RequestParam(required = false) EscrowState state,
                    @RequestParam(name = "external_id", required = false) String externalId,
                    @RequestParam(required = false) Integer limit,
                    @RequestParam(required = false) String cursor,
                    HttpServletRequest http) {
        Validator check = new Validator();
        int pageSize = check.pageSize(limit);
        if (externalId != null) {
            check.text("external_id", externalId, 1, 128);
        }
        String after = Cursor.decode(check, Ids.ESCROW, cursor);
        check.throwIfInvalid();
        EscrowPage page = queries.list(RequestContext.of(http).integratorId(),
                EscrowFilter.of(state, externalId, after), pageSize);
        List<EscrowResponse> data = page.escrows().stream().map(EscrowResponse::of).toList();
        String nextCursor = page.hasMore() ? Cursor.after(data.get(data.size() - 1).id()) : null;
        return new EscrowList(data, page.hasMore(), nextCursor);
    }

    @PostMapping("/{escrowId}/payment-status")
    PaymentStatusAccepted declarePaymentStatus(@PathVariable String escrowId,
                                               @RequestBody EscrowRequests.PaymentStatus request,
                                               HttpServletRequest http) {
        RequestContext context = RequestContext.of(http);
        requireWellFormed(escrowId);
        EscrowRequestValidator.ValidPaymentStatus payment = EscrowRequestValidator.paymentStatus(request);
        EscrowState state = commands.send(new DeclareFundsHeldCommand(escrowId, context.integratorId(),
                payment.externalPaymentRef(), payment.declaredAt(), Instants.now(clock)), context);
        return new PaymentStatusAccepted("accepted", state);
    }

    @PostMapping("/{escrowId}/deliverable")
    EscrowResponse submitDeliverable(@PathVariable String escrowId,
                                     @RequestBody EscrowRequests.Deliverable request,
                                     HttpServletRequest http) {
        RequestContext context = RequestContext.of(http);
        requireWellFormed(escrowId);
        EscrowRequestValidator.ValidDeliverable deliverable = EscrowRequestValidator.deliverable(request);
        return sendAndRead(context, escrowId, new SubmitDeliverableCommand(escrowId, context.integratorId(),
                deliverable.milestoneId(), deliverable.reference(), Instants.now(clock)));
    }

    @PostMapping("/{escrowId}/release")
    EscrowResponse release(@PathVariable String escrowId,
                           @RequestBody(required = false) EscrowRequests.MoveFunds request,
                           HttpServletRequest http) {
        return moveFunds(escrowId, request, http, ReleaseFundsCommand::new);
    }

    @PostMapping("/{escrowId}/refund")
    EscrowResponse refund(@PathVariable String escrowId,
                          @RequestBody(required = false) EscrowRequests.MoveFunds request,
                          HttpServletRequest http) {
        return moveFunds(escrowId, request, http, RefundFundsCommand::new);
    }

    /** One approver of a multi-signature escrow approves; the threshold's approval releases. */
    @PostMapping("/{escrowId}/approvals")
    EscrowResponse approve(@PathVariable String escrowId, @RequestBody EscrowRequests.Approval request,
                           HttpServletRequest http) {
        RequestContext context = RequestContext.of(http);
        requireWellFormed(escrowId);
        String approverId = EscrowRequestValidator.approval(request);
        return sendAndRead(context, escrowId, new ApproveReleaseCommand(escrowId, context.integratorId(), approverId,
                Instants.now(clock)));
    }

    /** The escrow's oracle reports: confirmed releases, rejected refunds. */
    @PostMapping("/{escrowId}/oracle-confirmations")
    EscrowResponse reportOracleOutcome(@PathVariable String escrowId,
                                       @RequestBody EscrowRequests.OracleConfirmation request,
                                       HttpServletRequest http) {
        RequestContext context = RequestContext.of(http);
        requireWellFormed(escrowId);
        EscrowRequestValidator.ValidOracleReport report = EscrowRequestValidator.oracleReport(request);
        return sendAndRead(context, escrowId, new ReportOracleOutcomeCommand(escrowId, context.integratorId(),
                report.oracleId(), report.outcome(), Instants.now(clock)));
    }

    /** Delivery is confirmed, which releases a delivery-confirmation escrow. */
    @PostMapping("/{escrowId}/delivery-confirmations")
    EscrowResponse confirmDelivery(@PathVariable String escrowId,
                                   @RequestBody EscrowRequests.DeliveryConfirmation request,
                                   HttpServletRequest http) {
        RequestContext context = RequestContext.of(http);
        requireWellFormed(escrowId);
        String confirmedBy = EscrowRequestValidator.deliveryConfirmation(request);
        return sendAndRead(context, escrowId, new ConfirmDeliveryCommand(escrowId, context.integratorId(), confirmedBy,
                Instants.now(clock)));
    }

    /** Release and refund differ only in their command. */
    private interface MoveFundsCommand {
        Object create(String escrowId, String integratorId, String milestoneId, Instant requestedAt);
    }

    private EscrowResponse moveFunds(String escrowId, EscrowRequests.MoveFunds request, HttpServletRequest http,
                                     MoveFundsCommand command) {
        RequestContext context = RequestContext.of(http);
        requireWellFormed(escrowId);
        String milestoneId = EscrowRequestValidator.milestoneToMove(request);
        return sendAndRead(context, escrowId,
                command.create(escrowId, context.integratorId(), milestoneId, Instants.now(clock)));
    }

    /** Sends a command on the escrow and answers with the escrow as the command left it. */
    private EscrowResponse sendAndRead(RequestContext context, String escrowId, Object command) {
        commands.send(command, context);
        return read(context, escrowId);
    }

    private EscrowResponse read(RequestContext context, String escrowId) {
        EscrowView view = queries.find(context.integratorId(), escrowId).orElseThrow(() -> notFound(escrowId));
        return EscrowResponse.of(view);
    }

    /** An id that cannot be an escrow's is answered like an unknown escrow, without touching the database. */
    private static String requireWellFormed(String escrowId) {
        if (!Ids.ESCROW.isWellFormed(escrowId)) {
            throw notFound(escrowId);
        }
        return escrowId;
    }

    private static DomainException notFound(String escrowId) {
        return new DomainException(ErrorCode.ESCROW_NOT_FOUND, "No escrow " + escrowId);
    }
}
