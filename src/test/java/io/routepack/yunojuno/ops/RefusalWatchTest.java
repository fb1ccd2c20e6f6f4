package io.routepack.yunojuno.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RefusalWatchTest {

    static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

    final MutableClock clock = new MutableClock(T0);
    final RefusalWatch watch = new RefusalWatch(3, clock);

    @Test
    void remembersFirstTimeLastReasonAndCountPerId() {
        watch.refused("msg_a", "signature_mismatch");
        clock.advance(Duration.ofMinutes(5));
        watch.refused("msg_a", "store_unavailable");

        RefusalWatch.Refusal r = watch.oldest().orElseThrow();
        assertEquals("msg_a", r.messageId());
        assertEquals(T0, r.first());
        assertEquals(T0.plus(Duration.ofMinutes(5)), r.last());
        assertEquals("store_unavailable", r.reason());
        assertEquals(2, r.count());
        assertEquals(Instant.parse("2026-12-02T12:35:00Z"), r.deadline(), "first refusal + 27 h 35 min");
    }

    @Test
    void anAcceptedIdIsRecoveredAndTheNextOldestSetsTheDeadline() {
        watch.refused("msg_a", "signature_mismatch");
        clock.advance(Duration.ofMinutes(1));
        watch.refused("msg_b", "signature_mismatch");
        watch.refused("msg_c", "store_unavailable");

        assertEquals(Map.of("signature_mismatch", 2L, "store_unavailable", 1L), watch.countsByReason());
        assertTrue(watch.accepted("msg_a"));
        assertFalse(watch.accepted("msg_never_refused"));
        assertEquals("msg_b", watch.oldest().orElseThrow().messageId());
        assertEquals(1, watch.recoveredTotal());
        assertEquals(Map.of("signature_mismatch", 1L, "store_unavailable", 1L), watch.countsByReason());
    }

    @Test
    void keepsAtMostItsCapacityDroppingTheOldest() {
        for (int i = 0; i < 10; i++) {
            watch.refused("msg_" + i, "signature_mismatch");
            clock.advance(Duration.ofSeconds(1));
        }
        assertEquals(3, watch.size());
        assertEquals(7, watch.droppedTotal());
        assertEquals("msg_7", watch.oldest().orElseThrow().messageId());
        RefusalWatch.Changes changes = watch.takeChanges();
        assertTrue(changes.upserts().size() <= 3, "changes are bounded too");
        assertTrue(watch.takeChanges().isEmpty());
    }

    @Test
    void ignoresMissingAndOversizedIds() {
        watch.refused(null, "missing_headers");
        watch.refused(" ", "missing_headers");
        watch.refused("x".repeat(300), "signature_mismatch");
        assertEquals(0, watch.size());
    }

    @Test
    void capacityMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RefusalWatch(0, clock));
        assertTrue(e.getMessage().contains("ops.refusals.capacity"));
    }
}
