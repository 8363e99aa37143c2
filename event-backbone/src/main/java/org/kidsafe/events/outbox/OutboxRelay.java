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
import java.util.UUID;
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
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Advisory lock id shared by every replica of one service (each service has its own database). */
    private static final long RELAY_LOCK = 0x6b6964736166654cL;

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
            } while (batch.complete() && batch.published() == settings.batchSize() && running);
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

    /** What one transaction published; a failure leaves the unacknowledged rest in the outbox, in order. */
    private record Batch(int published, RuntimeException failure) {

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
        List<Future<RecordMetadata>> acknowledgements = new ArrayList<>(pending.size());
        List<UUID> published = new ArrayList<>(pending.size());
        RuntimeException failure = null;
        try {
            for (OutboxEvent event : pending) {
                acknowledgements.add(producer().send(new ProducerRecord<>(event.topic, event.recordKey, event.envelope)));
            }
        } catch (RuntimeException e) {
            failure = e;
        }
        long deadline = System.nanoTime() + settings.sendTimeout().toNanos();
        for (int i = 0; i < acknowledgements.size(); i++) {
            try {
                acknowledgements.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                published.add(pending.get(i).id);
            } catch (ExecutionException | TimeoutException e) {
                failure = new IllegalStateException("Broker did not acknowledge event " + pending.get(i).id, e);
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = new IllegalStateException("Interrupted while publishing", e);
                break;
            }
        }
        if (!published.isEmpty()) {
            OutboxEvent.delete("id in ?1", published);
        }
        return new Batch(published.size(), failure);
    }

    private KafkaProducer<String, String> producer() {
        if (producer == null) {
            Map<String, Object> config = new HashMap<>(kafkaConfig);
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
            config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, settings.sendTimeout().toMillis());
            config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) settings.sendTimeout().toMillis());
            config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) settings.sendTimeout().toMillis() * 2);
            config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay");
            producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
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
