package org.kidsafe.media;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/** media-service with kidsafe.media.store.type=s3 against S3Proxy; every other test keeps the filesystem store. */
public class S3StoreProfile implements QuarkusTestProfile {

    /** No filesystem directory at all: the S3 store must not need one. */
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("kidsafe.media.store.directory", "");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(S3ProxyTestResource.class));
    }
}
