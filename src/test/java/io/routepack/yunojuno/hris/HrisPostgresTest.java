package io.routepack.yunojuno.hris;

import io.routepack.yunojuno.support.TestDatabase;

class HrisPostgresTest extends HrisContractTest {

    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRESQL;
    }
}
