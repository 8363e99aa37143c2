package org.kidsafe.consent.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import org.kidsafe.consent.domain.Notice;

import java.util.Optional;

@ApplicationScoped
public class NoticeRepository implements PanacheRepositoryBase<Notice, Integer> {

    public Optional<Notice> findByHash(String contentHash) {
        return find("contentHash", contentHash).firstResultOptional();
    }

    public Optional<Notice> latest() {
        return find("order by version desc").firstResultOptional();
    }
}
