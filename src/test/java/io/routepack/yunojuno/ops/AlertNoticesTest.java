package io.routepack.yunojuno.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.routepack.yunojuno.ops.AlertConditions.Condition;
import io.routepack.yunojuno.ops.AlertNotices.Notice;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertNoticesTest {

    static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
    static final Condition REFUSED = new Condition("refusals", "refused", T0, T0.plusSeconds(99_300), T0, "d", "a",
            "webhooks-refused");
    static final Condition SILENCE = new Condition("silence", "silent", T0, null, T0, "d", "a", "silence");

    final AlertNotices notices = new AlertNotices(Duration.ofHours(1));

    @Test
    void aConditionThatStaysActiveIsToldOnce() {
        List<Notice> first = notices.next(List.of(REFUSED), T0);
        assertEquals(1, first.size());
        assertTrue(first.get(0).started());
        for (int i = 1; i <= 500; i++) {
            assertTrue(notices.next(List.of(REFUSED), T0.plusSeconds(i * 10L)).isEmpty());
        }
    }

    @Test
    void aClearIsToldOnceAfterTheIntervalOfTheStart() {
        notices.next(List.of(REFUSED), T0);
        assertTrue(notices.next(List.of(), T0.plus(Duration.ofMinutes(10))).isEmpty(), "within the interval: waits");
        List<Notice> cleared = notices.next(List.of(), T0.plus(Duration.ofMinutes(60)));
        assertEquals(1, cleared.size());
        assertFalse(cleared.get(0).started());
        assertEquals("refusals", cleared.get(0).condition().key());
        assertTrue(notices.next(List.of(), T0.plus(Duration.ofMinutes(200))).isEmpty());
    }

    @Test
    void flappingWithinTheIntervalSendsNothingMore() {
        notices.next(List.of(REFUSED), T0);
        for (int i = 1; i < 50; i++) {
            List<Condition> now = i % 2 == 0 ? List.of(REFUSED) : List.of();
            assertTrue(notices.next(now, T0.plus(Duration.ofMinutes(i))).isEmpty());
        }
    }

    @Test
    void conditionsAreToldIndependently() {
        assertEquals(1, notices.next(List.of(REFUSED), T0).size());
        List<Notice> second = notices.next(List.of(REFUSED, SILENCE), T0.plusSeconds(10));
        assertEquals(1, second.size());
        assertEquals("silence", second.get(0).condition().key());
    }

    @Test
    void aConditionThatStartsAndClearsBeforeItCanBeToldAgainIsNotTold() {
        notices.next(List.of(REFUSED), T0);
        notices.next(List.of(), T0.plus(Duration.ofHours(1))); // cleared told
        assertTrue(notices.next(List.of(REFUSED), T0.plus(Duration.ofMinutes(70))).isEmpty());
        assertTrue(notices.next(List.of(), T0.plus(Duration.ofMinutes(80))).isEmpty());
        assertTrue(notices.next(List.of(), T0.plus(Duration.ofHours(3))).isEmpty());
    }
}
