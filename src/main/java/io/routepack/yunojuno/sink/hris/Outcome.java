package io.routepack.yunojuno.sink.hris;

/** What the HR sink did with an event; stored in the history tables' {@code outcome} column. */
final class Outcome {

    /** The record was inserted or changed (or, for a contract's custom fields, the changes were recorded). */
    static final String APPLIED = "applied";
    /** The event says what the record already says: nothing to change. */
    static final String UNCHANGED = "unchanged";
    /** The event is behind the record's lifecycle state (or the record is closed): history only. */
    static final String LATE = "late";
    /** This svix-id was applied before: nothing written (not stored, it is the replay itself). */
    static final String DUPLICATE = "duplicate";

    private Outcome() {
    }
}
