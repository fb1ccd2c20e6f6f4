package io.routepack.yunojuno.sink.hris;

import io.routepack.yunojuno.support.TestDatabase;

class HrisMariaDbTest extends HrisContractTest {

    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
