package org.kidsafe.profile.review;

import org.kidsafe.commons.holdings.ChildDataExport;
import org.kidsafe.profile.pairing.PairingCode;
import org.kidsafe.profile.pairing.ToyView;
import org.kidsafe.profile.profile.ProfileView;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Everything this service holds about a child, decrypted, for the parent (16 CFR 312.6): its sections of the shared export contract. */
public record ExportView(String service, UUID childId, ProfileView profile, List<ToyView> toys, List<PairingCodeRecord> pairingCodes)
        implements ChildDataExport {

    /** A pairing code's life; the code itself is stored only as a hash and cannot be exported. */
    public record PairingCodeRecord(Instant createdAt, Instant expiresAt, Instant redeemedAt) {

        static PairingCodeRecord of(PairingCode code) {
            return new PairingCodeRecord(code.createdAt, code.expiresAt, code.redeemedAt);
        }
    }
}
