package org.kidsafe.consent.child;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.kidsafe.commons.holdings.Holding;
import org.kidsafe.consent.consent.ConsentRecord;
import org.kidsafe.consent.consent.ConsentRecordRepository;
import org.kidsafe.consent.erasure.ErasureRequest;
import org.kidsafe.consent.erasure.ErasureStatusService;
import org.kidsafe.events.DataCategory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** What consent-service holds about one child (16 CFR 312.6): a summary and the records themselves. */
@ApplicationScoped
public class ParentReviewService {

    private final ChildService children;
    private final ConsentRecordRepository consents;
    private final ErasureStatusService erasures;

    ParentReviewService(ChildService children, ConsentRecordRepository consents, ErasureStatusService erasures) {
        this.children = children;
        this.consents = consents;
        this.erasures = erasures;
    }

    @Transactional
    /** The shared holdings entries; registration and consent records are kept as long as the account, so no retention. */
    public List<Holding> holdings(UUID parentId, UUID childId) {
        Child child = children.requireOwned(parentId, childId);
        List<Holding> holdings = new ArrayList<>();
        holdings.add(new Holding(null, "child-registration", 1, child.createdAt, child.createdAt, null));
        Map<DataCategory, List<ConsentRecord>> byCategory = consents.listForChild(childId).stream()
                .collect(Collectors.groupingBy(consent -> consent.category, () -> new EnumMap<>(DataCategory.class), Collectors.toList()));
        byCategory.forEach((category, records) -> holdings.add(new Holding(category.name(), "consent-record", records.size(),
                records.stream().map(record -> record.grantedAt).min(Comparator.naturalOrder()).orElseThrow(),
                records.stream().map(record -> record.grantedAt).max(Comparator.naturalOrder()).orElseThrow(), null)));
        return holdings;
    }

    @Transactional
    public Export export(UUID parentId, UUID childId) {
        Child child = children.requireOwned(parentId, childId);
        return new Export(child.id, child.createdAt, consents.listForChild(childId), erasures.listForChild(childId));
    }

    public record Export(UUID childId, Instant registeredAt, List<ConsentRecord> consents, List<ErasureRequest> erasures) {
    }
}
