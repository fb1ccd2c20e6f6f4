package io.routepack.yunojuno.sink.hris;

import io.routepack.yunojuno.support.TestDatabase;

class HrisPostgresTest extends HrisContractTest {

    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRESQL;
    }
}
