package io.routepack.yunojuno.privacy;

import io.routepack.yunojuno.support.TestDatabase;

class RetentionH2Test extends RetentionRedactionTest {

    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
