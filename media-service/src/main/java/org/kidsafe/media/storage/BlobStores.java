package org.kidsafe.media.storage;

import io.quarkus.arc.DefaultBean;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.kidsafe.media.config.MediaSettings;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import java.io.IOException;

/**
 * Picks the blob store from {@code kidsafe.media.store.type}: {@code filesystem} (default, needs
 * {@code kidsafe.media.store.directory}) or {@code s3} (needs {@code kidsafe.media.store.s3.bucket}).
 * Created at startup, so a missing setting stops the service before it accepts an upload.
 */
@ApplicationScoped
public class BlobStores {

    /** S3 refuses smaller parts (except the last). */
    private static final int MIN_PART_SIZE = 5 * 1024 * 1024;

    @Produces
    @DefaultBean
    @Startup
    @ApplicationScoped
    BlobStore blobStore(MediaSettings settings) throws IOException {
        MediaSettings.Store store = settings.store();
        if (store.type() == MediaSettings.StoreType.S3) {
            return s3(store.s3());
        }
        return new FileSystemBlobStore(store.directory().orElseThrow(() -> new IllegalStateException(
                "kidsafe.media.store.directory (KIDSAFE_MEDIA_STORE_DIRECTORY) is required when kidsafe.media.store.type=filesystem")));
    }

    void close(@Disposes BlobStore store) {
        if (store instanceof S3BlobStore s3) {
            s3.close();
        }
    }

    private static S3BlobStore s3(MediaSettings.S3 settings) {
        String bucket = settings.bucket().orElseThrow(() -> new IllegalStateException(
                "kidsafe.media.store.s3.bucket (KIDSAFE_MEDIA_STORE_S3_BUCKET) is required when kidsafe.media.store.type=s3"));
        if (settings.partSize() < MIN_PART_SIZE) {
            throw new IllegalStateException("kidsafe.media.store.s3.part-size must be at least " + MIN_PART_SIZE);
        }
        S3ClientBuilder client = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(credentials(settings))
                .forcePathStyle(settings.pathStyle())
                // Checksums only where S3 requires them: several S3-compatible servers reject the SDK's newer defaults.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        settings.endpoint().ifPresent(client::endpointOverride);
        settings.region().map(Region::of).ifPresent(client::region);
        return new S3BlobStore(client.build(), bucket, settings.partSize());
    }

    private static AwsCredentialsProvider credentials(MediaSettings.S3 settings) {
        if (settings.accessKeyId().isPresent() != settings.secretAccessKey().isPresent()) {
            throw new IllegalStateException("Set both kidsafe.media.store.s3.access-key-id and .secret-access-key, or neither");
        }
        if (settings.accessKeyId().isEmpty()) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(settings.accessKeyId().get(), settings.secretAccessKey().get()));
    }
}
