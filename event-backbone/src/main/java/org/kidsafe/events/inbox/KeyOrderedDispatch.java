package org.kidsafe.events.inbox;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Handles a channel's records on up to {@code concurrency} threads at once while the records of one key (the child:
 * every record is keyed by its child's id) are handled one after the other, in the order they arrived. Issue 21 item 3:
 * a channel's {@code @Blocking} method handles one record at a time, and profile-service's erasure requests waited
 * in that queue for half of an erasure's time.
 * <p>
 * The channel's method hands each record over ({@link #dispatch}) and returns; the record is acknowledged only once its
 * handler returned, and handed to the channel's failure strategy (the dead-letter topic) when it threw. SmallRye's
 * default {@code throttled} commit strategy commits a partition's offset only up to its oldest record not acknowledged
 * yet, so a crash loses nothing: every record in flight is delivered again, and the {@link EventInbox} takes it once.
 * At most {@code concurrency} records are in flight (queued behind their key or handled); a further record waits in
 * {@link #dispatch}, on the channel's thread, so the channel stops fetching rather than piling records up in memory.
 * <p>
 * A record's key comes from its Kafka metadata; a record without a key waits behind every other record without one.
 */
public final class KeyOrderedDispatch implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KeyOrderedDispatch.class);
    private static final String NO_KEY = "";

    private final String name;
    private final ExecutorService threads;
    private final Semaphore inFlight;
    /** The last record dispatched for each key, until it is handled: the next of that key runs after it. */
    private final Map<String, CompletableFuture<Void>> lastOfKey = new ConcurrentHashMap<>();

    /**
     * @param name        names the threads ({@code <name>-1}, ...) and the log lines
     * @param concurrency records handled at once, at least 1
     */
    public KeyOrderedDispatch(String name, int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException(name + ": concurrency " + concurrency + " is below 1");
        }
        this.name = name;
        this.inFlight = new Semaphore(concurrency);
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Queues the record behind the earlier records of its key and returns once it is queued (waiting first while
     * {@code concurrency} records are in flight). The handler gets the record's payload; the record is acknowledged
     * after it returned, or nacked with what it threw.
     *
     * @return completed once the record is queued: the channel's method returns it, the acknowledgement is separate
     */
    public CompletionStage<Void> dispatch(Message<String> record, Consumer<String> handler) {
        String key = keyOf(record);
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return record.nack(e);
        }
        CompletableFuture<Void> handled = lastOfKey.compute(key, (k, previous) ->
                (previous == null ? CompletableFuture.<Void>completedFuture(null) : previous)
                        .thenRunAsync(() -> handle(record, handler), threads));
        handled.whenComplete((ignored, notRun) -> {
            lastOfKey.remove(key, handled);
            inFlight.release();
            if (notRun != null) {
                // Only when the threads are shut down: the record stays unacknowledged and is delivered again.
                LOG.warnf("%s: a record was not handled (%s); it is delivered again after a restart", name, notRun.getMessage());
            }
        });
        return CompletableFuture.completedFuture(null);
    }

    /** Never throws, so the next record of the key runs whatever this one did. */
    private void handle(Message<String> record, Consumer<String> handler) {
        try {
            handler.accept(record.getPayload());
        } catch (RuntimeException e) {
            record.nack(e);
            return;
        }
        record.ack();
    }

    private static String keyOf(Message<String> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(IncomingKafkaRecordMetadata::getKey)
                .map(String::valueOf)
                .orElse(NO_KEY);
    }

    /** Stops the threads; records not handled yet stay unacknowledged, so the channel's group gets them again. */
    @Override
    public void close() {
        threads.shutdownNow();
    }
}
