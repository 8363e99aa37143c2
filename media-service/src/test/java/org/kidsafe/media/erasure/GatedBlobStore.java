package org.kidsafe.media.erasure;

import org.kidsafe.media.storage.BlobStore;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The real blob store, whose deletion of the chosen prefixes waits at a gate until the test opens it: a test sees which
 * erasures are deleting blobs at the same moment, and how many deletions of one prefix ever overlapped.
 */
final class GatedBlobStore implements BlobStore {

    private final BlobStore store;
    private final Set<String> gated = ConcurrentHashMap.newKeySet();
    private final CountDownLatch open = new CountDownLatch(1);
    /** Deletions waiting at the gate or running now, per prefix. */
    private final Map<String, Integer> inside = new HashMap<>();
    /** The most deletions of one prefix that were inside at once. */
    private final Map<String, Integer> mostInside = new HashMap<>();

    GatedBlobStore(BlobStore store) {
        this.store = store;
    }

    void gate(Collection<String> prefixes) {
        gated.addAll(prefixes);
    }

    void open() {
        open.countDown();
    }

    /** Waits until a deletion of each prefix is inside the gate at the same time; false if that did not happen in time. */
    synchronized boolean awaitInside(Collection<String> prefixes, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!inside.keySet().containsAll(prefixes)) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    synchronized Set<String> inside() {
        return Set.copyOf(inside.keySet());
    }

    synchronized int mostInsideAtOnce(String prefix) {
        return mostInside.getOrDefault(prefix, 0);
    }

    @Override
    public long deletePrefix(String prefix) throws IOException {
        if (!gated.contains(prefix)) {
            return store.deletePrefix(prefix);
        }
        enter(prefix);
        try {
            if (!open.await(2, TimeUnit.MINUTES)) {
                throw new IOException("The test never opened the gate of " + prefix);
            }
            return store.deletePrefix(prefix);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted at the gate of " + prefix);
        } finally {
            leave(prefix);
        }
    }

    private synchronized void enter(String prefix) {
        int now = inside.merge(prefix, 1, Integer::sum);
        mostInside.merge(prefix, now, Math::max);
        notifyAll();
    }

    private synchronized void leave(String prefix) {
        inside.computeIfPresent(prefix, (key, count) -> count == 1 ? null : count - 1);
    }

    @Override
    public void write(String key, BlobWriter writer) throws IOException {
        store.write(key, writer);
    }

    @Override
    public InputStream open(String key, long offset) throws IOException {
        return store.open(key, offset);
    }

    @Override
    public void delete(String key) throws IOException {
        store.delete(key);
    }

    @Override
    public long count(String prefix) throws IOException {
        return store.count(prefix);
    }
}
