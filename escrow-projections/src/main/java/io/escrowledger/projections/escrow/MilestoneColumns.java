package io.escrowledger.projections.escrow;

import io.escrowledger.domain.escrow.event.EscrowCreatedEvent;
import io.escrowledger.domain.escrow.value.MilestoneTerms;
import io.escrowledger.projections.support.MetadataJson;

import java.util.function.Function;
import java.util.function.IntFunction;

import static io.escrowledger.projections.support.SqlTime.toSqlArray;

/**
 * A new escrow's milestones as the read models insert them, in the statement that inserts the escrow: one SQL array
 * per column, the milestones in their order, for an {@code unnest(...) WITH ORDINALITY}. The escrow read model and
 * the analytics take theirs from here.
 */
public record MilestoneColumns(EscrowCreatedEvent created) {

    public String[] ids() {
        return column(MilestoneTerms::milestoneId, String[]::new);
    }

    public Long[] amounts() {
        return column(terms -> terms.amount().minorUnits(), Long[]::new);
    }

    /** For {@code ?::timestamptz[]}. */
    public String[] deadlines() {
        return toSqlArray(created.milestones().stream().map(MilestoneTerms::deadline).toList());
    }

    /** The platform's fee on each milestone, worked out at creation. */
    public Long[] fees() {
        return column(terms -> terms.fee().minorUnits(), Long[]::new);
    }

    /** The escrow's fee: its milestones' together. */
    public long feeTotal() {
        return created.milestones().stream().mapToLong(terms -> terms.fee().minorUnits()).sum();
    }

    public Integer[] inspectionPeriodHours() {
        return column(MilestoneTerms::inspectionPeriodHours, Integer[]::new);
    }

    /** Each milestone's metadata as JSON, '{}' for a milestone that has none. */
    public String[] metadata() {
        return column(terms -> MetadataJson.write(created.milestoneMetadata().get(terms.milestoneId())),
                String[]::new);
    }

    /** The fee terms each milestone was given, in FeeData's columns. */
    Long[] platformFeesFixed() {
        return column(terms -> FeeData.fixedFee(terms.platformFee()), Long[]::new);
    }

    Integer[] platformFeesBasisPoints() {
        return column(terms -> FeeData.basisPoints(terms.platformFee()), Integer[]::new);
    }

    String[] platformFeesRounding() {
        return column(terms -> FeeData.rounding(terms.platformFee()), String[]::new);
    }

    private <T> T[] column(Function<MilestoneTerms, T> value, IntFunction<T[]> array) {
        return created.milestones().stream().map(value).toArray(array);
    }
}
