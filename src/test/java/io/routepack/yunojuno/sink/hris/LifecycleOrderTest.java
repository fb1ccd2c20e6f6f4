package io.routepack.yunojuno.sink.hris;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ordering rules on their own: which stored state takes which incoming one. */
class LifecycleOrderTest {

    @ParameterizedTest(name = "{0} takes {1}: {2}")
    @CsvSource(nullValues = "-", value = {
            "-, OFFERED, true",
            "APPROVED, OFFERED, true",
            "OFFERED, ACCEPTED, true",
            "ACCEPTED, OFFERED, false",
            "ACCEPTED, APPROVED, false",
            "NOTICE_SERVED, ACCEPTED, false",
            "NOTICE_SERVED, COMPLETED, true",
            "COMPLETED, NOTICE_SERVED, false",
            "ACCEPTED, ACCEPTED, true",
            "COMPLETED, COMPLETED, true",
            "OFFERED, REVOKED, true",
            "REVOKED, OFFERED, false",
            "ACCEPTED, CANCELLED, true",
            "CANCELLED, ACCEPTED, false",
            "CANCELLED, COMPLETED, false",
            "COMPLETED, DELETED, true",
            "REVOKED, DELETED, true",
            "DELETED, COMPLETED, false",
            "DELETED, APPROVED, false",
            "ACCEPTED, ON_HOLD, true",
            "ON_HOLD, ACCEPTED, true",
            "COMPLETED, ON_HOLD, false"})
    void contractStatus(String stored, String incoming, boolean takes) {
        assertEquals(takes, ContractStatus.takes(stored, incoming));
    }

    @ParameterizedTest(name = "{0}/{1} then {2}/{3}: behind {4}")
    @CsvSource(nullValues = "-", value = {
            "REGISTERED, FINISHED, REGISTERED, IN_PROGRESS, true",
            "REGISTERED, FINISHED, INVITED, NOT_STARTED, true",
            "REGISTERED, IN_PROGRESS, REGISTERED, FINISHED, false",
            "INVITED, NOT_STARTED, REGISTERED, FINISHED, false",
            "REGISTERED, FINISHED, REGISTERED, FINISHED, false",
            "REGISTERED, FINISHED, REGISTERED, SUSPENDED, false",
            "REGISTERED, SUSPENDED, REGISTERED, IN_PROGRESS, false",
            "REGISTERED, FINISHED, -, -, false"})
    void onboarding(String storedRegistration, String storedOnboarding, String registration, String onboarding, boolean behind) {
        assertEquals(behind, OnboardingStates.isBehind(storedRegistration, storedOnboarding, registration, onboarding));
    }
}
