package io.routepack.yunojuno.inbox;

import io.routepack.yunojuno.support.TestDatabase;

class InboxMariaDbTest extends InboxContractTest {

    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
