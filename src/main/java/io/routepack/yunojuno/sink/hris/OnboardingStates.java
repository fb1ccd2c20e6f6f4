package io.routepack.yunojuno.sink.hris;

import java.util.Map;

/**
 * Client-contact lifecycle order (registration, then onboarding), so a late event never undoes a later
 * state: a late {@code registered} leaves FINISHED onboarding alone. Bookability is not ranked: it is
 * whatever the newest accepted snapshot says.
 */
final class OnboardingStates {

    private static final Map<String, Integer> REGISTRATION = Map.of("INVITED", 1, "REGISTERED", 2);
    private static final Map<String, Integer> ONBOARDING = Map.of("NOT_STARTED", 1, "IN_PROGRESS", 2, "FINISHED", 3);

    private OnboardingStates() {
    }

    /**
     * True when the incoming states are behind the stored ones in either lifecycle. Values the pack does
     * not know (or absent ones) are not ranked, so they never make an event late.
     */
    static boolean isBehind(Object storedRegistration, Object storedOnboarding, Object incomingRegistration,
            Object incomingOnboarding) {
        return behind(REGISTRATION, storedRegistration, incomingRegistration)
                || behind(ONBOARDING, storedOnboarding, incomingOnboarding);
    }

    private static boolean behind(Map<String, Integer> rank, Object stored, Object incoming) {
        Integer was = stored instanceof String s ? rank.get(s) : null;
        Integer now = incoming instanceof String s ? rank.get(s) : null;
        return was != null && now != null && now < was;
    }
}
