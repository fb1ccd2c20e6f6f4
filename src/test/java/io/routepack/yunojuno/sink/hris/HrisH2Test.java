package io.routepack.yunojuno.sink.hris;

import io.routepack.yunojuno.support.TestDatabase;

class HrisH2Test extends HrisContractTest {

    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
