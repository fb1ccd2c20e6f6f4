package io.routepack.yunojuno.privacy;

import io.routepack.yunojuno.support.TestDatabase;

class PersonErasurePostgresTest extends PersonErasureTest {

    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRESQL;
    }
}
