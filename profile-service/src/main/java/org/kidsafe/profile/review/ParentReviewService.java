package org.kidsafe.profile.review;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.kidsafe.commons.access.ChildAccess;
import org.kidsafe.commons.holdings.Holding;
import org.kidsafe.events.DataCategory;
import org.kidsafe.commons.retention.RetentionPolicy;
import org.kidsafe.profile.pairing.PairingSettings;
import org.kidsafe.profile.pairing.PairingCode;
import org.kidsafe.profile.pairing.ToyBinding;
import org.kidsafe.profile.pairing.PairingCodeRepository;
import org.kidsafe.profile.pairing.ToyBindingRepository;
import org.kidsafe.profile.profile.Profile;
import org.kidsafe.profile.profile.ProfileService;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/** A parent's review of what profile-service holds about their child (16 CFR 312.6). */
@ApplicationScoped
public class ParentReviewService {

    private final ChildAccess access;
    private final ProfileService profiles;
    private final ToyBindingRepository bindings;
    private final PairingCodeRepository codes;
    private final RetentionPolicy retention;
    private final PairingSettings pairing;

    ParentReviewService(ChildAccess access, ProfileService profiles, ToyBindingRepository bindings, PairingCodeRepository codes,
                        RetentionPolicy retention, PairingSettings pairing) {
        this.access = access;
        this.profiles = profiles;
        this.bindings = bindings;
        this.codes = codes;
        this.retention = retention;
        this.pairing = pairing;
    }

    @Transactional
    public List<Holding> holdings(UUID parentId, UUID childId) {
        ChildExport held = export(parentId, childId);
        String profileRetention = days(retention.profileInactivity());
        return List.of(
                summary("profile", held.profile().stream().toList(), Profile::createdAt, profileRetention),
                summary("toy-binding", held.toys(), binding -> binding.pairedAt, profileRetention),
                summary("pairing-code", held.pairingCodes(), code -> code.createdAt, days(pairing.codeLifetime())));
    }

    @Transactional
    public ChildExport export(UUID parentId, UUID childId) {
        access.requireGuardian(parentId, childId);
        Optional<Profile> profile = profiles.find(childId);
        List<ToyBinding> toys = bindings.ofChild(childId);
        List<PairingCode> pairingCodes = codes.ofChild(childId);
        return new ChildExport(profile, toys, pairingCodes);
    }

    private static <T> Holding summary(String kind, List<T> items, Function<T, Instant> since, String retention) {
        Optional<Instant> oldest = items.stream().map(since).min(Comparator.naturalOrder());
        Optional<Instant> newest = items.stream().map(since).max(Comparator.naturalOrder());
        return new Holding(DataCategory.PROFILE.name(), kind, items.size(), oldest.orElse(null), newest.orElse(null), retention);
    }

    /** Retention as whole days ("P548D"), how the direct notice states it; shorter periods keep their exact form. */
    private static String days(Duration period) {
        return period.toDays() > 0 && period.equals(Duration.ofDays(period.toDays())) ? "P" + period.toDays() + "D" : period.toString();
    }
}
