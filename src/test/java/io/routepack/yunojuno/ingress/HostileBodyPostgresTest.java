package io.routepack.yunojuno.ingress;

import io.routepack.yunojuno.support.TestDatabase;

class HostileBodyPostgresTest extends HostileBodyTest {

    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRESQL;
    }
}
