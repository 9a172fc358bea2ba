package io.escrowledger.projections.support;

/**
 * A table a projection writes, as ReadModelRebuild copies it: its name and, for a table numbered by a sequence of its
 * own, the column the copy numbers afresh, so that a rebuild never draws from the live sequence.
 *
 * @param serialColumn the column a sequence fills; null for none
 */
public record ProjectionTable(String name, String serialColumn) {

    public static ProjectionTable of(String name) {
        return new ProjectionTable(name, null);
    }
}
