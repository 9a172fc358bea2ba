package io.escrowledger.projections.escrow;

import java.util.List;

/** One page of a listing, newest first; {@code hasMore} says whether a page follows the last escrow. */
public record EscrowPage(List<EscrowView> escrows, boolean hasMore) {
}
