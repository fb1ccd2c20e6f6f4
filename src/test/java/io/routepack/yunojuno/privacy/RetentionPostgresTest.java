package io.routepack.yunojuno.privacy;

import io.routepack.yunojuno.support.TestDatabase;

class RetentionPostgresTest extends RetentionRedactionTest {

    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRESQL;
    }
}
