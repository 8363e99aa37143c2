package org.kidsafe.events.outbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes outbox events to Kafka in position order, then deletes them. Woken right after each
 * commit that wrote an event, and by a timer for anything left behind by a crash or an outage.
 * A PostgreSQL advisory lock lets only one replica publish at a time, which keeps per-child order.
 * Delivery is at least once; consumers deduplicate on the event id.
 * <p>
 * A batch is sent at once and its acknowledgements collected in order afterwards ({@link #sendInOrder}); the
 * idempotent producer keeps up to {@link #MAX_IN_FLIGHT} requests in flight per connection and still writes each
 * partition (each child) in send order, with no duplicate from its own retries (issue 22 item 3: it allowed one).
 * A row is deleted only after its own acknowledgement and those of every row before it; a crash or a failed
 * acknowledgement leaves that row and the rest in the outbox, sent again in order later, and the consumers'
 * inbox drops what had arrived already. On Kafka 2.8 and later (KIP-679) the idempotent producer needs only
 * WRITE on its topics, which each service's principal has (TopicAccess, the chart's KafkaUsers), not the
 * cluster's IDEMPOTENT_WRITE.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Advisory lock id shared by every replica of one service (each service has its own database). */
    private static final long RELAY_LOCK = 0x6b6964736166654cL;
    /**
     * Requests in flight per connection: the most with which the idempotent producer guarantees order per partition
     * (the broker refuses a request whose sequence follows one it has not written).
     */
    public static final int MAX_IN_FLIGHT = 5;
    /**
     * Long enough that a batch is appended whole before the producer sends any of it; never waited for, because
     * {@link #sendInOrder} flushes right after the last send.
     */
    private static final int LINGER_MS = 100;
    /** Per partition and request: a relay batch (200 events of a few hundred bytes) goes out in one request. */
    private static final int BATCH_BYTES = 128 * 1024;

    private final OutboxSettings settings;
    private final EntityManager entityManager;
    private final TransactionSynchronizationRegistry transactions;
    private final Map<String, Object> kafkaConfig;
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile boolean running;
    private Thread worker;
    private KafkaProducer<String, String> producer;
    private boolean brokerWasDown;

    OutboxRelay(OutboxSettings settings, EntityManager entityManager, TransactionSynchronizationRegistry transactions,
                @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.settings = settings;
        this.entityManager = entityManager;
        this.transactions = transactions;
        this.kafkaConfig = kafkaConfig;
    }

    void start(@Observes StartupEvent startup) {
        running = true;
        worker = new Thread(this::run, "outbox-relay");
        worker.setDaemon(true);
        worker.start();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        running = false;
        wakeUp.release();
        if (worker != null) {
            try {
                worker.join(settings.sendTimeout().toMillis() + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Called inside the writing transaction: publish as soon as it commits. */
    void wakeUpAfterCommit() {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    wakeUp.release();
                }
            }
        });
    }

    private void run() {
        try {
            while (running) {
                wakeUp.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                wakeUp.drainPermits();
                if (!running) {
                    break;
                }
                if (!publishPending()) {
                    Thread.sleep(settings.retryBackoff().toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeProducer();
        }
    }

    /** Publishes until the outbox is empty; false when the broker or the database failed us. */
    boolean publishPending() {
        try {
            Batch batch;
            do {
                batch = QuarkusTransaction.requiringNew().call(this::publishBatch);
            } while (batch.complete() && batch.acknowledged() == settings.batchSize() && running);
            if (!batch.complete()) {
                throw batch.failure();
            }
            if (brokerWasDown) {
                LOG.info("Outbox relay is publishing again");
                brokerWasDown = false;
            }
            return true;
        } catch (RuntimeException e) {
            if (!brokerWasDown) {
                LOG.warnf("Outbox relay cannot publish yet, will retry: %s", e.getMessage());
                brokerWasDown = true;
            }
            closeProducer();
            return false;
        }
    }

    /**
     * What a batch's sends achieved: the first {@code acknowledged} records were written, in order; the rest, from
     * the one that failed, were not or are not known to be.
     */
    public record Batch(int acknowledged, RuntimeException failure) {

        boolean complete() {
            return failure == null;
        }
    }

    private Batch publishBatch() {
        Object locked = entityManager.createNativeQuery("SELECT pg_try_advisory_xact_lock(:lock)")
                .setParameter("lock", RELAY_LOCK)
                .getSingleResult();
        if (!Boolean.TRUE.equals(locked)) {
            return new Batch(0, null);
        }
        List<OutboxEvent> pending = OutboxEvent.<OutboxEvent>find("order by position").page(0, settings.batchSize()).list();
        List<ProducerRecord<String, String>> records = new ArrayList<>(pending.size());
        for (OutboxEvent event : pending) {
            records.add(new ProducerRecord<>(event.topic, event.recordKey, event.envelope));
        }
        Batch batch = sendInOrder(producer(), records, settings.sendTimeout());
        if (batch.acknowledged() > 0) {
            OutboxEvent.delete("id in ?1", pending.subList(0, batch.acknowledged()).stream().map(event -> event.id).toList());
        }
        return batch;
    }

    /**
     * Sends every record at once, flushes (the producer lingers until then, so the batch leaves in as few requests
     * as the partitions need, one write to each partition's log instead of one for the first event and more for
     * the rest), then waits for the acknowledgements in send order, all within {@code timeout}.
     * Public so that the benchmark measures the relay's own sending (bench, "outbox").
     *
     * @return how many records from the first were acknowledged, and why the next one was not
     */
    public static Batch sendInOrder(Producer<String, String> producer, List<ProducerRecord<String, String>> records, Duration timeout) {
        List<Future<RecordMetadata>> acknowledgements = new ArrayList<>(records.size());
        RuntimeException failure = null;
        try {
            for (ProducerRecord<String, String> record : records) {
                acknowledgements.add(producer.send(record));
            }
        } catch (RuntimeException e) {
            failure = e;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            producer.flush();
        } catch (RuntimeException e) {
            // Interrupted: the acknowledgements below say how far the batch got.
            failure = failure == null ? e : failure;
        }
        for (int i = 0; i < acknowledgements.size(); i++) {
            try {
                acknowledgements.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                return new Batch(i, new IllegalStateException("Broker did not acknowledge record " + i + " of the batch", e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Batch(i, new IllegalStateException("Interrupted while publishing", e));
            }
        }
        return new Batch(acknowledgements.size(), failure);
    }

    /**
     * The relay's producer: acknowledged by every in-sync replica, idempotent, {@link #MAX_IN_FLIGHT} requests in
     * flight, bounded waits. Public so that the benchmark measures the same producer (bench, "outbox").
     *
     * @param connection the service's Kafka connection settings (bootstrap servers, SASL, TLS)
     */
    public static Map<String, Object> producerConfig(Map<String, Object> connection, Duration sendTimeout) {
        Map<String, Object> config = new HashMap<>(connection);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, MAX_IN_FLIGHT);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, sendTimeout.toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) sendTimeout.toMillis());
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) sendTimeout.toMillis() * 2);
        config.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, BATCH_BYTES);
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay");
        return config;
    }

    private KafkaProducer<String, String> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(producerConfig(kafkaConfig, settings.sendTimeout()), new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    private void closeProducer() {
        if (producer != null) {
            producer.close(Duration.ZERO);
            producer = null;
        }
    }
}
