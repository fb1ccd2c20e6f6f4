package io.routepack.yunojuno.sink.hris;

import io.routepack.yunojuno.support.Samples;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sample events in story order, optionally with every contract and client-contact id replaced by a
 * fresh one, so several tests can tell the same story in one database without meeting.
 */
final class HrisStory {

    static final String INVITED_CONTACT = "clct_c1m8rw4kx7tq2vn9bd5hz3js6";
    static final String ONBOARDED_CONTACT = "clct_c3v9mk5tw1rx7qd2bn8hz4fj6";
    static final String MAIN_CONTRACT = "ct_c5m9rx2wq8tk4vn6bd1hz7jl3";
    static final String REVOKED_CONTRACT = "ct_c2q7wm4rx1tk9vn5bd3hz8jf6";
    static final String CANCELLED_CONTRACT = "ct_c8w3rq6mx9tk1vn7bd4hz2js5";
    static final String DELETED_CONTRACT = "ct_c7x1qm5rw2tk6vn9bd3hz8jf4";

    /** Client-contact thread: the invite flow, then a contractor added already onboarded. */
    static final List<String> CONTACT_EVENTS = List.of(
            "client.client_contact.created",
            "client.client_contact.registered",
            "client.client_contact.onboarding_completed",
            "client.client_contact.custom_fields_updated",
            "client.client_contact.created.already-onboarded");

    /** Contract threads: the main contract from approval to completion, then the three other endings. */
    static final List<String> CONTRACT_EVENTS = List.of(
            "client.contract.approved",
            "client.contract.offered",
            "client.contract.accepted",
            "extra/client.contract.custom_fields_updated",
            "client.contract.notice_served",
            "client.contract.completed",
            "client.contract.revoked",
            "client.contract.cancelled",
            "client.contract.deleted");

    /** The spend requisition thread: no HR sink, but part of the story. */
    static final List<String> SPEND_REQUEST_EVENTS = List.of(
            "client.spend_request.created",
            "client.spend_request.updated",
            "client.spend_request.approved");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, String> ids = new LinkedHashMap<>();

    private HrisStory(boolean fresh) {
        for (String id : List.of(INVITED_CONTACT, ONBOARDED_CONTACT, MAIN_CONTRACT, REVOKED_CONTRACT, CANCELLED_CONTRACT,
                DELETED_CONTRACT)) {
            ids.put(id, fresh ? id.substring(0, id.indexOf('_') + 2) + randomId() : id);
        }
    }

    /** The story as the samples tell it. */
    static HrisStory samples() {
        return new HrisStory(false);
    }

    /** The story about new contracts and contacts. */
    static HrisStory fresh() {
        return new HrisStory(true);
    }

    /** This story's id for a sample id. */
    String id(String sampleId) {
        return ids.get(sampleId);
    }

    List<String> contractIds() {
        return List.of(id(MAIN_CONTRACT), id(REVOKED_CONTRACT), id(CANCELLED_CONTRACT), id(DELETED_CONTRACT));
    }

    List<String> contactIds() {
        return List.of(id(INVITED_CONTACT), id(ONBOARDED_CONTACT));
    }

    /** A sample's text with this story's ids. */
    String text(String sample) {
        String text = new String(Samples.bytes(sample), StandardCharsets.UTF_8);
        for (Map.Entry<String, String> e : ids.entrySet()) {
            text = text.replace(e.getKey(), e.getValue());
        }
        return text;
    }

    private static String randomId() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
