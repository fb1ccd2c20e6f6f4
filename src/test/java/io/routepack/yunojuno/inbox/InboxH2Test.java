package io.routepack.yunojuno.inbox;

import io.routepack.yunojuno.support.TestDatabase;

class InboxH2Test extends InboxContractTest {

    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
