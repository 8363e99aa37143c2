package org.kidsafe.media.storage;

import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Blobs as objects of one bucket of an S3-compatible server, under the same keys as the filesystem store
 * ({@code <childId>/<CATEGORY>/<itemId>}), so a child's blobs are the objects under {@code <childId>/}.
 * <p>
 * Writes are streamed: the encrypting stream fills one part buffer at a time ({@code part-size}, 5 MiB by
 * default) and each full part is sent as a multipart-upload part, so memory per upload is bounded by one part
 * whatever the blob's size. A blob smaller than one part is sent as a single PutObject. An object appears only
 * when the upload completes; a failed writer or upload aborts the multipart upload, leaving nothing behind.
 */
public class S3BlobStore implements BlobStore, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(S3BlobStore.class);
    /** DeleteObjects accepts at most 1,000 keys per request; ListObjectsV2 pages hold at most 1,000 too. */
    private static final int BATCH = 1000;

    private final S3Client s3;
    private final String bucket;
    private final int partSize;

    S3BlobStore(S3Client s3, String bucket, int partSize) {
        this.s3 = s3;
        this.bucket = bucket;
        this.partSize = partSize;
    }

    @Override
    public void write(String key, BlobWriter writer) throws IOException {
        MultipartOutputStream out = new MultipartOutputStream(BlobKeys.requireValid(key));
        try {
            writer.writeTo(out);
            out.complete();
        } catch (IOException | RuntimeException e) {
            out.abort();
            if (e instanceof SdkException) {
                throw new IOException("Storing a blob in bucket " + bucket + " failed", e);
            }
            throw e;
        }
    }

    @Override
    public InputStream open(String key, long offset) throws IOException {
        GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(bucket).key(BlobKeys.requireValid(key));
        if (offset > 0) {
            request.range("bytes=" + offset + "-");
        }
        try {
            return s3.getObject(request.build());
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(key);
        } catch (S3Exception e) {
            if (e.statusCode() == 416) {
                // At or past the end, as a file positioned there would be.
                return InputStream.nullInputStream();
            }
            throw new IOException("Reading a blob from bucket " + bucket + " failed", e);
        } catch (SdkException e) {
            throw new IOException("Reading a blob from bucket " + bucket + " failed", e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(BlobKeys.requireValid(key)));
        } catch (SdkException e) {
            throw new IOException("Deleting a blob from bucket " + bucket + " failed", e);
        }
    }

    @Override
    public long deletePrefix(String prefix) throws IOException {
        BlobKeys.requireValid(prefix);
        long deleted = 0;
        try {
            // Listing restarts after each batch: the deleted keys are gone from the next listing.
            List<ObjectIdentifier> batch;
            while (!(batch = firstKeys(prefix)).isEmpty()) {
                List<ObjectIdentifier> keys = batch;
                DeleteObjectsResponse response = s3.deleteObjects(b -> b.bucket(bucket)
                        .delete(Delete.builder().objects(keys).quiet(true).build()));
                if (response.hasErrors() && !response.errors().isEmpty()) {
                    throw new IOException("Bucket " + bucket + " refused to delete " + response.errors().size()
                            + " blobs, first error " + response.errors().get(0).code());
                }
                deleted += keys.size();
            }
            return deleted;
        } catch (SdkException e) {
            throw new IOException("Deleting blobs from bucket " + bucket + " failed", e);
        }
    }

    @Override
    public long count(String prefix) throws IOException {
        ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(bucket).prefix(BlobKeys.requireValid(prefix)).build();
        try {
            return s3.listObjectsV2Paginator(request).stream().mapToLong(page -> page.contents().size()).sum();
        } catch (SdkException e) {
            throw new IOException("Listing blobs in bucket " + bucket + " failed", e);
        }
    }

    private List<ObjectIdentifier> firstKeys(String prefix) {
        return s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).maxKeys(BATCH)).contents().stream()
                .map(S3Object::key)
                .map(key -> ObjectIdentifier.builder().key(key).build())
                .toList();
    }

    @Override
    public void close() {
        s3.close();
    }

    /**
     * Buffers at most one part; the multipart upload starts only once a blob outgrows one part. Closing it (as a
     * writer may) changes nothing: the upload is completed or aborted by {@link #write(String, BlobWriter)} only.
     */
    private final class MultipartOutputStream extends OutputStream {

        private final String key;
        private final PartBuffer part = new PartBuffer(partSize);
        private final List<CompletedPart> parts = new ArrayList<>();
        private String uploadId;

        MultipartOutputStream(String key) {
            this.key = key;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            while (length > 0) {
                int taken = Math.min(length, partSize - part.size());
                part.write(bytes, offset, taken);
                offset += taken;
                length -= taken;
                if (part.size() == partSize) {
                    sendPart();
                }
            }
        }

        void complete() {
            if (uploadId == null) {
                s3.putObject(b -> b.bucket(bucket).key(key).contentLength((long) part.size()),
                        RequestBody.fromContentProvider(part::contents, part.size(), "application/octet-stream"));
            } else {
                if (part.size() > 0) {
                    sendPart();
                }
                s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                        .multipartUpload(m -> m.parts(parts)));
            }
        }

        private void sendPart() {
            if (uploadId == null) {
                uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
            }
            int number = parts.size() + 1;
            String eTag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number)
                            .contentLength((long) part.size()),
                    RequestBody.fromContentProvider(part::contents, part.size(), "application/octet-stream")).eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(eTag).build());
            part.reset();
        }

        /** Removes the parts sent so far, so a failed write leaves neither an object nor orphaned parts. */
        void abort() {
            if (uploadId == null) {
                return;
            }
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            } catch (SdkException e) {
                // The bucket's AbortIncompleteMultipartUpload lifecycle rule removes the parts later.
                LOG.warnf("Could not abort a failed multipart upload in bucket %s: %s", bucket, e.getMessage());
            }
        }
    }

    /** One part's bytes: grows with the blob up to the part size (small blobs stay small), read without copying. */
    private static final class PartBuffer {

        private final int capacity;
        private byte[] bytes = new byte[0];
        private int size;

        PartBuffer(int capacity) {
            this.capacity = capacity;
        }

        void write(byte[] source, int offset, int length) {
            if (size + length > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.min(capacity, Math.max(size + length, Math.max(64 * 1024, bytes.length * 2))));
            }
            System.arraycopy(source, offset, bytes, size, length);
            size += length;
        }

        int size() {
            return size;
        }

        void reset() {
            size = 0;
        }

        InputStream contents() {
            return new ByteArrayInputStream(bytes, 0, size);
        }
    }
}
