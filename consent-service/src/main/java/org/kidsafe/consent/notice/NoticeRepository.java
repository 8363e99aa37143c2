package org.kidsafe.consent.notice;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

@ApplicationScoped
public class NoticeRepository implements PanacheRepositoryBase<Notice, Integer> {

    /** Replicas starting together must not both publish the same new version. */
    private static final long PUBLISH_LOCK = 0x6b6964736166654eL;

    /** Waits for the publish lock, held until the transaction ends. */
    public void lockForPublish() {
        getEntityManager().createNativeQuery("SELECT pg_advisory_xact_lock(:lock)").setParameter("lock", PUBLISH_LOCK).getSingleResult();
    }

    public Optional<Notice> findByHash(String contentHash) {
        return find("contentHash", contentHash).firstResultOptional();
    }

    public Optional<Notice> latest() {
        return find("order by version desc").firstResultOptional();
    }
}
