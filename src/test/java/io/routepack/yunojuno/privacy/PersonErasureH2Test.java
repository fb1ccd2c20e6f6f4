package io.routepack.yunojuno.privacy;

import io.routepack.yunojuno.support.TestDatabase;

class PersonErasureH2Test extends PersonErasureTest {

    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
