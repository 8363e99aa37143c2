package org.kidsafe.media.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** media-service's own settings; retention periods come from the shared RetentionPolicy. */
@ConfigMapping(prefix = "kidsafe.media")
public interface MediaSettings {

    Store store();

    /** Largest photo accepted, in bytes (413 beyond). */
    @WithDefault("10485760")
    long photoMaxBytes();

    /** Largest voice clip accepted, in bytes (413 beyond). */
    @WithDefault("5242880")
    long voiceMaxBytes();

    /** Decompression-bomb guard: an image declaring more pixels than this is refused (422). */
    @WithDefault("40000000")
    long maxImagePixels();

    Chat chat();

    Erasure erasure();

    interface Store {
        /** Which {@link org.kidsafe.media.storage.BlobStore} holds the encrypted bytes. */
        @WithDefault("filesystem")
        StoreType type();

        /** Root folder of the filesystem blob store; one sub-folder per child. Required when type=filesystem. */
        Optional<Path> directory();

        S3 s3();
    }

    /** Configured as {@code filesystem} or {@code s3}. */
    enum StoreType {
        FILESYSTEM, S3
    }

    /** The S3-compatible blob store (AWS S3, MinIO, Ceph RGW, ...); used when type=s3. */
    interface S3 {
        /** Bucket holding every blob; versioning must be off so that deleted blobs are gone. Required when type=s3. */
        Optional<String> bucket();

        /** Endpoint of an S3-compatible server (MinIO, Ceph); absent for AWS itself. */
        Optional<URI> endpoint();

        /** Signing region; absent: the SDK's default region chain (AWS_REGION, profile, instance metadata). */
        Optional<String> region();

        /** Path-style URLs (http://host/bucket/key) as MinIO and Ceph usually need; AWS uses virtual-hosted style. */
        @WithDefault("false")
        boolean pathStyle();

        /** Static credentials; both absent: the SDK's default provider chain (env, profile, IAM role). */
        Optional<String> accessKeyId();

        Optional<String> secretAccessKey();

        /** Size of each multipart-upload part, the most one upload buffers in memory (S3's minimum is 5 MiB). */
        @WithDefault("5242880")
        int partSize();
    }

    /** The background part of erasures ({@code org.kidsafe.media.erasure.ErasureWorker}). */
    interface Erasure {
        /**
         * Claimed erasures one pod carries out at once (issue 21 item 3: one at a time made media-service half of an
         * erasure's time). Each holds at most one database connection at a time, so it may be at most half of
         * {@code quarkus.datasource.jdbc.max-size}; the other half serves the consumers, uploads, the outbox relay and the
         * scheduled jobs. 4 suits a 2-core pod with the chart's pool of 8.
         */
        @WithDefault("4")
        int concurrency();
    }

    /** Screening of chat written by a child: which kinds of contact details are masked before storage. */
    interface Chat {
        @WithDefault("500")
        int maxLength();

        @WithDefault("true")
        boolean maskPhoneNumbers();

        @WithDefault("true")
        boolean maskEmails();

        @WithDefault("true")
        boolean maskStreetAddresses();

        @WithDefault("true")
        boolean maskUrls();
    }
}
