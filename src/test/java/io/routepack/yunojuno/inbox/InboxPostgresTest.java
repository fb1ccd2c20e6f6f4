package io.routepack.yunojuno.inbox;

import io.routepack.yunojuno.support.TestDatabase;

class InboxPostgresTest extends InboxContractTest {

    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRESQL;
    }
}
