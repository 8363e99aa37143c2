package org.kidsafe.consent.notice;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

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
