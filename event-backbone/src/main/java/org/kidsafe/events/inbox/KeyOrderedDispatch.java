package org.kidsafe.events.inbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import org.apache.kafka.common.record.TimestampType;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
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
 * At most {@code concurrency} records are in flight (queued behind their key or handled); a further record waits for a
 * slot, and the channel hands over its next record only once it has one ({@link #dispatch}'s stage), so the channel
 * stops fetching rather than piling records up in memory.
 * <p>
 * The channel's method is not {@code @Blocking}: {@link #dispatch} never blocks, so it runs on the connector's event
 * loop. As a {@code @Blocking} method, SmallRye moved each record to a worker thread and back, one record after the
 * other, and on a busy machine each move waited for a CPU: consent-service's report channels held a report 175-220 ms
 * on average between its poll and this class, the longest wait of an erasure at 50 in flight (issue 21 item 3,
 * measured by the {@code channel} stage below).
 * <p>
 * A record's key comes from its Kafka metadata; a record without a key waits behind every other record without one.
 * <p>
 * Each record's way in is timed ({@value #TIMER}, by channel and stage), so a Kafka hop splits where it waits: {@code
 * broker} from the record's time to its poll (the producer, the broker, the fetch; {@link PolledAtInterceptor}), {@code
 * channel} from the poll to {@link #dispatch} (the connector's buffer and the channel's event loop, and the previous
 * record's wait for a slot), {@code queue} from there until a thread starts its handler (for a slot, behind its key's
 * earlier records, or for a free thread), and {@code handler} the handling itself. Issue 21 item 3: the
 * erasure-throughput benchmark reads them to tell a serial step from the broker's and the CPU's time.
 */
public final class KeyOrderedDispatch implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KeyOrderedDispatch.class);
    private static final String NO_KEY = "";
    static final String TIMER = "kidsafe.events.delivery";
    private static final CompletionStage<Void> ADMITTED = CompletableFuture.completedFuture(null);

    private final String name;
    private final ExecutorService threads;
    private final Semaphore inFlight;
    private final Object admission = new Object();
    /** Records handed over while every slot was taken, in arrival order; guarded by {@link #admission}. */
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    /** The last record dispatched for each key, until it is handled: the next of that key runs after it. */
    private final Map<String, CompletableFuture<Void>> lastOfKey = new ConcurrentHashMap<>();
    private final Timer broker;
    private final Timer channel;
    private final Timer queue;
    private final Timer handling;

    /**
     * @param name        names the threads ({@code <name>-1}, ...) and the log lines
     * @param concurrency records handled at once, at least 1
     * @param metrics     where the stages' timers go, tagged {@code channel=<name>}
     */
    public KeyOrderedDispatch(String name, int concurrency, MeterRegistry metrics) {
        if (concurrency < 1) {
            throw new IllegalArgumentException(name + ": concurrency " + concurrency + " is below 1");
        }
        this.name = name;
        this.broker = stage(metrics, name, "broker");
        this.channel = stage(metrics, name, "channel");
        this.queue = stage(metrics, name, "queue");
        this.handling = stage(metrics, name, "handler");
        this.inFlight = new Semaphore(concurrency);
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Queues the record behind the earlier records of its key, without blocking the caller: the channel's method runs
     * on the connector's event loop. The handler gets the record's payload; the record is acknowledged after it
     * returned, or nacked with what it threw.
     *
     * @return completed once the record holds one of the {@code concurrency} slots (at once if one is free): the
     *         channel hands over its next record only then; the acknowledgement is separate
     */
    public CompletionStage<Void> dispatch(Message<String> record, Consumer<String> handler) {
        Instant handedOver = Instant.now();
        timeTheWayIn(record, handedOver);
        synchronized (admission) {
            if (waiting.isEmpty() && inFlight.tryAcquire()) {
                queue(record, handler, handedOver);
                return ADMITTED;
            }
            CompletableFuture<Void> admitted = new CompletableFuture<>();
            waiting.add(() -> {
                queue(record, handler, handedOver);
                admitted.complete(null);
            });
            return admitted;
        }
    }

    /** Queues an admitted record (it holds a slot) behind the earlier records of its key. */
    private void queue(Message<String> record, Consumer<String> handler, Instant handedOver) {
        String key = keyOf(record);
        CompletableFuture<Void> handled = lastOfKey.compute(key, (k, previous) ->
                (previous == null ? CompletableFuture.<Void>completedFuture(null) : previous)
                        .thenRunAsync(() -> handle(record, handler, handedOver), threads));
        handled.whenComplete((ignored, notRun) -> {
            lastOfKey.remove(key, handled);
            freeSlot();
            if (notRun != null) {
                // Only when the threads are shut down: the record stays unacknowledged and is delivered again.
                LOG.warnf("%s: a record was not handled (%s); it is delivered again after a restart", name, notRun.getMessage());
            }
        });
    }

    /** A handled record's slot goes to the record waiting longest, if any: the slot passes on, never back to the pool. */
    private void freeSlot() {
        Runnable next;
        synchronized (admission) {
            next = waiting.poll();
            if (next == null) {
                inFlight.release();
            }
        }
        if (next != null) {
            next.run();
        }
    }

    /** Never throws, so the next record of the key runs whatever this one did. */
    private void handle(Message<String> record, Consumer<String> handler, Instant handedOver) {
        Instant started = Instant.now();
        queue.record(between(handedOver, started));
        try {
            handler.accept(record.getPayload());
        } catch (RuntimeException e) {
            record.nack(e);
            return;
        } finally {
            handling.record(between(started, Instant.now()));
        }
        record.ack();
    }

    /** The broker and channel stages, from the record's time and its poll stamp, where the record carries them. */
    private void timeTheWayIn(Message<String> record, Instant handedOver) {
        Optional<IncomingKafkaRecordMetadata> kafka = record.getMetadata(IncomingKafkaRecordMetadata.class);
        if (kafka.isEmpty()) {
            return;
        }
        Optional<Instant> polled = PolledAtInterceptor.polledAt(kafka.get().getHeaders());
        if (polled.isEmpty()) {
            return;
        }
        channel.record(between(polled.get(), handedOver));
        if (kafka.get().getTimestampType() != TimestampType.NO_TIMESTAMP_TYPE) {
            broker.record(between(kafka.get().getTimestamp(), polled.get()));
        }
    }

    /** Never negative: the record's time has whole milliseconds from another process's clock. */
    private static Duration between(Instant from, Instant to) {
        Duration elapsed = Duration.between(from, to);
        return elapsed.isNegative() ? Duration.ZERO : elapsed;
    }

    /** One description for every stage: Prometheus keeps one per metric name. */
    private static Timer stage(MeterRegistry metrics, String channel, String stage) {
        return Timer.builder(TIMER)
                .description("A record's way from its producer to its handler: broker (record time to poll), channel (poll to "
                        + "hand-over), queue (to its handler's start), handler (KeyOrderedDispatch)")
                .tag("channel", channel)
                .tag("stage", stage)
                .register(metrics);
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
